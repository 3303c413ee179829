#pragma once

// A fast non-cryptographic hash of a byte string for the per-line memos
// (parse/line_memo.h, the catalogue's memo) and for counting message shapes.
// Never 0: the low bit is forced to 1, so 0 can mark an empty slot.
// Not collision-resistant: users compare the bytes as well, or accept that
// a collision merges two statistics.

#include <cstdint>
#include <cstring>
#include <string_view>

namespace roamreplay {

/// 8 bytes at a time, multiply-xorshift mixing.
inline uint64_t HashBytes(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdULL;
    h ^= h >> 29;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, s.data() + i, s.size() - i);
  h = (h ^ tail) * 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 32;
  return (h << 1) | 1;
}

}  // namespace roamreplay
