#include "app/replay.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "report/writers.h"
#include "testing/log_builder.h"

namespace roamreplay {
namespace {

TEST(ReplayTest, MissingFileIsAnIoError) {
  Report report;
  Status s = ReplayFile("/nonexistent/dir/trace.log", ReplayOptions(), &report);
  EXPECT_EQ(s.code(), Status::Code::kIoError);
  EXPECT_EQ(s.message(), "/nonexistent/dir/trace.log: cannot open: No such file or directory");
}

TEST(ReplayTest, DirectoryIsAnIoError) {
  Report report;
  Status s = ReplayFile("/", ReplayOptions(), &report);
  EXPECT_EQ(s.code(), Status::Code::kIoError);
  EXPECT_NE(s.message().find("/: "), std::string::npos);
}

TEST(ReplayTest, EmptyInputHasNoLinesAndNoFindings) {
  Report report;
  ReplayBuffer("empty.log", "", ReplayOptions(), &report);
  EXPECT_EQ(report.counts.lines, 0u);
  EXPECT_TRUE(report.findings.empty());
  EXPECT_EQ(report.era, "unknown");
}

TEST(ReplayTest, BinaryGarbageIsCountedNotFatal) {
  std::mt19937 rng(1234);
  std::string data;
  for (int i = 0; i < 200000; ++i) data.push_back(static_cast<char>(rng()));
  Report report;
  ReplayBuffer("garbage.bin", data, ReplayOptions(), &report);
  EXPECT_GT(report.counts.lines, 0u);
  EXPECT_EQ(report.counts.lines, report.counts.events + report.counts.known +
                                     report.counts.unknown + report.counts.malformed +
                                     report.counts.other);
  std::ostringstream json;
  WriteJsonReport(report, false, json);  // invalid UTF-8 must not throw
  EXPECT_FALSE(json.str().empty());
}

TEST(ReplayTest, TruncatedEventLineIsADiagnosticWithItsLineNumber) {
  std::string log =
      "1317158000.000001: wlan0: State: DISCONNECTED -> SCANNING\n"
      "1317158000.000002: RSN: added PMKSA cache entry for 00:24:97:a\n"
      "1317158000.000003: wlan0: Associated with 00:24:97:aa:bb:01\n";
  Report report;
  ReplayBuffer("cut.log", log, ReplayOptions(), &report);
  EXPECT_EQ(report.counts.malformed, 1u);
  EXPECT_EQ(report.counts.events, 2u);
  ASSERT_EQ(report.diagnostics.size(), 1u);
  EXPECT_EQ(report.diagnostics[0].line, 2u);
  EXPECT_EQ(report.diagnostics[0].message,
            "expected a MAC address: \"RSN: added PMKSA cache entry for 00:24:97:a\"");
}

TEST(ReplayTest, MegabyteLineIsHandledAndLaterLinesStillCount) {
  std::string log = "1317158000.000001: " + std::string(1 << 20, 'x') + "\n" +
                    "1317158000.000002: wlan0: Associated with 00:24:97:aa:bb:01\n";
  Report report;
  ReplayBuffer("long.log", log, ReplayOptions(), &report);
  EXPECT_EQ(report.counts.lines, 2u);
  EXPECT_EQ(report.counts.events, 1u);
  ASSERT_EQ(report.diagnostics.size(), 1u);
  EXPECT_EQ(report.diagnostics[0].line, 1u);
  EXPECT_EQ(report.diagnostics[0].message, "line of 1048595 bytes truncated to 1048576 bytes");
}

TEST(ReplayTest, CountsAddUpToTheLinesRead) {
  testing::LogBuilder b;
  b.Associate(testing::kA).FullEap(testing::kA, 0x1a).Line("not a supplicant line").Line("");
  Report report = b.Replay();
  const LineCounts& c = report.counts;
  EXPECT_EQ(c.lines, static_cast<uint64_t>(b.lines()));
  EXPECT_EQ(c.lines, c.events + c.known + c.unknown + c.malformed + c.other);
  EXPECT_EQ(c.unknown, 1u);
}

TEST(ReplayTest, InterfacesAreListedAndUnprefixedLinesAttributedByContext) {
  testing::LogBuilder b;
  b.Line("RSN: flushing PMKID list in the driver");
  b.Associate(testing::kA).FullEap(testing::kA, 0x1a);
  Report report = b.Replay();
  EXPECT_EQ(report.interfaces, std::vector<std::string>{"wlan0"});
  ASSERT_EQ(report.roams.size(), 1u);
  EXPECT_EQ(report.roams[0].interface, "wlan0");
}

TEST(ReplayTest, EraComesFromTheBannerOrTheSpellings) {
  testing::LogBuilder old_texts;
  old_texts.Associate(testing::kA).FullEap(testing::kA, 0x1a, true);
  EXPECT_EQ(old_texts.Replay().era, "2011");
  testing::LogBuilder new_texts(testing::LogBuilder::Era::k2x);
  new_texts.Associate(testing::kA).FullEap(testing::kA, 0x1a, true);
  EXPECT_EQ(new_texts.Replay().era, "2.x");
  testing::LogBuilder banner;
  banner.Line("wpa_supplicant v2.9");
  Report r = banner.Replay();
  EXPECT_EQ(r.era, "2.x");
  EXPECT_EQ(r.supplicant_version, "2.9");
}

}  // namespace
}  // namespace roamreplay
