#include "base/line_reader.h"

#include <cerrno>
#include <cstring>
#include <vector>

#include <zlib.h>

namespace roamreplay {
namespace {

constexpr size_t kChunkBytes = 256 * 1024;

// Accumulates the pieces of one line across chunk boundaries. Lines that fit
// inside a chunk never touch `pending`.
class LineAssembler {
 public:
  LineAssembler(const LineReader::Callback& cb, size_t max_line_bytes)
      : cb_(cb), max_(max_line_bytes) {}

  void Feed(std::string_view chunk) {
    while (!chunk.empty()) {
      const void* nl = std::memchr(chunk.data(), '\n', chunk.size());
      if (nl == nullptr) {
        Append(chunk);
        return;
      }
      size_t len = static_cast<size_t>(static_cast<const char*>(nl) - chunk.data());
      if (pending_.empty() && pending_len_ == 0) {
        Emit(chunk.substr(0, len), len);
      } else {
        Append(chunk.substr(0, len));
        Emit(pending_, pending_len_);
        pending_.clear();
        pending_len_ = 0;
      }
      chunk.remove_prefix(len + 1);
    }
  }

  void Finish() {
    if (!pending_.empty() || pending_len_ > 0) {
      Emit(pending_, pending_len_);
      pending_.clear();
      pending_len_ = 0;
    }
  }

 private:
  void Append(std::string_view piece) {
    pending_len_ += piece.size();
    if (pending_.size() < max_) pending_.append(piece.substr(0, max_ - pending_.size()));
  }

  void Emit(std::string_view text, uint64_t full_len) {
    LineReader::Line line;
    line.number = ++line_no_;
    line.full_length = full_len;
    if (text.size() > max_) text = text.substr(0, max_);
    line.truncated = full_len > text.size();
    if (!line.truncated && !text.empty() && text.back() == '\r') text.remove_suffix(1);
    line.text = text;
    cb_(line);
  }

  const LineReader::Callback& cb_;
  size_t max_;
  std::string pending_;
  uint64_t pending_len_ = 0;
  uint64_t line_no_ = 0;
};

Status ReadError() { return Status::IoError(std::string("read error: ") + std::strerror(errno)); }

}  // namespace

// The reads of one ForEachLine: counts bytes, copies them to the spool and
// notices a stop request (a signal interrupts a blocking read with EINTR).
class ReaderAccess {
 public:
  explicit ReaderAccess(LineReader* r) : r_(r) {}

  // Fills `buf`; returns the bytes read (0 at the end, on error or stop).
  size_t Read(char* buf, size_t size, Status* status) {
    size_t n = std::fread(buf, 1, size, r_->stream_);
    r_->bytes_read_ += n;
    if (n > 0 && r_->copy_ != nullptr) std::fwrite(buf, 1, n, r_->copy_);
    if (Stopped()) return n;
    if (n < size && std::ferror(r_->stream_)) *status = ReadError();
    return n;
  }
  bool Stopped() {
    if (r_->stop_ != nullptr && *r_->stop_ != 0) {
      r_->interrupted_ = true;
      std::clearerr(r_->stream_);
    }
    return r_->interrupted_;
  }
  bool AtEnd() { return std::feof(r_->stream_) != 0 || std::ferror(r_->stream_) != 0; }
  void TrailingGarbage() { r_->trailing_garbage_ = true; }

 private:
  LineReader* r_;
};

namespace {

// Streams gzip input (one or more concatenated members, as gzip/zcat allow)
// through zlib into `assembler`. `in` holds the first `n` bytes already read.
// Bytes after a complete member that do not start another member are
// trailing garbage: reading stops there (gzip: "trailing garbage ignored").
Status InflateLines(ReaderAccess* reader, std::vector<char>* in, size_t n,
                    LineAssembler* assembler) {
  z_stream z{};
  if (inflateInit2(&z, 15 + 16) != Z_OK) return Status::Corruption("gzip: cannot start zlib");
  std::vector<char> out(kChunkBytes);
  Status status = Status::Ok();
  bool ended = false;  // the last member reached its end
  bool later_member = false;  // a member after the first started
  // Bytes after the first member that never decode (a broken or cut header)
  // are trailing garbage too, as gzip says.
  auto garbage = [&] { return later_member && z.total_out == 0; };
  for (;;) {
    z.next_in = reinterpret_cast<Bytef*>(in->data());
    z.avail_in = static_cast<uInt>(n);
    while (z.avail_in > 0) {
      if (ended) {  // another member, or trailing garbage
        if (z.next_in[0] != 0x1f || (z.avail_in > 1 && z.next_in[1] != 0x8b)) {
          reader->TrailingGarbage();
          inflateEnd(&z);
          return Status::Corruption("gzip: trailing garbage ignored");
        }
        inflateReset(&z);
        ended = false;
        later_member = true;
      }
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = static_cast<uInt>(out.size());
      int rc = inflate(&z, Z_NO_FLUSH);
      size_t produced = out.size() - z.avail_out;
      if (produced > 0) assembler->Feed(std::string_view(out.data(), produced));
      if (rc == Z_STREAM_END) {
        ended = true;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        if (garbage()) {
          reader->TrailingGarbage();
          inflateEnd(&z);
          return Status::Corruption("gzip: trailing garbage ignored");
        }
        inflateEnd(&z);
        return Status::Corruption(std::string("gzip: ") + (z.msg ? z.msg : "corrupt data"));
      } else if (rc == Z_BUF_ERROR && produced == 0 && z.avail_in > 0) {
        break;  // cannot happen with output space; guard against a loop
      }
    }
    if (reader->Stopped() || !status.ok() || reader->AtEnd()) break;
    n = reader->Read(in->data(), in->size(), &status);
    if (!status.ok() || (n == 0 && reader->Stopped())) break;
  }
  // Drain what zlib still holds for the last input.
  while (status.ok() && !ended && !reader->Stopped()) {
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int rc = inflate(&z, Z_NO_FLUSH);
    size_t produced = out.size() - z.avail_out;
    if (produced > 0) assembler->Feed(std::string_view(out.data(), produced));
    if (rc == Z_STREAM_END) {
      ended = true;
    } else if (produced == 0 && garbage()) {
      reader->TrailingGarbage();
      status = Status::Corruption("gzip: trailing garbage ignored");
    } else if (produced == 0) {
      status = Status::Corruption("gzip: truncated input");
    }
  }
  inflateEnd(&z);
  return status;
}

}  // namespace

Status LineReader::Open(const std::string& path, LineReader* out) {
  if (path == "-") {
    *out = LineReader(stdin);
    return Status::Ok();
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr)
    return Status::IoError(path + ": cannot open: " + std::strerror(errno));
  LineReader reader(f);
  reader.owns_stream_ = true;
  *out = std::move(reader);
  return Status::Ok();
}

LineReader::~LineReader() {
  if (owns_stream_ && stream_ != nullptr) std::fclose(stream_);
}

LineReader::LineReader(LineReader&& other) noexcept { *this = std::move(other); }

LineReader& LineReader::operator=(LineReader&& other) noexcept {
  if (this != &other) {
    if (owns_stream_ && stream_ != nullptr) std::fclose(stream_);
    stream_ = other.stream_;
    owns_stream_ = other.owns_stream_;
    max_line_bytes_ = other.max_line_bytes_;
    bytes_read_ = other.bytes_read_;
    gzip_ = other.gzip_;
    stop_ = other.stop_;
    interrupted_ = other.interrupted_;
    copy_ = other.copy_;
    trailing_garbage_ = other.trailing_garbage_;
    other.stream_ = nullptr;
    other.owns_stream_ = false;
  }
  return *this;
}

Status LineReader::ForEachLine(const Callback& cb) {
  if (stream_ == nullptr) return Status::IoError("no input stream");
  std::vector<char> buf(kChunkBytes);
  LineAssembler assembler(cb, max_line_bytes_);
  ReaderAccess reader(this);
  Status status = Status::Ok();
  size_t n = reader.Read(buf.data(), buf.size(), &status);
  if (n >= 2 && static_cast<unsigned char>(buf[0]) == 0x1f &&
      static_cast<unsigned char>(buf[1]) == 0x8b) {
    gzip_ = true;
    Status s = InflateLines(&reader, &buf, n, &assembler);
    assembler.Finish();
    return s;
  }
  for (;;) {
    if (n > 0) assembler.Feed(std::string_view(buf.data(), n));
    if (!status.ok() || reader.Stopped()) break;
    if (n < buf.size() && std::feof(stream_)) break;
    n = reader.Read(buf.data(), buf.size(), &status);
  }
  assembler.Finish();
  return status;
}

void ForEachLineInBuffer(std::string_view buffer, const LineReader::Callback& cb,
                         size_t max_line_bytes) {
  LineAssembler assembler(cb, max_line_bytes);
  assembler.Feed(buffer);
  assembler.Finish();
}

}  // namespace roamreplay
