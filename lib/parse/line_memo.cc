#include "parse/line_memo.h"

#include <algorithm>

namespace roamreplay {

void LineMemo::Insert(std::string_view body, uint64_t hash, const BodyVerdict& verdict) {
  if (body.size() > kMaxKey) return;
  if (entries_ >= kMaxEntries || arena_.size() + body.size() > kArenaBytes) {
    std::fill(slots_.begin(), slots_.end(), Slot());  // start over
    arena_.clear();
    entries_ = 0;
  }
  if (slots_.empty()) {
    slots_.resize(kSlots);
    arena_.reserve(kArenaBytes);
  }
  size_t i = hash & (kSlots - 1);
  while (slots_[i].hash != 0) i = (i + 1) & (kSlots - 1);
  Slot& s = slots_[i];
  s.hash = hash;
  s.offset = static_cast<uint32_t>(arena_.size());
  s.len = static_cast<uint32_t>(body.size());
  s.verdict = verdict;
  arena_.append(body);
  ++entries_;
}

}  // namespace roamreplay
