#include "app/parse_pipeline.h"

#include <algorithm>
#include <cstring>
#include <functional>

namespace roamreplay {

namespace {

// Arena bytes reserved after each line for the views the parser keeps
// outside it (an inherited time stamp, ...); larger ones go to overflow.
constexpr size_t kPinSlack = 64;

// Items ahead of the current one whose memory is fetched in advance.
constexpr size_t kPrefetchAhead = 4;

bool Inside(std::string_view view, std::string_view text) {
  std::less_equal<const char*> le;
  return le(text.data(), view.data()) && le(view.data() + view.size(), text.data() + text.size());
}

}  // namespace

std::unique_ptr<ParsedBatch> BatchQueue::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  space_.wait(lock, [&] { return in_flight_ < depth_; });
  ++in_flight_;
  if (free_.empty()) return std::make_unique<ParsedBatch>();
  std::unique_ptr<ParsedBatch> batch = std::move(free_.back());
  free_.pop_back();
  return batch;
}

void BatchQueue::Push(std::unique_ptr<ParsedBatch> batch) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (batch == nullptr)
      ended_ = true;
    else
      full_.push_back(std::move(batch));
  }
  ready_.notify_one();
}

std::unique_ptr<ParsedBatch> BatchQueue::Pop() {
  std::unique_lock<std::mutex> lock(mu_);
  ready_.wait(lock, [&] { return !full_.empty() || ended_; });
  if (full_.empty()) return nullptr;
  std::unique_ptr<ParsedBatch> batch = std::move(full_.front());
  full_.pop_front();
  return batch;
}

void BatchQueue::Recycle(std::unique_ptr<ParsedBatch> batch) {
  batch->Clear();
  {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(batch));
    --in_flight_;
  }
  space_.notify_one();
}

size_t BatchQueue::Waiting() {
  std::lock_guard<std::mutex> lock(mu_);
  return full_.size();
}

void ClassifyPending(ParsedBatch* batch, BodyClassifier* classifier) {
  for (size_t i = 0; i < batch->count; ++i) {
    ParsedItem& item = batch->items[i];
    if (!item.pending) continue;
    // A pending body cannot open a multi-line hexdump (MayOpenHexdumpLines).
    bool opens_ascii = false, opens_lines = false;
    classifier->Classify(&item.parsed, &opens_ascii, &opens_lines);
    item.pending = false;
  }
}

void ParseStage::OnInput(const InputDetection& detection) {
  parser_ = LineParser(detection.format, year_);
  Room(0)->detection = detection;
}

ParsedBatch* ParseStage::Room(size_t n) {
  if (batch_ != nullptr && batch_->used + n > batch_->capacity &&
      (batch_->count > 0 || batch_->detection)) {
    queue_->Push(std::move(batch_));
  }
  if (batch_ == nullptr) {
    batch_ = queue_->Acquire();
    defer_ = split_ == BodySplit::kConsumer ||
             (split_ == BodySplit::kAdaptive && queue_->Waiting() < kBacklog);
  }
  if (batch_->used + n > batch_->capacity) {  // an empty batch: make it large enough
    size_t capacity = std::max(batch_bytes_, n);
    batch_->arena.reset(new char[capacity]);
    batch_->capacity = capacity;
    batch_->used = 0;
  }
  return batch_.get();
}

void ParseStage::Pin(ParsedBatch* batch, std::string_view text, std::string_view* view) {
  if (view->empty() || Inside(*view, text)) return;
  if (batch->used + view->size() <= batch->capacity) {
    char* dst = batch->arena.get() + batch->used;
    std::memcpy(dst, view->data(), view->size());
    batch->used += view->size();
    *view = std::string_view(dst, view->size());
  } else {
    batch->overflow.emplace_back(*view);
    *view = batch->overflow.back();
  }
}

void ParseStage::OnLogicalLine(const LogicalLine& line) {
  ParsedBatch* batch = Room(line.text.size() + kPinSlack);
  char* dst = batch->arena.get() + batch->used;
  if (!line.text.empty()) std::memcpy(dst, line.text.data(), line.text.size());
  batch->used += line.text.size();
  std::string_view text(dst, line.text.size());
  if (batch->count == batch->items.size()) batch->items.emplace_back();
  // A recycled batch's items were last read on the consumer's core; asking
  // for the ones a few lines ahead now hides that fetch (it was a third of
  // the parse's time with two threads).
  if (batch->count + kPrefetchAhead < batch->items.size()) {
    const char* ahead = reinterpret_cast<const char*>(&batch->items[batch->count + kPrefetchAhead]);
    for (size_t b = 0; b < sizeof(ParsedItem) - sizeof(Event); b += 64)
      __builtin_prefetch(ahead + b, 1);
  }
  ParsedItem& item = batch->items[batch->count++];
  item.raw = line;
  item.raw.text = text;
  if (defer_) {
    item.pending = parser_.ParseDeferred(text, &item.parsed);
  } else {
    parser_.Parse(text, &item.parsed);
    item.pending = false;
  }
  ParsedLine& p = item.parsed;
  for (std::string_view* view : {&p.time_text, &p.ifname, &p.body, &p.why}) Pin(batch, text, view);
}

void ParseStage::Finish() {
  if (batch_ != nullptr && (batch_->count > 0 || batch_->detection))
    queue_->Push(std::move(batch_));
  else if (batch_ != nullptr)
    queue_->Recycle(std::move(batch_));
  queue_->Push(nullptr);
}

void ParseStage::Abort() {
  if (batch_ != nullptr) queue_->Recycle(std::move(batch_));
  queue_->Push(nullptr);
}

}  // namespace roamreplay
