// LineReader::set_read_ahead: reading (and inflating) on a thread of its own
// must change nothing a caller sees: lines, statuses, gzip flags, byte
// counts, the copy, the stop flag, and exceptions thrown by the callback.

#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/line_reader.h"
#include "testing/gzip.h"

namespace roamreplay {
namespace {

namespace fs = std::filesystem;

std::string GzipFast(const std::string& data) { return testing::Gzip(data, 1); }

// Many 256 KiB chunks: CRLF lines, a line longer than the limit, no final newline.
std::string BigText() {
  std::string text;
  for (int i = 0; i < 120000; ++i) {
    text += fmt::format("1317158007.{:06}: wlan0: line {}{}", i % 1000000, i,
                        i % 7 == 0 ? "\r\n" : "\n");
    if (i == 5000) text += std::string(300000, 'x') + "\n";
  }
  return text + "unterminated last line";
}

struct Result {
  std::vector<std::string> lines;  // number|truncated|full_length|text
  std::string status;
  bool gzip = false, garbage = false, interrupted = false;
  uint64_t bytes = 0;
};

Result Read(const std::string& path, bool ahead, size_t stop_after = 0) {
  static volatile std::sig_atomic_t stop = 0;
  stop = 0;
  Result r;
  LineReader reader;
  Status open = LineReader::Open(path, &reader);
  EXPECT_TRUE(open.ok()) << open.message();
  reader.set_max_line_bytes(100000);
  reader.set_read_ahead(ahead);
  reader.set_stop(&stop);
  Status s = reader.ForEachLine([&](const LineReader::Line& l) {
    r.lines.push_back(fmt::format("{}|{}|{}|{}", l.number, l.truncated, l.full_length, l.text));
    if (stop_after != 0 && r.lines.size() == stop_after) stop = 1;
  });
  r.status = fmt::format("{} {}", static_cast<int>(s.code()), s.message());
  r.gzip = reader.gzip();
  r.garbage = reader.trailing_garbage();
  r.interrupted = reader.interrupted();
  r.bytes = reader.bytes_read();
  return r;
}

class ReadAheadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() /
             ("roamreplay_ahead_" +
              std::string(::testing::UnitTest::GetInstance()->current_test_info()->name())))
                .string();
  }
  void TearDown() override { std::remove(path_.c_str()); }
  void Write(const std::string& bytes) { std::ofstream(path_, std::ios::binary) << bytes; }

  void ExpectSame(const std::string& what) {
    Result serial = Read(path_, false), ahead = Read(path_, true);
    EXPECT_EQ(ahead.lines, serial.lines) << what;
    EXPECT_EQ(ahead.status, serial.status) << what;
    EXPECT_EQ(ahead.gzip, serial.gzip) << what;
    EXPECT_EQ(ahead.garbage, serial.garbage) << what;
    EXPECT_EQ(ahead.bytes, serial.bytes) << what;
    EXPECT_FALSE(ahead.interrupted) << what;
  }

  std::string path_;
};

TEST_F(ReadAheadTest, GivesWhatTheSerialReaderGives) {
  const std::string text = BigText();
  const std::string gz = GzipFast(text);
  std::string corrupt = gz;
  for (size_t i = 100; i < 200; ++i) corrupt[i] = static_cast<char>(corrupt[i] ^ 0x5a);
  const std::vector<std::pair<std::string, std::string>> inputs = {
      {"plain", text},
      {"empty", ""},
      {"one byte of the gzip magic", "\x1f"},
      {"gzip", gz},
      {"gzip members", GzipFast("a\nb") + GzipFast("c\n") + gz},
      {"gzip cut in half", gz.substr(0, gz.size() / 2)},
      {"corrupt gzip", corrupt},
      {"trailing garbage", gz + "not gzip at all"},
  };
  for (const auto& [what, bytes] : inputs) {
    Write(bytes);
    ExpectSame(what);
  }
  Write(text);
  EXPECT_GT(Read(path_, true).lines.size(), 120000u);  // not vacuous
}

// The copy (report's spool) holds every byte read, as the serial reader's.
TEST_F(ReadAheadTest, CopiesEveryByteRead) {
  const std::string text = BigText();
  for (const std::string& bytes : {text, GzipFast(text)}) {
    Write(bytes);
    std::FILE* copy = std::tmpfile();
    ASSERT_NE(copy, nullptr);
    LineReader reader;
    ASSERT_TRUE(LineReader::Open(path_, &reader).ok());
    reader.set_read_ahead(true);
    reader.set_copy(copy);
    size_t lines = 0;
    ASSERT_TRUE(reader.ForEachLine([&](const LineReader::Line&) { ++lines; }).ok());
    EXPECT_GT(lines, 120000u);
    std::string copied(bytes.size() + 1, '\0');
    std::rewind(copy);
    copied.resize(std::fread(copied.data(), 1, copied.size(), copy));
    std::fclose(copy);
    EXPECT_TRUE(copied == bytes) << copied.size() << " bytes copied of " << bytes.size();
  }
}

TEST_F(ReadAheadTest, StopsWhenAskedAndJoinsItsThread) {
  Write(GzipFast(BigText()));
  Result r = Read(path_, true, 1000);
  EXPECT_TRUE(r.interrupted);
  EXPECT_EQ(r.status, "0 ");
  EXPECT_GE(r.lines.size(), 1000u);
  EXPECT_LT(r.lines.size(), 120000u);
}

TEST_F(ReadAheadTest, AnExceptionFromTheCallbackEndsTheReading) {
  Write(BigText());
  LineReader reader;
  ASSERT_TRUE(LineReader::Open(path_, &reader).ok());
  reader.set_read_ahead(true);
  size_t lines = 0;
  EXPECT_THROW(reader.ForEachLine([&](const LineReader::Line&) {
                 if (++lines == 10) throw std::runtime_error("consumer failed");
               }),
               std::runtime_error);
  EXPECT_EQ(lines, 10u);
}

}  // namespace
}  // namespace roamreplay
