#pragma once

// The parse stage of a two-thread replay (ReplayOptions::threads >= 2).
//
// One thread reads, re-joins (parse/unwrap.h) and parses lines into
// batches; the other runs model, rules and output on them in input order.
// A batch owns the text of its lines (an arena) and the parser's results,
// whose views point into that text, so they stay valid after the parser has
// moved on. A bounded queue recycles the batches: memory stays flat and no
// allocation happens per line once the batches have grown.
//
// The parser itself stays serial (its state: the time axis, hexdumps,
// ESP-IDF joins), so the consumer sees exactly the ParsedLine sequence of
// a serial replay, and the output is byte-identical.
//
// The parse has a stateless half, what a message body is (event shapes,
// the catalogue, the memo: BodyClassifier). The parsing thread is the busier
// of the two, so it leaves that half to the consumer while the consumer
// keeps up (fewer than kBacklog batches wait), and does it itself when the
// consumer falls behind: the work moves to whichever thread has time.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parse/line_parser.h"
#include "parse/unwrap.h"

namespace roamreplay {

struct ParsedItem {
  /// The body awaits BodyClassifier::Classify (LineParser::ParseDeferred).
  bool pending = false;
  LogicalLine raw;  ///< raw.text points into the batch's arena.
  ParsedLine parsed;
};

/// Who classifies message bodies (see above): tests force either side.
enum class BodySplit : uint8_t { kAdaptive, kParser, kConsumer };

struct ParsedBatch {
  std::optional<InputDetection> detection;  ///< The input's shape: before items[0].
  std::vector<ParsedItem> items;            ///< items[0, count) are this batch's.
  size_t count = 0;
  std::unique_ptr<char[]> arena;  ///< Line texts, then copies of views kept outside them.
  size_t capacity = 0;
  size_t used = 0;
  std::deque<std::string> overflow;  ///< Copies that did not fit the arena (stable addresses).

  void Clear() {
    detection.reset();
    count = 0;
    used = 0;
    overflow.clear();
  }
};

/// Consumer side: classifies the pending bodies of `batch` (its own
/// classifier, one per consuming thread).
void ClassifyPending(ParsedBatch* batch, BodyClassifier* classifier);

/// Bounded hand-off of batches between the two threads, with a free list.
class BatchQueue {
 public:
  explicit BatchQueue(size_t depth) : depth_(depth) {}

  /// Producer: an empty batch; blocks while `depth` batches are in flight.
  std::unique_ptr<ParsedBatch> Acquire();
  /// Producer: hands `batch` on; nullptr marks the end.
  void Push(std::unique_ptr<ParsedBatch> batch);
  /// Consumer: the next batch in order, or nullptr at the end.
  std::unique_ptr<ParsedBatch> Pop();
  /// Consumer: gives a processed batch back for reuse.
  void Recycle(std::unique_ptr<ParsedBatch> batch);
  /// Batches pushed and not yet popped.
  size_t Waiting();

 private:
  const size_t depth_;
  std::mutex mu_;
  std::condition_variable ready_, space_;
  std::deque<std::unique_ptr<ParsedBatch>> full_;
  std::vector<std::unique_ptr<ParsedBatch>> free_;
  size_t in_flight_ = 0;  ///< Acquired and not yet recycled.
  bool ended_ = false;
};

/// A LineSink that parses each logical line into the current batch and
/// pushes full batches to the queue. Call Finish() after the front end's.
class ParseStage : public LineSink {
 public:
  /// `batch_bytes`: text per batch before it is handed on (tests use a
  /// few bytes to put a batch edge between every two lines).
  ParseStage(BatchQueue* queue, int year, size_t batch_bytes,
             BodySplit split = BodySplit::kAdaptive)
      : queue_(queue), year_(year), batch_bytes_(batch_bytes), split_(split) {}

  /// The consumer leaves the bodies to the parser once this many batches
  /// wait for it.
  static constexpr size_t kBacklog = 2;

  void OnInput(const InputDetection& detection) override;
  void OnLogicalLine(const LogicalLine& line) override;
  /// Pushes the last batch and the end marker.
  void Finish();
  /// Ends the queue after an exception (the current batch is dropped).
  void Abort();

 private:
  /// Room for `n` more bytes in the current batch (handing it on first
  /// when it is full).
  ParsedBatch* Room(size_t n);
  /// Copies `*view` into the batch when it points outside `text`.
  void Pin(ParsedBatch* batch, std::string_view text, std::string_view* view);

  BatchQueue* queue_;
  int year_;
  size_t batch_bytes_;
  BodySplit split_;
  bool defer_ = false;  ///< For the current batch: leave bodies to the consumer.
  LineParser parser_;
  std::unique_ptr<ParsedBatch> batch_;
};

}  // namespace roamreplay
