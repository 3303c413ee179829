// Input shapes: prefix splitting, detection, the time axis, and the whole
// pipeline on small hand-written logs of each shape (not captured logs).

#include "parse/input_shape.h"

#include <gtest/gtest.h>

#include "app/replay.h"
#include "parse/line_parser.h"

namespace roamreplay {
namespace {

constexpr int64_t kSec = 1'000'000;
constexpr int64_t kDayUs = 86'400 * kSec;

OuterPrefix Split(InputFormat f, std::string_view line) {
  OuterPrefix p;
  SplitOuterPrefix(f, line, &p);
  return p;
}

TEST(InputShapeTest, FormatNamesRoundTrip) {
  for (const char* name : {"auto", "dash-t", "plain", "syslog", "syslog-dash-t", "short-precise",
                           "short-iso", "short-monotonic", "logcat-brief", "logcat-threadtime",
                           "esp-idf", "harness"}) {
    InputFormat f;
    ASSERT_TRUE(ParseInputFormat(name, &f)) << name;
    EXPECT_EQ(InputFormatName(f), name);
  }
  InputFormat f;
  EXPECT_FALSE(ParseInputFormat("journald-json", &f));
}

TEST(InputShapeTest, SplitsSyslogAndTellsSourcesApart) {
  OuterPrefix p = Split(InputFormat::kSyslog,
                        "Aug 27 14:48:56 strephon wpa_supplicant[5906]: wlan0: PMKSA-CACHE-ADDED x");
  EXPECT_EQ(p.source, LineSource::kSupplicant);
  EXPECT_EQ(p.time_text, "Aug 27 14:48:56");
  EXPECT_EQ(p.tag, "wpa_supplicant");
  EXPECT_EQ(p.rest, "wlan0: PMKSA-CACHE-ADDED x");
  EXPECT_EQ(p.stamp.month, 8);
  EXPECT_EQ(p.stamp.day, 27);
  EXPECT_EQ(p.stamp.value_us, (14 * 3600 + 48 * 60 + 56) * kSec);
  p = Split(InputFormat::kSyslog, "Aug 27 14:48:56 strephon kernel: wlan0: authenticate with x");
  EXPECT_EQ(p.source, LineSource::kOtherSource);
  EXPECT_EQ(p.tag, "kernel");
  p = Split(InputFormat::kSyslog, "Jun  8 01:02:03 host NetworkManager[1]: <info> x");
  EXPECT_EQ(p.source, LineSource::kOtherSource);
  EXPECT_EQ(p.stamp.day, 8);
  p = Split(InputFormat::kSyslog, "-- Logs begin at Wed 2020-05-20 09:08:31 WEST. --");
  EXPECT_EQ(p.source, LineSource::kNoPrefix);
}

TEST(InputShapeTest, LocalisedMonthNames) {
  struct Case {
    const char* line;
    int month;
  } cases[] = {
      {"mai 20 09:08:41 mcnugget wpa_supplicant[319]: x", 5},
      {"Okt 02 09:08:41 h wpa_supplicant[1]: x", 10},
      {"d\xc3\xa9" "c. 31 23:59:59 h wpa_supplicant[1]: x", 12},
      {"dic 31 23:59:59 h wpa_supplicant[1]: x", 12},
      {"Mrz 01 00:00:00 h wpa_supplicant[1]: x", 3},
      {"xyz 01 00:00:00 h wpa_supplicant[1]: x", 0},  // unknown name: shape still matches
  };
  for (const Case& c : cases) {
    OuterPrefix p = Split(InputFormat::kSyslog, c.line);
    EXPECT_EQ(p.source, LineSource::kSupplicant) << c.line;
    EXPECT_EQ(p.stamp.month, c.month) << c.line;
  }
}

TEST(InputShapeTest, SplitsJournalctlOutputModes) {
  OuterPrefix p = Split(InputFormat::kShortPrecise,
                        "Aug 27 14:48:56.123456 host wpa_supplicant[5906]: wlan0: x");
  EXPECT_EQ(p.stamp.value_us, (14 * 3600 + 48 * 60 + 56) * kSec + 123456);
  EXPECT_EQ(p.time_text, "Aug 27 14:48:56.123456");
  p = Split(InputFormat::kShortIso, "2024-08-27T14:48:56+0200 host wpa_supplicant[5906]: wlan0: x");
  EXPECT_EQ(p.source, LineSource::kSupplicant);
  EXPECT_EQ(p.stamp.kind, OuterStamp::Kind::kEpoch);
  EXPECT_EQ(p.stamp.value_us, 1724762936 * kSec);  // 12:48:56 UTC
  p = Split(InputFormat::kShortIso, "2024-08-27T12:48:56.5+00:00 host wpa_supplicant[1]: x");
  EXPECT_EQ(p.stamp.value_us, 1724762936 * kSec + 500000);
  p = Split(InputFormat::kShortMonotonic, "[73862.470842] wpa_supplicant[595]: wlp58s0: x");
  EXPECT_EQ(p.source, LineSource::kSupplicant);
  EXPECT_EQ(p.time_text, "73862.470842");
  EXPECT_EQ(p.stamp.value_us, 73862470842);
  EXPECT_EQ(p.rest, "wlp58s0: x");
  p = Split(InputFormat::kShortMonotonic, "[   12.000001] myhost kernel: wlp58s0: y");
  EXPECT_EQ(p.source, LineSource::kOtherSource);
  EXPECT_EQ(p.rest, "wlp58s0: y");
}

TEST(InputShapeTest, SplitsAndroidEspAndHarnessPrefixes) {
  OuterPrefix p = Split(InputFormat::kLogcatBrief, "D/wpa_supplicant( 1163): wlan0: State: x");
  EXPECT_EQ(p.source, LineSource::kSupplicant);
  EXPECT_EQ(p.rest, "wlan0: State: x");
  EXPECT_EQ(Split(InputFormat::kLogcatBrief, "I/ActivityManager(  600): y").source,
            LineSource::kOtherSource);
  p = Split(InputFormat::kLogcatThreadtime,
            "01-03 21:24:02.352  1154  1154 D wpa_supplicant: wlan0: State: x");
  EXPECT_EQ(p.source, LineSource::kSupplicant);
  EXPECT_EQ(p.time_text, "01-03 21:24:02.352");
  EXPECT_EQ(p.stamp.month, 1);
  EXPECT_EQ(p.stamp.value_us, (21 * 3600 + 24 * 60 + 2) * kSec + 352000);
  EXPECT_EQ(p.rest, "wlan0: State: x");
  EXPECT_EQ(Split(InputFormat::kLogcatThreadtime, "01-03 21:23:14.321   252   252 W auditd  : t")
                .source,
            LineSource::kOtherSource);
  p = Split(InputFormat::kEspIdf, "D (3788) wpa: RSN: Added PMKSA cache entry");
  EXPECT_EQ(p.source, LineSource::kSupplicant);
  EXPECT_EQ(p.stamp.value_us, 3788000);
  EXPECT_EQ(p.rest, "RSN: Added PMKSA cache entry");
  // The Wi-Fi library's tag (its lines print no space after "wifi:") is the
  // station's too; an application's tag is another program.
  EXPECT_EQ(Split(InputFormat::kEspIdf, "I (90) wifi:mode : sta").source, LineSource::kSupplicant);
  EXPECT_EQ(Split(InputFormat::kEspIdf, "I (90) wifi: mode : sta").rest, "mode : sta");
  EXPECT_EQ(Split(InputFormat::kEspIdf, "I (90) main_task: Calling app_main()").source,
            LineSource::kOtherSource);
  p = Split(InputFormat::kHarness, "\033[0;32m[20:13:52.386] wlan0: PMKSA-CACHE-ADDED x 0");
  EXPECT_EQ(p.source, LineSource::kSupplicant);
  EXPECT_EQ(p.time_text, "20:13:52.386");
  EXPECT_EQ(p.rest, "wlan0: PMKSA-CACHE-ADDED x 0");
  EXPECT_EQ(Split(InputFormat::kHarness, "\033[0;32mSuccess.\033[0m").source, LineSource::kNoPrefix);
}

TEST(InputShapeTest, DetectsEachShapeFromASample) {
  struct Case {
    std::vector<std::string> lines;
    InputFormat expected;
  } cases[] = {
      {{"1317159147.145598: wlan0: State: A -> B", "1317159147.145599: RSN: x"},
       InputFormat::kDashT},
      {{"wlan0: State: A -> B", "RSN: x"}, InputFormat::kPlain},
      {{"", "", ""}, InputFormat::kPlain},
      {{"Aug 27 14:48:56 h kernel: a", "Aug 27 14:48:56 h wpa_supplicant[1]: wlan0: b"},
       InputFormat::kSyslog},
      {{"Aug 27 14:48:56 h wpa_supplicant[1]: 1724784536.000001: wlan0: b",
        "Aug 27 14:48:56 h kernel: x"},
       InputFormat::kSyslogDashT},
      {{"Aug 27 14:48:56.000001 h wpa_supplicant[1]: b"}, InputFormat::kShortPrecise},
      {{"2024-08-27T14:48:56+0200 h wpa_supplicant[1]: b"}, InputFormat::kShortIso},
      {{"[73862.470842] wpa_supplicant[595]: b"}, InputFormat::kShortMonotonic},
      {{"adb header", "D/wpa_supplicant( 1163): b", "I/foo(  2): c"}, InputFormat::kLogcatBrief},
      {{"01-03 21:24:02.352  1154  1154 D wpa_supplicant: b"}, InputFormat::kLogcatThreadtime},
      {{"ets Jun  8 2016", "D (3788) wpa: b", "I (1) wifi: c"}, InputFormat::kEspIdf},
      {{"[20:13:47.191] Initiating", "\033[0;32mSuccess.\033[0m", "[20:13:52.052] wlan0: x"},
       InputFormat::kHarness},
  };
  for (const Case& c : cases)
    EXPECT_EQ(InputFormatName(DetectInputFormat(c.lines)), InputFormatName(c.expected))
        << c.lines[0];
}

TEST(TimeAxisTest, YearlessStampsWrapAtNewYear) {
  TimeAxis axis(2023);
  int64_t t1, t2;
  bool back, restart;
  ASSERT_TRUE(axis.Place({OuterStamp::Kind::kYearless, 12, 31, 86399 * kSec}, &t1, &back, &restart));
  EXPECT_EQ(t1, (DaysFromCivil(2023, 12, 31) + 1) * kDayUs - kSec);
  ASSERT_TRUE(axis.Place({OuterStamp::Kind::kYearless, 1, 1, 1 * kSec}, &t2, &back, &restart));
  EXPECT_FALSE(back);
  EXPECT_EQ(t2 - t1, 2 * kSec);
}

TEST(TimeAxisTest, UnknownMonthKeepsThePreviousOne) {
  TimeAxis axis(2020);
  int64_t t1, t2;
  bool back, restart;
  axis.Place({OuterStamp::Kind::kYearless, 5, 20, 0}, &t1, &back, &restart);
  axis.Place({OuterStamp::Kind::kYearless, 0, 21, 0}, &t2, &back, &restart);
  EXPECT_EQ(t2 - t1, kDayUs);
}

TEST(TimeAxisTest, TimeOfDayWrapsAtMidnight) {
  TimeAxis axis;
  int64_t t1, t2;
  bool back, restart;
  axis.Place({OuterStamp::Kind::kTimeOfDay, 0, 0, kDayUs - kSec}, &t1, &back, &restart);
  axis.Place({OuterStamp::Kind::kTimeOfDay, 0, 0, kSec}, &t2, &back, &restart);
  EXPECT_FALSE(back);
  EXPECT_EQ(t2 - t1, 2 * kSec);
}

TEST(TimeAxisTest, BackwardsIsFlaggedNotFixed) {
  TimeAxis axis;
  int64_t t1, t2;
  bool back, restart;
  axis.Place({OuterStamp::Kind::kTimeOfDay, 0, 0, 10 * kSec}, &t1, &back, &restart);
  axis.Place({OuterStamp::Kind::kTimeOfDay, 0, 0, 9 * kSec}, &t2, &back, &restart);
  EXPECT_TRUE(back);
  EXPECT_EQ(t2, 9 * kSec);
  EXPECT_EQ(axis.PlaceEpoch(5, &back), 5);
  EXPECT_TRUE(back);
}

TEST(TimeAxisTest, MonotonicRestartContinuesTheAxis) {
  TimeAxis axis;
  int64_t t1, t2, t3;
  bool back, restart;
  axis.Place({OuterStamp::Kind::kMonotonic, 0, 0, 100 * kSec}, &t1, &back, &restart);
  axis.Place({OuterStamp::Kind::kMonotonic, 0, 0, 2 * kSec}, &t2, &back, &restart);
  EXPECT_TRUE(restart);
  EXPECT_FALSE(back);
  EXPECT_EQ(t2, t1);
  axis.Place({OuterStamp::Kind::kMonotonic, 0, 0, 3 * kSec}, &t3, &back, &restart);
  EXPECT_EQ(t3 - t2, kSec);
  // A small step back (interleaved, out-of-order lines) is not a restart.
  axis.Place({OuterStamp::Kind::kMonotonic, 0, 0, 2'500'000}, &t3, &back, &restart);
  EXPECT_TRUE(back);
  EXPECT_FALSE(restart);
}

TEST(LineParserShapeTest, InnerDashTStampWinsOverJournald) {
  LineParser parser(InputFormat::kSyslogDashT, 2024);
  ParsedLine p;
  parser.Parse("Aug 28 11:58:54 host wpa_supplicant[3536]: 1724860734.100143: wlan0: "
               "State: COMPLETED -> DISCONNECTED", &p);
  EXPECT_EQ(p.kind, LineKind::kEvent);
  EXPECT_EQ(p.time_text, "1724860734.100143");
  EXPECT_EQ(p.time_us, 1724860734100143);
  EXPECT_EQ(p.ifname, "wlan0");
  parser.Parse("Aug 28 11:58:55 host kernel: wlan0: deauthenticating", &p);
  EXPECT_EQ(p.kind, LineKind::kOtherSource);
}

TEST(LineParserShapeTest, OuterStampGivesTimeAndText) {
  LineParser parser(InputFormat::kSyslog, 2024);
  ParsedLine p;
  parser.Parse("Aug 27 14:48:56 strephon wpa_supplicant[5906]: wlan0: PMKSA-CACHE-ADDED "
               "48:b4:c3:81:97:41 1", &p);
  EXPECT_EQ(p.kind, LineKind::kEvent);
  EXPECT_EQ(p.event.type, EventType::kPmksaCacheAddedEvent);
  EXPECT_EQ(p.time_text, "Aug 27 14:48:56");
  EXPECT_EQ(p.time_us, (DaysFromCivil(2024, 8, 27) * 86400 + 14 * 3600 + 48 * 60 + 56) * kSec);
  parser.Parse("-- Logs begin at Wed 2020-05-20 09:08:31 WEST. --", &p);
  EXPECT_EQ(p.kind, LineKind::kOtherSource);
  parser.Parse("", &p);
  EXPECT_EQ(p.kind, LineKind::kOther);
}

TEST(LineParserShapeTest, EspIdfHexdumpBytesAreKnown) {
  LineParser parser(InputFormat::kEspIdf);
  ParsedLine p;
  parser.Parse("D (1678) wpa: rsn_ie - hexdump(len=22):", &p);
  EXPECT_TRUE(p.hexdump);
  parser.Parse("D (1678) wpa: 30 14 01 00 00 0f ac 04 01 00 00 0f ac 04 01 00 ", &p);
  EXPECT_EQ(p.kind, LineKind::kKnown);
  EXPECT_TRUE(p.hexdump);
  parser.Parse("D (1688) wpa: 00 0f ac 08 c0 00 ", &p);
  EXPECT_EQ(p.kind, LineKind::kKnown);
  parser.Parse("D (1689) wpa: ab cd", &p);  // still inside the hexdump
  EXPECT_EQ(p.kind, LineKind::kKnown);
  parser.Parse("I (1690) wpa: BSS: Add new id 0 BSSID 3c:a0:67:80:99:a3 SSID 'x' chan 1", &p);
  parser.Parse("D (1691) wpa: ab cd", &p);
  EXPECT_NE(p.kind, LineKind::kKnown);
}

// --- The pipeline on hand-written logs of each shape ------------------------

Report ReplayLog(const std::string& log, ReplayOptions options = ReplayOptions()) {
  Report report;
  ReplayBuffer("test.log", log, options, &report);
  return report;
}

uint64_t Sum(const LineCounts& c) {
  return c.events + c.known + c.unknown + c.malformed + c.other + c.other_sources + c.rejoined;
}

TEST(ReplayShapeTest, MixedJournalCountsOtherSourcesApart) {
  std::string log =
      "Aug 27 14:48:56 h wpa_supplicant[1]: wlan0: PMKSA-CACHE-ADDED 48:b4:c3:81:97:41 1\n"
      "Aug 27 14:48:56 h kernel: wlan0: authenticate with 48:b4:c3:81:b7:d3\n"
      "Aug 27 14:48:56 h NetworkManager[2]: <info>  [1724784536.8123] device (wlan0): state\n"
      "Aug 27 14:48:57 h wpa_supplicant[1]: wlan0: Some message nobody knows 12\n";
  Report r = ReplayLog(log);
  EXPECT_EQ(r.input_format, "syslog");
  EXPECT_TRUE(r.input_format_detected);
  EXPECT_EQ(r.counts.lines, 4u);
  EXPECT_EQ(r.counts.events, 1u);
  EXPECT_EQ(r.counts.other_sources, 2u);
  EXPECT_EQ(r.counts.unknown, 1u);
  EXPECT_EQ(Sum(r.counts), r.counts.lines);
  EXPECT_EQ(r.event_counts["PmksaCacheAddedEvent"], 1u);
  EXPECT_EQ(r.evidence_tier, "INFO");
  EXPECT_EQ(r.interfaces, std::vector<std::string>{"wlan0"});
}

TEST(ReplayShapeTest, InputFormatOptionOverridesDetection) {
  std::string log = "D/wpa_supplicant( 1163): wlan0: State: DISCONNECTED -> SCANNING\n";
  ReplayOptions options;
  options.input_format = InputFormat::kPlain;
  Report r = ReplayLog(log, options);
  EXPECT_EQ(r.input_format, "plain");
  EXPECT_FALSE(r.input_format_detected);
  EXPECT_EQ(r.counts.events, 0u);
  r = ReplayLog(log);
  EXPECT_EQ(r.input_format, "logcat-brief");
  EXPECT_EQ(r.counts.events, 1u);
}

TEST(ReplayShapeTest, BackwardsTimestampIsADiagnostic) {
  std::string log =
      "[10:00:02.000] wlan0: State: DISCONNECTED -> SCANNING\n"
      "[10:00:01.000] wlan0: State: SCANNING -> AUTHENTICATING\n";
  Report r = ReplayLog(log);
  EXPECT_EQ(r.input_format, "harness");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, 2u);
  EXPECT_NE(r.diagnostics[0].message.find("earlier"), std::string::npos);
}

// Attribution rule: unprefixed lines belong to the interface of the most
// recent prefixed line.
TEST(ReplayShapeTest, TwoInterfacesAttributeUnprefixedLinesByContext) {
  std::string log =
      "1.000001: wlan0: Trying to associate with 00:24:97:aa:bb:01 (SSID='a' freq=2412 MHz)\n"
      "1.000002: RSN: added PMKSA cache entry for 00:24:97:aa:bb:01\n"
      "1.000003: wlan1: Trying to associate with 00:24:97:aa:bb:02 (SSID='b' freq=5180 MHz)\n"
      "1.000004: RSN: added PMKSA cache entry for 00:24:97:aa:bb:02\n"
      "1.000005: p2p-dev-wlan0: State: DISCONNECTED -> SCANNING\n";
  Report r = ReplayLog(log);
  EXPECT_EQ(r.interfaces, (std::vector<std::string>{"wlan0", "wlan1", "p2p-dev-wlan0"}));
  ASSERT_EQ(r.cache_history.size(), 2u);
  EXPECT_EQ(r.cache_history[0].interface, "wlan0");
  EXPECT_EQ(r.cache_history[0].aa.ToString(), "00:24:97:aa:bb:01");
  EXPECT_EQ(r.cache_history[1].interface, "wlan1");
}

TEST(ReplayShapeTest, TierFollowsTheEvidence) {
  EXPECT_EQ(ReplayLog("wlan0: CTRL-EVENT-CONNECTED - Connection to 00:24:97:aa:bb:01 completed\n")
                .evidence_tier,
            "INFO");
  Report d = ReplayLog(
      "wlan0: State: DISCONNECTED -> SCANNING\nRSN: Trying to use cached PMKSA\nEAPOL: x\n");
  EXPECT_EQ(d.evidence_tier, "-d");
  EXPECT_EQ(d.tier_supports.size(), 2u);
  const std::string debug = "State: DISCONNECTED -> SCANNING\nEAPOL: a\nEAPOL: b\n";
  EXPECT_EQ(ReplayLog("RX EAPOL - hexdump(len=2): 01 02\n").evidence_tier, "INFO");
  EXPECT_EQ(ReplayLog(debug + "RX EAPOL - hexdump(len=2): 01 02\n").evidence_tier, "-dd");
  EXPECT_EQ(
      ReplayLog(debug + "WPA: PMK from EAPOL state machines - hexdump(len=2): 01 02\n").evidence_tier,
      "-dd -K");
  Report info = ReplayLog("");
  EXPECT_EQ(info.tier_supports, std::vector<std::string>{"pmkid-rejected"});
  EXPECT_NE(info.tier_note.find("stale-pmkid-reuse cannot"), std::string::npos);
}

TEST(ReplayShapeTest, BadInputsAreCountedNotFatal) {
  static const char kRaw[] =
      "1.000001: wlan0: State: DISCONNECTED -> SCANNING\r\n\0\0\xff\xfe\n1.000002: RSN: x";
  std::string log(kRaw, sizeof(kRaw) - 1);
  Report r = ReplayLog(log);
  EXPECT_EQ(r.counts.lines, 3u);
  EXPECT_EQ(Sum(r.counts), r.counts.lines);
  EXPECT_EQ(r.input_format, "dash-t");
  Report empty = ReplayLog("");
  EXPECT_EQ(empty.counts.lines, 0u);
  EXPECT_EQ(empty.input_format, "plain");
}

}  // namespace
}  // namespace roamreplay
