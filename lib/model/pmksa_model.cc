// PmksaModel: PMKSA cache operations, PMK lineage, the reference rule,
// flush-behaviour evidence and PMKID proof. See pmksa_model.h.

#include <algorithm>

#include <fmt/format.h>

#include "model/pmksa_model.h"

#include "model/pmkid.h"
#include "model/pmksa_akm.h"

namespace roamreplay {
namespace {

// A flush this soon after a configuration change is caused by it.
constexpr int64_t kConfigFlushWindowUs = 2'000'000;
constexpr uint64_t kConfigFlushWindowLines = 50;

std::vector<MacAddress> Sorted(std::vector<MacAddress> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// Lines pmksa_cache_add() and pmksa_cache_get_opportunistic() print between
// "RSN: Consider X for OKC" / "RSN: Derived PMKID" and the entry's "added"
// line (replacement, flush, eviction, the control events). Any other event
// means the supplicant moved on: no clone was made (the cache held nothing
// to clone), or the derived PMKID was not for a new entry.
bool InsidePmksaAdd(EventType type) {
  switch (type) {
    case EventType::kOkcConsider:
    case EventType::kOkcNotCloned:
    case EventType::kOkcAdded:
    case EventType::kPmkidDerived:
    case EventType::kPmksaAdded:
    case EventType::kPmksaReusing:
    case EventType::kPmksaReplace:
    case EventType::kPmksaReplacingCurrent:
    case EventType::kPmksaFlush:
    case EventType::kPmksaExpired:
    case EventType::kPmksaEvicted:
    case EventType::kPmksaFreeCb:
    case EventType::kPmksaCacheAddedEvent:
    case EventType::kPmksaCacheRemovedEvent:
      return true;
    default:
      return false;
  }
}

}  // namespace

PmksaModel::PmksaModel(std::string ifname, ModelObserver* observer, ModelConfig config)
    : ifname_(std::move(ifname)), observer_(observer), config_(config) {}

void PmksaModel::Apply(const Event& ev, const LineView& line, const AttemptView& attempt,
                       PmksaEffects* effects) {
  if ((pending_okc_ || pending_derived_) && !InsidePmksaAdd(ev.type)) {
    pending_okc_.reset();
    pending_derived_.reset();
  }
  ApplyAkm(ev, line, attempt);
  switch (ev.type) {
    case EventType::kRequestAssociation:
    case EventType::kPmksaSearchBssid:
      selection_target_ = ev.addr;
      break;
    case EventType::kSmeTryAuthenticate:
    case EventType::kTryAssociate:
      OnAttemptTarget(ev);
      break;
    case EventType::kRxMsg1of4:
      msg1_aa_ = ev.addr;
      msg1_pmkid_ = Pmkid();
      break;
    case EventType::kPmkidFromAuthenticator:
      msg1_pmkid_ = ev.pmkid;
      msg1_pmkid_line_ = line.Copy();
      break;
    case EventType::kMatchedPmkid:
    case EventType::kFoundMatchingPmkid: {
      // The AP's msg 1/4 PMKID is the entry's: learn it if not yet logged.
      const Pmkid& shown = ev.type == EventType::kMatchedPmkid ? ev.pmkid : msg1_pmkid_;
      if (shown.known) BindPmkid(msg1_aa_, shown, line);
      break;
    }
    case EventType::kPmkidDerived:
      pending_derived_.emplace(ev.pmkid, line.Copy());
      break;
    case EventType::kNewPmkMatchesPmkid:
      BindPmkid(msg1_aa_, msg1_pmkid_, line);
      break;
    case EventType::kPmkidMismatch: {
      ModelSignal s{::roamreplay::Signal::kMskMismatch, line.Copy()};
      s.bssid = msg1_aa_;
      s.has_bssid = true;
      s.pmkid = msg1_pmkid_;
      s.detail = "the supplicant reports it";
      s.evidence.push_back({msg1_pmkid_line_, "PMKID the AP derived"});
      s.evidence.push_back({line.Copy(), "supplicant: PMKID mismatch"});
      Emit(std::move(s));
      break;
    }
    case EventType::kOkcValidated:
      OnValidated(line, attempt);
      break;
    case EventType::kOwnMacAddress:
    case EventType::kOwnMacChanged:
      OnOwnAddress(ev.addr, line);
      break;
    case EventType::kPtkDerivation:
      if (!own_mac_) own_mac_ = ev.addr;
      break;
    case EventType::kConfigChange:
      last_config_change_ = line.Copy();
      break;
    case EventType::kPeapDerivedKey:
      // With crypto binding the MSK is printed in clear; PMK = MSK[0..31].
      if (ev.key_shown && ev.key_hex.size() == 128) {
        pending_pmk_key_ = ev.key_hex.substr(0, 64);
        pending_pmk_ = line.Copy();
      }
      break;
    case EventType::kPmkFromEapol:
      if (late_pmk_for_) {
        // The entry of this full authentication is already in the cache.
        if (ev.key_shown) OnPmkShown(*late_pmk_for_, ev.key_hex, line);
        break;
      }
      if (ev.key_shown || !pending_pmk_.valid()) pending_pmk_ = line.Copy();
      if (ev.key_shown) pending_pmk_key_ = ev.key_hex;
      break;
    case EventType::kPmkFromCache:
      if (ev.key_shown && attempt.offer) OnPmkShown(attempt.offer->aa, ev.key_hex, line);
      break;
    case EventType::kOkcConsider:
      debug_pmksa_seen_ = true;
      pending_okc_ = ev.addr;
      break;
    case EventType::kPmksaReplace:
      debug_pmksa_seen_ = true;
      pending_replace_ = line.Copy();
      flushed_since_replace_.clear();
      flushed_valid_.clear();
      break;
    case EventType::kPmksaAdded:
      debug_pmksa_seen_ = true;
      OnAdded(ev.addr, ev, line, attempt, effects);
      break;
    case EventType::kPmksaCacheAddedEvent:
      if (!debug_pmksa_seen_) {
        // INFO-level logs: an entry for an AP other than the one being
        // joined can only be a proactive OKC clone.
        bool other_ap = attempt.active && attempt.target != ev.addr;
        if (other_ap && observed_.FirstOfNetwork(current_network_, &ev.addr) != nullptr)
          pending_okc_ = ev.addr;
        OnAdded(ev.addr, ev, line, attempt, effects);
      }
      break;
    case EventType::kOkcNotCloned:
      // pmksa_cache_get_opportunistic() skips that entry and goes on with
      // the next one of the network: the OKC attempt is still open.
      break;
    case EventType::kPmksaReusing:
      if (pending_okc_) OnOkcFlag(*pending_okc_);
      pending_okc_.reset();
      break;
    case EventType::kOkcAdded:
      debug_pmksa_seen_ = true;
      if (observed_.Find(ev.addr) == nullptr) AddClone(ev.addr, std::nullopt, line);
      OnOkcFlag(ev.addr);
      last_okc_added_ = ev.addr;
      last_okc_added_line_ = line.line;
      break;
    case EventType::kPmksaFlush:
      debug_pmksa_seen_ = true;
      OnRemoved(ev.addr, "flushed", line);
      break;
    case EventType::kPmksaExpired:
      debug_pmksa_seen_ = true;
      OnRemoved(ev.addr, "expired", line);
      break;
    case EventType::kPmksaEvicted:
      debug_pmksa_seen_ = true;
      OnRemoved(ev.addr, "evicted", line);
      break;
    case EventType::kPmksaCacheRemovedEvent:
      if (!debug_pmksa_seen_) OnRemoved(ev.addr, "removed", line);
      break;
    case EventType::kPmksaSearch:
    case EventType::kPmksaFreeCb:
      debug_pmksa_seen_ = true;
      break;
    case EventType::kPmksaSelected:
      debug_pmksa_seen_ = true;
      OnSelected(ev.pmkid, line, attempt, effects);
      break;
    case EventType::kInterfaceStart:
      // number 1: the device booted (ESP-IDF, parse/esp_idf.h): the cache
      // lived in RAM and is gone.
      if (ev.number == 1) {
        for (const PmksaEntry& e : observed_.entries())
          observer_->OnEntryRemoved(ifname_, e, "reboot", line.Copy());
        observed_.Clear();
        reference_.Clear();
        pending_okc_.reset();
        pending_derived_.reset();
        late_pmk_for_.reset();
        selection_target_.reset();
        sae_pmkid_.reset();
      }
      break;
    default:
      break;
  }
}

void PmksaModel::OnAttemptStarted() {
  stale_reported_.reset();
  expired_reported_.reset();
  late_pmk_for_.reset();
}

void PmksaModel::OnAttemptTarget(const Event& ev) {
  selection_target_ = ev.addr;
  if (!ev.text.empty()) current_network_ = NetworkFor(ev.text);
}

void PmksaModel::OnOwnAddress(const MacAddress& mac, const LineView& line) {
  if (own_mac_ && *own_mac_ != mac) {
    previous_own_mac_ = own_mac_;
    own_mac_changed_ = line.Copy();
  }
  own_mac_ = mac;
  observed_.set_own_address(mac);
  reference_.set_own_address(mac);
}

void PmksaModel::Finish() {
  for (const PmksaEntry& e : observed_.entries()) observer_->OnEntryAtEnd(ifname_, e);
}

int PmksaModel::NetworkFor(const std::string& ssid) {
  auto it = networks_.find(ssid);
  if (it != networks_.end()) return it->second;
  int id = static_cast<int>(networks_.size()) + 1;
  networks_.emplace(ssid, id);
  return id;
}

// The entry's own address: as the "Added" line logged it (2.x), else the
// station's current address (identity by AA alone).
void PmksaModel::SetOwnAddress(PmksaEntry* entry) const {
  if (logged_spa_) {
    entry->spa = *logged_spa_;
    entry->has_spa = entry->spa_logged = true;
  } else if (own_mac_) {
    entry->spa = *own_mac_;
    entry->has_spa = true;
  }
}

void PmksaModel::SetTimes(PmksaEntry* entry, const LineView& line) const {
  if (!line.has_time) return;
  entry->pmk_created_us = line.time_us;
  entry->expiration_us = line.time_us + config_.pmk_lifetime_s * 1'000'000;
  entry->reauth_us = line.time_us + config_.pmk_lifetime_s * 10'000 * config_.reauth_threshold_pct;
}

void PmksaModel::OnAdded(const MacAddress& aa, const Event& ev, const LineView& line,
                         const AttemptView& attempt, PmksaEffects* effects) {
  logged_spa_.reset();
  late_pmk_for_.reset();
  if (ev.has_addr2) {
    logged_spa_ = ev.addr2;
    if (!own_mac_) OnOwnAddress(ev.addr2, line);
  }
  if (pending_okc_ && *pending_okc_ == aa) {
    // 2.x prints the clone's own address; since hostap 9f04a9c8 the clone
    // source must have the same one.
    std::optional<MacAddress> spa;
    if (ev.has_addr2) spa = ev.addr2;
    AddClone(aa, spa, line);
  } else {
    AddNewPmk(aa, ev, line, effects);
  }
  PmksaEntry* e = observed_.Find(aa);
  if (e != nullptr) {
    if (ev.type == EventType::kPmksaAdded && ev.number != 0) e->akmp = ev.number;
    if (PmksaEntry* r = reference_.Find(aa)) r->akmp = e->akmp;
    // 2.x prints the PMKID pmksa_cache_add() derived right before the entry.
    if (pending_derived_) {
      const LineRef& d = pending_derived_->second;
      BindPmkid(aa, pending_derived_->first,
                LineView{d.line, d.time_text, d.time_us, d.has_time, d.text}, PmkidSource::kHmac);
    }
    OnAddedAkm(aa, line);
    // An AP MLD's entry is made for the link the attempt authenticates on.
    const PmksaEntry* added = observed_.Find(aa);
    if (added != nullptr && added->ap_mld && effects->new_pmk_for && attempt.active)
      effects->new_pmk_for = attempt.target;
  }
  pending_okc_.reset();
  pending_derived_.reset();
  pending_replace_ = LineRef();
  flushed_since_replace_.clear();
  flushed_valid_.clear();
  pending_pmk_ = LineRef();
  pending_pmk_key_.clear();
}

void PmksaModel::InsertObserved(PmksaEntry entry, const LineView& line) {
  std::optional<PmksaEntry> evicted;
  std::optional<PmksaEntry> old = observed_.Insert(std::move(entry), &evicted);
  if (old) observer_->OnEntryRemoved(ifname_, *old, "replaced", line.Copy());
  if (evicted) {
    reference_.Remove(evicted->aa);
    observer_->OnEntryRemoved(ifname_, *evicted, "evicted", line.Copy());
  }
}

// pmksa_cache_get_opportunistic() clones the first entry of the network in
// list order, whatever its age, so the clone inherits that entry's PMK and
// expiration; its position in the list is where its own (fresh) expiration
// would put it.
void PmksaModel::AddClone(const MacAddress& aa, const std::optional<MacAddress>& spa,
                              const LineView& line) {
  const PmksaEntry* source = observed_.FirstOfNetwork(current_network_, &aa, spa);
  PmksaEntry entry;
  entry.aa = aa;
  entry.network = current_network_;
  entry.clone = true;
  entry.opportunistic = true;
  entry.created = line.Copy();
  SetOwnAddress(&entry);
  SetTimes(&entry, line);
  int64_t source_expiration = 0;
  if (source != nullptr) {
    entry.generation = source->generation;
    entry.pmk_lineage = source->pmk_lineage;
    entry.pmk_hex = source->pmk_hex;
    entry.pmk_line = source->pmk_line;
    entry.akmp = source->akmp;
    entry.pmk_created_us = source->pmk_created_us;
    entry.ap_mld = false;
    if (AkmpPmkidFromExchange(source->akmp) && source->pmkid.known) {
      // pmksa_cache_clone_entry(): SAE and FILS clones keep the source's PMKID.
      entry.pmkid = source->pmkid;
      entry.pmkid_line = line.Copy();
      entry.pmkid_source = source->pmkid_source;
    }
    source_expiration = source->expiration_us;
  } else {
    entry.pmk_lineage = NewPrelogLineage();  // a PMK from before the log
  }
  // A clone of an entry the reference already retired carries the retired
  // PMK: the reference does not hold it either.
  const StaleContext* source_stale =
      source != nullptr ? FindStale(source->aa, source->generation) : nullptr;
  std::optional<StaleContext> clone_stale;
  if (source_stale != nullptr) {
    clone_stale = *source_stale;
    clone_stale->reason = StaleReason::kUnvalidatedCloneOfOldPmk;
  }
  if (reference_.Find(aa) != nullptr) reference_.Remove(aa);
  InsertObserved(entry, line);
  if (!clone_stale) reference_.Insert(entry);
  if (source_expiration != 0) {
    for (PmksaCache* cache : {&observed_, &reference_})
      if (PmksaEntry* e = cache->Find(aa)) e->expiration_us = source_expiration;
    entry.expiration_us = source_expiration;
  }
  observer_->OnEntryAdded(ifname_, entry);
  if (clone_stale) {
    clone_stale->entry = entry;
    stale_.push_back(*clone_stale);
    observer_->OnEntryStale(ifname_, entry, entry.created);
  }
}

void PmksaModel::AddNewPmk(const MacAddress& aa, const Event& ev, const LineView& line,
                           PmksaEffects* effects) {
  int generation = ++generation_;
  effects->new_pmk_for = aa;
  std::optional<PmksaEntry> replaced;
  if (const PmksaEntry* e = observed_.Find(aa)) {
    replaced = *e;
  } else if (last_removed_ && last_removed_->aa == aa && line.line - last_removed_line_ <= 4) {
    replaced = last_removed_;  // INFO logs: REMOVED just before ADDED
  }
  PmksaEntry entry;
  entry.aa = aa;
  entry.network = current_network_;
  entry.generation = generation;
  entry.created = line.Copy();
  entry.pmk_hex = pending_pmk_key_;
  if (!pending_pmk_key_.empty()) entry.pmk_line = pending_pmk_;
  // No PMK line yet: 2.x may print it after the entry (FT-EAP adds the
  // entry from the EAPOL callback, before msg 1/4).
  bool pmk_line_later = !pending_pmk_.valid();
  SetOwnAddress(&entry);
  if (ev.type == EventType::kPmksaAdded && ev.number != 0) entry.akmp = ev.number;
  SetTimes(&entry, line);

  // Only the entry of this identity is replaced (an entry for the AP made
  // with another own address stays).
  std::optional<PmksaEntry> replaced_ref;
  if (reference_.Find(aa) != nullptr) replaced_ref = reference_.Remove(aa);
  if (observed_.Find(aa) != nullptr) {
    if (std::optional<PmksaEntry> old = observed_.Remove(aa))
      observer_->OnEntryRemoved(ifname_, *old, "replaced", entry.created);
  }
  if (replaced && pending_replace_.valid()) NoteFlushBehaviour(*replaced);

  const PmksaEntry* replaced_for_rule = replaced_ref ? &*replaced_ref
                                        : replaced   ? &*replaced
                                                     : nullptr;
  for (const StaleVerdict& v : ReferenceStaleOnNewPmk(reference_, current_network_, generation,
                                                      aa, replaced_for_rule, validated_pmks_)) {
    StaleContext ctx;
    const PmksaEntry* held = observed_.Find(v.aa);
    if (held == nullptr) held = reference_.Find(v.aa);
    if (held == nullptr) {  // an entry of another own address: by AA alone
      for (const PmksaEntry& r : reference_.entries())
        if (r.aa == v.aa) held = &r;
    }
    if (held == nullptr) continue;
    ctx.entry = *held;
    ctx.reason = v.reason;
    ctx.superseding_generation = generation;
    ctx.superseding_aa = aa;
    ctx.superseding_auth = pending_pmk_.valid() ? pending_pmk_ : entry.created;
    ctx.superseding_replace = pending_replace_;
    ctx.superseding_add = entry.created;
    observer_->OnEntryStale(ifname_, ctx.entry, entry.created);
    stale_.push_back(std::move(ctx));
    reference_.Remove(v.aa);
  }
  JudgeReplaceFlush(entry, replaced_for_rule);
  observer_->OnEntryAdded(ifname_, entry);
  CheckNewPmkAgainstMsg1(entry, line);
  // The observed cache evicts for room (and the reference follows it), so
  // the reference never evicts on its own.
  InsertObserved(entry, line);
  reference_.Insert(std::move(entry));
  if (pmk_line_later) late_pmk_for_ = aa;
}

// The entries the supplicant flushed at this replacement that the reference
// still held: justified if the reference rule retires them too, otherwise an
// over-flush (hostap c3fea272 flushed the whole network).
void PmksaModel::JudgeReplaceFlush(const PmksaEntry& added, const PmksaEntry* replaced) {
  if (flushed_valid_.empty()) return;
  PmksaCache held;
  for (const auto& [entry, flush_line] : flushed_valid_) (void)held.Insert(entry);
  std::vector<StaleVerdict> justified =
      ReferenceStaleOnNewPmk(held, added.network, added.generation, added.aa, replaced,
                             validated_pmks_);
  // (No structured bindings here: clang 14 cannot capture them in a lambda.)
  for (const auto& flushed : flushed_valid_) {
    const PmksaEntry& entry = flushed.first;
    const LineRef& flush_line = flushed.second;
    bool ok = std::any_of(justified.begin(), justified.end(),
                          [&](const StaleVerdict& v) { return v.aa == entry.aa; });
    if (ok) continue;
    ModelSignal s{::roamreplay::Signal::kOverFlush, flush_line};
    s.bssid = entry.aa;
    s.has_bssid = true;
    s.pmkid = entry.pmkid;
    s.group = pending_replace_.line;
    s.detail = fmt::format("PMK gen {}; the replaced PMK was gen {}", entry.generation,
                           replaced != nullptr ? replaced->generation : 0);
    s.evidence.push_back({entry.created, "entry created"});
    s.evidence.push_back({pending_replace_, "PMK of " + added.aa.ToString() + " replaced"});
    s.evidence.push_back({flush_line, "valid entry flushed"});
    Emit(std::move(s));
  }
  flushed_valid_.clear();
}

// Which era's rule explains the entries flushed between "Replace PMKSA entry"
// and the new entry's "added" line?
void PmksaModel::NoteFlushBehaviour(const PmksaEntry& replaced) {
  PmksaCache before = observed_;
  std::vector<MacAddress> actual;
  for (const PmksaEntry& e : flushed_since_replace_) {
    (void)before.Insert(e);
    actual.push_back(e.aa);
  }
  actual = Sorted(std::move(actual));
  ++flush_evidence_.replacements;
  for (FlushPolicy p : {FlushPolicy::kPre2011, FlushPolicy::kC3fea272, FlushPolicy::kCurrent}) {
    if (Sorted(SupplicantFlushOnReplace(p, before, replaced)) == actual)
      ++flush_evidence_.consistent[static_cast<size_t>(p)];
  }
}

void PmksaModel::OnRemoved(const MacAddress& aa, std::string_view how,
                               const LineView& line) {
  std::optional<PmksaEntry> removed = observed_.Remove(aa);
  std::optional<PmksaEntry> ref = reference_.Remove(aa);
  if (removed) observer_->OnEntryRemoved(ifname_, *removed, how, line.Copy());
  bool valid_in_reference = removed && ref && ref->generation == removed->generation;
  if (removed && how == "flushed") {
    const LineRef& cfg = last_config_change_;
    bool after_config =
        cfg.valid() && line.line - cfg.line <= kConfigFlushWindowLines &&
        (!cfg.has_time || !line.has_time || line.time_us - cfg.time_us <= kConfigFlushWindowUs);
    if (after_config) {
      ModelSignal s{::roamreplay::Signal::kConfigFlush, line.Copy()};
      s.bssid = aa;
      s.has_bssid = true;
      s.pmkid = removed->pmkid;
      s.group = cfg.line;
      s.evidence.push_back({cfg, "configuration change"});
      s.evidence.push_back({line.Copy(), "entry flushed"});
      Emit(std::move(s));
    } else if (pending_replace_.valid()) {
      // Part of the supplicant's flush on PMK replacement; whether it was
      // right is decided with the new entry (AddNewPmk), when the reference
      // rule knows which PMK was replaced.
      flushed_since_replace_.push_back(*removed);
      if (valid_in_reference) flushed_valid_.push_back({*ref, line.Copy()});
    }
  }
  stale_.erase(std::remove_if(stale_.begin(), stale_.end(),
                              [&](const StaleContext& s) { return s.entry.aa == aa; }),
               stale_.end());
  if (removed) {
    last_removed_ = std::move(removed);
    last_removed_line_ = line.line;
  }
}

void PmksaModel::OnOkcFlag(const MacAddress& aa) {
  for (PmksaCache* cache : {&observed_, &reference_}) {
    if (PmksaEntry* e = cache->Find(aa)) {
      e->opportunistic = true;
      e->clone = true;
    }
  }
}

void PmksaModel::OnValidated(const LineView& line, const AttemptView& attempt) {
  MacAddress aa = attempt.offer ? attempt.offer->aa : attempt.target;
  for (PmksaCache* cache : {&observed_, &reference_}) {
    if (PmksaEntry* e = cache->Find(aa)) {
      // Validation is of the PMK: an AP accepted a clone of it, so the
      // infrastructure shares that PMK (not every PMK of the network).
      validated_pmks_.insert(e->Lineage());
      e->opportunistic = false;
    }
  }
  if (const PmksaEntry* e = observed_.Find(aa))
    observer_->OnEntryValidated(ifname_, *e, line.Copy());
}

void PmksaModel::BindPmkid(const MacAddress& aa, const Pmkid& pmkid, const LineView& line,
                           PmkidSource source) {
  if (!pmkid.known) return;
  const PmksaEntry* observed = observed_.Find(aa);
  if (observed != nullptr && observed->pmkid.known) return;  // nothing new
  for (PmksaCache* cache : {&observed_, &reference_}) {
    PmksaEntry* e = cache->Find(aa);
    if (e != nullptr && !e->pmkid.known) {
      e->pmkid = pmkid;
      e->pmkid_line = line.Copy();
      e->pmkid_source = source;
    }
  }
  for (StaleContext& s : stale_)
    if (s.entry.aa == aa && !s.entry.pmkid.known) s.entry.pmkid = pmkid;
  if (const PmksaEntry* e = observed_.Find(aa)) VerifyPmkid(*e);
}

void PmksaModel::OnPmkShown(const MacAddress& aa, const std::string& pmk_hex,
                                const LineView& line) {
  PmksaEntry* e = observed_.Find(aa);
  if (e == nullptr || !e->pmk_hex.empty()) return;
  e->pmk_hex = pmk_hex;
  e->pmk_line = line.Copy();
  VerifyPmkid(*e);
}

// With the PMK visible (-K, or the PEAP crypto-binding MSK) every logged
// PMKID can be recomputed: a mismatch means the log's PMKID did not come
// from that PMK (a broken derivation, or a model attribution error).
void PmksaModel::VerifyPmkid(const PmksaEntry& e) {
  if (e.pmk_hex.empty() || !e.pmkid.known) return;
  // SAE and FILS PMKIDs come from the exchange, not from the PMK.
  if (e.pmkid_source == PmkidSource::kSae || AkmpPmkidFromExchange(e.akmp)) return;
  std::optional<MacAddress> spa = e.has_spa ? std::optional<MacAddress>(e.spa) : own_mac_;
  Pmkid computed;
  if (!spa || !ComputePmkid(e.pmk_hex, e.aa, *spa, PmkidHashForAkmp(e.akmp), &computed)) return;
  if (computed == e.pmkid) {
    for (PmksaCache* cache : {&observed_, &reference_}) {
      PmksaEntry* x = cache->Find(e.aa);
      if (x != nullptr && x->pmkid == e.pmkid) x->pmkid_source = PmkidSource::kHmac;
    }
    observer_->OnPmkidVerified(ifname_, e);
    return;
  }
  ModelSignal s{::roamreplay::Signal::kPmkidMismatch, e.pmkid_line.valid() ? e.pmkid_line : e.created};
  s.bssid = e.aa;
  s.has_bssid = true;
  s.pmkid = e.pmkid;
  s.detail = computed.ToHex();
  s.evidence.push_back({e.pmk_line, "PMK shown"});
  s.evidence.push_back({e.created, "entry created"});
  s.evidence.push_back({e.pmkid_line, "PMKID logged"});
  Emit(std::move(s));
}

// After a full authentication the AP's msg 1/4 carries PMKID(new PMK): if the
// PMK the supplicant got from EAP does not produce it, the authentication
// server derived a different MSK for the AP (hostap bddc51e8).
void PmksaModel::CheckNewPmkAgainstMsg1(const PmksaEntry& entry, const LineView& line) {
  if (entry.pmk_hex.empty() || !msg1_pmkid_.known || msg1_aa_ != entry.aa) return;
  std::optional<MacAddress> spa = entry.has_spa ? std::optional<MacAddress>(entry.spa) : own_mac_;
  Pmkid computed;
  if (!spa || !ComputePmkid(entry.pmk_hex, entry.aa, *spa, PmkidHashForAkmp(entry.akmp), &computed))
    return;
  if (computed == msg1_pmkid_) return;
  ModelSignal s{::roamreplay::Signal::kMskMismatch, line.Copy()};
  s.bssid = entry.aa;
  s.has_bssid = true;
  s.pmkid = msg1_pmkid_;
  s.detail = "proven: the PMK from EAP gives PMKID " + computed.ToHex();
  s.evidence.push_back({entry.pmk_line, "PMK from EAP"});
  s.evidence.push_back({msg1_pmkid_line_, "PMKID the AP derived"});
  s.evidence.push_back({line.Copy(), "entry added"});
  Emit(std::move(s));
}

const StaleContext* PmksaModel::FindStale(const MacAddress& aa, int generation) const {
  for (auto it = stale_.rbegin(); it != stale_.rend(); ++it)
    if (it->entry.aa == aa && it->entry.generation == generation) return &*it;
  return nullptr;
}

const StaleContext* PmksaModel::StaleFor(const PmksaEntry& entry) const {
  const PmksaEntry* ref = reference_.Find(entry.aa);
  if (ref != nullptr && ref->generation == entry.generation) return nullptr;
  return FindStale(entry.aa, entry.generation);
}

PmksaEntry* PmksaModel::EntryForSelection(const Pmkid& pmkid, const LineView& line) {
  // pmksa_cache_set_current() prints the clone's PMKID right after "added
  // opportunistic PMKSA cache entry"; a proactive clone (after a scan) is
  // followed by other lines and does not claim a later selection.
  bool just_cloned = last_okc_added_ && line.line <= last_okc_added_line_ + 2;
  std::optional<MacAddress> target = just_cloned ? last_okc_added_ : selection_target_;
  if (PmksaEntry* entry = observed_.FindByPmkid(pmkid)) {
    // An OKC clone of an SAE or FILS entry keeps its source's PMKID
    // (pmksa_cache_clone_entry()), so several entries may hold it: the one
    // for the AP being joined (or just cloned) is the one selected.
    if (target && entry->aa != *target) {
      PmksaEntry* for_target = observed_.Find(*target);
      if (for_target != nullptr && for_target->pmkid == pmkid) return for_target;
    }
    return entry;
  }
  // The PMKID is new to the model: it belongs to the entry just cloned or to
  // the AP being joined.
  if (!target) return nullptr;
  PmksaEntry* entry = observed_.Find(*target);
  if (entry != nullptr) {
    if (entry->pmkid.known) {
      // Another PMKID than the entry's: with its PMK visible this is a
      // proven mismatch; otherwise the selection cannot be attributed.
      PmksaEntry shown = *entry;
      shown.pmkid = pmkid;
      shown.pmkid_line = line.Copy();
      VerifyPmkid(shown);
      return nullptr;
    }
    BindPmkid(*target, pmkid, line);
    return observed_.Find(*target);
  }
  // Created before the log starts: assume it valid.
  PmksaEntry pre_log;
  pre_log.aa = *target;
  pre_log.pmkid = pmkid;
  pre_log.pmkid_line = line.Copy();
  pre_log.network = current_network_;
  pre_log.pmk_lineage = NewPrelogLineage();
  pre_log.created = line.Copy();
  observer_->OnEntryAdded(ifname_, pre_log);
  InsertObserved(pre_log, line);
  reference_.Insert(pre_log);
  return observed_.Find(*target);
}

void PmksaModel::OnSelected(const Pmkid& pmkid, const LineView& line, const AttemptView& attempt,
                            PmksaEffects* effects) {
  // A correct supplicant's expiry timer has removed what outlived its
  // lifetime (the observed one may have slept through it).
  if (line.has_time) reference_.ExpireUntil(line.time_us);
  PmksaEntry* entry = EntryForSelection(pmkid, line);
  last_okc_added_.reset();
  if (entry == nullptr) return;

  // Non-SME drivers dump the selected PMKID again after association.
  if (attempt.active && attempt.offer && attempt.offer->pmkid == pmkid && !attempt.key_neg_done)
    return;
  observed_.SetCurrent(entry->aa);

  Offer offer;
  offer.aa = entry->aa;
  offer.pmkid = entry->pmkid;
  offer.generation = entry->generation;
  offer.lineage = entry->Lineage();
  offer.opportunistic = entry->opportunistic;
  offer.selected = line.Copy();
  if (entry->ap_mld && selection_target_ && *selection_target_ != entry->aa)
    offer.link = *selection_target_;
  offer.auth_link = entry->auth_link;
  offer.pmkid_not_sae = entry->pmkid_not_sae;
  CheckOffer(offer, *entry, line);
  CheckSelectionAkm(*entry, line);

  // The connection tracker attaches it to the current attempt or keeps it
  // for the association with offer.aa.
  effects->offer = std::move(offer);
}

// Is the selected entry one a correct supplicant would offer?
void PmksaModel::CheckOffer(const Offer& offer, const PmksaEntry& entry,
                                const LineView& line) {
  const StaleContext* stale = StaleFor(entry);
  if (stale != nullptr && !(stale_reported_ && *stale_reported_ == offer.pmkid)) {
    stale_reported_ = offer.pmkid;
    StaleContext ctx = *stale;
    ctx.entry = entry;
    observer_->OnStaleSelection(ifname_, offer, ctx);
  }
  // The PMK's age decides: an OKC clone made today of a PMK from yesterday
  // is as old as that PMK (hostap bb93ea23/74db49d7 stop cloning and using
  // such entries for SAE). Those rules are SAE-only (wpa_key_mgmt_sae() in
  // pmksa_cache_get_opportunistic() and pmksa_cache_set_current()): an
  // 802.1X or PSK entry past its threshold is selected normally and only its
  // lifetime ends it. An entry of unknown AKM (no "akmp=", no SAE exchange)
  // is not SAE.
  bool sae = AkmpIsSae(entry.akmp) || entry.pmkid_source == PmkidSource::kSae;
  int64_t threshold_us =
      sae && entry.pmk_created_us != 0
          ? entry.pmk_created_us + config_.pmk_lifetime_s * 10'000 * config_.reauth_threshold_pct
          : 0;
  bool expired = entry.expiration_us != 0 && line.has_time && line.time_us > entry.expiration_us;
  bool past_reauth = threshold_us != 0 && line.has_time && line.time_us > threshold_us;
  // SAE with OKC selects the clone twice in one attempt (the OKC search,
  // then the SAE search): one offer, one finding.
  if ((expired || past_reauth) && !(expired_reported_ && *expired_reported_ == offer.pmkid)) {
    expired_reported_ = offer.pmkid;
    ModelSignal s{::roamreplay::Signal::kExpiredOffered, line.Copy()};
    s.bssid = entry.aa;
    s.has_bssid = true;
    s.pmkid = entry.pmkid;
    int64_t past = expired ? entry.expiration_us : threshold_us;
    s.value = (line.time_us - past) / 1'000'000;
    s.detail = expired ? "its lifetime ended" : "its PMK passed the reauth threshold";
    s.evidence.push_back({entry.created, entry.clone ? "OKC clone created" : "entry created"});
    s.evidence.push_back({line.Copy(), "selected after " + s.detail});
    Emit(std::move(s));
  }
  if (entry.has_spa && own_mac_ && entry.spa != *own_mac_) {
    ModelSignal s{::roamreplay::Signal::kOwnMacChanged, line.Copy()};
    s.bssid = entry.aa;
    s.has_bssid = true;
    s.pmkid = entry.pmkid;
    s.detail = fmt::format("entry made for {}, own address now {}", entry.spa.ToString(),
                           own_mac_->ToString());
    s.evidence.push_back({entry.created, "entry created for the old address"});
    s.evidence.push_back({own_mac_changed_, "own MAC address changed"});
    s.evidence.push_back({line.Copy(), "entry of the old address selected"});
    Emit(std::move(s));
  }
}

}  // namespace roamreplay
