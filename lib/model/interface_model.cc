#include "model/interface_model.h"

#include <algorithm>

namespace roamreplay {

std::string_view AuthMethodName(AuthMethod method) {
  switch (method) {
    case AuthMethod::kUnknown:
      return "unfinished";
    case AuthMethod::kFullEap:
      return "full-eap";
    case AuthMethod::kPmksaCache:
      return "pmksa-cache";
    case AuthMethod::kOkc:
      return "okc";
    case AuthMethod::kFailed:
      return "failed";
  }
  return "?";
}

std::string_view RefusalSignalText(RefusalSignal signal) {
  switch (signal) {
    case RefusalSignal::kDidNotAcceptPmkid:
      return "the AP started EAP instead of the 4-way handshake";
    case RefusalSignal::kEapStarted:
      return "EAP started before key negotiation";
    case RefusalSignal::kOtherPmkidInMsg1:
      return "the AP's msg 1/4 carried a different PMKID";
    case RefusalSignal::kNoPmkidInMsg1:
      return "the AP's msg 1/4 did not carry the offered PMKID";
    case RefusalSignal::kAssocRejectInvalidPmkid:
      return "association rejected with status 53 (invalid PMKID)";
    case RefusalSignal::kSaeCachingRejected:
      return "the AP rejected the SAE PMKSA caching attempt";
  }
  return "?";
}

InterfaceModel::InterfaceModel(std::string ifname, ModelObserver* observer)
    : ifname_(std::move(ifname)), observer_(observer) {}

int InterfaceModel::NetworkFor(const std::string& ssid) {
  auto it = networks_.find(ssid);
  if (it != networks_.end()) return it->second;
  int id = static_cast<int>(networks_.size()) + 1;
  networks_.emplace(ssid, id);
  return id;
}

void InterfaceModel::Apply(const Event& ev, const LineView& line) {
  switch (ev.type) {
    case EventType::kRequestAssociation:
      request_ = line.Copy();
      request_target_ = ev.addr;
      selection_target_ = ev.addr;
      break;
    case EventType::kPmksaSearchBssid:
      selection_target_ = ev.addr;
      break;
    case EventType::kSmeTryAuthenticate:
    case EventType::kTryAssociate:
      OnAttemptTarget(ev, line);
      break;
    case EventType::kAssociated:
      if (!attempt_.active || attempt_.target != ev.addr || attempt_.key_neg_done)
        StartAttempt(ev.addr, line);
      attempt_.associated = true;
      attempt_.association = line.Copy();
      if (pending_offer_ && pending_offer_->aa == ev.addr) {
        AttachOffer(std::move(*pending_offer_));
        pending_offer_.reset();
      }
      break;
    case EventType::kStateChange:
      if (ev.to == WpaState::kDisconnected && attempt_.active && !attempt_.key_neg_done)
        EndAttempt(AuthMethod::kFailed, line);
      break;
    case EventType::kDisconnected:
    case EventType::kAuthTimedOut:
      if (attempt_.active && !attempt_.key_neg_done) EndAttempt(AuthMethod::kFailed, line);
      attempt_.active = false;
      pending_offer_.reset();
      break;
    case EventType::kAssocReject:
      if (ev.number == 53 && AwaitingAnswer())
        Refuse(RefusalSignal::kAssocRejectInvalidPmkid, line);
      if (attempt_.active && !attempt_.key_neg_done) EndAttempt(AuthMethod::kFailed, line);
      attempt_.active = false;
      break;
    case EventType::kEapStarted:
      OnEapStarted(line);
      break;
    case EventType::kPmkidNotAccepted:
      OnNotAccepted(line);
      break;
    case EventType::kRxMsg1of4:
      msg1_aa_ = ev.addr;
      msg1_pmkid_ = Pmkid();
      break;
    case EventType::kPmkidFromAuthenticator:
      msg1_pmkid_ = ev.pmkid;
      if (AwaitingAnswer() && attempt_.offer->pmkid.known && ev.pmkid != attempt_.offer->pmkid)
        Refuse(RefusalSignal::kOtherPmkidInMsg1, line);
      break;
    case EventType::kTriggerFullEap:
    case EventType::kCachedAttemptCancelled:
      if (AwaitingAnswer()) Refuse(RefusalSignal::kNoPmkidInMsg1, line);
      break;
    case EventType::kSaeCachingRejected:
      if (AwaitingAnswer()) Refuse(RefusalSignal::kSaeCachingRejected, line);
      break;
    case EventType::kMatchedPmkid:
    case EventType::kFoundMatchingPmkid:
    case EventType::kCachingUsed:
      if (attempt_.active && !attempt_.refused) attempt_.cached_ok = true;
      break;
    case EventType::kNewPmkMatchesPmkid:
      BindPmkid(msg1_aa_, msg1_pmkid_);
      break;
    case EventType::kKeyNegCompleted:
      OnKeyNegotiationCompleted(line);
      break;
    case EventType::kOkcValidated:
      OnValidated(line);
      break;

    case EventType::kPmkFromEapol:
      pending_pmk_ = line.Copy();
      pending_pmk_key_ = ev.key_shown ? ev.key_hex : std::string();
      break;
    case EventType::kOkcConsider:
      debug_pmksa_seen_ = true;
      pending_okc_ = ev.addr;
      break;
    case EventType::kPmksaReplace:
      debug_pmksa_seen_ = true;
      pending_replace_ = line.Copy();
      break;
    case EventType::kPmksaAdded:
      debug_pmksa_seen_ = true;
      OnAdded(ev.addr, ev, line);
      break;
    case EventType::kPmksaCacheAddedEvent:
      if (!debug_pmksa_seen_) {
        // INFO-level logs: an entry for an AP other than the one being
        // joined can only be a proactive OKC clone.
        bool other_ap = attempt_.active && attempt_.target != ev.addr;
        if (other_ap && observed_.FirstOfNetwork(current_network_, &ev.addr) != nullptr)
          pending_okc_ = ev.addr;
        OnAdded(ev.addr, ev, line);
      }
      break;
    case EventType::kPmksaReusing:
      if (pending_okc_) OnOkcFlag(*pending_okc_);
      pending_okc_.reset();
      break;
    case EventType::kOkcAdded:
      debug_pmksa_seen_ = true;
      if (observed_.Find(ev.addr) == nullptr) AddClone(ev.addr, line);
      OnOkcFlag(ev.addr);
      last_okc_added_ = ev.addr;
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
      OnSelected(ev.pmkid, line);
      break;
    case EventType::kPmksaNotFound:
    case EventType::kClearCurrentPmksa:
      pending_offer_.reset();
      break;
    default:
      break;
  }
}

// --- connection flow --------------------------------------------------------

void InterfaceModel::OnAttemptTarget(const Event& ev, const LineView& line) {
  selection_target_ = ev.addr;
  if (!ev.text.empty()) current_network_ = NetworkFor(ev.text);
  bool same_attempt = attempt_.active && attempt_.target == ev.addr && !attempt_.associated &&
                      !attempt_.key_neg_done;
  if (!same_attempt) StartAttempt(ev.addr, line);
}

void InterfaceModel::StartAttempt(const MacAddress& target, const LineView& line) {
  if (attempt_.active && !attempt_.key_neg_done) EndAttempt(AuthMethod::kFailed, line);
  attempt_ = Attempt();
  attempt_.active = true;
  attempt_.target = target;
  // The roam starts when the supplicant decided on it ("Request
  // association"), which precedes the PMKSA selection and authentication.
  attempt_.start = request_.valid() && request_target_ == target ? std::move(request_) : line.Copy();
  request_ = LineRef();
  stale_reported_.reset();
  if (pending_offer_ && pending_offer_->aa == target) {
    AttachOffer(std::move(*pending_offer_));
  }
  pending_offer_.reset();
}

void InterfaceModel::EndAttempt(AuthMethod method, const LineView& line) {
  RoamRecord roam;
  roam.bssid = attempt_.target;
  roam.start = attempt_.start;
  roam.end = line.Copy();
  roam.method = method;
  roam.offered = attempt_.offer.has_value();
  if (roam.offered) roam.offered_pmkid = attempt_.offer->pmkid;
  roam.refused = attempt_.refused;
  observer_->OnRoam(ifname_, roam);
  attempt_.active = false;
}

bool InterfaceModel::AwaitingAnswer() const {
  return attempt_.active && attempt_.offer.has_value() && !attempt_.refused &&
         !attempt_.key_neg_done && !attempt_.cached_ok;
}

void InterfaceModel::Refuse(RefusalSignal signal, const LineView& line) {
  attempt_.refused = true;
  LineRef refusal = line.Copy();
  observer_->OnOfferRefused(ifname_, *attempt_.offer, signal, attempt_.association, refusal);
}

void InterfaceModel::OnEapStarted(const LineView& line) {
  if (attempt_.active && !attempt_.key_neg_done) {
    attempt_.eap_started = true;
    if (attempt_.associated && AwaitingAnswer()) Refuse(RefusalSignal::kEapStarted, line);
    return;
  }
  if (attempt_.key_neg_done && !attempt_.reauth) {
    attempt_.reauth = true;
    attempt_.reauth_start = line.Copy();
  }
}

// hostap prints "did not accept PMKID" for any EAP packet while its
// cached_pmk flag is set, including the first AP-initiated re-authentication
// after a successful cached association (log-format-facts §5.10). Only an
// answer on an association that has not completed key negotiation is a
// refusal.
void InterfaceModel::OnNotAccepted(const LineView& line) {
  if (AwaitingAnswer() && attempt_.associated) {
    Refuse(RefusalSignal::kDidNotAcceptPmkid, line);
    attempt_.eap_started = true;
    return;
  }
  if (attempt_.key_neg_done && !attempt_.reauth) {
    attempt_.reauth = true;
    attempt_.reauth_start = line.Copy();
  }
}

void InterfaceModel::OnKeyNegotiationCompleted(const LineView& line) {
  if (attempt_.active && !attempt_.key_neg_done) {
    AuthMethod method = AuthMethod::kFullEap;
    if (attempt_.cached_ok)
      method = attempt_.offer && attempt_.offer->opportunistic ? AuthMethod::kOkc
                                                               : AuthMethod::kPmksaCache;
    attempt_.key_neg_done = true;
    EndAttempt(method, line);
    attempt_.active = true;  // still associated: later re-auths belong here
    stale_reported_.reset();
    return;
  }
  if (attempt_.reauth) {
    RoamRecord roam;
    roam.bssid = attempt_.target;
    roam.start = attempt_.reauth_start;
    roam.end = line.Copy();
    roam.method = AuthMethod::kFullEap;
    roam.reauth = true;
    observer_->OnRoam(ifname_, roam);
    attempt_.reauth = false;
  }
}

void InterfaceModel::Finish() {
  for (const PmksaEntry& e : observed_.entries()) observer_->OnEntryAtEnd(ifname_, e);
  if (attempt_.active && !attempt_.key_neg_done) {
    RoamRecord roam;
    roam.bssid = attempt_.target;
    roam.start = attempt_.start;
    roam.method = AuthMethod::kUnknown;
    roam.offered = attempt_.offer.has_value();
    if (roam.offered) roam.offered_pmkid = attempt_.offer->pmkid;
    roam.refused = attempt_.refused;
    observer_->OnRoam(ifname_, roam);
    attempt_.active = false;
  }
}

// --- PMKSA cache ----------------------------------------------------------

void InterfaceModel::OnAdded(const MacAddress& aa, const Event& ev, const LineView& line) {
  if (pending_okc_ && *pending_okc_ == aa) {
    AddClone(aa, line);
  } else {
    AddNewPmk(aa, ev, line);
  }
  if (ev.has_addr2) {
    if (PmksaEntry* e = observed_.Find(aa)) {
      e->spa = ev.addr2;
      e->has_spa = true;
    }
  }
  pending_okc_.reset();
  pending_replace_ = LineRef();
  pending_pmk_ = LineRef();
  pending_pmk_key_.clear();
}

// pmksa_cache_get_opportunistic() clones the first entry of the network in
// list order, whatever its age, so the clone inherits that entry's PMK.
void InterfaceModel::AddClone(const MacAddress& aa, const LineView& line) {
  const PmksaEntry* source = observed_.FirstOfNetwork(current_network_, &aa);
  PmksaEntry entry;
  entry.aa = aa;
  entry.network = current_network_;
  entry.clone = true;
  entry.opportunistic = true;
  entry.created = line.Copy();
  if (source != nullptr) {
    entry.generation = source->generation;
    entry.pmk_hex = source->pmk_hex;
  }
  // A clone of an entry the reference already retired carries the retired
  // PMK: the reference does not hold it either.
  const StaleContext* source_stale =
      source != nullptr ? FindStale(source->aa, source->generation) : nullptr;
  if (source_stale != nullptr) {
    StaleContext ctx = *source_stale;
    ctx.entry = entry;
    ctx.reason = StaleReason::kUnvalidatedCloneOfOldPmk;
    stale_.push_back(std::move(ctx));
    reference_.Remove(aa);
  } else {
    reference_.Insert(entry);
  }
  observer_->OnEntryAdded(ifname_, entry);
  if (source_stale != nullptr) observer_->OnEntryStale(ifname_, entry, entry.created);
  if (std::optional<PmksaEntry> old = observed_.Insert(std::move(entry)))
    observer_->OnEntryRemoved(ifname_, *old, "replaced", line.Copy());
}

void InterfaceModel::AddNewPmk(const MacAddress& aa, const Event& ev, const LineView& line) {
  (void)ev;
  int generation = ++generation_;
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

  reference_.Remove(aa);
  if (std::optional<PmksaEntry> old = observed_.Remove(aa))
    observer_->OnEntryRemoved(ifname_, *old, "replaced", entry.created);
  bool shares = shares_pmks_.count(current_network_) > 0;
  for (const StaleVerdict& v : ReferenceStaleOnNewPmk(reference_, current_network_, generation,
                                                      aa, replaced ? &*replaced : nullptr,
                                                      shares)) {
    StaleContext ctx;
    const PmksaEntry* held = observed_.Find(v.aa);
    ctx.entry = held != nullptr ? *held : *reference_.Find(v.aa);
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
  reference_.Insert(entry);
  observer_->OnEntryAdded(ifname_, entry);
  observed_.Insert(std::move(entry));
}

void InterfaceModel::OnRemoved(const MacAddress& aa, std::string_view how,
                               const LineView& line) {
  std::optional<PmksaEntry> removed = observed_.Remove(aa);
  if (removed) observer_->OnEntryRemoved(ifname_, *removed, how, line.Copy());
  reference_.Remove(aa);
  stale_.erase(std::remove_if(stale_.begin(), stale_.end(),
                              [&](const StaleContext& s) { return s.entry.aa == aa; }),
               stale_.end());
  if (removed) {
    last_removed_ = std::move(removed);
    last_removed_line_ = line.line;
  }
}

void InterfaceModel::OnOkcFlag(const MacAddress& aa) {
  for (PmksaCache* cache : {&observed_, &reference_}) {
    if (PmksaEntry* e = cache->Find(aa)) {
      e->opportunistic = true;
      e->clone = true;
    }
  }
}

void InterfaceModel::OnValidated(const LineView& line) {
  MacAddress aa = attempt_.offer ? attempt_.offer->aa : attempt_.target;
  for (PmksaCache* cache : {&observed_, &reference_}) {
    if (PmksaEntry* e = cache->Find(aa)) {
      e->opportunistic = false;
      shares_pmks_.insert(e->network);
    }
  }
  if (const PmksaEntry* e = observed_.Find(aa)) observer_->OnEntryValidated(ifname_, *e, line.Copy());
}

void InterfaceModel::BindPmkid(const MacAddress& aa, const Pmkid& pmkid) {
  if (!pmkid.known) return;
  for (PmksaCache* cache : {&observed_, &reference_}) {
    PmksaEntry* e = cache->Find(aa);
    if (e != nullptr && !e->pmkid.known) e->pmkid = pmkid;
  }
  for (StaleContext& s : stale_)
    if (s.entry.aa == aa && !s.entry.pmkid.known) s.entry.pmkid = pmkid;
}

const StaleContext* InterfaceModel::FindStale(const MacAddress& aa, int generation) const {
  for (auto it = stale_.rbegin(); it != stale_.rend(); ++it)
    if (it->entry.aa == aa && it->entry.generation == generation) return &*it;
  return nullptr;
}

void InterfaceModel::OnSelected(const Pmkid& pmkid, const LineView& line) {
  PmksaEntry* entry = observed_.FindByPmkid(pmkid);
  if (entry == nullptr) {
    // The PMKID is new to the model: it belongs to the entry just cloned or
    // to the AP being joined.
    std::optional<MacAddress> target = last_okc_added_ ? last_okc_added_ : selection_target_;
    if (target) {
      entry = observed_.Find(*target);
      if (entry != nullptr && !entry->pmkid.known) {
        BindPmkid(*target, pmkid);
      } else if (entry == nullptr) {
        // Created before the log starts: assume it valid.
        PmksaEntry pre_log;
        pre_log.aa = *target;
        pre_log.pmkid = pmkid;
        pre_log.network = current_network_;
        pre_log.created = line.Copy();
        reference_.Insert(pre_log);
        observer_->OnEntryAdded(ifname_, pre_log);
        observed_.Insert(pre_log);
        entry = observed_.Find(*target);
      } else {
        entry = nullptr;  // entry known with another PMKID: cannot attribute
      }
    }
  }
  last_okc_added_.reset();
  if (entry == nullptr) return;

  // Non-SME drivers dump the selected PMKID again after association.
  if (attempt_.active && attempt_.offer && attempt_.offer->pmkid == pmkid && !attempt_.key_neg_done)
    return;

  Offer offer;
  offer.aa = entry->aa;
  offer.pmkid = entry->pmkid;
  offer.generation = entry->generation;
  offer.opportunistic = entry->opportunistic;
  offer.selected = line.Copy();

  const PmksaEntry* ref = reference_.Find(entry->aa);
  bool valid = ref != nullptr && ref->generation == entry->generation;
  const StaleContext* stale = valid ? nullptr : FindStale(entry->aa, entry->generation);
  if (stale != nullptr && !(stale_reported_ && *stale_reported_ == pmkid)) {
    stale_reported_ = pmkid;
    StaleContext ctx = *stale;
    ctx.entry = *entry;
    observer_->OnStaleSelection(ifname_, offer, ctx);
  }

  bool joins_current = attempt_.active && attempt_.target == offer.aa && !attempt_.associated &&
                       !attempt_.key_neg_done;
  if (joins_current) {
    AttachOffer(std::move(offer));
  } else {
    pending_offer_ = std::move(offer);
  }
}

void InterfaceModel::AttachOffer(Offer offer) { attempt_.offer = std::move(offer); }

}  // namespace roamreplay
