#pragma once

// Inputs for tests that compare a fast routine with a plain reference: the
// lines of real logs, and a deterministic source of random ones.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace roamreplay::testing {

/// Every line of the shipped logs (logs/) and, when present beside the
/// checkout, of ../shared/corpus.
inline std::vector<std::string> ShippedAndCorpusLines() {
  namespace fs = std::filesystem;
  std::vector<std::string> lines;
  const fs::path src = ROAMREPLAY_SOURCE_DIR;
  for (const fs::path& dir : {src / "logs", src / "../shared/corpus"}) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    for (const auto& entry : fs::directory_iterator(dir)) {
      std::ifstream in(entry.path(), std::ios::binary);
      std::string line;
      while (std::getline(in, line)) lines.push_back(line);
    }
  }
  return lines;
}

/// A 64-bit linear congruential generator (Knuth's MMIX constants): the
/// same numbers on every run and platform. Its low bits are weak; take
/// the high ones (Next() >> 33).
struct Lcg {
  uint64_t state;
  uint64_t Next() { return state = state * 6364136223846793005ULL + 1442695040888963407ULL; }
};

}  // namespace roamreplay::testing
