#include "parse/line_memo.h"

#include <algorithm>

namespace roamreplay {

void LineMemo::Insert(std::string_view body, uint64_t hash, const BodyVerdict& verdict) {
  if (body.size() > kMaxKey) return;
  const size_t bytes = sizeof(uint64_t) + body.size();
  if (entries_ >= kMaxEntries || arena_.size() + bytes > kArenaBytes) {
    std::fill(slots_.begin(), slots_.end(), Slot());  // start over
    arena_.clear();
    entries_ = 0;
  }
  if (slots_.empty()) {
    slots_.resize(kSlots);
    arena_.reserve(kArenaBytes);
  }
  size_t i = hash & (kSlots - 1);
  for (size_t probe = 0; slots_[i].hash != 0; ++probe, i = (i + 1) & (kSlots - 1))
    if (probe + 1 == kMaxProbe) return;  // a crowded run: Find would not look further
  Slot& s = slots_[i];
  s.hash = hash;
  s.offset = static_cast<uint32_t>(arena_.size());
  s.len = static_cast<uint16_t>(body.size());
  s.eras = verdict.eras;
  s.flags = static_cast<uint8_t>((verdict.hexdump ? kHexdump : 0) |
                                 (verdict.opens_ascii ? kOpensAscii : 0) |
                                 (verdict.opens_lines ? kOpensLines : 0));
  char shape[sizeof(uint64_t)];
  std::memcpy(shape, &verdict.shape_hash, sizeof shape);
  arena_.append(shape, sizeof shape);
  arena_.append(body);
  ++entries_;
}

}  // namespace roamreplay
