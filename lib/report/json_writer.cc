#include "report/json_writer.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

#include <nlohmann/json.hpp>

namespace roamreplay {

namespace {

// Whether any byte of `v` is below 0x20, 0x80 or above, '"' or '\\'. Each
// test is the exact "some byte is zero / below n" trick: (x - n) & ~x has
// a byte's high bit set only where that byte of x is below n (n <= 0x80).
bool EightPlain(uint64_t v) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  const uint64_t quote = v ^ (kOnes * '"'), backslash = v ^ (kOnes * '\\');
  const uint64_t special = ((v - kOnes * 0x20) & ~v) | ((quote - kOnes) & ~quote) |
                           ((backslash - kOnes) & ~backslash) | v;
  return (special & kHigh) == 0;
}

bool NeedsEscape(unsigned char c) { return c < 0x20 || c >= 0x80 || c == '"' || c == '\\'; }

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  // Plain ASCII (the usual log line) is copied as is; anything nlohmann
  // would escape or check (quotes, backslashes, control bytes, non-ASCII
  // bytes, which may be invalid UTF-8) goes through nlohmann itself. The
  // check reads eight bytes at a time.
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t v;
    std::memcpy(&v, s.data() + i, sizeof(v));
    if (!EightPlain(v)) break;
  }
  for (; i < s.size(); ++i) {
    if (NeedsEscape(static_cast<unsigned char>(s[i]))) {
      *out += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return;
    }
  }
  const size_t at = out->size();
  out->resize(at + s.size() + 2);
  char* d = out->data() + at;
  d[0] = '"';
  std::memcpy(d + 1, s.data(), s.size());
  d[s.size() + 1] = '"';
}

void JsonWriter::Newline(int depth) {
  *out_ += '\n';
  out_->append(static_cast<size_t>(depth) * 2, ' ');
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (has_member_.empty()) return;  // the top-level value
  if (has_member_.back()) *out_ += ',';
  has_member_.back() = true;
  if (pretty_) Newline(depth_ + static_cast<int>(has_member_.size()));
}

void JsonWriter::Key(std::string_view key) {
  if (has_member_.back()) *out_ += ',';
  has_member_.back() = true;
  if (pretty_) Newline(depth_ + static_cast<int>(has_member_.size()));
  AppendJsonString(key, out_);
  *out_ += ':';
  if (pretty_) *out_ += ' ';
  after_key_ = true;
}

void JsonWriter::Open(char c) {
  BeforeValue();
  *out_ += c;
  has_member_.push_back(false);
}

void JsonWriter::Close(char c) {
  bool any = has_member_.back();
  has_member_.pop_back();
  if (any && pretty_) Newline(depth_ + static_cast<int>(has_member_.size()));
  *out_ += c;
}

void JsonWriter::String(std::string_view s) {
  BeforeValue();
  AppendJsonString(s, out_);
}

void JsonWriter::Null() {
  BeforeValue();
  *out_ += "null";
}

void JsonWriter::Bool(bool b) {
  BeforeValue();
  *out_ += b ? "true" : "false";
}

void JsonWriter::Uint(uint64_t n) {
  BeforeValue();
  char buf[24];
  char* p = buf + sizeof buf;
  do {
    *--p = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n != 0);
  out_->append(p, static_cast<size_t>(buf + sizeof buf - p));
}

void JsonWriter::Int(int64_t n) {
  if (n >= 0) return Uint(static_cast<uint64_t>(n));
  BeforeValue();
  *out_ += '-';
  after_key_ = true;  // the digits follow the sign directly
  Uint(0 - static_cast<uint64_t>(n));
}

void JsonWriter::Millis(int64_t us) {
  // nlohmann prints the double us / 1000.0 as its shortest round-trip
  // decimal: for |us| < 10^15 that is us / 1000 written exactly, with the
  // zeros of the fraction dropped (one kept: "397.0"). Larger values:
  // nlohmann's own formatting.
  constexpr int64_t kExact = 1'000'000'000'000'000;
  if (us <= -kExact || us >= kExact) {
    BeforeValue();
    *out_ += nlohmann::json(static_cast<double>(us) / 1000.0).dump();
    return;
  }
  BeforeValue();
  uint64_t a = us < 0 ? static_cast<uint64_t>(-us) : static_cast<uint64_t>(us);
  if (us < 0) *out_ += '-';
  after_key_ = true;
  Uint(a / 1000);
  char frac[4] = {static_cast<char>('0' + a % 1000 / 100), static_cast<char>('0' + a % 100 / 10),
                  static_cast<char>('0' + a % 10), 0};
  size_t len = 3;
  while (len > 1 && frac[len - 1] == '0') --len;
  *out_ += '.';
  out_->append(frac, len);
}

void JsonWriter::FieldOrNull(std::string_view key, const std::string& s) {
  Key(key);
  if (s.empty()) Null();
  else String(s);
}

void JsonWriter::FieldOrNull(std::string_view key, const std::optional<int64_t>& n) {
  Key(key);
  if (n) Int(*n);
  else Null();
}

void JsonWriter::FieldOrNull(std::string_view key, const std::optional<int>& n) {
  Key(key);
  if (n) Int(*n);
  else Null();
}

void JsonWriter::FieldOrNull(std::string_view key, const std::optional<bool>& b) {
  Key(key);
  if (b) Bool(*b);
  else Null();
}

void JsonWriter::FieldNonZero(std::string_view key, uint64_t n) {
  Key(key);
  if (n) Uint(n);
  else Null();
}

void JsonWriter::FieldMillis(std::string_view key, const std::optional<int64_t>& us) {
  Key(key);
  if (us) Millis(*us);
  else Null();
}

void JsonWriter::FieldStrings(std::string_view key, const std::vector<std::string>& items) {
  Key(key);
  BeginArray();
  for (const std::string& s : items) String(s);
  EndArray();
}

}  // namespace roamreplay
