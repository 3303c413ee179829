#pragma once

// The input front end: holds back the first lines of a file to detect its
// input shape (parse/input_shape.h) and whether a mail client hard-wrapped
// it, then re-joins wrapped records and hands logical lines on.
//
// Wrap rule: a physical line continues the previous one when it does not
// start with the file's prefix shape, is not blank, is not a hexdump_ascii
// continuation ("    61 6c ..."), and its first word would not have fit on
// the previous line: len(prev) + 1 + len(first word) > 3/4 of the wrap column
// (mail clients break well before their nominal width when the next word is
// long, and the longest line of a sample overestimates that width).
// `--unwrap auto` re-joins only when the sample looks wrapped: its longest
// line is 40..100 bytes and at least two lines continue another one (plain
// logs, which have no prefix to tell a continuation by, are never re-joined
// in auto mode). The pieces are joined with one space unless the previous
// piece already ends with one. A logical line keeps the physical line
// number of its first piece.
//
// ESP-IDF hexdumps: the port prints a hexdump's bytes on lines of their own;
// they are joined to their header (up to its len= bytes) in every mode, and
// count as re-joined lines.
//
// Mail quotes: when nine in ten non-blank lines of the sample start with '>',
// every line loses its leading "> " before anything else looks at it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/line_reader.h"
#include "parse/input_shape.h"

namespace roamreplay {

enum class UnwrapMode : uint8_t { kAuto, kOn, kOff };

/// "auto", "on", "off".
bool ParseUnwrapMode(std::string_view name, UnwrapMode* mode);

/// The wrap column of a hard-wrapped sample (its longest line), or 0 when the
/// sample does not look wrapped.
size_t DetectWrapColumn(InputFormat format, const std::vector<std::string>& sample);

/// Whether `line` continues `prev` under the wrap rule above.
bool IsContinuation(InputFormat format, size_t wrap_column, std::string_view prev,
                    std::string_view line);

/// One record after re-joining.
struct LogicalLine {
  std::string_view text;     ///< Valid only during the callback.
  uint64_t number = 0;       ///< Physical line number of the first piece.
  uint32_t pieces = 1;       ///< Physical lines joined into it.
  bool truncated = false;    ///< A piece was truncated by the reader.
  uint64_t full_length = 0;  ///< Bytes of all pieces before truncation.
};

/// What the front end decided about the input, before the first line.
struct InputDetection {
  InputFormat format = InputFormat::kPlain;
  bool detected = false;    ///< true: from the sample; false: given by the caller.
  size_t wrap_column = 0;   ///< 0 = not re-joining.
  bool quoted = false;      ///< Lines lost a mail quote prefix ("> ").
};

class LineSink {
 public:
  virtual ~LineSink() = default;
  virtual void OnInput(const InputDetection& detection) = 0;
  virtual void OnLogicalLine(const LogicalLine& line) = 0;
};

struct FrontEndOptions {
  InputFormat format = InputFormat::kAuto;
  UnwrapMode unwrap = UnwrapMode::kAuto;
  size_t max_record_bytes = LineReader::kDefaultMaxLineBytes;  ///< Joining stops here.
};

/// Feed it every physical line, then Finish(). The sink gets OnInput() once
/// (also for an empty input), then the logical lines in order.
class InputFrontEnd {
 public:
  InputFrontEnd(const FrontEndOptions& options, LineSink* sink) : options_(options), sink_(sink) {}
  InputFrontEnd(const InputFrontEnd&) = delete;
  InputFrontEnd& operator=(const InputFrontEnd&) = delete;

  void Push(const LineReader::Line& line);
  /// For inputs that grow (--follow), when no line came for a while: decides
  /// the shape from the lines sampled so far and emits a line held back for
  /// a continuation (a continuation arriving later is then a line of its
  /// own). Pushing may go on.
  void Flush();
  void Finish();

 private:
  static constexpr size_t kSampleLines = 1000;
  static constexpr size_t kSampleBytes = 512 * 1024;

  struct Meta {
    uint64_t number;
    bool truncated;
    uint64_t full_length;
  };

  void Decide();
  void Feed(std::string_view text, const Meta& meta);
  void EmitPending();
  void Absorb(std::string_view text, const Meta& meta);

  FrontEndOptions options_;
  LineSink* sink_;
  bool decided_ = false;
  bool quoted_ = false;
  InputDetection detection_;
  std::vector<std::string> sample_;
  std::vector<Meta> sample_meta_;
  size_t sample_bytes_ = 0;
  bool has_pending_ = false;
  std::string pending_;
  LogicalLine pending_meta_;
  std::string last_piece_;  ///< The last physical piece of pending_.
};

}  // namespace roamreplay
