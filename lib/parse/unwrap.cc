#include "parse/unwrap.h"

#include <algorithm>

#include "base/mac_address.h"
#include "base/string_util.h"

namespace roamreplay {
namespace {

constexpr size_t kMinWrapColumn = 40;
constexpr size_t kMaxWrapColumn = 100;

bool LooksLikeHexdumpAscii(std::string_view s) {
  if (!StartsWith(s, "    ")) return false;
  s = TrimLeft(s);
  return s.size() >= 3 && HexDigitValue(s[0]) >= 0 && HexDigitValue(s[1]) >= 0 && s[2] == ' ';
}

// "> text" (a mail quote) -> "text".
std::string_view Unquote(std::string_view s) {
  if (!ConsumePrefix(&s, ">")) return s;
  ConsumePrefix(&s, " ");
  return s;
}

// Whether nine in ten non-blank lines of the sample are mail-quoted.
bool QuotedSample(const std::vector<std::string>& sample) {
  size_t nonblank = 0, quoted = 0;
  for (const std::string& line : sample) {
    if (TrimRight(line).empty()) continue;
    ++nonblank;
    if (StartsWith(line, ">")) ++quoted;
  }
  return nonblank > 0 && quoted * 10 >= nonblank * 9;
}

// "30 14 01 00" -> number of byte pairs, or 0 when it is not only hex bytes.
size_t HexBytes(std::string_view s) {
  s = TrimRight(s);
  if (s.size() < 2) return 0;
  size_t n = 0;
  for (size_t i = 0; i < s.size(); i += 3, ++n) {
    if (i + 1 >= s.size() || HexDigitValue(s[i]) < 0 || HexDigitValue(s[i + 1]) < 0) return 0;
    if (i + 2 < s.size() && s[i + 2] != ' ') return 0;
  }
  return n;
}

// ESP-IDF prints a hexdump's bytes on lines of their own ("D (1678) wpa: 30
// 14 .."): when `record` is a hexdump still short of its len= bytes and
// `line` carries only bytes, sets `*bytes` to them.
bool EspHexdumpBytes(std::string_view record, std::string_view line, std::string_view* bytes) {
  size_t pos = record.find(" - hexdump(len=");
  if (pos == std::string_view::npos) return false;
  std::string_view rest = record.substr(pos + 15);
  size_t len = 0;
  if (!ConsumeUint(&rest, &len) || !ConsumePrefix(&rest, "):")) return false;
  rest = TrimLeft(rest);
  size_t have = rest.empty() ? 0 : HexBytes(rest);
  if (!rest.empty() && have == 0) return false;
  OuterPrefix p;
  SplitOuterPrefix(InputFormat::kEspIdf, line, &p);
  if (p.source != LineSource::kSupplicant) return false;
  size_t more = HexBytes(p.rest);
  if (more == 0 || have + more > len) return false;
  *bytes = TrimRight(p.rest);
  return true;
}

size_t LongestLine(const std::vector<std::string>& sample) {
  size_t longest = 0;
  for (const std::string& line : sample) longest = std::max(longest, line.size());
  return longest;
}

}  // namespace

bool ParseUnwrapMode(std::string_view name, UnwrapMode* mode) {
  if (name == "auto") *mode = UnwrapMode::kAuto;
  else if (name == "on") *mode = UnwrapMode::kOn;
  else if (name == "off") *mode = UnwrapMode::kOff;
  else return false;
  return true;
}

bool IsContinuation(InputFormat format, size_t wrap_column, std::string_view prev,
                    std::string_view line) {
  if (wrap_column == 0 || TrimRight(prev).empty() || TrimRight(line).empty()) return false;
  if (HasOuterPrefix(format, line) || LooksLikeHexdumpAscii(line)) return false;
  std::string_view word = TrimLeft(line);
  word = word.substr(0, word.find(' '));
  return (prev.size() + 1 + word.size()) * 4 > wrap_column * 3;
}

size_t DetectWrapColumn(InputFormat format, const std::vector<std::string>& sample) {
  if (format == InputFormat::kPlain || format == InputFormat::kAuto) return 0;
  size_t column = LongestLine(sample);
  if (column < kMinWrapColumn || column > kMaxWrapColumn) return 0;
  size_t breaks = 0;
  for (size_t i = 1; i < sample.size(); ++i)
    if (IsContinuation(format, column, sample[i - 1], sample[i])) ++breaks;
  return breaks >= 2 ? column : 0;
}

void InputFrontEnd::Push(const LineReader::Line& line) {
  Meta meta{line.number, line.truncated, line.full_length};
  if (decided_) return Feed(quoted_ ? Unquote(line.text) : line.text, meta);
  sample_.emplace_back(line.text);
  sample_meta_.push_back(meta);
  sample_bytes_ += line.text.size();
  if (sample_.size() >= kSampleLines || sample_bytes_ >= kSampleBytes) Decide();
}

void InputFrontEnd::Flush() {
  if (!decided_) Decide();
  EmitPending();
}

void InputFrontEnd::Finish() {
  if (!decided_) Decide();
  EmitPending();
}

void InputFrontEnd::Decide() {
  decided_ = true;
  quoted_ = QuotedSample(sample_);
  if (quoted_)
    for (std::string& line : sample_) line = std::string(Unquote(line));
  detection_.quoted = quoted_;
  detection_.detected = options_.format == InputFormat::kAuto;
  detection_.format = detection_.detected ? DetectInputFormat(sample_) : options_.format;
  size_t column = DetectWrapColumn(detection_.format, sample_);
  if (options_.unwrap == UnwrapMode::kOn && column == 0)
    column = std::max(kMinWrapColumn, LongestLine(sample_));
  detection_.wrap_column = options_.unwrap == UnwrapMode::kOff ? 0 : column;
  sink_->OnInput(detection_);
  for (size_t i = 0; i < sample_.size(); ++i) Feed(sample_[i], sample_meta_[i]);
  sample_.clear();
  sample_.shrink_to_fit();
  sample_meta_.clear();
  sample_meta_.shrink_to_fit();
}

void InputFrontEnd::Feed(std::string_view text, const Meta& meta) {
  bool esp = detection_.format == InputFormat::kEspIdf;
  if (detection_.wrap_column == 0 && !esp) {
    LogicalLine out{text, meta.number, 1, meta.truncated, meta.full_length};
    sink_->OnLogicalLine(out);
    return;
  }
  if (has_pending_ && pending_.size() + text.size() < options_.max_record_bytes) {
    std::string_view bytes;
    if (esp && EspHexdumpBytes(pending_, text, &bytes)) {
      pending_ += ' ';
      pending_.append(bytes);
      Absorb(text, meta);
      return;
    }
    if (IsContinuation(detection_.format, detection_.wrap_column, last_piece_, text)) {
      if (!pending_.empty() && pending_.back() != ' ') pending_ += ' ';
      pending_.append(TrimLeft(text));
      Absorb(text, meta);
      return;
    }
  }
  EmitPending();
  has_pending_ = true;
  pending_.assign(text);
  pending_meta_ = LogicalLine{{}, meta.number, 1, meta.truncated, meta.full_length};
  last_piece_.assign(text);
}

void InputFrontEnd::Absorb(std::string_view text, const Meta& meta) {
  ++pending_meta_.pieces;
  pending_meta_.truncated |= meta.truncated;
  pending_meta_.full_length += meta.full_length + 1;
  last_piece_.assign(text);
}

void InputFrontEnd::EmitPending() {
  if (!has_pending_) return;
  has_pending_ = false;
  pending_meta_.text = pending_;
  sink_->OnLogicalLine(pending_meta_);
}

}  // namespace roamreplay
