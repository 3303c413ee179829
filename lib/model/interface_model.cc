#include "model/interface_model.h"

#include <fmt/format.h>

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
    case AuthMethod::kFullAuth:
      return "full-auth";
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

namespace {

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

InterfaceModel::InterfaceModel(std::string ifname, ModelObserver* observer, ModelConfig config)
    : ifname_(std::move(ifname)), observer_(observer), config_(config) {}

void InterfaceModel::Apply(const Event& ev, const LineView& line) {
  if ((pending_okc_ || pending_derived_) && !InsidePmksaAdd(ev.type)) {
    pending_okc_.reset();
    pending_derived_.reset();
  }
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
    case EventType::kAuthTimedOut:
      OnEapolActivity(line, /*fallback=*/true);
      [[fallthrough]];
    case EventType::kDisconnected:
      if (attempt_.active && !attempt_.key_neg_done) EndAttempt(AuthMethod::kFailed, line);
      attempt_.active = false;
      pending_offer_.reset();
      break;
    case EventType::kAssocReject:
      if (ev.number == 53) {
        // Status 53 (invalid PMKID) means a PMKID was offered even where the
        // log does not show the selection (INFO level).
        if (!attempt_.offer && attempt_.active && !attempt_.key_neg_done) ImplyOffer();
        if (AwaitingAnswer()) Refuse(RefusalSignal::kAssocRejectInvalidPmkid, line);
      }
      if (attempt_.active && !attempt_.key_neg_done) {
        // SAE prints "PMKSA caching attempt rejected" after the reject.
        if (AwaitingAnswer()) rejected_attempt_ = attempt_;
        EndAttempt(AuthMethod::kFailed, line);
      }
      attempt_.active = false;
      break;
    case EventType::kRxEapol:
      OnEapolActivity(line, /*fallback=*/false);
      break;
    case EventType::kEapolTxStart:
    case EventType::kStallFallback:
      if (AwaitingAnswer() && attempt_.associated && !attempt_.eapol_seen)
        OnEapolActivity(line, /*fallback=*/true);
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
      msg1_pmkid_line_ = line.Copy();
      if (AwaitingAnswer() && attempt_.offer->pmkid.known && ev.pmkid != attempt_.offer->pmkid)
        Refuse(RefusalSignal::kOtherPmkidInMsg1, line);
      break;
    case EventType::kTriggerFullEap:
    case EventType::kCachedAttemptCancelled:
      if (AwaitingAnswer()) Refuse(RefusalSignal::kNoPmkidInMsg1, line);
      break;
    case EventType::kSaeCachingRejected:
      if (AwaitingAnswer()) {
        Refuse(RefusalSignal::kSaeCachingRejected, line);
      } else if (rejected_attempt_) {
        observer_->OnOfferRefused(ifname_, *rejected_attempt_->offer,
                                  RefusalSignal::kSaeCachingRejected,
                                  rejected_attempt_->association, line.Copy());
      }
      rejected_attempt_.reset();
      break;
    case EventType::kMatchedPmkid:
    case EventType::kFoundMatchingPmkid:
    case EventType::kCachingUsed:
      if (attempt_.active && !attempt_.refused) attempt_.cached_ok = true;
      // The AP's msg 1/4 PMKID is the entry's: learn it if not yet logged.
      if (ev.type != EventType::kCachingUsed) {
        const Pmkid& shown = ev.type == EventType::kMatchedPmkid ? ev.pmkid : msg1_pmkid_;
        if (shown.known) BindPmkid(msg1_aa_, shown, line);
      }
      break;
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
    case EventType::kKeyNegCompleted:
      OnKeyNegotiationCompleted(line);
      break;
    case EventType::kOkcValidated:
      OnValidated(line);
      break;
    case EventType::kOwnMacAddress:
      OnOwnAddress(ev.addr, line);
      break;
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
      if (ev.key_shown && attempt_.offer) OnPmkShown(attempt_.offer->aa, ev.key_hex, line);
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
  if (!ev.text.empty()) {
    current_ssid_ = ev.text;
    current_network_ = NetworkFor(ev.text);
  }
  bool same_attempt = attempt_.active && attempt_.target == ev.addr && !attempt_.associated &&
                      !attempt_.key_neg_done;
  if (!same_attempt) StartAttempt(ev.addr, line);
}

void InterfaceModel::StartAttempt(const MacAddress& target, const LineView& line) {
  if (attempt_.active && !attempt_.key_neg_done) EndAttempt(AuthMethod::kFailed, line);
  rejected_attempt_.reset();
  attempt_ = Attempt();
  attempt_.active = true;
  attempt_.target = target;
  attempt_.had_entry = observed_.Find(target) != nullptr;
  // The roam starts when the supplicant decided on it ("Request
  // association"), which precedes the PMKSA selection and authentication.
  attempt_.start = request_.valid() && request_target_ == target ? std::move(request_) : line.Copy();
  request_ = LineRef();
  stale_reported_.reset();
  late_pmk_for_.reset();
  if (pending_offer_ && pending_offer_->aa == target) AttachOffer(std::move(*pending_offer_));
  pending_offer_.reset();
}

RoamRecord InterfaceModel::MakeRoam(AuthMethod method) const {
  RoamRecord roam;
  roam.bssid = attempt_.target;
  roam.ssid = current_ssid_;
  roam.first = !connected_once_;
  roam.start = attempt_.start;
  roam.method = method;
  roam.offered = attempt_.offer.has_value();
  if (roam.offered) {
    roam.offered_pmkid = attempt_.offer->pmkid;
    roam.offer_opportunistic = attempt_.offer->opportunistic;
  }
  roam.refused = attempt_.refused;
  return roam;
}

void InterfaceModel::EndAttempt(AuthMethod method, const LineView& line) {
  RoamRecord roam = MakeRoam(method);
  roam.end = line.Copy();
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

// The first EAPOL activity after associating with a PMKID: an EAPOL frame
// from the AP, the supplicant's EAPOL-Start fallback, or the authentication
// timeout. Too long a silence before it is a stall (hostap 76db5b6b).
void InterfaceModel::OnEapolActivity(const LineView& line, bool fallback) {
  if (!attempt_.active || !attempt_.associated || attempt_.eapol_seen) return;
  attempt_.eapol_seen = true;
  if (!attempt_.offer || attempt_.stall_reported || attempt_.key_neg_done) return;
  const LineRef& assoc = attempt_.association;
  bool timed = assoc.has_time && line.has_time;
  int64_t gap_ms = timed ? (line.time_us - assoc.time_us) / 1000 : -1;
  if (timed ? gap_ms <= config_.stall_ms : !fallback) return;
  attempt_.stall_reported = true;
  ModelSignal s{::roamreplay::Signal::kStall, line.Copy()};
  s.bssid = attempt_.target;
  s.has_bssid = true;
  s.pmkid = attempt_.offer->pmkid;
  s.value = gap_ms;
  s.detail = fallback ? "then the supplicant gave up waiting" : "then the AP answered";
  s.evidence.push_back({attempt_.offer->selected, "PMKID selected"});
  s.evidence.push_back({assoc, "associated with the PMKID in the RSN IE"});
  s.evidence.push_back({line.Copy(), fallback ? "EAPOL-Start fallback / timeout"
                                              : "first EAPOL frame from the AP"});
  Emit(std::move(s));
}

void InterfaceModel::OnEapStarted(const LineView& line) {
  if (attempt_.active && !attempt_.key_neg_done) {
    attempt_.eap_started = true;
    if (attempt_.associated && AwaitingAnswer()) Refuse(RefusalSignal::kEapStarted, line);
    return;
  }
  if (attempt_.key_neg_done && !attempt_.reauth) {
    StartReauth(line);
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
    StartReauth(line);
  }
}

// How the attempt authenticated. Without EAP and without a PMKID match the
// log either used its cached entry silently (INFO level: no new PMK for the
// AP) or ran a full authentication that is not EAP (SAE, PSK).
AuthMethod InterfaceModel::MethodOfAttempt() const {
  if (attempt_.cached_ok)
    return attempt_.offer && attempt_.offer->opportunistic ? AuthMethod::kOkc
                                                           : AuthMethod::kPmksaCache;
  if (attempt_.eap_started) return AuthMethod::kFullEap;
  if (attempt_.had_entry && !attempt_.new_pmk && !debug_pmksa_seen_)
    return AuthMethod::kPmksaCache;
  return AuthMethod::kFullAuth;
}

void InterfaceModel::ImplyOffer() {
  Offer offer;
  offer.aa = attempt_.target;
  offer.implied = true;
  offer.selected = attempt_.start;
  if (const PmksaEntry* e = observed_.Find(attempt_.target)) {
    offer.pmkid = e->pmkid;
    offer.generation = e->generation;
    offer.opportunistic = e->opportunistic;
  }
  attempt_.offer = std::move(offer);
}

void InterfaceModel::OnKeyNegotiationCompleted(const LineView& line) {
  if (attempt_.active && !attempt_.key_neg_done) {
    AuthMethod method = MethodOfAttempt();
    attempt_.key_neg_done = true;
    EndAttempt(method, line);
    connected_once_ = true;
    attempt_.active = true;  // still associated: later re-auths belong here
    stale_reported_.reset();
    return;
  }
  if (attempt_.reauth) {
    RoamRecord roam = MakeRoam(AuthMethod::kFullEap);
    roam.start = attempt_.reauth_start;
    roam.end = line.Copy();
    roam.reauth = true;
    roam.reauth_timer = attempt_.reauth_timer;
    roam.offered = false;
    roam.offered_pmkid = Pmkid();
    roam.refused = false;
    observer_->OnRoam(ifname_, roam);
    attempt_.reauth = false;
  }
}

void InterfaceModel::StartReauth(const LineView& line) {
  attempt_.reauth = true;
  attempt_.reauth_start = line.Copy();
  // hostap arms one reauth timer, from the list head's reauth time.
  const auto& head = observed_.entries();
  attempt_.reauth_timer = !head.empty() && head.front().reauth_us != 0 && line.has_time &&
                          line.time_us >= head.front().reauth_us;
}

void InterfaceModel::OnOwnAddress(const MacAddress& mac, const LineView& line) {
  if (own_mac_ && *own_mac_ != mac) {
    previous_own_mac_ = own_mac_;
    own_mac_changed_ = line.Copy();
  }
  own_mac_ = mac;
  observed_.set_own_address(mac);
  reference_.set_own_address(mac);
}

void InterfaceModel::Finish() {
  for (const PmksaEntry& e : observed_.entries()) observer_->OnEntryAtEnd(ifname_, e);
  if (attempt_.active && !attempt_.key_neg_done) {
    observer_->OnRoam(ifname_, MakeRoam(AuthMethod::kUnknown));
    attempt_.active = false;
  }
}

}  // namespace roamreplay
