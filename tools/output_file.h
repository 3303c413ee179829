#pragma once

// A file named on the command line (`report -o`, `stats --records`) written
// through a stream that remembers why its first write failed, so that the
// message names the reason ("No space left on device"), not just "write
// error": an std::ofstream loses errno.

#include <cstdio>
#include <ostream>
#include <streambuf>
#include <string>

namespace roamreplay::cli {

class OutputFile {
 public:
  OutputFile();
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  /// Creates (truncates) `path`; false after "roamreplay: PATH: cannot
  /// write: REASON" on stderr.
  bool Open(const std::string& path);
  bool is_open() const { return buf_.file != nullptr; }
  std::ostream& stream() { return stream_; }
  /// Flushes and closes; false after "roamreplay: PATH: write error: REASON"
  /// on stderr.
  bool Close();

 private:
  struct Buf : std::streambuf {
    std::FILE* file = nullptr;
    int error = 0;  ///< errno of the first failed write, 0 if none.
    bool failed = false;
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
  };
  std::string path_;
  Buf buf_;
  std::ostream stream_;
};

}  // namespace roamreplay::cli
