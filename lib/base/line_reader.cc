#include "base/line_reader.h"

#include <sys/stat.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <zlib.h>

namespace roamreplay {
namespace {

constexpr size_t kChunkBytes = 256 * 1024;

// Where the bytes read (and inflated) go.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual void Feed(std::string_view chunk) = 0;
  /// True when the reading should end now (the lines' side stopped).
  virtual bool quit() { return false; }
};

// Accumulates the pieces of one line across chunk boundaries. Lines that fit
// inside a chunk never touch `pending`.
class LineAssembler : public ByteSink {
 public:
  LineAssembler(const LineReader::Callback& cb, size_t max_line_bytes)
      : cb_(cb), max_(max_line_bytes) {}

  void Feed(std::string_view chunk) override {
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
                    ByteSink* assembler) {
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
    if (reader->Stopped() || !status.ok() || reader->AtEnd() || assembler->quit()) break;
    n = reader->Read(in->data(), in->size(), &status);
    if (!status.ok() || (n == 0 && reader->Stopped())) break;
  }
  // Drain what zlib still holds for the last input.
  while (status.ok() && !ended && !reader->Stopped() && !assembler->quit()) {
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

namespace {

// Reads (and inflates) the whole input into `sink`, as ForEachLine does.
Status ReadAll(std::FILE* stream, ReaderAccess* reader, ByteSink* sink, bool* gzip) {
  std::vector<char> buf(kChunkBytes);
  Status status = Status::Ok();
  size_t n = reader->Read(buf.data(), buf.size(), &status);
  if (n >= 2 && static_cast<unsigned char>(buf[0]) == 0x1f &&
      static_cast<unsigned char>(buf[1]) == 0x8b) {
    *gzip = true;
    return InflateLines(reader, &buf, n, sink);
  }
  for (;;) {
    if (n > 0) sink->Feed(std::string_view(buf.data(), n));
    if (!status.ok() || reader->Stopped() || sink->quit()) break;
    if (n < buf.size() && std::feof(stream)) break;
    n = reader->Read(buf.data(), buf.size(), &status);
  }
  return status;
}

bool IsRegularFile(std::FILE* stream) {
  struct stat st;
  return fstat(fileno(stream), &st) == 0 && S_ISREG(st.st_mode);
}

// The read-ahead thread's side: bytes copied into a few recycled chunks.
class ChunkQueue : public ByteSink {
 public:
  struct Chunk {
    std::vector<char> data;
    size_t size = 0;
    uint64_t bytes_read = 0;  // of the input, after this chunk was read
  };

  ChunkQueue() {
    for (int i = 0; i < kChunks; ++i) free_.push_back(std::make_unique<Chunk>());
  }
  /// The reading thread's byte count (read on that thread only).
  void set_bytes_read(const uint64_t* bytes_read) { bytes_read_ = bytes_read; }

  void Feed(std::string_view bytes) override {
    while (!bytes.empty()) {
      std::unique_ptr<Chunk> chunk = TakeFree();
      if (chunk == nullptr) return;  // the reader is told to quit
      chunk->data.resize(kChunkBytes);
      size_t n = std::min(bytes.size(), chunk->data.size());
      std::memcpy(chunk->data.data(), bytes.data(), n);
      chunk->size = n;
      chunk->bytes_read = bytes_read_ != nullptr ? *bytes_read_ : 0;
      bytes.remove_prefix(n);
      std::lock_guard<std::mutex> lock(mu_);
      full_.push_back(std::move(chunk));
      ready_.notify_one();
    }
  }
  // The reader is done: `status` after the last chunk.
  void Close(Status status) {
    std::lock_guard<std::mutex> lock(mu_);
    status_ = std::move(status);
    closed_ = true;
    ready_.notify_one();
  }
  // The next chunk, or nullptr once the reader is done and all were taken.
  std::unique_ptr<Chunk> Pop() {
    std::unique_lock<std::mutex> lock(mu_);
    ready_.wait(lock, [&] { return !full_.empty() || closed_; });
    if (full_.empty()) return nullptr;
    std::unique_ptr<Chunk> chunk = std::move(full_.front());
    full_.pop_front();
    return chunk;
  }
  void Recycle(std::unique_ptr<Chunk> chunk) {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(chunk));
    space_.notify_one();
  }
  // Asks the reader to stop at its next chunk.
  void Quit() {
    std::lock_guard<std::mutex> lock(mu_);
    quit_ = true;
    space_.notify_one();
  }
  bool quit() override {
    std::lock_guard<std::mutex> lock(mu_);
    return quit_;
  }
  Status status() {
    std::lock_guard<std::mutex> lock(mu_);
    return status_;
  }

 private:
  static constexpr int kChunks = 4;

  std::unique_ptr<Chunk> TakeFree() {
    std::unique_lock<std::mutex> lock(mu_);
    space_.wait(lock, [&] { return !free_.empty() || quit_; });
    if (quit_) return nullptr;
    std::unique_ptr<Chunk> chunk = std::move(free_.back());
    free_.pop_back();
    return chunk;
  }

  const uint64_t* bytes_read_ = nullptr;
  std::mutex mu_;
  std::condition_variable ready_, space_;
  std::deque<std::unique_ptr<Chunk>> full_;
  std::vector<std::unique_ptr<Chunk>> free_;
  bool closed_ = false;
  bool quit_ = false;
  Status status_ = Status::Ok();
};

}  // namespace

Status LineReader::ForEachLine(const Callback& cb) {
  if (stream_ == nullptr) return Status::IoError("no input stream");
  if (read_ahead_ && IsRegularFile(stream_)) return ForEachLineAhead(cb);
  LineAssembler assembler(cb, max_line_bytes_);
  ReaderAccess reader(this);
  Status status = ReadAll(stream_, &reader, &assembler, &gzip_);
  assembler.Finish();
  return status;
}

// The reading thread owns the stream, the copy, the byte count and the gzip
// flags until it is joined; it never looks at the stop flag (a signal
// handler's): this thread does, between chunks, and tells it to quit.
Status LineReader::ForEachLineAhead(const Callback& cb) {
  LineAssembler assembler(cb, max_line_bytes_);
  uint64_t thread_bytes = 0;
  bool thread_gzip = false, thread_garbage = false;
  ChunkQueue queue;
  std::FILE* stream = stream_;
  std::thread reader_thread([&] {
    LineReader shadow(stream);  // reads `stream`; does not own it
    shadow.copy_ = copy_;
    queue.set_bytes_read(&shadow.bytes_read_);
    ReaderAccess reader(&shadow);
    Status status = Status::Ok();
    try {
      status = ReadAll(stream, &reader, &queue, &shadow.gzip_);
    } catch (const std::bad_alloc&) {
      status = Status::IoError("out of memory while reading");
    }
    thread_bytes = shadow.bytes_read_;
    thread_gzip = shadow.gzip_;
    thread_garbage = shadow.trailing_garbage_;
    queue.Close(status);
  });
  struct Joiner {  // the thread is joined on every way out, exceptions too
    ChunkQueue* queue;
    std::thread* thread;
    ~Joiner() {
      queue->Quit();
      while (queue->Pop() != nullptr) {
      }
      if (thread->joinable()) thread->join();
    }
  } joiner{&queue, &reader_thread};
  while (std::unique_ptr<ChunkQueue::Chunk> chunk = queue.Pop()) {
    bytes_read_ = chunk->bytes_read;
    assembler.Feed(std::string_view(chunk->data.data(), chunk->size));
    queue.Recycle(std::move(chunk));
    if (stop_ != nullptr && *stop_ != 0) {
      interrupted_ = true;
      break;
    }
  }
  queue.Quit();
  while (queue.Pop() != nullptr) {
  }
  reader_thread.join();
  bytes_read_ = thread_bytes;
  gzip_ = thread_gzip;
  trailing_garbage_ = thread_garbage;
  if (interrupted_) {
    std::clearerr(stream_);
    assembler.Finish();
    return Status::Ok();
  }
  assembler.Finish();
  return queue.status();
}

void ForEachLineInBuffer(std::string_view buffer, const LineReader::Callback& cb,
                         size_t max_line_bytes) {
  LineAssembler assembler(cb, max_line_bytes);
  assembler.Feed(buffer);
  assembler.Finish();
}

}  // namespace roamreplay
