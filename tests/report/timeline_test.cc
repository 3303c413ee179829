// Layout computations of the triage report: timestamps, the compressed time
// axis, the streaming scan (context windows, roam phases) and the chain.

#include "report/timeline.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cstring>
#include <iterator>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "testing/sample_lines.h"

namespace roamreplay {
namespace {

TEST(TimelineTest, LeadingTime) {
  std::string_view text;
  EXPECT_EQ(1317159147145598, LeadingTimeUs("1317159147.145598: RSN: x", &text).value());
  EXPECT_EQ("1317159147.145598", text);
  EXPECT_EQ(12500000, LeadingTimeUs("12.5: x").value());
  EXPECT_FALSE(LeadingTimeUs("wlan0: no time"));
  EXPECT_FALSE(LeadingTimeUs("12.: x"));
  EXPECT_FALSE(LeadingTimeUs("     6a 73 6d"));
}

// LeadingTimeUs read digit by digit, as it was first written: what its
// eight-bytes-at-a-time path for ten-digit stamps must agree with.
std::optional<int64_t> ReferenceLeadingTime(std::string_view line, std::string_view* text) {
  std::string_view s = line;
  int64_t sec = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), sec);
  if (ec != std::errc() || ptr == s.data()) return std::nullopt;
  s.remove_prefix(static_cast<size_t>(ptr - s.data()));
  if (s.empty() || s.front() != '.') return std::nullopt;
  s.remove_prefix(1);
  size_t digits = 0;
  int64_t frac = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9' && digits < 9)
    frac = frac * 10 + (s[digits++] - '0');
  if (digits == 0 || digits >= s.size() || s[digits] != ':') return std::nullopt;
  for (size_t d = digits; d < 6; ++d) frac *= 10;
  for (size_t d = 6; d < digits; ++d) frac /= 10;
  *text = line.substr(0, static_cast<size_t>(s.data() - line.data()) + digits);
  return sec * 1000000 + frac;
}

TEST(TimelineTest, LeadingTimeFastPathAgreesWithTheReference) {
  std::vector<std::string> inputs;
  const std::string base = "1317159147.145598: RSN: x";
  for (size_t pos = 0; pos < 19; ++pos)
    for (int c : {0, int{' '}, int{'-'}, int{'.'}, int{'/'}, int{'0'}, int{'9'}, int{':'},
                  int{'A'}, 0x80, 0xff}) {
      std::string t = base;
      t[pos] = static_cast<char>(c);
      for (size_t cut : {t.size(), size_t{19}, size_t{18}, size_t{17}}) inputs.push_back(t.substr(0, cut));
    }
  testing::Lcg rng{3};
  auto next = [&] { return rng.Next() >> 33; };
  for (int i = 0; i < 20000; ++i) {
    std::string t;
    if (next() % 8 == 0) t += '-';
    for (size_t k = 0, n = next() % 13; k < n; ++k) t += static_cast<char>('0' + next() % 10);
    t += next() % 8 ? "." : ",";
    for (size_t k = 0, n = next() % 10; k < n; ++k)
      t += next() % 16 ? static_cast<char>('0' + next() % 10) : static_cast<char>('/' + next() % 12);
    t += next() % 8 ? ": x" : "x";
    inputs.push_back(t);
  }
  size_t accepted = 0;
  for (const std::string& in : inputs) {
    std::unique_ptr<char[]> exact(new char[in.size()]);  // nothing readable past the end
    std::memcpy(exact.get(), in.data(), in.size());
    std::string_view line(exact.get(), in.size()), text, want_text;
    std::optional<int64_t> got = LeadingTimeUs(line, &text);
    std::optional<int64_t> want = ReferenceLeadingTime(in, &want_text);
    ASSERT_EQ(got, want) << in;
    if (got) {
      ++accepted;
      EXPECT_EQ(text, want_text) << in;
    }
  }
  EXPECT_GT(accepted, 2000u);
}

// The chain of searches FirstPhaseMark replaced: the first mark in this
// order that the line holds anywhere.
int ReferencePhaseMark(std::string_view text) {
  const char* const kMarks[] = {"Trying to authenticate", "Associated with",
                                "CTRL-EVENT-EAP-STARTED", "CTRL-EVENT-EAP-SUCCESS",
                                "RX message 1 of 4-Way", "Key negotiation completed",
                                "CTRL-EVENT-CONNECTED"};
  for (int k = 0; k < 7; ++k)
    if (text.find(kMarks[k]) != std::string_view::npos) return k;
  return -1;
}

// Every line of the shipped and corpus logs, and random lines built from
// pieces of the marks (cut, doubled, at 16-byte edges, several per line).
TEST(TimelineTest, PhaseMarksAsTheChainOfSearches) {
  std::vector<std::string> lines = testing::ShippedAndCorpusLines();
  ASSERT_GT(lines.size(), 1000u);
  const char* const kPieces[] = {"Trying to authenticate", "Trying to auth", "Associated with",
                                 "Associated wit", "CTRL-EVENT-EAP-STARTED", "CTRL-EVENT-EAP-",
                                 "CTRL-EVENT-EAP-SUCCESS", "RX message 1 of 4-Way",
                                 "RX message 2 of 4-Way", "Key negotiation completed",
                                 "Key negotiation", "CTRL-EVENT-CONNECTED", "CTRL-EVENT-CONNECT",
                                 "TACRK", "wlan0: ", "x", "       ", "\xc3\x43"};
  testing::Lcg rng{11};
  auto next = [&] { return rng.Next() >> 33; };
  for (int i = 0; i < 20000; ++i) {
    std::string line(next() % 20, ' ');
    for (size_t n = next() % 6; n > 0; --n) line += kPieces[next() % std::size(kPieces)];
    lines.push_back(line.substr(0, next() % 4 ? line.size() : next() % (line.size() + 1)));
  }
  int found = 0;
  for (const std::string& line : lines) {
    std::unique_ptr<char[]> exact(new char[line.size()]);  // nothing readable past the end
    std::memcpy(exact.get(), line.data(), line.size());
    int want = ReferencePhaseMark(line);
    ASSERT_EQ(FirstPhaseMark(std::string_view(exact.get(), line.size())), want) << line;
    found += want >= 0;
  }
  EXPECT_GT(found, 5000);
}

// SVG coordinates: AppendFixed1 must write what fmt's "{:.1f}" wrote, ties
// (0.25, 0.35 = 0.34999...), signs, -0.0, huge and non-finite values
// included.
TEST(TimelineTest, FixedOneDecimalAsFmtWritesIt) {
  std::vector<double> values = {0.0, -0.0, 0.05, 0.15, 0.25, 0.35, 0.45, 0.95, 1.05, 2.25,
                                -2.25, 1179.95, 200.04999999999998, 1e15 + 0.25, 1e300, -1e300,
                                5e-324, std::numeric_limits<double>::infinity(),
                                -std::numeric_limits<double>::infinity(),
                                std::numeric_limits<double>::quiet_NaN()};
  testing::Lcg rng{5};
  auto next = [&] { return rng.Next() >> 11; };
  for (int i = 0; i < 100000; ++i) {
    double unit = static_cast<double>(next()) / static_cast<double>(1ULL << 53);
    values.push_back(unit * 2000 - 500);               // the plot's range and around it
    values.push_back(static_cast<double>(next() % 40000) / 20 + 0.05 * (i % 3));  // near ties
  }
  for (double v : values) {
    std::string got;
    AppendFixed1(&got, v);
    ASSERT_EQ(got, fmt::format("{:.1f}", v)) << v;
  }
}

TEST(TimelineTest, AxisCompressesLongGaps) {
  const int64_t s = 1000000;
  // Two bursts 10 minutes apart.
  TimelineAxis axis({0, s / 2, 600 * s, 600 * s + s / 4}, 1000, 40, 5 * s, 50);
  ASSERT_EQ(1u, axis.gaps().size());
  EXPECT_EQ(600 * s - s / 2, axis.gaps()[0].duration_us);
  EXPECT_LT(axis.X(0), axis.X(s / 2));
  EXPECT_LT(axis.X(s / 2), axis.gaps()[0].x0 + 0.001);
  EXPECT_GT(axis.X(600 * s), axis.gaps()[0].x1 - 0.001);
  EXPECT_LE(axis.X(600 * s + s / 4), 1000.0);
  // The gap takes its fixed width, not 10 minutes' worth of the axis.
  EXPECT_NEAR(40.0, axis.gaps()[0].x1 - axis.gaps()[0].x0, 1e-6);
  // Inside a gap, time still increases.
  EXPECT_GT(axis.X(300 * s), axis.X(s / 2));
  EXPECT_LT(axis.X(300 * s), axis.X(600 * s));
}

Report OneRoamReport() {
  Report r;
  RoamSummary roam;
  roam.interface = "wlan0";
  MacAddress::Parse("00:24:97:aa:bb:01", &roam.bssid);
  roam.method = "full-eap";
  roam.start_line = 2;
  roam.end_line = 7;
  roam.start_time = "10.000000";
  roam.start_time_us = 10000000;
  roam.duration_us = 400000;
  r.roams.push_back(roam);
  Finding f;
  f.kind = "test-kind";
  f.line = 20;
  f.time_us = 10500000;
  f.evidence.push_back({20, "10.500000", "x", "cited"});
  r.findings.push_back(f);
  return r;
}

TEST(TimelineTest, ScannerCollectsPhasesAndOnlyTheContextWindow) {
  Report r = OneRoamReport();
  const char* kLog[] = {
      "9.000000: wlan0: start",
      "10.000000: wlan0: Request association: reassociate: 0",
      "10.001000: wlan0: SME: Trying to authenticate with 00:24:97:aa:bb:01",
      "10.010000: wlan0: Associated with 00:24:97:aa:bb:01",
      "10.030000: wlan0: CTRL-EVENT-EAP-STARTED EAP authentication started",
      "10.300000: wlan0: CTRL-EVENT-EAP-SUCCESS EAP authentication completed successfully",
      "10.390000: wlan0: WPA: Key negotiation completed with 00:24:97:aa:bb:01",
      "10.390100: wlan0: CTRL-EVENT-CONNECTED - Connection to 00:24:97:aa:bb:01 completed",
  };
  Redactor redactor;
  LogScanner scanner(r, &redactor, nullptr);
  uint64_t n = 0;
  for (const char* line : kLog) scanner.OnLine(++n, line);
  while (n < 30) {
    ++n;
    scanner.OnLine(n, n == 19 ? "10.400000: WPA: PTK - hexdump(len=2): 01 02" : "10.400000: filler");
  }
  LogScan scan = scanner.Finish();
  ASSERT_EQ(1u, scan.phases.size());
  const RoamPhases& p = scan.phases[0];
  EXPECT_EQ(10000000, p.selection.value());
  EXPECT_EQ(10001000, p.authentication.value());
  EXPECT_EQ(10010000, p.association.value());
  EXPECT_EQ(10030000, p.eap_start.value());
  EXPECT_EQ(10300000, p.eap_success.value());
  EXPECT_FALSE(p.four_way);
  EXPECT_EQ(10390000, p.key_done.value());
  EXPECT_EQ(10390100, p.connected.value());
  ASSERT_EQ(2 * kContextLines + 1, scan.context.size());
  EXPECT_EQ(20 - kContextLines, scan.context.front().number);
  EXPECT_EQ("10.400000: WPA: PTK - hexdump(len=2): [REDACTED]", scan.context[1].text);
  EXPECT_EQ(9000000, scan.first_time_us.value());
  EXPECT_EQ("10.400000", scan.last_time);
}

TEST(TimelineTest, LongContextLinesAreCut) {
  Report r = OneRoamReport();
  LogScanner scanner(r, nullptr, nullptr);
  std::string long_line = "10.5: " + std::string(5000, 'a');
  for (uint64_t n = 1; n <= 22; ++n) scanner.OnLine(n, n == 20 ? long_line : "10.4: x");
  LogScan scan = scanner.Finish();
  ASSERT_EQ(2 * kContextLines + 1, scan.context.size());
  const std::string& cut = scan.context[kContextLines].text;
  EXPECT_EQ(20u, scan.context[kContextLines].number);
  EXPECT_LT(cut.size(), 2100u);
  EXPECT_NE(std::string::npos, cut.find("[... 3006 more bytes]")) << cut.substr(1990);
}

TEST(TimelineTest, GenericChainEndsWithTheRoamOutcome) {
  Report r = OneRoamReport();
  r.findings[0].line = 5;
  TriageView view = ViewWithoutScan(r);
  std::string chain = ChainText(CausalChain(view, r.findings[0]));
  EXPECT_EQ("cited (line 20) \u2192 full EAP, 400 ms to connect", chain);
  EXPECT_EQ("AP-1", view.ApLabel(r.roams[0].bssid));
}

TEST(TimelineTest, AsciiTimelineShowsRowsAndMarkers) {
  Report r = OneRoamReport();
  CacheEntryHistory c;
  c.aa = r.roams[0].bssid;
  c.generation = 2;
  c.created_line = 6;
  c.created_time_us = 10380000;
  r.cache_history.push_back(c);
  TriageView view = ViewWithoutScan(r);
  std::string t = AsciiTimeline(view, 40);
  size_t row = t.find("AP-1 00:24:97:aa:bb:01  assoc |");
  ASSERT_NE(std::string::npos, row) << t;
  std::string assoc = t.substr(row, t.find('\n', row) - row);
  EXPECT_NE(std::string::npos, assoc.find("F===")) << t;
  EXPECT_NE(std::string::npos, t.find('2')) << t;
  EXPECT_NE(std::string::npos, t.find(" found |")) << t;
}

// Every method of the JSON contract has a name and a timeline mark in the
// triage report: SAE, FT, PSK, OWE and the driver's roams used to show as
// "unfinished" and '?'.
TEST(TimelineTest, EveryMethodHasANameAndAMark) {
  const std::pair<const char*, const char*> kNames[] = {
      {"sae", "SAE"}, {"sae-pmksa", "SAE PMKSA cache"}, {"ft", "FT"}, {"psk", "PSK"},
      {"owe", "OWE"}, {"driver", "by the driver"},       {"okc", "OKC"}};
  for (const auto& [method, name] : kNames) {
    Report r = OneRoamReport();
    r.roams[0].method = method;
    EXPECT_EQ(MethodName(r.roams[0]), name) << method;
    TriageView view = ViewWithoutScan(r);
    std::string t = AsciiTimeline(view, 40);
    size_t row = t.find("assoc |");
    ASSERT_NE(std::string::npos, row) << t;
    EXPECT_EQ(std::string::npos, t.substr(row, t.find('\n', row) - row).find('?'))
        << method << "\n" << t;
  }
}

}  // namespace
}  // namespace roamreplay
