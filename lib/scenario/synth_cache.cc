// The synthesizer's caches: the supplicant's PMKSA cache as each era keeps
// it, the reference cache (README "How the model decides"; implemented here
// on its own so that a round trip cross-checks lib/model), and what each AP
// or the OKC controller holds for the station.

#include <algorithm>

#include <fmt/format.h>

#include "scenario/synth_sim.h"

namespace roamreplay::synth_internal {

int Sim::NewPmk() {
  Pmk pmk;
  for (uint8_t& b : pmk) b = static_cast<uint8_t>(w_.Rand(0, 255));
  pmks_.push_back(pmk);
  return static_cast<int>(pmks_.size());
}

Entry* Sim::Find(const MacAddress& aa) {
  for (Entry& e : cache_)
    if (e.aa == aa) return &e;
  return nullptr;
}

// Since 9f04a9c8 (2022) entries remember the own address and only match it;
// older supplicants use an entry whatever the address was. The 2.x texts
// synthesized here ("Added ... spa=") are that code's, so the message era,
// not the flush policy, decides.
bool Sim::SpaAware() const { return era_ == TextEra::k2x; }

const Entry* Sim::Usable(const MacAddress& aa) {
  const Entry* e = Find(aa);
  if (e != nullptr && SpaAware() && e->spa != own_) return nullptr;
  return e;
}

// pmksa_cache_get_opportunistic(): clone the first entry of the network in
// list order. Clones keep the source's expiry but are appended to the list
// (hostap: "TODO: reorder entries based on expiration time?").
const Entry* Sim::CloneFor(int ap) {
  const MacAddress& aa = sc_.aps[ap].bssid;
  if (Find(aa) != nullptr) return nullptr;
  const Entry* src = nullptr;
  for (const Entry& e : cache_) {
    if (SpaAware() && e.spa != own_) continue;
    src = &e;
    break;
  }
  // hostap prints this before it looks for a source: with nothing to clone
  // no entry follows (roamreplay must not take a later full-EAP entry for a
  // clone).
  w_.Msg(fmt::format("RSN: Consider {} for OKC", aa.ToString()));
  if (src == nullptr) return nullptr;
  // No reauth-threshold check here: hostap (bb93ea23) skips only SAE sources
  // past their threshold (Sim::SaeCloneFor); an 802.1X entry is cloned until
  // its lifetime ends.
  Entry clone = *src;
  clone.aa = aa;
  clone.spa = own_;
  clone.pmkid = ComputePmkid(pmks_[clone.gen - 1], aa, own_);
  clone.clone = true;
  clone.opportunistic = true;
  std::optional<Retired> src_retired;
  std::string cause;
  if (Stale(*src, &cause)) src_retired = Retired{aa, src->gen, "okc-clone-of-old-pmk"};
  EvictIfFull();
  cache_.push_back(clone);
  PrintAdded(aa, clone.pmkid);
  w_.Msg(fmt::format("RSN: added opportunistic PMKSA cache entry for {}", aa.ToString()));
  // A clone of an entry the reference retired carries the retired PMK.
  if (src_retired) {
    retired_.push_back(*src_retired);
  } else {
    ref_.push_back({aa, clone.gen, true, true});
  }
  return &cache_.back();
}

void Sim::PrintAdded(const MacAddress& aa, const Pmkid& pmkid) {
  if (era_ == TextEra::k2011) {
    w_.Msg("RSN: added PMKSA cache entry for " + aa.ToString());
    w_.Msg("nl80211: Add PMKID for " + aa.ToString());
    return;
  }
  // pmksa_cache_add() derives the PMKID (rsn_pmkid()) before adding.
  w_.Msg("RSN: Derive PMKID using HMAC-SHA-1");
  w_.Msg("RSN: Derived PMKID - hexdump(len=16): " + HexdumpBytes(pmkid.bytes.data(), 16));
  w_.Msg(fmt::format("RSN: Added PMKSA cache entry for {} spa={} network_ctx=0x55d4c8e0 akmp=0x1",
                     aa.ToString(), own_.ToString()));
  w_.Ifc(fmt::format("PMKSA-CACHE-ADDED {} 0", aa.ToString()));
  w_.Msg("nl80211: Add PMKID for " + aa.ToString());
}

void Sim::PrintRemoved(const MacAddress& aa, int reason) {
  if (era_ == TextEra::k2011) {
    w_.Msg("nl80211: Delete PMKID for " + aa.ToString());
    return;
  }
  w_.Ifc(fmt::format("PMKSA-CACHE-REMOVED {} 0", aa.ToString()));
  w_.Ifc(fmt::format("RSN: PMKSA cache entry free_cb: {} reason={}", aa.ToString(), reason));
  w_.Msg("nl80211: Delete PMKID for " + aa.ToString());
}

void Sim::Remove(const MacAddress& aa, const char* how) {
  (void)how;
  cache_.erase(std::remove_if(cache_.begin(), cache_.end(),
                              [&](const Entry& e) { return e.aa == aa; }),
               cache_.end());
  ref_.erase(std::remove_if(ref_.begin(), ref_.end(),
                            [&](const RefEntry& e) { return e.aa == aa; }),
             ref_.end());
  retired_.erase(std::remove_if(retired_.begin(), retired_.end(),
                                [&](const Retired& r) { return r.aa == aa; }),
                 retired_.end());
}

void Sim::EvictIfFull() {
  if (cache_.size() < kCacheMax) return;
  MacAddress oldest = cache_.front().aa;
  w_.Msg(fmt::format(era_ == TextEra::k2011
                         ? "RSN: removed the oldest PMKSA cache entry (for {}) to make room for "
                           "new one"
                         : "RSN: removed the oldest idle PMKSA cache entry (for {}) to make room "
                           "for new one",
                     oldest.ToString()));
  PrintRemoved(oldest, 0);
  Remove(oldest, "evicted");
}

void Sim::ExpireUntil(int64_t until_us) {
  for (;;) {
    const Entry* first = nullptr;
    for (const Entry& e : cache_)
      if (first == nullptr || e.created_us < first->created_us) first = &e;
    if (first == nullptr) return;
    int64_t expires = first->created_us + kPmkLifetimeS * kSecond;
    if (expires > until_us) return;
    if (expires > w_.now_us()) w_.Advance(expires - w_.now_us());
    MacAddress aa = first->aa;
    w_.Msg("RSN: expired PMKSA cache entry for " + aa.ToString());
    PrintRemoved(aa, 2);
    Remove(aa, "expired");
  }
}

// pmksa_cache_add_entry() for a new PMK at `ap`, with the era's flush rule,
// then the reference rule on what a correct supplicant retires.
void Sim::AddNewPmk(int ap, int gen) {
  const MacAddress& aa = sc_.aps[ap].bssid;
  std::optional<Entry> replaced;
  if (const Entry* e = Find(aa)) replaced = *e;
  std::vector<MacAddress> flush;
  if (replaced) {
    w_.Msg(era_ == TextEra::k2011 ? "RSN: Replace PMKSA entry for the current AP"
                                  : "RSN: Replace PMKSA entry for the current AP and any PMKSA "
                                    "cache entry that was based on the old PMK");
    for (const Entry& e : cache_) {
      if (e.aa == aa) continue;
      if (sc_.policy == SupplicantPolicy::kC3fea272 ||
          (sc_.policy == SupplicantPolicy::kCurrent && !replaced->opportunistic &&
           e.gen == replaced->gen))
        flush.push_back(e.aa);
    }
  }
  for (const MacAddress& f : flush) {
    w_.Msg("RSN: Flush PMKSA cache entry for " + f.ToString());
    PrintRemoved(f, 0);
    Remove(f, "flushed");
  }
  cache_.erase(std::remove_if(cache_.begin(), cache_.end(),
                              [&](const Entry& e) { return e.aa == aa; }),
               cache_.end());
  if (replaced && era_ == TextEra::k2x) PrintRemoved(aa, 1);
  EvictIfFull();
  Entry entry;
  entry.aa = aa;
  entry.gen = gen;
  entry.spa = own_;
  entry.pmkid = ComputePmkid(pmks_[gen - 1], aa, own_);
  entry.created_us = w_.now_us();
  entry.reauth_base_us = entry.created_us;
  cache_.push_back(entry);
  PrintAdded(aa, entry.pmkid);

  ref_.erase(std::remove_if(ref_.begin(), ref_.end(), [&](const RefEntry& e) { return e.aa == aa; }),
             ref_.end());
  std::vector<RefEntry> keep;
  for (const RefEntry& e : ref_) {
    if (e.clone && e.opportunistic && e.gen < gen) {
      retired_.push_back({e.aa, e.gen, "okc-clone-of-old-pmk"});
    } else if (replaced && validated_gens_.count(replaced->gen) > 0 && e.gen == replaced->gen) {
      retired_.push_back({e.aa, e.gen, "replaced-pmk"});
    } else {
      keep.push_back(e);
    }
  }
  keep.push_back({aa, gen, false, false});
  ref_ = std::move(keep);
}

void Sim::Validated(const MacAddress& aa) {
  if (Entry* e = Find(aa)) {
    e->opportunistic = false;
    validated_gens_.insert(e->gen);
  }
  for (RefEntry& e : ref_)
    if (e.aa == aa) e.opportunistic = false, validated_gens_.insert(e.gen);
}

bool Sim::Stale(const Entry& e, std::string* cause) const {
  for (const RefEntry& r : ref_)
    if (r.aa == e.aa && r.gen == e.gen) return false;
  for (auto it = retired_.rbegin(); it != retired_.rend(); ++it) {
    if (it->aa == e.aa && it->gen == e.gen) {
      *cause = it->cause;
      return true;
    }
  }
  return false;
}

ApPmksa& Sim::ApState(int ap) { return sc_.aps[ap].okc ? controller_ : ap_state_[ap]; }
const ApPmksa& Sim::ApState(int ap) const {
  return sc_.aps[ap].okc ? controller_ : ap_state_[ap];
}

bool Sim::ApAccepts(int ap, const Pmkid& pmkid) const {
  const ApSpec& spec = sc_.aps[ap];
  const ApPmksa& st = ApState(ap);
  if (!spec.caching || st.gen == 0 || st.spa != own_) return false;
  if (spec.forget_after_s && w_.now_us() - st.created_us >= *spec.forget_after_s * kSecond)
    return false;
  if (spec.okc_pmkid_bug && st.origin_ap != ap) return false;
  return pmkid == ComputePmkid(pmks_[st.gen - 1], spec.bssid, own_);
}

}  // namespace roamreplay::synth_internal
