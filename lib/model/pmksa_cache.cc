#include "model/pmksa_cache.h"

#include <algorithm>

namespace roamreplay {

std::string_view PmkidSourceName(PmkidSource source) {
  switch (source) {
    case PmkidSource::kHmac:
      return "hmac";
    case PmkidSource::kSae:
      return "sae";
    case PmkidSource::kLogged:
      return "logged";
    case PmkidSource::kUnknown:
      break;
  }
  return "";
}

PmksaEntry* PmksaCache::Find(const MacAddress& aa) {
  for (PmksaEntry& e : entries_)
    if (e.aa == aa && Usable(e)) return &e;
  return nullptr;
}

const PmksaEntry* PmksaCache::Find(const MacAddress& aa) const {
  for (const PmksaEntry& e : entries_)
    if (e.aa == aa && Usable(e)) return &e;
  return nullptr;
}

PmksaEntry* PmksaCache::FindByPmkid(const Pmkid& pmkid) {
  if (!pmkid.known) return nullptr;
  for (PmksaEntry& e : entries_)
    if (e.pmkid == pmkid) return &e;
  return nullptr;
}

const PmksaEntry* PmksaCache::FirstOfNetwork(int network, const MacAddress* except,
                                             const std::optional<MacAddress>& spa) const {
  for (const PmksaEntry& e : entries_) {
    if (e.network != network) continue;
    if (except != nullptr && e.aa == *except) continue;
    if (spa && e.has_spa && e.spa != *spa) continue;
    return &e;
  }
  return nullptr;
}

std::optional<PmksaEntry> PmksaCache::Insert(PmksaEntry entry,
                                             std::optional<PmksaEntry>* evicted) {
  // One entry per identity: (AA, own address) when both were logged, else AA.
  std::optional<PmksaEntry> replaced;
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    bool same = it->aa == entry.aa &&
                (!it->spa_logged || !entry.spa_logged || it->spa == entry.spa);
    if (!same) continue;
    replaced = std::move(*it);
    entries_.erase(it);
    break;
  }
  if (entries_.size() >= kMaxEntries) {
    auto victim = entries_.begin();
    if (!evict_current_) {
      while (victim != entries_.end() && victim->current) ++victim;
    }
    if (victim != entries_.end()) {
      if (evicted != nullptr) *evicted = std::move(*victim);
      entries_.erase(victim);
    }
  }
  // Entries without a known expiration (no timestamps) keep insertion order.
  auto pos = entries_.end();
  if (entry.expiration_us != 0) {
    // Linear (at most 32 entries): entries from before the log have no
    // expiration and stay where they are.
    pos = std::find_if(entries_.begin(), entries_.end(), [&](const PmksaEntry& e) {
      return e.expiration_us != 0 && e.expiration_us > entry.expiration_us;
    });
  }
  entries_.insert(pos, std::move(entry));
  return replaced;
}

void PmksaCache::SetCurrent(const MacAddress& aa) {
  for (PmksaEntry& e : entries_) e.current = e.aa == aa;
}

std::vector<PmksaEntry> PmksaCache::ExpireUntil(int64_t now_us) {
  std::vector<PmksaEntry> out;
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->expiration_us != 0 && it->expiration_us <= now_us) {
      out.push_back(std::move(*it));
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
  return out;
}

// A removal line names only the AA: the usable entry goes first; an entry of
// another own address only when it is the only one for that AA.
std::optional<PmksaEntry> PmksaCache::Remove(const MacAddress& aa) {
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const PmksaEntry& e) { return e.aa == aa && Usable(e); });
  if (it == entries_.end())
    it = std::find_if(entries_.begin(), entries_.end(),
                      [&](const PmksaEntry& e) { return e.aa == aa; });
  if (it == entries_.end()) return std::nullopt;
  PmksaEntry removed = std::move(*it);
  entries_.erase(it);
  return removed;
}

}  // namespace roamreplay
