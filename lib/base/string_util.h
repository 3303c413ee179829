#pragma once

// Small string_view helpers used on the per-line hot path. None of them
// allocate; none of them depend on the locale.

#include <charconv>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>
#include <type_traits>

namespace roamreplay {

/// If `*s` starts with `prefix`, removes it and returns true.
inline bool ConsumePrefix(std::string_view* s, std::string_view prefix) {
  if (s->substr(0, prefix.size()) != prefix) return false;
  s->remove_prefix(prefix.size());
  return true;
}

inline bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

inline bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

/// The 8 bytes at `p`, little-endian (a load; `p` need not be aligned).
inline uint64_t Load8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

/// Whether the 8 bytes of `v` (Load8) are all '0'..'9': the high nibble is
/// 3, and adding 6 keeps it 3 (no carry crosses a byte).
inline bool EightDigits(uint64_t v) {
  constexpr uint64_t kHigh = 0xF0F0F0F0F0F0F0F0ULL, kThrees = 0x3030303030303030ULL;
  return (v & kHigh) == kThrees && ((v + 0x0606060606060606ULL) & kHigh) == kThrees;
}

/// The value of 8 ASCII digits (EightDigits), first byte most significant:
/// pairs, then quads, then the whole, by multiplication.
inline uint32_t EightDigitValue(uint64_t v) {
  v -= 0x3030303030303030ULL;
  v = (v * 10) + (v >> 8);
  v = (((v & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32))) +
       (((v >> 16) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32)))) >>
      32;
  return static_cast<uint32_t>(v);
}

/// "<10 digits>.<6 digits>" at the start of `p` (at least 17 bytes): the
/// time in microseconds, or -1. The "-t" stamps of every real log (2001 to
/// 2286) have this form; callers fall back to a general reading.
inline int64_t TenDotSixDigits(const char* p) {
  if (p[10] != '.') return -1;
  const uint64_t head = Load8(p);
  // The six digits of microseconds behind two '0's (one load of p[11, 19)
  // would read past a 17-byte view).
  uint64_t tail = 0x3030;
  std::memcpy(reinterpret_cast<char*>(&tail) + 2, p + 11, 6);
  if (!EightDigits(head) || !IsDigit(p[8]) || !IsDigit(p[9]) || !EightDigits(tail)) return -1;
  const int64_t sec = int64_t{EightDigitValue(head)} * 100 + (p[8] - '0') * 10 + (p[9] - '0');
  return sec * 1'000'000 + EightDigitValue(tail);
}

inline std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

inline std::string_view TrimLeft(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

/// Parses a decimal unsigned integer at the start of `*s` and consumes it.
/// Returns false (leaving `*s` untouched) if there is no digit or on overflow.
template <typename T>
bool ConsumeUint(std::string_view* s, T* out) {
  static_assert(std::is_unsigned_v<T>, "ConsumeUint parses unsigned types");
  // Hand-rolled: runs once per line (the -t seconds), where from_chars'
  // generality shows in profiles.
  constexpr T kMax = std::numeric_limits<T>::max();
  T value = 0;
  size_t i = 0;
  for (; i < s->size() && IsDigit((*s)[i]); ++i) {
    T digit = static_cast<T>((*s)[i] - '0');
    if (value > (kMax - digit) / 10) return false;  // overflow
    value = static_cast<T>(value * 10 + digit);
  }
  if (i == 0) return false;
  s->remove_prefix(i);
  *out = value;
  return true;
}

/// Parses a decimal integer (optional leading '-') at the start of `*s`.
inline bool ConsumeInt(std::string_view* s, int64_t* out) {
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(s->data(), s->data() + s->size(), value);
  if (ec != std::errc() || ptr == s->data()) return false;
  s->remove_prefix(static_cast<size_t>(ptr - s->data()));
  *out = value;
  return true;
}

/// Returns the text after `key` (e.g. "status_code=") up to the next space.
/// Empty if `key` is not present.
inline std::string_view FieldValue(std::string_view s, std::string_view key) {
  size_t pos = s.find(key);
  if (pos == std::string_view::npos) return {};
  s.remove_prefix(pos + key.size());
  size_t end = s.find(' ');
  return end == std::string_view::npos ? s : s.substr(0, end);
}

}  // namespace roamreplay
