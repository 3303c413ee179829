#include "model/pmksa_cache.h"

namespace roamreplay {

PmksaEntry* PmksaCache::Find(const MacAddress& aa) {
  for (PmksaEntry& e : entries_)
    if (e.aa == aa) return &e;
  return nullptr;
}

const PmksaEntry* PmksaCache::Find(const MacAddress& aa) const {
  for (const PmksaEntry& e : entries_)
    if (e.aa == aa) return &e;
  return nullptr;
}

PmksaEntry* PmksaCache::FindByPmkid(const Pmkid& pmkid) {
  if (!pmkid.known) return nullptr;
  for (PmksaEntry& e : entries_)
    if (e.pmkid == pmkid) return &e;
  return nullptr;
}

const PmksaEntry* PmksaCache::FirstOfNetwork(int network, const MacAddress* except) const {
  for (const PmksaEntry& e : entries_) {
    if (e.network != network) continue;
    if (except != nullptr && e.aa == *except) continue;
    return &e;
  }
  return nullptr;
}

std::optional<PmksaEntry> PmksaCache::Insert(PmksaEntry entry) {
  std::optional<PmksaEntry> replaced = Remove(entry.aa);
  entries_.push_back(std::move(entry));
  return replaced;
}

std::optional<PmksaEntry> PmksaCache::Remove(const MacAddress& aa) {
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->aa != aa) continue;
    PmksaEntry removed = std::move(*it);
    entries_.erase(it);
    return removed;
  }
  return std::nullopt;
}

}  // namespace roamreplay
