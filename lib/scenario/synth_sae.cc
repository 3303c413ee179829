// The synthesizer's SAE, OWE, FT-SAE and multi-link connections in current
// hostap texts (wpa_supplicant/sme.c, events.c, src/common/sae.c,
// src/rsn_supp/pmksa_cache.c of 2.11; shared/reference/catalog/current.tsv):
// full SAE (hunting-and-pecking or hash-to-element, with an anti-clogging
// token when the AP asks for one), SAE PMKSA caching accepted or rejected
// with status 53 (the entry dropped and SAE run again), OWE, FT-SAE key
// names, and AP MLDs whose PMKSA is keyed by the AP MLD address.
//
// The PMKID of an SAE entry comes from the exchange (random here), not from
// an HMAC of the PMK; an AP accepts an entry while it holds that PMKSA.

#include <fmt/format.h>

#include "scenario/synth_sim.h"

namespace roamreplay::synth_internal {
namespace {

int Freq(int channel) { return channel <= 14 ? 2407 + 5 * channel : 5000 + 5 * channel; }

}  // namespace

int Sim::Akmp() const {
  switch (sc_.akm) {
    case SynthAkm::kSae:
    case SynthAkm::kSaeH2e:
      return 0x400;
    case SynthAkm::kFtSae:
      return 0x800;
    case SynthAkm::kOwe:
      return 0x400000;
    case SynthAkm::kEap:
      break;
  }
  return 0x1;
}

MacAddress Sim::EntryAa(int ap) const {
  const ApSpec& spec = sc_.aps[ap];
  return spec.mld ? *spec.mld : spec.bssid;
}

// The links of one AP MLD share its PMKSA: the first link's state holds it.
int Sim::MldOwner(int ap) const {
  if (!sc_.aps[ap].mld) return ap;
  for (size_t i = 0; i < sc_.aps.size(); ++i)
    if (sc_.aps[i].mld == sc_.aps[ap].mld) return static_cast<int>(i);
  return ap;
}

// The AP's PMKSA for PMK `gen`: its own (the AP MLD's for a link), or, for
// an OKC AP, the one another OKC AP of the ESS made (the OKC controller
// shares it; an SAE PMKSA keeps the exchange's PMKID there too).
const ApPmksa& Sim::SaeApHolding(int ap, int gen) const {
  const ApPmksa& own = ap_state_[MldOwner(ap)];
  if (own.gen == gen || !sc_.aps[ap].okc) return own;
  for (size_t i = 0; i < sc_.aps.size(); ++i)
    if (sc_.aps[i].okc && ap_state_[i].gen == gen && gen != 0) return ap_state_[i];
  return own;
}

bool Sim::SaeApAccepts(int ap, const Entry& e) const {
  const ApSpec& spec = sc_.aps[ap];
  const ApPmksa& st = SaeApHolding(ap, e.gen);
  if (!spec.caching || st.gen == 0 || st.gen != e.gen || st.spa != own_) return false;
  // The AP knows the PMKSA by the PMKID of the SAE exchange only.
  if (st.pmkid.known && e.pmkid != st.pmkid) return false;
  // hostapd before 114d1241: pmksa_cache_get_okc() compares the offered
  // PMKID with rsn_pmkid() of each cached PMK, an HMAC, also for SAE
  // PMKSAs; the clone carries the SAE exchange's PMKID, so no OKC match.
  if (spec.okc_pmkid_bug && st.origin_ap != ap) return false;
  // hostapd before 799cc8ec: an AP MLD keeps the PMKSA on the link the
  // station authenticated on only.
  if (spec.mld && spec.mld_pmksa_per_link && st.origin_ap != ap) return false;
  return !(spec.forget_after_s && w_.now_us() - st.created_us >= *spec.forget_after_s * kSecond);
}

// pmksa_cache_get_opportunistic() for an SAE network with OKC
// (proactive_key_caching=1; sme.c's first pmksa_cache_set_current() with
// try_opportunistic and akmp 0): the first entry of the network in list
// order whose reauth threshold has not passed is cloned for the new AP. The
// clone keeps the source's PMKID (pmksa_cache_clone_entry(): an SAE PMKID
// is not an HMAC of the PMK), its expiration and, since hostap 6f634b00,
// its reauth time; before 6f634b00 pmksa_cache_add() gave the clone a fresh
// reauth time, so the 74db49d7 check let it be used past the source PMK's
// threshold.
const Entry* Sim::SaeCloneFor(int ap) {
  const MacAddress aa = EntryAa(ap);
  w_.Msg("RSN: PMKSA cache search - network_ctx=0x55d4c8e0 try_opportunistic=1 akmp=0x0");
  w_.Msg("RSN: Search for BSSID " + aa.ToString());
  w_.Msg(fmt::format("RSN: Consider {} for OKC", aa.ToString()));
  const Entry* src = nullptr;
  for (const Entry& e : cache_) {
    if (e.spa != own_) continue;
    // bb93ea23 (2020) added this check; before it any entry was cloned.
    if (!sc_.Before("bb93ea23") &&
        (w_.now_us() - e.reauth_base_us) * 100 >= kPmkLifetimeS * kSecond * kReauthThresholdPct) {
      w_.Msg(fmt::format("RSN: Do not clone PMKSA cache entry for {} since its reauth threshold "
                         "has passed",
                         e.aa.ToString()));
      continue;
    }
    src = &e;
    break;
  }
  if (src == nullptr) {
    w_.Msg("RSN: No PMKSA cache entry found");
    return nullptr;
  }
  Entry clone = *src;
  clone.aa = aa;
  clone.spa = own_;
  clone.clone = true;
  clone.opportunistic = true;
  if (sc_.Before("6f634b00")) clone.reauth_base_us = w_.now_us();
  EvictIfFull();
  cache_.push_back(clone);
  ref_.push_back({aa, clone.gen, true, true});
  w_.Msg(fmt::format("RSN: Added PMKSA cache entry for {} spa={} network_ctx=0x55d4c8e0 "
                     "akmp=0x{:x}",
                     aa.ToString(), own_.ToString(), Akmp()));
  w_.Ifc(fmt::format("PMKSA-CACHE-ADDED {} 0", aa.ToString()));
  w_.Msg("nl80211: Add PMKID for " + aa.ToString());
  w_.Msg(fmt::format("RSN: added opportunistic PMKSA cache entry for {}", aa.ToString()));
  w_.Msg("RSN: PMKSA cache entry found - PMKID - hexdump(len=16): " +
         HexdumpBytes(clone.pmkid.bytes.data(), 16));
  return &cache_.back();
}

void Sim::SaeAttempt(int ap, bool roam) {
  const ApSpec& spec = sc_.aps[ap];
  const MacAddress aa = EntryAa(ap);
  bool owe = sc_.akm == SynthAkm::kOwe;
  // OKC for SAE (current supplicants; SAE entries only): the clone is made
  // by the first cache search, the SAE search below then finds it.
  if (sc_.okc && !owe && sc_.policy == SupplicantPolicy::kCurrent && !sc_.aps[ap].mld &&
      Usable(aa) == nullptr && !cache_.empty())
    SaeCloneFor(ap);
  w_.Msg(fmt::format("RSN: PMKSA cache search - network_ctx=0x55d4c8e0 try_opportunistic=0 "
                     "akmp=0x{:x}",
                     Akmp()));
  // Before 9f04a9c8 (2022) entries did not record the own address: the
  // entry made with an earlier MAC address is still found.
  const Entry* e = sc_.policy == SupplicantPolicy::kCurrent ? Usable(aa) : Find(aa);
  if (e != nullptr && !owe && sc_.policy == SupplicantPolicy::kCurrent &&
      (w_.now_us() - e->reauth_base_us) * 100 >=
          kPmkLifetimeS * kSecond * kReauthThresholdPct) {
    // 74db49d7: an SAE entry past its reauth threshold is not used; SAE runs
    // again instead (the AP may have dropped its copy already).
    w_.Msg(fmt::format("RSN: Do not allow PMKSA cache entry for {} to be used for SAE since its "
                       "reauth threshold has passed",
                       aa.ToString()));
    e = nullptr;
  }
  SelectionLines(ap, e, false);
  if (e == nullptr) {
    if (!owe) SaeExchange(ap, roam);
    SaeAssociate(ap, roam, std::nullopt);
    return;
  }
  Entry offered = *e;
  TruthOffer offer;
  offer.step = step_;
  offer.bssid = aa;
  offer.pmkid = e->pmkid;
  offer.selection_line = w_.lines();
  out_->offers.push_back(offer);
  if (!owe) {
    w_.Ifc("PMKSA cache entry found - try to use PMKSA caching instead of new SAE "
           "authentication");
  }
  w_.Msg("WPA: Set PMK based on current PMKSA - hexdump(len=32): [REMOVED]");
  w_.Ifc(fmt::format("SME: Trying to authenticate with {} (SSID='{}' freq={} MHz)",
                     spec.bssid.ToString(), sc_.ssid, Freq(spec.channel)));
  w_.Ifc(fmt::format("State: {} -> AUTHENTICATING", roam ? "COMPLETED" : "DISCONNECTED"));
  w_.Ifc(fmt::format("SME: Authentication response: peer={} auth_type=0 auth_transaction=2 "
                     "status_code=0",
                     spec.bssid.ToString()),
         8000);
  w_.Ifc(fmt::format("Trying to associate with {} (SSID='{}' freq={} MHz)",
                     spec.bssid.ToString(), sc_.ssid, Freq(spec.channel)));
  w_.Ifc("State: AUTHENTICATING -> ASSOCIATING");
  if (SaeApAccepts(ap, offered)) {
    SaeAssociate(ap, roam, offered);
    return;
  }
  // IEEE 802.11 12.6.10.3: an AP without the PMKSA rejects the association
  // (status 53); sme_event_assoc_reject() drops the entry and runs SAE.
  w_.Ifc(fmt::format("CTRL-EVENT-ASSOC-REJECT bssid={} status_code=53", spec.bssid.ToString()),
         6000);
  out_->offers.back().refused = true;
  // The link B of an AP MLD that keeps the PMKSA on link A only (799cc8ec).
  const ApPmksa& held = ap_state_[MldOwner(ap)];
  bool other_link = spec.mld && spec.mld_pmksa_per_link && held.gen == offered.gen &&
                    held.origin_ap != ap && held.origin_ap >= 0;
  bool not_sae = !other_link && held.pmkid.known && offered.pmkid != held.pmkid &&
                 held.gen == offered.gen;  // ca974ae5 pre-fix: an HMAC PMKID
  Truth("pmkid-rejected", aa,
        other_link ? "mld-other-link" : not_sae ? "sae-pmkid-mismatch" : "ap-refused");
  if (sc_.policy == SupplicantPolicy::kCurrent) {
    w_.Ifc("PMKSA caching attempt rejected - drop PMKSA cache entry and fall back to SAE "
           "authentication");
    w_.Ifc("RSN: Cancelling PMKSA caching attempt");
    w_.Msg("RSN: Flush PMKSA cache entry for " + aa.ToString());
    PrintRemoved(aa, 0);
    Remove(aa, "flushed");
  }
  w_.Ifc("State: ASSOCIATING -> DISCONNECTED");
  connected_ = -1;
  if (sc_.policy != SupplicantPolicy::kCurrent) {
    // Before the drop: the entry stays and the network is disabled for a while.
    w_.Ifc(fmt::format("CTRL-EVENT-SSID-TEMP-DISABLED id=0 ssid=\"{}\" auth_failures=1 "
                       "duration=10 reason=CONN_FAILED",
                       sc_.ssid));
    return;
  }
  w_.Ifc("Request association with " + spec.bssid.ToString(), 100000);
  w_.Msg(fmt::format("RSN: PMKSA cache search - network_ctx=0x55d4c8e0 try_opportunistic=0 "
                     "akmp=0x{:x}",
                     Akmp()));
  w_.Msg("RSN: No PMKSA cache entry found");
  SaeExchange(ap, false);
  SaeAssociate(ap, false, std::nullopt);
}

// Commit and confirm (sme_sae_auth()); the new entry is added after the
// confirm with the PMKID sae_derive_keys() printed.
void Sim::SaeExchange(int ap, bool roam) {
  const ApSpec& spec = sc_.aps[ap];
  const std::string bssid = spec.bssid.ToString();
  bool h2e = sc_.akm == SynthAkm::kSaeH2e;
  w_.Ifc(fmt::format("SME: Trying to authenticate with {} (SSID='{}' freq={} MHz)", bssid,
                     sc_.ssid, Freq(spec.channel)));
  w_.Ifc(fmt::format("State: {} -> AUTHENTICATING", roam ? "COMPLETED" : "DISCONNECTED"));
  w_.Ifc("SME: Selected SAE group 19");
  if (h2e) {
    w_.Msg("SAE: Derive PT - group 19");
    w_.Msg("SAE: Derive PWE from PT");
  } else {
    w_.Msg(fmt::format("SAE: PWE derivation - addr1={} addr2={}", own_.ToString(), bssid));
    int rounds = w_.Rand(1, 3);
    for (int i = 1; i <= rounds; ++i) {
      w_.Msg(fmt::format("SAE: counter = {:03d}", i));
      w_.Msg("SAE: pwd-seed - hexdump(len=32): [REMOVED]");
      w_.Msg(fmt::format("SAE: pwd-seed result {} found=0xff", i == rounds ? 1 : 0));
    }
  }
  if (spec.anti_clogging) {
    w_.Ifc("SME: SAE authentication transaction 1 status code 76", 4000);
    w_.Ifc("SME: SAE anti-clogging token requested (group 19)");
  }
  // Status 126 (SAE_HASH_TO_ELEMENT) marks an H2E commit.
  w_.Ifc(fmt::format("SME: Authentication response: peer={} auth_type=3 auth_transaction=1 "
                     "status_code={}",
                     bssid, h2e ? 126 : 0),
         6000);
  w_.Ifc(fmt::format("SME: SAE authentication transaction 1 status code {}", h2e ? 126 : 0));
  Pmkid pmkid;
  for (uint8_t& b : pmkid.bytes) b = static_cast<uint8_t>(w_.Rand(0, 255));
  pmkid.known = true;
  w_.Msg("SAE: PMKID - hexdump(len=16): " + HexdumpBytes(pmkid.bytes.data(), 16));
  w_.Msg("SAE: PMK - hexdump(len=32): [REMOVED]");
  w_.Ifc(fmt::format("SME: Authentication response: peer={} auth_type=3 auth_transaction=2 "
                     "status_code=0",
                     bssid),
         5000);
  AddSaeEntry(ap, pmkid);
}

void Sim::AddSaeEntry(int ap, const Pmkid& pmkid) {
  const MacAddress aa = EntryAa(ap);
  int gen = NewPmk();
  ++out_->full_auths;
  if (Find(aa) != nullptr) {
    w_.Msg("RSN: Replace PMKSA entry for the current AP and any PMKSA cache entry that was based "
           "on the old PMK");
    PrintRemoved(aa, 1);
    Remove(aa, "replaced");
  }
  EvictIfFull();
  Entry entry;
  entry.aa = aa;
  entry.gen = gen;
  entry.spa = own_;
  entry.pmkid = pmkid;
  entry.created_us = w_.now_us();
  entry.reauth_base_us = entry.created_us;
  if (sc_.Before("ca974ae5") && sc_.akm != SynthAkm::kOwe) {
    // Before ca974ae5 pmksa_cache_add() recomputed the PMKID as an HMAC of
    // the PMK (IEEE 802.11 12.7.1.3) instead of keeping the exchange's.
    entry.pmkid = ComputePmkid(pmks_[gen - 1], aa, own_);
    w_.Msg("RSN: Derive PMKID using HMAC-SHA-1");
    w_.Msg("RSN: Derived PMKID - hexdump(len=16): " + HexdumpBytes(entry.pmkid.bytes.data(), 16));
  }
  cache_.push_back(entry);
  ref_.push_back({aa, gen, false, false});
  ap_state_[MldOwner(ap)] = ApPmksa{gen, own_, w_.now_us(), ap, pmkid};
  if (sc_.policy == SupplicantPolicy::kCurrent) {
    w_.Msg(fmt::format("RSN: Added PMKSA cache entry for {} spa={} network_ctx=0x55d4c8e0 "
                       "akmp=0x{:x}",
                       aa.ToString(), own_.ToString(), Akmp()));
  } else {  // the print before 9f04a9c8
    w_.Msg(fmt::format("RSN: Added PMKSA cache entry for {} network_ctx=0x55d4c8e0 akmp=0x{:x}",
                       aa.ToString(), Akmp()));
  }
  w_.Ifc(fmt::format("PMKSA-CACHE-ADDED {} 0", aa.ToString()));
  w_.Msg("nl80211: Add PMKID for " + aa.ToString());
}

// Association and the 4-way handshake keyed by `cached` (PMKSA caching) or
// by the entry the SAE exchange just added (OWE adds it after association).
void Sim::SaeAssociate(int ap, bool roam, const std::optional<Entry>& cached) {
  const ApSpec& spec = sc_.aps[ap];
  const std::string bssid = spec.bssid.ToString();
  const MacAddress aa = EntryAa(ap);
  if (!cached || sc_.akm == SynthAkm::kOwe) {
    if (sc_.akm == SynthAkm::kOwe && !cached) {
      w_.Ifc(fmt::format("Trying to associate with {} (SSID='{}' freq={} MHz)", bssid, sc_.ssid,
                         Freq(spec.channel)));
      w_.Ifc(fmt::format("State: {} -> ASSOCIATING", roam ? "COMPLETED" : "DISCONNECTED"));
    } else if (!cached) {
      w_.Ifc(fmt::format("Trying to associate with {} (SSID='{}' freq={} MHz)", bssid, sc_.ssid,
                         Freq(spec.channel)));
      w_.Ifc("State: AUTHENTICATING -> ASSOCIATING");
    }
  }
  w_.Msg("nl80211: Event message available", 3000);
  if (spec.mld) w_.Msg("MLD: address: " + spec.mld->ToString());
  w_.Ifc("State: ASSOCIATING -> ASSOCIATED");
  w_.Ifc("Associated with " + bssid);
  if (sc_.akm == SynthAkm::kOwe && !cached) {
    // owe_process_assoc_resp(): the PMK from the DH exchange, then the entry.
    Pmkid pmkid;
    for (uint8_t& b : pmkid.bytes) b = static_cast<uint8_t>(w_.Rand(0, 255));
    pmkid.known = true;
    AddSaeEntry(ap, pmkid);
  }
  const Entry* e = cached ? &*cached : Find(aa);
  // msg 1/4 carries the AP's PMKID: the exchange's (ApPmksa::pmkid).
  const ApPmksa& st = e != nullptr ? SaeApHolding(ap, e->gen) : ap_state_[MldOwner(ap)];
  Pmkid ap_pmkid = st.pmkid.known ? st.pmkid : (e != nullptr ? e->pmkid : Pmkid());
  std::string dump = e != nullptr ? HexdumpBytes(ap_pmkid.bytes.data(), 16) : "";
  w_.EapolKeyFrame(spec.bssid, 1, dump);
  w_.Ifc("State: ASSOCIATED -> 4WAY_HANDSHAKE");
  w_.Ifc(fmt::format("WPA: RX message 1 of 4-Way Handshake from {} (ver=2)", bssid));
  if (e != nullptr) {
    w_.Msg("RSN: PMKID from Authenticator - hexdump(len=16): " + dump);
    if (ap_pmkid == e->pmkid) {
      w_.Ifc("RSN: found matching PMKID from PMKSA cache");
      w_.Msg("RSN: matched PMKID - hexdump(len=16): " + dump);
    } else {
      // ca974ae5 pre-fix: the entry holds an HMAC PMKID; the SAE PMK set
      // by the exchange keys the handshake anyway.
      w_.Ifc("RSN: no matching PMKID found");
    }
  }
  w_.Msg("RSN: PMK from PMKSA cache - hexdump(len=32): [REMOVED]");
  if (sc_.akm == SynthAkm::kFtSae) {
    w_.Msg("FT: PMK-R0 - hexdump(len=32): [REMOVED]");
    w_.Msg("FT: PMKR0Name - hexdump(len=16): " + w_.RandomHex(16));
    w_.Msg("FT: PMK-R1 - hexdump(len=32): [REMOVED]");
    w_.Msg("FT: PMKR1Name - hexdump(len=16): " + w_.RandomHex(16));
  }
  w_.Ifc("WPA: Sending EAPOL-Key 2/4");
  w_.EapolKeyFrame(spec.bssid, 3, "");
  w_.Ifc(fmt::format("WPA: RX message 3 of 4-Way Handshake from {} (ver=2)", bssid));
  w_.Ifc("WPA: Sending EAPOL-Key 4/4");
  w_.Ifc("State: 4WAY_HANDSHAKE -> GROUP_HANDSHAKE");
  w_.Ifc(fmt::format("WPA: Key negotiation completed with {} [PTK=CCMP GTK=CCMP]", bssid));
  w_.Ifc("State: GROUP_HANDSHAKE -> COMPLETED");
  w_.Ifc(fmt::format("CTRL-EVENT-CONNECTED - Connection to {} completed [id=0 id_str=]", bssid));
  connected_ = ap;
  used_caching_ = cached.has_value();
}

}  // namespace roamreplay::synth_internal
