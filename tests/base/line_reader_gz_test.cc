// Transparent gzip input of LineReader (and so of ReplayFile).

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/replay.h"
#include "base/line_reader.h"
#include "testing/gzip.h"

namespace roamreplay {
namespace {

namespace fs = std::filesystem;
using testing::Gzip;

class GzTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() /
             ("roamreplay_gz_" +
              std::string(::testing::UnitTest::GetInstance()->current_test_info()->name())))
                .string();
  }
  void TearDown() override { std::remove(path_.c_str()); }

  void WriteFile(const std::string& bytes) { std::ofstream(path_, std::ios::binary) << bytes; }

  Status ReadLines(std::vector<std::string>* lines, bool* gzip = nullptr) {
    LineReader reader;
    if (Status s = LineReader::Open(path_, &reader); !s.ok()) return s;
    Status s = reader.ForEachLine([&](const LineReader::Line& l) { lines->emplace_back(l.text); });
    if (gzip != nullptr) *gzip = reader.gzip();
    return s;
  }

  std::string path_;
};

// A text big enough to span many 256 KiB chunks, compressed and plain.
std::string BigText() {
  std::string text;
  for (int i = 0; i < 60000; ++i)
    text += "1317158007." + std::to_string(100000 + i) + ": wlan0: line " + std::to_string(i) +
            (i % 7 == 0 ? "\r\n" : "\n");
  text += "unterminated last line";
  return text;
}

TEST_F(GzTest, GzipAndPlainGiveTheSameLines) {
  std::string text = BigText();
  std::vector<std::string> plain, unzipped;
  bool gzip = true;
  WriteFile(text);
  ASSERT_TRUE(ReadLines(&plain, &gzip).ok());
  EXPECT_FALSE(gzip);
  WriteFile(Gzip(text));
  ASSERT_TRUE(ReadLines(&unzipped, &gzip).ok());
  EXPECT_TRUE(gzip);
  ASSERT_EQ(plain.size(), 60001u);
  EXPECT_EQ(unzipped, plain);
  EXPECT_EQ(unzipped[7], "1317158007.100007: wlan0: line 7");  // CR stripped
  EXPECT_EQ(unzipped.back(), "unterminated last line");
}

TEST_F(GzTest, ConcatenatedMembersAreOneStream) {
  WriteFile(Gzip("a\nb") + Gzip("c\n") + Gzip("d\n"));
  std::vector<std::string> lines;
  ASSERT_TRUE(ReadLines(&lines).ok());
  EXPECT_EQ(lines, (std::vector<std::string>{"a", "bc", "d"}));
}

TEST_F(GzTest, TruncatedGzipIsCorruptionAfterTheLinesDecoded) {
  std::string gz = Gzip(BigText());
  WriteFile(gz.substr(0, gz.size() / 2));
  std::vector<std::string> lines;
  Status s = ReadLines(&lines);
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_GT(lines.size(), 1000u);
  EXPECT_LT(lines.size(), 60001u);
}

TEST_F(GzTest, CorruptGzipIsCorruption) {
  std::string gz = Gzip(BigText());
  for (size_t i = 100; i < 200; ++i) gz[i] = static_cast<char>(gz[i] ^ 0x5a);
  WriteFile(gz);
  std::vector<std::string> lines;
  Status s = ReadLines(&lines);
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.message().find("gzip"), std::string::npos);
}

TEST_F(GzTest, OnlyTheMagicBytesAreNotGzip) {
  WriteFile("\x1f");
  std::vector<std::string> lines;
  ASSERT_TRUE(ReadLines(&lines).ok());
  EXPECT_EQ(lines, (std::vector<std::string>{"\x1f"}));
}

TEST_F(GzTest, ReplayOfGzipLogEqualsPlainReplay) {
  std::ifstream in(std::string(ROAMREPLAY_SOURCE_DIR) + "/logs/2011-okc-stale-pmkid.log",
                   std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  ASSERT_FALSE(s.str().empty());
  WriteFile(s.str());
  Report plain;
  ASSERT_TRUE(ReplayFile(path_, ReplayOptions(), &plain).ok());
  WriteFile(Gzip(s.str()));
  Report unzipped;
  ASSERT_TRUE(ReplayFile(path_, ReplayOptions(), &unzipped).ok());
  ASSERT_FALSE(plain.findings.empty());
  ASSERT_EQ(unzipped.findings.size(), plain.findings.size());
  for (size_t i = 0; i < plain.findings.size(); ++i) {
    EXPECT_EQ(unzipped.findings[i].kind, plain.findings[i].kind);
    EXPECT_EQ(unzipped.findings[i].line, plain.findings[i].line);
  }
  EXPECT_EQ(unzipped.counts.lines, plain.counts.lines);
  EXPECT_EQ(unzipped.roams.size(), plain.roams.size());
}

}  // namespace
}  // namespace roamreplay
