// What a first-time reader meets (issue 12): hints per finding kind (and
// the README table), finding cards and markers, one rounding of durations,
// times as the log writes them and as ISO dates, time options in the log's
// own form, text that fits 80 columns.

#include "report/finding_guide.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "app/replay.h"
#include "parse/input_shape.h"
#include "report/timeline.h"
#include "report/writers.h"
#include "scenario/scenario.h"
#include "scenario/synth.h"
#include "testing/golden.h"

namespace roamreplay {
namespace {

using testing::CheckGolden;
using testing::ReadFile;

TEST(FirstHourTest, EveryKindHasAHintAndTheReadmeListsIt) {
  const std::string readme = ReadFile(std::string(ROAMREPLAY_SOURCE_DIR) + "/README.md");
  ASSERT_FALSE(readme.empty());
  for (std::string_view kind : KnownFindingKinds()) {
    std::string_view hint = FindingHint(kind);
    EXPECT_FALSE(hint.empty()) << kind;
    std::string row = "| `" + std::string(kind) + "` | " + std::string(hint) + " |";
    EXPECT_NE(readme.find(row), std::string::npos) << "README lacks: " << row;
  }
  EXPECT_TRUE(FindingHint("no-such-kind").empty());
}

TEST(FirstHourTest, MarkersDoNotCollide) {
  std::string seen;
  for (size_t n = 1; n <= 61; ++n) {
    char c = MarkerSymbol(n);
    EXPECT_EQ(seen.find(c), std::string::npos) << n;
    seen += c;
  }
  EXPECT_EQ(MarkerSymbol(1), '1');
  EXPECT_EQ(MarkerSymbol(9), '9');
  EXPECT_EQ(MarkerSymbol(10), 'a');
  EXPECT_EQ(MarkerSymbol(36), 'A');
  EXPECT_EQ(MarkerSymbol(62), '+');
}

Finding MakeFinding(const char* kind, Severity severity, uint64_t line,
                    std::vector<uint64_t> evidence) {
  Finding f;
  f.kind = kind;
  f.severity = severity;
  f.line = line;
  for (uint64_t e : evidence) {
    EvidenceLine l;
    l.line = e;
    f.evidence.push_back(l);
  }
  return f;
}

TEST(FirstHourTest, RejectedAndForgotWithTheSameEvidenceShareACard) {
  Report r;
  r.findings.push_back(MakeFinding("pmkid-rejected", Severity::kWarning, 20, {10, 15, 20}));
  r.findings.push_back(MakeFinding("ap-forgot-pmksa", Severity::kWarning, 20, {10, 15, 20}));
  r.findings.push_back(MakeFinding("pmkid-rejected", Severity::kWarning, 40, {30, 40}));
  r.findings.push_back(MakeFinding("ap-forgot-pmksa", Severity::kWarning, 40, {31, 40}));
  std::vector<FindingCard> cards = FindingCards(r);
  ASSERT_EQ(cards.size(), 3u);
  EXPECT_EQ(cards[0].primary, 0u);
  EXPECT_EQ(cards[0].companion, 1);
  EXPECT_EQ(cards[1].primary, 2u);
  EXPECT_EQ(cards[1].companion, -1);  // other evidence: two cards
  EXPECT_EQ(cards[2].primary, 3u);
  EXPECT_EQ(FindingsByKind(r), "2 warning pmkid-rejected, 2 warning ap-forgot-pmksa");
  std::ostringstream text;
  WriteTextReport(r, TextStyle(), text);
  EXPECT_NE(text.str().find("#1 warning pmkid-rejected + warning ap-forgot-pmksa"),
            std::string::npos)
      << text.str();
  EXPECT_NE(text.str().find("#3 warning ap-forgot-pmksa"), std::string::npos);
}

TEST(FirstHourTest, OneRoundingOfDurations) {
  EXPECT_EQ(RoundedMs(386499), 386);
  EXPECT_EQ(RoundedMs(386500), 387);
  EXPECT_EQ(RoundedMs(208600), 209);
  RoamSummary roam;
  roam.duration_us = 386600;
  EXPECT_EQ(RoamDurationText(roam), "387 ms");
  EXPECT_EQ(FormatMs(roam.duration_us), "387 ms");
  EXPECT_EQ(HumanDuration(386600), "387 ms");
  roam.duration_us.reset();
  roam.duration_coarse_s = 3;
  EXPECT_EQ(RoamDurationText(roam), "\u22483 s");
}

TEST(FirstHourTest, TimeTextInTheLogsOwnForms) {
  int64_t us = 0;
  ASSERT_TRUE(ParseTimeText("1317159147.145598", 0, &us));
  EXPECT_EQ(us, 1317159147145598);
  ASSERT_TRUE(ParseTimeText("2011-09-27T21:32:27.145598Z", 0, &us));
  EXPECT_EQ(us, 1317159147145598);
  ASSERT_TRUE(ParseTimeText("2011-09-27 23:32:27.145598+0200", 0, &us));
  EXPECT_EQ(us, 1317159147145598);
  ASSERT_TRUE(ParseTimeText("2024-08-28T12:04:00.137", 0, &us));
  EXPECT_EQ(us, (DaysFromCivil(2024, 8, 28) * 86400 + 12 * 3600 + 4 * 60) * 1000000 + 137000);
  ASSERT_TRUE(ParseTimeText("Jul 15 22:47:44", 0, &us));
  EXPECT_EQ(us, (DaysFromCivil(1970, 7, 15) * 86400 + 22 * 3600 + 47 * 60 + 44) * 1000000);
  ASSERT_TRUE(ParseTimeText("Jul  5 22:47:44.5", 2024, &us));
  EXPECT_EQ(us, (DaysFromCivil(2024, 7, 5) * 86400 + 22 * 3600 + 47 * 60 + 44) * 1000000 + 500000);
  ASSERT_TRUE(ParseTimeText("01-03 21:24:02.352", 2017, &us));
  EXPECT_EQ(us, (DaysFromCivil(2017, 1, 3) * 86400 + 21 * 3600 + 24 * 60 + 2) * 1000000 + 352000);
  ASSERT_TRUE(ParseTimeText("[20:13:52.386]", 0, &us));
  EXPECT_EQ(us, (20 * 3600 + 13 * 60 + 52) * int64_t{1000000} + 386000);
  EXPECT_FALSE(ParseTimeText("yesterday", 0, &us));
  EXPECT_FALSE(ParseTimeText("", 0, &us));
  EXPECT_FALSE(ParseTimeText("Jul 15", 0, &us));
  EXPECT_FALSE(ParseTimeText("25:00:00", 0, &us));
}

TEST(FirstHourTest, IsoOnlyForClocksWithDates) {
  Report r;
  r.input_format = "dash-t";
  r.clock = "utc";
  EXPECT_EQ(IsoTime(r, 1317159147145598), "2011-09-27T21:32:27.145598Z");
  EXPECT_EQ(LogTimeText(r, 1317159147145598), "1317159147.145598");
  r.whole_second_clock = true;
  EXPECT_EQ(IsoTime(r, 1317159147000000), "2011-09-27T21:32:27Z");
  r.input_format = "syslog";
  r.clock = "yearless";
  int64_t jul15 = (DaysFromCivil(1970, 7, 15) * 86400 + 22 * 3600 + 47 * 60 + 44) * 1000000;
  EXPECT_EQ(IsoTime(r, jul15), "");
  EXPECT_EQ(LogTimeText(r, jul15), "Jul 15 22:47:44");
  r.clock = "local";
  EXPECT_EQ(IsoTime(r, jul15), "1970-07-15T22:47:44");
  r.input_format = "harness";
  r.clock = "time-of-day";
  r.whole_second_clock = false;
  EXPECT_EQ(LogTimeText(r, 72832052000), "20:13:52.052");
  EXPECT_EQ(IsoTime(r, 72832052000), "");
}

// IsoTime writes its digits by hand for years 0-9999: the same text as the
// formatting library, before 1970 too; other years still come out.
TEST(FirstHourTest, IsoTimeDigitsAtTheEdges) {
  Report r;
  r.clock = "utc";
  EXPECT_EQ(IsoTime(r, 0), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(IsoTime(r, -1), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(IsoTime(r, 951868800000000 - 1), "2000-02-29T23:59:59.999999Z");
  EXPECT_EQ(IsoTime(r, 253402300799999999), "9999-12-31T23:59:59.999999Z");
  EXPECT_EQ(IsoTime(r, 253402300800000000), "10000-01-01T00:00:00.000000Z");
  EXPECT_EQ(IsoTime(r, -62167219200000000), "0000-01-01T00:00:00.000000Z");
  EXPECT_EQ(IsoTime(r, -62167219200000001), "-001-12-31T23:59:59.999999Z");
  r.clock = "local";
  r.whole_second_clock = true;
  EXPECT_EQ(IsoTime(r, 1317159147000000), "2011-09-27T21:32:27");
}

// The shipped stale log as a terminal 80 columns wide shows it: golden,
// and no line wider than 80 columns.
TEST(FirstHourTest, TextFitsEightyColumns) {
  const std::string src = ROAMREPLAY_SOURCE_DIR;
  const std::string log = "logs/2011-okc-stale-pmkid.log";
  Report report;
  ReplayBuffer(log, ReadFile(src + "/" + log), ReplayOptions(), &report);
  TextStyle style;
  style.ascii_timeline = true;
  style.width = 80;
  std::ostringstream out;
  WriteTextReport(report, style, out);
  std::istringstream lines(out.str());
  std::string line;
  while (std::getline(lines, line)) {
    size_t columns = 0;
    for (char c : line) columns += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    EXPECT_LE(columns, 80u) << line;
  }
  EXPECT_NE(out.str().find("\u2026"), std::string::npos);  // long evidence lines are cut
  CheckGolden(out.str(), src + "/tests/golden/2011-okc-stale-pmkid/expected-80col.txt");
  // Without a width (pipes) nothing is cut.
  std::ostringstream pipe;
  style.width = 0;
  WriteTextReport(report, style, pipe);
  EXPECT_EQ(pipe.str().find("\u2026"), std::string::npos);
}

// Journald lines with a -t stamp inside: the report's phase columns come
// from that stamp (the best clock each line has), not "not in the log".
TEST(FirstHourTest, PhasesUseTheStampInsideJournaldLines) {
  Report r;
  r.input_format = "syslog-dash-t";
  RoamSummary roam;
  roam.interface = "wlan0";
  MacAddress::Parse("00:24:97:aa:bb:01", &roam.bssid);
  roam.method = "full-eap";
  roam.start_line = 1;
  roam.end_line = 4;
  r.roams.push_back(roam);
  const char* kLog[] = {
      "Jul 15 22:47:44 host wpa_supplicant[5906]: 1721083664.100000: wlan0: Request association",
      "Jul 15 22:47:44 host wpa_supplicant[5906]: 1721083664.110000: wlan0: Associated with "
      "00:24:97:aa:bb:01",
      "Jul 15 22:47:44 host wpa_supplicant[5906]: 1721083664.140000: wlan0: CTRL-EVENT-EAP-STARTED "
      "EAP authentication started",
      "Jul 15 22:47:44 host wpa_supplicant[5906]: 1721083664.487000: wlan0: WPA: Key negotiation "
      "completed with 00:24:97:aa:bb:01",
  };
  LogScanner scanner(r, nullptr, nullptr);
  uint64_t n = 0;
  for (const char* line : kLog) scanner.OnLine(++n, line);
  LogScan scan = scanner.Finish();
  ASSERT_EQ(scan.phases.size(), 1u);
  EXPECT_EQ(scan.phases[0].association.value(), 1721083664110000);
  EXPECT_EQ(scan.phases[0].eap_start.value(), 1721083664140000);
  EXPECT_EQ(scan.phases[0].key_done.value(), 1721083664487000);
}

// The whole log always fits: many active stretches narrow the gaps.
TEST(FirstHourTest, TimelineAxisAlwaysFitsTheWidth) {
  std::vector<int64_t> instants;
  for (int i = 0; i < 300; ++i) {
    instants.push_back(int64_t{i} * 600 * 1000000);
    instants.push_back(int64_t{i} * 600 * 1000000 + 300000);
  }
  TimelineAxis axis(instants, 940, 30, 5 * 1000000, 24);
  EXPECT_LT(axis.gap_width(), 30);
  EXPECT_LE(axis.X(instants.back()), 940.0);
  EXPECT_GE(axis.X(instants.front()), 0.0);
  EXPECT_LT(axis.X(instants[2]), axis.X(instants[3]));
  // One time scale: a 31 ms stretch is never wider than a 320 ms one.
  TimelineAxis two({0, 31000, 60 * 1000000, 60 * 1000000 + 320000}, 940, 30, 5 * 1000000, 4);
  EXPECT_LT(two.X(31000) - two.X(0), two.X(60 * 1000000 + 320000) - two.X(60 * 1000000));
}

// More roams than the text lists: the note stands where the timeline would
// be, before the list, and the list is summarised.
TEST(FirstHourTest, TimelineOmittedNoteComesFirstAndTheListIsSummarised) {
  Report r;
  r.input = "big.log";
  for (int i = 0; i < 600; ++i) {
    RoamSummary roam;
    MacAddress::Parse(i % 2 ? "00:24:97:aa:bb:01" : "00:24:97:aa:bb:02", &roam.bssid);
    roam.method = "okc";
    roam.kind = i == 0 ? "first" : "roam";
    roam.start_line = static_cast<uint64_t>(10 + i);
    r.roams.push_back(roam);
  }
  TextStyle style;
  style.ascii_timeline = true;
  std::ostringstream out;
  WriteTextReport(r, style, out);
  std::string text = out.str();
  size_t note = text.find("Timeline omitted: 600 connection attempts");
  size_t list = text.find("Connections and roams");
  ASSERT_NE(note, std::string::npos);
  ASSERT_NE(list, std::string::npos);
  EXPECT_LT(note, list);
  EXPECT_NE(text.find("... 560 more"), std::string::npos);
  EXPECT_LT(std::count(text.begin(), text.end(), '\n'), 80);
  // The HTML and Markdown roam tables are summarised too.
  TriageView view = ViewWithoutScan(r);
  std::ostringstream html, md;
  WriteHtmlReport(view, html);
  WriteMarkdownReport(view, md);
  EXPECT_NE(html.str().find("400 more roams"), std::string::npos);
  EXPECT_NE(md.str().find("400 more roams"), std::string::npos);
  const std::string markdown = md.str();
  EXPECT_LT(std::count(markdown.begin(), markdown.end(), '\n'), 300);
}

// At INFO level a burst of PMKSA-CACHE-ADDED entries is not many PMKs: the
// HTML report draws no generations; the legend matches the bars.
TEST(FirstHourTest, InfoLevelReportsInventNoGenerations) {
  Report r;
  r.input = "info.log";
  r.evidence_tier = "INFO";
  for (int g = 8; g <= 12; ++g) {
    CacheEntryHistory c;
    MacAddress::Parse("00:24:97:aa:bb:01", &c.aa);
    c.generation = g;
    c.created_line = static_cast<uint64_t>(g);
    c.created_time_us = 1000000 + g;
    r.cache_history.push_back(c);
  }
  RoamSummary roam;
  MacAddress::Parse("00:24:97:aa:bb:01", &roam.bssid);
  roam.method = "full-auth";
  roam.kind = "first";
  roam.start_line = 1;
  roam.start_time_us = 900000;
  r.roams.push_back(roam);
  TriageView view = ViewWithoutScan(r);
  std::ostringstream html;
  WriteHtmlReport(view, html);
  EXPECT_EQ(html.str().find("PMK gen 8"), std::string::npos);
  EXPECT_EQ(html.str().find(">gen 9"), std::string::npos);
  EXPECT_NE(html.str().find("PMK not shown at INFO level"), std::string::npos);
  EXPECT_NE(html.str().find("full auth (SAE, PSK)"), std::string::npos);
  EXPECT_EQ(html.str().find(">full EAP<"), std::string::npos);
  std::string ascii = AsciiTimeline(view, 60);
  size_t row = ascii.find("pmksa |");
  ASSERT_NE(row, std::string::npos) << ascii;
  std::string pmksa = ascii.substr(row + 7, ascii.find('\n', row) - row - 7);
  EXPECT_NE(pmksa.find('*'), std::string::npos) << ascii;
  EXPECT_EQ(pmksa.find_first_of("89abc"), std::string::npos) << ascii;
  // With debug lines, each generation has its own colour.
  r.evidence_tier = "-dd";
  std::ostringstream dd;
  WriteHtmlReport(ViewWithoutScan(r), dd);
  EXPECT_NE(dd.str().find("PMK gen 8"), std::string::npos);
  EXPECT_NE(dd.str().find("PMK gen 12"), std::string::npos);
}

// HTML cards: hints, merged verdicts, info markers in their own colour.
TEST(FirstHourTest, HtmlCardsCarryHintsAndMergedVerdicts) {
  Report r;
  r.input = "x.log";
  MacAddress ap;
  MacAddress::Parse("00:24:97:aa:bb:01", &ap);
  Finding rejected = MakeFinding("pmkid-rejected", Severity::kWarning, 20, {10, 20});
  rejected.bssid = ap;
  rejected.time_us = 2000000;
  Finding forgot = rejected;
  forgot.kind = "ap-forgot-pmksa";
  Finding info = MakeFinding("full-eap-on-roam", Severity::kInfo, 30, {30});
  info.time_us = 3000000;
  r.findings = {rejected, forgot, info};
  std::ostringstream html;
  WriteHtmlReport(ViewWithoutScan(r), html);
  std::string page = html.str();
  EXPECT_NE(page.find("pmkid-rejected + <span class=\"badge\">warning</span>ap-forgot-pmksa"),
            std::string::npos);
  EXPECT_NE(page.find("What to do (ap-forgot-pmksa):</b> network: the AP or controller dropped"),
            std::string::npos);
  EXPECT_NE(page.find("id=\"finding-2\""), std::string::npos);
  EXPECT_EQ(page.find("id=\"finding-3\""), std::string::npos);
  EXPECT_NE(page.find("fill=\"#2f5ea8\""), std::string::npos);  // the info marker
}

}  // namespace
}  // namespace roamreplay

namespace roamreplay {
namespace {

// The HTML timeline marks why each attempt started and where a failed one
// failed (issue 11): the FT failure with fallback, synthesized from its
// scenario script, has a bgscan trigger, the FT attempt's failure (reason
// 13) and the fallback's local-disconnect trigger; near miss: a first
// connection (startup) gets no trigger mark.
TEST(FirstHourTest, HtmlTimelineMarksTriggersAndFailures) {
  Scenario sc;
  ASSERT_TRUE(LoadScenario(std::string(ROAMREPLAY_SOURCE_DIR) +
                               "/scenarios/conn-ft-failure-fallback.json",
                           &sc)
                  .ok());
  SynthResult synth;
  Synthesize(sc, SynthOptions(), &synth);
  Report r;
  ReplayBuffer("ft.log", synth.log, ReplayOptions(), &r);
  ASSERT_EQ(r.roams.size(), 4u);
  std::ostringstream html;
  WriteHtmlReport(ViewWithoutScan(r), html);
  const std::string h = html.str();
  auto count = [&](const std::string& what) {
    size_t n = 0;
    for (size_t at = h.find(what); at != std::string::npos; at = h.find(what, at + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("<path class=\"trigger\""), 3u) << h;  // bgscan, bgscan, the fallback's
  EXPECT_EQ(count("<path class=\"failure\""), 1u) << h;
  EXPECT_NE(h.find("<title>trigger: bgscan at "), std::string::npos);
  EXPECT_NE(h.find("failed in association at "), std::string::npos);
  EXPECT_NE(h.find(", reason 13 INVALID_IE: FT: RSNE mismatch"), std::string::npos);
  EXPECT_EQ(h.find("trigger: startup"), std::string::npos);
  EXPECT_NE(h.find("\u2715 failure"), std::string::npos);  // legend
}

}  // namespace
}  // namespace roamreplay
