#include "base/line_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace roamreplay {
namespace {

struct Collected {
  std::vector<std::string> lines;
  std::vector<bool> truncated;
};

Collected Split(std::string_view data, size_t max = LineReader::kDefaultMaxLineBytes) {
  Collected c;
  ForEachLineInBuffer(
      data,
      [&](const LineReader::Line& l) {
        EXPECT_EQ(l.number, c.lines.size() + 1);
        c.lines.emplace_back(l.text);
        c.truncated.push_back(l.truncated);
      },
      max);
  return c;
}

TEST(LineReaderTest, SplitsOnNewlinesAndStripsCarriageReturns) {
  Collected c = Split("a\r\nb\n\nc\r\n");
  EXPECT_EQ(c.lines, (std::vector<std::string>{"a", "b", "", "c"}));
}

TEST(LineReaderTest, DeliversAnUnterminatedLastLine) {
  EXPECT_EQ(Split("a\nlast").lines, (std::vector<std::string>{"a", "last"}));
}

TEST(LineReaderTest, EmptyInputHasNoLines) { EXPECT_TRUE(Split("").lines.empty()); }

TEST(LineReaderTest, KeepsNulBytesAndInvalidUtf8) {
  std::string data("x\0y\xff\n", 5);
  Collected c = Split(data);
  ASSERT_EQ(c.lines.size(), 1u);
  EXPECT_EQ(c.lines[0], std::string("x\0y\xff", 4));
}

TEST(LineReaderTest, TruncatesOverlongLinesAndCarriesOn) {
  std::string data = std::string(100, 'x') + "\nnext\n";
  Collected c = Split(data, 10);
  ASSERT_EQ(c.lines.size(), 2u);
  EXPECT_EQ(c.lines[0], std::string(10, 'x'));
  EXPECT_TRUE(c.truncated[0]);
  EXPECT_EQ(c.lines[1], "next");
  EXPECT_FALSE(c.truncated[1]);
}

TEST(LineReaderTest, StreamsLinesAcrossChunkBoundaries) {
  // Longer than the 256 KiB chunk, with lines straddling boundaries.
  std::string data;
  for (int i = 0; i < 40000; ++i) data += "line number " + std::to_string(i) + "\n";
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  std::fwrite(data.data(), 1, data.size(), f);
  std::rewind(f);
  LineReader reader(f);
  uint64_t n = 0;
  bool all_ok = true;
  Status s = reader.ForEachLine([&](const LineReader::Line& l) {
    all_ok &= l.text == "line number " + std::to_string(n);
    ++n;
  });
  std::fclose(f);
  EXPECT_TRUE(s.ok());
  EXPECT_TRUE(all_ok);
  EXPECT_EQ(n, 40000u);
  EXPECT_EQ(reader.bytes_read(), data.size());
}

TEST(LineReaderTest, MissingFileIsAnIoErrorNamingThePath) {
  LineReader reader;
  Status s = LineReader::Open("/nonexistent/x.log", &reader);
  EXPECT_EQ(s.code(), Status::Code::kIoError);
  EXPECT_EQ(s.message(), "/nonexistent/x.log: cannot open: No such file or directory");
}

}  // namespace
}  // namespace roamreplay
