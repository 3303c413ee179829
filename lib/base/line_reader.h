#pragma once

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace roamreplay {

/// Streams a file (or stdin) line by line through a fixed-size buffer, so
/// memory stays flat whatever the size of the input (ninja's LineReader).
///
/// Line handling: "\n" ends a line; one trailing "\r" is stripped (CRLF
/// files); an unterminated last line is delivered; NUL bytes and invalid
/// UTF-8 are passed through untouched. A line longer than `max_line_bytes`
/// is delivered truncated to that length with `truncated` set; the rest of
/// it is skipped.
///
/// gzip input (magic 1f 8b in the first two bytes, from a file or stdin) is
/// decompressed on the fly with zlib, also several concatenated members;
/// corrupt or truncated gzip data ends the read with a Corruption status
/// after the lines decoded so far have been delivered.
class LineReader {
 public:
  struct Line {
    std::string_view text;  ///< Valid only during the callback.
    uint64_t number = 0;    ///< 1-based.
    bool truncated = false;
    uint64_t full_length = 0;  ///< Bytes in the line before truncation.
  };
  using Callback = std::function<void(const Line&)>;

  static constexpr size_t kDefaultMaxLineBytes = 1 << 20;

  /// Opens `path`; "-" means stdin. The reader does not own stdin.
  static Status Open(const std::string& path, LineReader* out);
  /// Reads from a caller-owned stream (tests, stdin).
  explicit LineReader(std::FILE* stream = nullptr) : stream_(stream) {}
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;
  LineReader(LineReader&& other) noexcept;
  LineReader& operator=(LineReader&& other) noexcept;

  void set_max_line_bytes(size_t n) { max_line_bytes_ = n; }
  /// Reading stops (ForEachLine returns Ok, interrupted() is true) once
  /// `*stop` is non-zero; a signal handler sets it. Checked after every read
  /// of the input, which a signal interrupts (installed without SA_RESTART).
  void set_stop(const volatile std::sig_atomic_t* stop) { stop_ = stop; }
  bool interrupted() const { return interrupted_; }
  /// Every byte read from the input is also written to `copy` (a spool of
  /// the input as read, for a second pass that must not read it again).
  void set_copy(std::FILE* copy) { copy_ = copy; }
  /// True when bytes followed the last complete gzip member ("trailing
  /// garbage ignored", as gzip says); the lines decoded before were read.
  bool trailing_garbage() const { return trailing_garbage_; }

  /// Calls `cb` once per line until end of input. Returns an IoError if the
  /// stream reports a read error, a Corruption for bad gzip data; lines
  /// before it have been delivered.
  Status ForEachLine(const Callback& cb);

  /// Bytes consumed so far (for throughput and progress).
  uint64_t bytes_read() const { return bytes_read_; }
  /// True once ForEachLine found gzip input.
  bool gzip() const { return gzip_; }

 private:
  std::FILE* stream_ = nullptr;
  bool owns_stream_ = false;
  size_t max_line_bytes_ = kDefaultMaxLineBytes;
  uint64_t bytes_read_ = 0;
  bool gzip_ = false;
  const volatile std::sig_atomic_t* stop_ = nullptr;
  bool interrupted_ = false;
  std::FILE* copy_ = nullptr;
  bool trailing_garbage_ = false;

  friend class ReaderAccess;
};

/// Splits an in-memory buffer with the same rules as LineReader.
void ForEachLineInBuffer(std::string_view buffer, const LineReader::Callback& cb,
                         size_t max_line_bytes = LineReader::kDefaultMaxLineBytes);

}  // namespace roamreplay
