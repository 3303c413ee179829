#include "output_file.h"

#include <cerrno>
#include <cstring>
#include <iostream>

#include "cli_common.h"

namespace roamreplay::cli {

OutputFile::OutputFile() : stream_(&buf_) {}

OutputFile::~OutputFile() {
  if (buf_.file != nullptr) std::fclose(buf_.file);
}

bool OutputFile::Open(const std::string& path) {
  path_ = path;
  errno = 0;
  buf_.file = std::fopen(path.c_str(), "wb");
  if (buf_.file == nullptr) {
    CannotWrite(path, errno);
    return false;
  }
  return true;
}

OutputFile::Buf::int_type OutputFile::Buf::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  char ch = traits_type::to_char_type(c);
  return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
}

std::streamsize OutputFile::Buf::xsputn(const char* s, std::streamsize n) {
  if (failed || file == nullptr) return 0;
  errno = 0;
  size_t wrote = std::fwrite(s, 1, static_cast<size_t>(n), file);
  if (wrote != static_cast<size_t>(n)) {
    failed = true;
    error = errno;
  }
  return static_cast<std::streamsize>(wrote);
}

bool OutputFile::Close() {
  if (buf_.file == nullptr) return true;
  errno = 0;
  if (std::fflush(buf_.file) != 0 && !buf_.failed) {
    buf_.failed = true;
    buf_.error = errno;
  }
  errno = 0;
  if (std::fclose(buf_.file) != 0 && !buf_.failed) {
    buf_.failed = true;
    buf_.error = errno;
  }
  buf_.file = nullptr;
  if (!buf_.failed && stream_) return true;
  std::cerr << "roamreplay: " << path_ << ": write error";
  if (buf_.error != 0) std::cerr << ": " << std::strerror(buf_.error);
  std::cerr << "\n";
  return false;
}

}  // namespace roamreplay::cli
