// Issue 18: hostile input. Padding with NUL bytes, bounded histories,
// interruption, gzip trailing data, control bytes in text and Markdown
// output, redaction of every catalogue key title.

#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "app/replay.h"
#include "app/stats.h"
#include "report/redact.h"
#include "report/timeline.h"
#include "report/writers.h"
#include "rules/pmksa_rules.h"
#include "testing/gzip.h"

namespace roamreplay {
namespace {

using testing::Gzip;

const std::string kSrc = ROAMREPLAY_SOURCE_DIR;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string TempPath(const std::string& name) { return ::testing::TempDir() + "/" + name; }

// Each line of `log` rewritten by `f`.
template <typename F>
std::string MapLines(const std::string& log, F f) {
  std::istringstream in(log);
  std::string out, line;
  while (std::getline(in, line)) out += f(line) + "\n";
  return out;
}

TEST(HostileInputTest, NulAtLineEndsIsPaddingAndCounted) {
  std::string log = ReadFile(kSrc + "/logs/2011-okc-stale-pmkid.log");
  Report clean, padded, after_prefix;
  ReplayBuffer("clean", log, ReplayOptions(), &clean);
  ReplayBuffer("padded", MapLines(log, [](const std::string& l) { return l + '\0'; }),
               ReplayOptions(), &padded);
  // A NUL right after the "<sec>.<usec>: " prefix.
  ReplayBuffer("after-prefix", MapLines(log, [](const std::string& l) {
                 size_t p = l.find(": ");
                 return p == std::string::npos ? l : l.substr(0, p + 2) + '\0' + l.substr(p + 2);
               }),
               ReplayOptions(), &after_prefix);
  ASSERT_GT(clean.findings.size(), 0u);
  for (const Report* r : {&padded, &after_prefix}) {
    EXPECT_EQ(r->counts.events, clean.counts.events) << r->input;
    EXPECT_EQ(r->counts.malformed, clean.counts.malformed) << r->input;
    EXPECT_EQ(r->findings.size(), clean.findings.size()) << r->input;
    EXPECT_GT(r->counts.control_padded, 0u) << r->input;
  }
  EXPECT_EQ(padded.counts.control_padded, padded.counts.lines);
  EXPECT_EQ(clean.counts.control_padded, 0u);
  std::ostringstream json;
  WriteJsonReport(padded, true, json);
  EXPECT_NE(json.str().find(fmt::format("\"control_padded_lines\": {}", padded.counts.lines)),
            std::string::npos);
}

// N distinct APs, each with a full authentication and a new cache entry.
std::string ManyAps(int n, int interfaces = 1) {
  std::string out;
  int64_t t = 1317158000000000;
  auto line = [&](const std::string& text) {
    t += 1000;
    out += fmt::format("{}.{:06d}: {}\n", t / 1000000, t % 1000000, text);
  };
  for (int i = 0; i < n; ++i) {
    std::string ap = fmt::format("02:00:00:{:02x}:{:02x}:{:02x}", (i >> 16) & 0xff,
                                 (i >> 8) & 0xff, i & 0xff);
    std::string ifname = fmt::format("wlan{}", i % interfaces);
    line(ifname + ": Trying to associate with " + ap + " (SSID='corp' freq=2412 MHz)");
    line(ifname + ": Associated with " + ap);
    line("RSN: added PMKSA cache entry for " + ap);
    line(ifname + ": CTRL-EVENT-CONNECTED - Connection to " + ap +
         " completed (auth) [id=0 id_str=]");
  }
  return out;
}

TEST(HostileInputTest, CacheHistoryIsCappedWithANote) {
  const int n = static_cast<int>(PmksaRules::kMaxCacheHistory) + 7;
  Report report;
  ReplayBuffer("many", ManyAps(n), ReplayOptions(), &report);
  EXPECT_EQ(report.cache_history.size(), PmksaRules::kMaxCacheHistory);
  EXPECT_EQ(report.truncated["cache_history"], 7u);
  std::ostringstream json, text;
  WriteJsonReport(report, true, json);
  EXPECT_NE(json.str().find("\"truncated\": {\n    \"cache_history\": 7"), std::string::npos)
      << json.str().substr(json.str().size() - 300);
  WriteTextReport(report, TextStyle(), text);
  EXPECT_NE(text.str().find("Truncated: 7 more cache_history not kept"), std::string::npos);
  // The kept entries still get their removals (evicted at 32 entries).
  EXPECT_EQ(report.cache_history.front().removed_how, "evicted");
}

TEST(HostileInputTest, RoamListIsCappedUnlessLifted) {
  ReplayOptions options;
  options.rules.max_roams = 10;
  Report capped;
  ReplayBuffer("many", ManyAps(25), options, &capped);
  EXPECT_EQ(capped.roams.size(), 10u);
  EXPECT_EQ(capped.truncated["roams"], 15u);
  options.rules.max_roams = SIZE_MAX;  // what stats does
  Report all;
  ReplayBuffer("many", ManyAps(25), options, &all);
  EXPECT_EQ(all.roams.size(), 25u);
  EXPECT_TRUE(all.truncated.empty());
}

TEST(HostileInputTest, EveryInterfaceKeepsItsHistory) {
  // One entry per interface: every entry is found again at the end (the
  // lookup is by key, not a scan of the whole history).
  Report report;
  ReplayOptions options;
  options.max_interfaces = 4000;
  ReplayBuffer("interfaces", ManyAps(3000, 3000), options, &report);
  ASSERT_EQ(report.cache_history.size(), 3000u);
  EXPECT_EQ(report.interfaces.size(), 3000u);
  for (const CacheEntryHistory& c : report.cache_history) EXPECT_EQ(c.removed_line, 0u);
}

TEST(HostileInputTest, InterfacesPastTheLimitAreCountedNotModelled) {
  ReplayOptions options;
  ASSERT_EQ(options.max_interfaces, 1024u);
  Report report;
  ReplayBuffer("interfaces", ManyAps(1100, 1100), options, &report);
  EXPECT_EQ(report.interfaces.size(), 1024u);
  EXPECT_EQ(report.truncated["interfaces"], 76u);
  EXPECT_EQ(report.cache_history.size(), 1024u);  // only the modelled interfaces' entries
  EXPECT_EQ(report.counts.lines, 4400u);         // every line still counted
  std::ostringstream json, text, md, html;
  WriteJsonReport(report, false, json);
  EXPECT_NE(json.str().find("\"truncated\":{\"interfaces\":76}"), std::string::npos);
  WriteTextReport(report, TextStyle(), text);
  EXPECT_NE(text.str().find("Truncated: 76 more interfaces not kept"), std::string::npos);
  TriageView view = ViewWithoutScan(report);
  WriteMarkdownReport(view, md);
  EXPECT_NE(md.str().find("**Truncated:** 76 more interfaces not kept"), std::string::npos);
  WriteHtmlReport(view, html);
  EXPECT_NE(html.str().find("<strong>Truncated:</strong> 76 more interfaces not kept"),
            std::string::npos);
  // An interface left out and seen again is counted once.
  Report again;
  ReplayBuffer("interfaces", ManyAps(1100, 1100) + ManyAps(1100, 1100), options, &again);
  EXPECT_EQ(again.interfaces.size(), 1024u);
  EXPECT_EQ(again.truncated["interfaces"], 76u);
}

// N roams with full EAP to N distinct APs: a full-eap-on-roam finding per AP
// while reading.
std::string FullEapRoams(int n) {
  std::string out;
  int64_t t = 1317158000000000;
  auto line = [&](const std::string& text) {
    t += 1000;
    out += fmt::format("{}.{:06d}: {}\n", t / 1000000, t % 1000000, text);
  };
  for (int i = 0; i < n; ++i) {
    std::string ap = fmt::format("02:00:00:00:{:02x}:{:02x}", (i >> 8) & 0xff, i & 0xff);
    line("wlan0: Trying to associate with " + ap + " (SSID='corp' freq=2412 MHz)");
    line("wlan0: Associated with " + ap);
    line("wlan0: CTRL-EVENT-EAP-STARTED EAP authentication started");
    line("wlan0: CTRL-EVENT-EAP-SUCCESS EAP authentication completed successfully");
    line("RSN: added PMKSA cache entry for " + ap);
    line("wlan0: WPA: Key negotiation completed with " + ap + " [PTK=CCMP GTK=CCMP]");
    line("wlan0: CTRL-EVENT-CONNECTED - Connection to " + ap + " completed (auth) [id=0 id_str=]");
  }
  return out;
}

TEST(HostileInputTest, FindingsAreCappedWithExactCounts) {
  ReplayOptions options;
  Report all;
  ReplayBuffer("many", FullEapRoams(40), options, &all);
  ASSERT_GT(all.findings.size(), 8u);
  EXPECT_EQ(all.FindingsTotal(), all.findings.size());
  EXPECT_EQ(all.truncated.count("findings"), 0u);
  options.rules.max_findings = 5;
  Report capped;
  ReplayBuffer("many", FullEapRoams(40), options, &capped);
  EXPECT_LE(capped.findings.size(), 5u + PmksaRules::kFinishReserve);
  EXPECT_LT(capped.findings.size(), all.findings.size());
  EXPECT_EQ(capped.finding_counts, all.finding_counts);
  EXPECT_EQ(capped.FindingsTotal(), all.findings.size());
  EXPECT_EQ(capped.truncated["findings"], all.findings.size() - capped.findings.size());
  std::ostringstream json, text;
  WriteJsonReport(capped, false, json);
  EXPECT_NE(json.str().find("\"finding_counts\":{"), std::string::npos);
  WriteTextReport(capped, TextStyle(), text);
  EXPECT_NE(text.str().find(fmt::format("listed of {}", all.findings.size())), std::string::npos);
  EXPECT_NE(text.str().find("more findings not kept"), std::string::npos);
}

TEST(HostileInputTest, MarkdownAndHtmlSayWhenInterrupted) {
  std::string path = kSrc + "/logs/2011-okc-stale-pmkid.log";
  volatile std::sig_atomic_t stop = SIGINT;
  ReplayOptions options;
  options.stop = &stop;
  for (bool interrupted : {true, false}) {
    Report report;
    ASSERT_TRUE(ReplayFile(path, interrupted ? options : ReplayOptions(), &report).ok());
    TriageView view = ViewWithoutScan(report);
    std::ostringstream md, html;
    WriteMarkdownReport(view, md);
    WriteHtmlReport(view, html);
    EXPECT_EQ(md.str().find("**Interrupted:**") != std::string::npos, interrupted);
    EXPECT_EQ(html.str().find("<strong>Interrupted:</strong>") != std::string::npos, interrupted);
  }
}

TEST(HostileInputTest, StopFlagEndsReadingAndMarksTheReport) {
  std::string path = kSrc + "/logs/2011-okc-stale-pmkid.log";
  volatile std::sig_atomic_t stop = SIGINT;
  ReplayOptions options;
  options.stop = &stop;
  Report report;
  ASSERT_TRUE(ReplayFile(path, options, &report).ok());
  EXPECT_TRUE(report.interrupted);
  std::ostringstream json;
  WriteJsonReport(report, false, json);
  EXPECT_NE(json.str().find("\"interrupted\":true"), std::string::npos);
  Report normal;
  ASSERT_TRUE(ReplayFile(path, ReplayOptions(), &normal).ok());
  EXPECT_FALSE(normal.interrupted);
  std::ostringstream json2;
  WriteJsonReport(normal, false, json2);
  EXPECT_EQ(json2.str().find("\"interrupted\""), std::string::npos);
}

TEST(HostileInputTest, GzipTrailingGarbageReplaysTheMemberThenFails) {
  std::string log = ReadFile(kSrc + "/logs/2011-okc-stale-pmkid.log");
  Report clean;
  ReplayBuffer("clean", log, ReplayOptions(), &clean);
  for (const std::string& tail : {std::string("trailing text\n"), std::string("\x1f"),
                                  std::string(1000, '\0')}) {
    std::string path = TempPath("trailing.log.gz");
    std::ofstream(path, std::ios::binary) << Gzip(log) + tail;
    Report report;
    Status s = ReplayFile(path, ReplayOptions(), &report);
    EXPECT_FALSE(s.ok());
    EXPECT_NE(s.message().find("trailing garbage ignored"), std::string::npos) << s.message();
    EXPECT_EQ(report.counts.lines, clean.counts.lines);
    EXPECT_EQ(report.findings.size(), clean.findings.size());
    std::remove(path.c_str());
  }
  // Two members are not garbage.
  std::string path = TempPath("two.log.gz");
  std::ofstream(path, std::ios::binary) << Gzip(log) + Gzip(log);
  Report twice;
  EXPECT_TRUE(ReplayFile(path, ReplayOptions(), &twice).ok());
  EXPECT_EQ(twice.counts.lines, 2 * clean.counts.lines);
  std::remove(path.c_str());
}

Report WithControlBytes() {
  Report r;
  r.input = "in\x1b]0;title\x07.log";
  Finding f;
  f.kind = "stale-pmkid-reuse";
  f.line = 3;
  f.time = "1.000001";
  f.message = "message \x1b[2J <b>bold</b> *x* `y` |z|";
  f.evidence.push_back({3, "1.000001", "text \x1b[31mred\x00nul", "role \x1b[0m"});
  r.findings.push_back(f);
  r.diagnostics.push_back({4, "diag \x1b[1m"});
  r.diagnostics_total = 1;
  r.interfaces.push_back("wlan0\x1b");
  return r;
}

TEST(HostileInputTest, TextOutputShowsControlBytes) {
  Report r = WithControlBytes();
  r.findings[0].evidence[0].text = std::string("text \x1b[31mred\0nul", 17);
  std::ostringstream text;
  WriteTextReport(r, TextStyle(), text);
  EXPECT_EQ(text.str().find('\x1b'), std::string::npos);
  EXPECT_EQ(text.str().find('\0'), std::string::npos);
  EXPECT_EQ(text.str().find('\x07'), std::string::npos);
  EXPECT_NE(text.str().find("in\\x1b]0;title\\x07.log"), std::string::npos);
  EXPECT_NE(text.str().find("text \\x1b[31mred\\x00nul"), std::string::npos);

  FleetStats stats;
  stats.by_ess["\x1b[2Jevil\x1b]0;t\x07"].roams = 1;
  std::ostringstream st;
  WriteStatsText(stats, st);
  EXPECT_EQ(st.str().find('\x1b'), std::string::npos);
  EXPECT_NE(st.str().find("\\x1b[2Jevil"), std::string::npos);
}

TEST(HostileInputTest, MarkdownEscapesNamesAndLogText) {
  Report r = WithControlBytes();
  r.input = "name\"<script>alert(1)</script>|`x`\x1b[2J.log";
  TriageView view = ViewWithoutScan(r);
  std::ostringstream md;
  WriteMarkdownReport(view, md);
  std::string s = md.str();
  EXPECT_EQ(s.find('\x1b'), std::string::npos);
  EXPECT_EQ(s.find('\x07'), std::string::npos);
  size_t input_row = s.find("| **Input** | ");
  ASSERT_NE(input_row, std::string::npos);
  std::string row = s.substr(input_row, s.find('\n', input_row) - input_row);
  EXPECT_EQ(row.find("<script>"), std::string::npos) << row;
  EXPECT_NE(row.find("\\<script\\>alert(1)\\</script\\>\\|\\`x\\`\\x1b\\[2J.log"), std::string::npos)
      << row;
  EXPECT_NE(s.find("message \\x1b\\[2J \\<b\\>bold\\</b\\> \\*x\\* \\`y\\` \\|z\\|"),
            std::string::npos)
      << s;
  // The title's code span cannot be closed by a backtick of the name.
  EXPECT_NE(s.find("`name\"<script>alert(1)</script>|\\x60x\\x60\\x1b[2J.log`"),
            std::string::npos)
      << s;
}

TEST(HostileInputTest, EveryCatalogueKeyTitleIsRedacted) {
  std::ifstream in(kSrc + "/lib/parse/catalog/key_titles.inc");
  std::string line;
  int titles = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] != '"') continue;
    std::string t;
    for (size_t i = 1; i < line.size() && line[i] != '"'; ++i) {
      if (line[i] == '\\' && i + 1 < line.size()) ++i;
      t += line[i];
    }
    ++titles;
    EXPECT_TRUE(IsKeyDumpTitle("1317158007.570671: " + t)) << t;
    EXPECT_EQ(RedactIsolated("1317158007.570671: " + t + " - hexdump(len=4): 01 02 03 04"),
              "1317158007.570671: " + t + " - hexdump(len=4): [REDACTED]")
        << t;
  }
  EXPECT_GT(titles, 150);
  // Titles the issue found unredacted.
  for (const char* t : {"   key", "nl80211: KEY_DATA", "EAP-SIM: K_aut", "EAP-FAST: PAC-Key",
                        "EAP-SIM: K_encr", "WPA: decrypted EAPOL-Key key data"})
    EXPECT_TRUE(IsSecretTitle(std::string("1.000001: ") + t)) << t;
  // EAPOL-Key frame fields are not keys.
  for (const char* t : {"  key_nonce", "  key_iv", "  key_mic", "  key_rsc", "WPA: RX EAPOL-Key",
                        "RSN: PMKID from Authenticator", "  replay_counter"})
    EXPECT_FALSE(IsSecretTitle(std::string("1.000001: ") + t)) << t;
}

}  // namespace
}  // namespace roamreplay
