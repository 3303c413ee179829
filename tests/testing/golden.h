#pragma once

// Golden-file helpers shared by the golden tests. Rewrite the files with
// ROAMREPLAY_UPDATE_GOLDEN=1 and review the diff.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace roamreplay::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void CheckGolden(const std::string& actual, const std::string& golden_path) {
  if (std::getenv("ROAMREPLAY_UPDATE_GOLDEN") != nullptr) {
    std::filesystem::create_directories(std::filesystem::path(golden_path).parent_path());
    std::ofstream(golden_path, std::ios::binary) << actual;
    return;
  }
  std::ifstream probe(golden_path);
  ASSERT_TRUE(probe.good()) << "missing golden file " << golden_path
                            << " (run with ROAMREPLAY_UPDATE_GOLDEN=1)";
  EXPECT_EQ(actual, ReadFile(golden_path)) << "golden file differs: " << golden_path;
}

}  // namespace roamreplay::testing
