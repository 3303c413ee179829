// AKM suite names and per-AKM facts (pmksa_akm.h), and the PMKSA model's
// handling of the SAE, OWE, FILS, FT and MLO events (PmksaModel::ApplyAkm).

#include "model/pmksa_akm.h"

#include <fmt/format.h>

#include "model/pmksa_model.h"

namespace roamreplay {
namespace {

// src/common/defs.h WPA_KEY_MGMT_*.
struct AkmpBits {
  int bits;
  std::string_view name;
  std::string_view key_mgmt;  // wpa_key_mgmt_txt() spelling in "using KEY_MGMT X"
};
constexpr AkmpBits kAkmps[] = {
    {0x1, "802.1X", "802.1X"},
    {0x2, "PSK", "PSK"},
    {0x20, "FT-802.1X", "FT/802.1X"},
    {0x40, "FT-PSK", "FT/PSK"},
    {0x80, "802.1X-SHA256", "802.1X with SHA256"},
    {0x100, "PSK-SHA256", "PSK with SHA256"},
    {0x400, "SAE", "SAE"},
    {0x800, "FT-SAE", "FT/SAE"},
    {0x10000, "SUITE-B", "802.1X with Suite B"},
    {0x20000, "SUITE-B-192", "802.1X with Suite B (192-bit)"},
    {0x40000, "FILS-SHA256", "FILS-SHA256"},
    {0x80000, "FILS-SHA384", "FILS-SHA384"},
    {0x100000, "FT-FILS-SHA256", "FT-FILS-SHA256"},
    {0x200000, "FT-FILS-SHA384", "FT-FILS-SHA384"},
    {0x400000, "OWE", "OWE"},
    {0x800000, "DPP", "DPP"},
    {0x1000000, "FT-802.1X-SHA384", "FT/802.1X-SHA384"},
    {0x4000000, "SAE-EXT-KEY", "SAE-EXT-KEY"},
    {0x8000000, "FT-SAE-EXT-KEY", "FT/SAE-EXT-KEY"},
    {0x10000000, "802.1X-SHA384", "802.1X with SHA384"},
};

}  // namespace

std::string AkmpName(int akmp) {
  if (akmp == 0) return "";
  for (const AkmpBits& a : kAkmps)
    if (a.bits == akmp) return std::string(a.name);
  return fmt::format("0x{:x}", static_cast<unsigned>(akmp));
}

bool AkmpIsSae(int akmp) { return (akmp & (0x400 | 0x800 | 0x4000000 | 0x8000000)) != 0; }
bool AkmpIsOwe(int akmp) { return (akmp & 0x400000) != 0; }
bool AkmpIsFils(int akmp) { return (akmp & (0x40000 | 0x80000 | 0x100000 | 0x200000)) != 0; }

bool AkmpPmkidFromExchange(int akmp) {
  return AkmpIsSae(akmp) || AkmpIsFils(akmp) || (akmp & (0x10000 | 0x20000)) != 0;
}

int AkmpFromKeyMgmt(std::string_view name) {
  for (const AkmpBits& a : kAkmps)
    if (a.key_mgmt == name || a.name == name) return a.bits;
  return 0;
}

bool AkmpCompatible(int entry_akmp, int wanted) {
  return entry_akmp == 0 || wanted <= 0 || entry_akmp == wanted;
}

// --- PmksaModel: per-AKM events --------------------------------------------

void PmksaModel::ApplyAkm(const Event& ev, const LineView& line, const AttemptView& attempt) {
  switch (ev.type) {
    case EventType::kSaePmkid:
      // sae_derive_keys(): the PMKID the entry added after this exchange
      // gets (pmksa_cache_add() with a given PMKID, no HMAC).
      sae_pmkid_.emplace(ev.pmkid, line.Copy());
      sae_peer_ = attempt.active ? attempt.target : selection_target_.value_or(MacAddress());
      break;
    case EventType::kMldAddress:
      OnApMldAddress(ev.addr);
      break;
    case EventType::kDeauthRequest:
      if (ev.has_addr2) OnApMldAddress(ev.addr2);
      break;
    case EventType::kPmksaPostponed:
      for (PmksaCache* cache : {&observed_, &reference_})
        if (PmksaEntry* e = cache->Find(ev.addr)) e->postponed = line.Copy();
      break;
    case EventType::kFtPmkr0Name:
    case EventType::kFtPmkr1Name:
      OnFtKeyName(ev, line, attempt);
      break;
    case EventType::kSaeReauthDriverRemoved:
      // pmksa_cache_reauth(): the current SAE entry (cur_pmksa, else the
      // entry of the current BSSID) leaves the driver; the supplicant keeps it.
      {
        std::optional<MacAddress> aa;
        for (const PmksaEntry& c : observed_.entries())
          if (c.current) aa = c.aa;
        if (!aa && attempt.active && observed_.Find(attempt.target) != nullptr) aa = attempt.target;
        if (!aa) aa = last_added_;
        const PmksaEntry* cur = aa ? observed_.Find(*aa) : nullptr;
        if (cur == nullptr || (cur->akmp != 0 && !AkmpIsSae(cur->akmp))) break;
        for (PmksaCache* cache : {&observed_, &reference_})
          if (PmksaEntry* e = cache->Find(*aa)) e->driver = DriverPmksa::kRemovedReauth;
      }
      break;
    case EventType::kFilsCacheIdSearch:
      pending_fils_cache_id_ = ev.number;
      break;
    case EventType::kDriverPmksaCacheId:
      // nl80211_add_pmkid() for the entry just added.
      if (last_added_ && line.line - last_added_line_ <= 6) {
        for (PmksaCache* cache : {&observed_, &reference_})
          if (PmksaEntry* e = cache->Find(*last_added_)) e->fils_cache_id = ev.number;
      }
      break;
    case EventType::kExternalAuth:
      if (ev.number == 0) external_auth_ = ev.addr;  // NL80211_EXTERNAL_AUTH_START
      else external_auth_.reset();
      break;
    case EventType::kFtEapNoDriverPmkid:
    case EventType::kDriverPmksaFailed:
      // Printed by the driver update right after the entry's "Added" line.
      if (last_added_ && line.line - last_added_line_ <= 6) {
        if (PmksaEntry* e = observed_.Find(*last_added_)) {
          e->driver = ev.type == EventType::kDriverPmksaFailed ? DriverPmksa::kRefused
                                                               : DriverPmksa::kNotAdded;
        }
      }
      break;
    case EventType::kPmksaSearch:
      search_akmp_ = ev.number;
      break;
    case EventType::kKeyMgmt:
      connection_akmp_ = AkmpFromKeyMgmt(ev.text);
      if (attempt.active && attempt.offer && !attempt.associated)
        CheckAkmp(attempt.offer->aa, connection_akmp_, line, "key management of the connection");
      break;
    case EventType::kPmksaCachingDisabled:
      // The supplicant withdrew the entry itself: no mismatch reaches the AP.
      pending_akmp_mismatch_.reset();
      break;
    case EventType::kAssociated:
    case EventType::kAssocReject:
      if (pending_akmp_mismatch_) {
        ModelSignal s = std::move(*pending_akmp_mismatch_);
        pending_akmp_mismatch_.reset();
        s.evidence.push_back({line.Copy(), ev.type == EventType::kAssociated
                                               ? "associated with that PMKID"
                                               : "association rejected"});
        Emit(std::move(s));
      }
      break;
    case EventType::kConfigChange:
      OnPasswordChange(ev, line);
      break;
    default:
      break;
  }
}

void PmksaModel::OnApMldAddress(const MacAddress& mld) {
  if (mld.IsZero()) return;
  ap_mlds_.insert(mld);
  for (PmksaCache* cache : {&observed_, &reference_})
    if (PmksaEntry* e = cache->Find(mld)) e->ap_mld = true;
}

// The entry just added: the SAE PMKID, the MLD flag.
void PmksaModel::OnAddedAkm(const MacAddress& aa, const LineView& line) {
  last_added_ = aa;
  last_added_line_ = line.line;
  PmksaEntry* e = observed_.Find(aa);
  if (e == nullptr) return;
  bool ap_mld = ap_mlds_.count(aa) != 0;
  if (sae_pmkid_ && !e->clone && (e->akmp == 0 || AkmpIsSae(e->akmp)) && !e->pmkid.known) {
    // SAE with an AP MLD authenticates on one link and keys the entry by
    // the AP MLD address (sme.c uses ap_mld_addr as the peer).
    if (!sae_peer_.IsZero() && sae_peer_ != aa) {
      ap_mld = true;
      for (PmksaCache* cache : {&observed_, &reference_})
        if (PmksaEntry* x = cache->Find(aa)) x->auth_link = sae_peer_;
    }
    const LineRef& d = sae_pmkid_->second;
    BindPmkid(aa, sae_pmkid_->first, LineView{d.line, d.time_text, d.time_us, d.has_time, d.text},
              PmkidSource::kSae);
  } else if (sae_pmkid_ && !e->clone && AkmpIsSae(e->akmp) && e->pmkid.known &&
             e->pmkid != sae_pmkid_->first) {
    // The entry of this SAE exchange holds another PMKID than the exchange
    // derived: hostap before ca974ae5 stored an HMAC of the PMK (IEEE 802.11
    // 12.7.1.3) instead of the SAE PMKID (12.4.5.4), which no AP knows.
    ModelSignal s{::roamreplay::Signal::kPmkidMismatch, e->pmkid_line.valid() ? e->pmkid_line
                                                                              : line.Copy()};
    s.bssid = aa;
    s.has_bssid = true;
    s.pmkid = e->pmkid;
    for (PmksaCache* cache : {&observed_, &reference_})
      if (PmksaEntry* x = cache->Find(aa)) x->pmkid_not_sae = true;
    s.value = 1;  // SAE: the expected PMKID is the exchange's, not an HMAC
    s.detail = sae_pmkid_->first.ToHex();
    s.evidence.push_back({sae_pmkid_->second, "PMKID of the SAE exchange"});
    s.evidence.push_back({e->pmkid_line, "PMKID stored in the entry"});
    s.evidence.push_back({line.Copy(), "SAE entry added"});
    Emit(std::move(s));
  }
  sae_pmkid_.reset();
  // The SAE the driver asked for ends with this entry (sme_external_auth_*()).
  bool external = external_auth_ && (e->akmp == 0 || AkmpIsSae(e->akmp));
  if (external) external_auth_.reset();
  for (PmksaCache* cache : {&observed_, &reference_}) {
    if (PmksaEntry* x = cache->Find(aa)) {
      x->ap_mld = x->ap_mld || ap_mld;
      x->external_auth = x->external_auth || external;
    }
  }
}

void PmksaModel::OnFtKeyName(const Event& ev, const LineView& line, const AttemptView& attempt) {
  if (ev.type == EventType::kFtPmkr0Name) {
    // Derived from the PMK (MSK or SAE PMK) of the entry of the mobility
    // domain's initial association: the current attempt's entry.
    std::optional<MacAddress> aa;
    if (attempt.active && observed_.Find(attempt.target) != nullptr) aa = attempt.target;
    else if (last_added_ && observed_.Find(*last_added_) != nullptr) aa = last_added_;
    r0_entry_ = aa;
  }
  if (!r0_entry_) return;
  for (PmksaCache* cache : {&observed_, &reference_}) {
    PmksaEntry* e = cache->Find(*r0_entry_);
    if (e == nullptr) continue;
    (ev.type == EventType::kFtPmkr0Name ? e->pmkr0_name : e->pmkr1_name) = ev.pmkid;
  }
  (void)line;
}

// "CTRL_IFACE: SET_NETWORK id=N name='sae_password'" (or 'psk', which SAE
// uses without sae_password): SAE entries made before hold a PMK of the old
// password. Current hostap flushes the network's entries on such a change
// (wpa_supplicant_ctrl_iface_update_network()); an entry that survives it
// and is offered later cannot match an AP that has the new password.
void PmksaModel::OnPasswordChange(const Event& ev, const LineView& line) {
  const std::string& t = ev.text;
  bool password = t.find("name='sae_password'") != std::string::npos ||
                  t.find("name='psk'") != std::string::npos;
  if (!password) return;
  for (PmksaCache* cache : {&observed_, &reference_}) {
    for (const PmksaEntry& c : cache->entries()) {
      if (!AkmpIsSae(c.akmp) && c.pmkid_source != PmkidSource::kSae) continue;
      if (PmksaEntry* e = cache->Find(c.aa)) e->password_changed = line.Copy();
    }
  }
}

// The entry for `aa` is about to be used for a connection whose AKMP is
// `wanted`: hostap finds entries only for the same AKMP (pmksa_cache_get());
// one offered with another AKMP cannot be accepted.
void PmksaModel::CheckAkmp(const MacAddress& aa, int wanted, const LineView& line,
                           std::string_view what) {
  const PmksaEntry* e = observed_.Find(aa);
  if (e == nullptr || AkmpCompatible(e->akmp, wanted)) return;
  ModelSignal s{::roamreplay::Signal::kAkmpMismatch, line.Copy()};
  s.bssid = aa;
  s.has_bssid = true;
  s.pmkid = e->pmkid;
  s.detail = fmt::format("entry made with akmp=0x{:x} ({}), {} is akmp=0x{:x} ({})",
                         static_cast<unsigned>(e->akmp), AkmpName(e->akmp), what,
                         static_cast<unsigned>(wanted), AkmpName(wanted));
  s.evidence.push_back({e->created, "entry created with akmp " + AkmpName(e->akmp)});
  s.evidence.push_back({line.Copy(), std::string(what) + ": " + AkmpName(wanted)});
  pending_akmp_mismatch_ = std::move(s);
}

// At selection: the search's AKMP, and the password the PMK came from.
void PmksaModel::CheckSelectionAkm(const PmksaEntry& entry, const LineView& line) {
  if (pending_fils_cache_id_ >= 0) {
    // pmksa_cache_set_current() found this entry by its FILS Cache Identifier.
    for (PmksaCache* cache : {&observed_, &reference_})
      if (PmksaEntry* e = cache->Find(entry.aa)) e->fils_cache_id = pending_fils_cache_id_;
    pending_fils_cache_id_ = -1;
  }
  if (search_akmp_ > 0) CheckAkmp(entry.aa, search_akmp_, line, "the PMKSA cache search");
  search_akmp_ = -1;
  if (entry.password_changed.valid() && entry.password_changed.line > entry.created.line) {
    ModelSignal s{::roamreplay::Signal::kSaePmkOutdated, line.Copy()};
    s.bssid = entry.aa;
    s.has_bssid = true;
    s.pmkid = entry.pmkid;
    s.detail = fmt::format("the password changed at line {}", entry.password_changed.line);
    s.evidence.push_back({entry.created, "SAE entry created with the old password"});
    s.evidence.push_back({entry.password_changed, "password changed; entry not flushed"});
    s.evidence.push_back({line.Copy(), "entry of the old password selected"});
    Emit(std::move(s));
  }
}

}  // namespace roamreplay
