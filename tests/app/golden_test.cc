// Golden files: the text and JSON output for the shipped logs. Rewrite them
// with ROAMREPLAY_UPDATE_GOLDEN=1 and review the diff.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/replay.h"
#include "report/writers.h"

#include "testing/golden.h"
namespace roamreplay {
namespace {

using testing::CheckGolden;
using testing::ReadFile;



class GoldenTest : public ::testing::TestWithParam<const char*> {};

TEST_P(GoldenTest, OutputMatchesGoldenFiles) {
  const std::string name = GetParam();
  const std::string src = ROAMREPLAY_SOURCE_DIR;
  const std::string log = "logs/" + name + ".log";
  std::string data = ReadFile(src + "/" + log);
  ASSERT_FALSE(data.empty()) << log;
  Report report;
  ReplayBuffer(log, data, ReplayOptions(), &report);
  std::ostringstream text, json;
  WriteTextReport(report, TextStyle(), text);
  WriteJsonReport(report, true, json);
  const std::string dir = src + "/tests/golden/" + name;
  CheckGolden(text.str(), dir + "/expected.txt");
  CheckGolden(json.str(), dir + "/expected.json");
}

INSTANTIATE_TEST_SUITE_P(ShippedLogs, GoldenTest,
                         ::testing::Values("2011-okc-stale-pmkid", "2011-okc-postfix"),
                         [](const ::testing::TestParamInfo<const char*>& param_info) {
                           std::string n = param_info.param;
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

}  // namespace
}  // namespace roamreplay
