// ConnectionTracker: association attempts, offers and the AP's answers,
// re-authentications. See connection_tracker.h.

#include "model/connection_tracker.h"

#include <fmt/format.h>

#include "model/connection_detail.h"

namespace roamreplay {

ConnectionTracker::ConnectionTracker(std::string ifname, ModelObserver* observer,
                                     ModelConfig config)
    : ifname_(std::move(ifname)), observer_(observer), config_(config) {}

AttemptView ConnectionTracker::View() const {
  AttemptView v;
  v.active = attempt_.active;
  v.target = attempt_.target;
  v.associated = attempt_.associated;
  v.key_neg_done = attempt_.key_neg_done;
  v.offer = attempt_.offer ? &*attempt_.offer : nullptr;
  return v;
}

void ConnectionTracker::Apply(const Event& ev, const LineView& line, const PmksaModel& pmksa,
                              const PmksaEffects& effects, TrackerEffects* out) {
  if (effects.new_pmk_for && attempt_.active && attempt_.target == *effects.new_pmk_for)
    attempt_.new_pmk = true;
  if (effects.offer) OnOffer(*effects.offer);
  NoteTriggerEvent(ev, line);
  NoteFlowEvent(ev, line);
  NoteScanEvent(ev, line);
  NoteConfigEvent(ev, line);
  switch (ev.type) {
    case EventType::kRequestAssociation:
      request_ = line.Copy();
      request_target_ = ev.addr;
      break;
    case EventType::kSmeTryAuthenticate:
    case EventType::kTryAssociate:
      OnAttemptTarget(ev, line, pmksa, out);
      break;
    case EventType::kAssociated:
      if (!attempt_.active || attempt_.target != ev.addr || attempt_.key_neg_done) {
        StartAttempt(ev.addr, line, pmksa, out);
        attempt_.from_association = true;
      }
      attempt_.associated = true;
      attempt_.association = line.Copy();
      if (pending_offer_ && pending_offer_->For(ev.addr)) {
        attempt_.offer = std::move(*pending_offer_);
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
        if (!attempt_.offer && attempt_.active && !attempt_.key_neg_done) ImplyOffer(pmksa);
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
      OnEapStarted(line, pmksa);
      break;
    case EventType::kPmkidNotAccepted:
      OnNotAccepted(line, pmksa);
      break;
    case EventType::kPmkidFromAuthenticator:
      if (AwaitingAnswer() && attempt_.offer->pmkid.known && ev.pmkid != attempt_.offer->pmkid)
        Refuse(RefusalSignal::kOtherPmkidInMsg1, line);
      break;
    case EventType::kTriggerFullEap:
    case EventType::kCachedAttemptCancelled:
      if (AwaitingAnswer()) Refuse(RefusalSignal::kNoPmkidInMsg1, line);
      break;
    case EventType::kSaeCachingRejected:
    case EventType::kSaeDropPmksa:  // events.c, driver-SAE: the same drop
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
      break;
    case EventType::kKeyNegCompleted:
      OnKeyNegotiationCompleted(line, pmksa, out);
      break;
    case EventType::kConnected:
      // FT reassociation completes without a 4-way handshake.
      if (attempt_.active && !attempt_.key_neg_done && attempt_.ft_completed)
        OnKeyNegotiationCompleted(line, pmksa, out);
      break;
    case EventType::kPmksaCachingDisabled:
      WithdrawOffer(line);
      break;
    case EventType::kInterfaceStart:
      // A new wpa_supplicant process, or the interface removed (journald
      // logs of restart loops): the next connection is a startup; an attempt
      // left open is unfinished.
      if (attempt_.active && !attempt_.key_neg_done) EndAttempt(AuthMethod::kUnknown, line);
      attempt_.active = false;
      connected_once_ = false;
      link_up_ = false;
      last_failed_ = false;
      trigger_.reset();
      bgscan_ = low_signal_ = beacon_loss_ = dbus_scan_ = btm_request_ = LineRef();
      pending_offer_.reset();
      current_md_.clear();
      break;
    case EventType::kIgnoreListAdd:
      // The supplicant gave up on the BSS it was trying (an SAE or
      // authentication timeout prints nothing else at INFO level): the
      // attempt failed here; a new "Trying to authenticate" is a new one.
      if (attempt_.active && !attempt_.key_neg_done && attempt_.target == ev.addr) {
        NoteFailure("", line, "the supplicant put the BSS on its ignore list");
        EndAttempt(AuthMethod::kFailed, line);
      }
      break;
    case EventType::kAuthReject:
      if (attempt_.active && !attempt_.key_neg_done) EndAttempt(AuthMethod::kFailed, line);
      attempt_.active = false;
      break;
    case EventType::kPmksaNotFound:
    case EventType::kClearCurrentPmksa:
      pending_offer_.reset();
      break;
    default:
      break;
  }
}

// "Disable PMKSA caching for FT/802.1X connection" / "... due to
// incompatible AKMP": wpa_supplicant_set_suites() drops the entry it had
// selected (pmksa_cache_clear_current()), so the RSNE carries no PMKID.
void ConnectionTracker::WithdrawOffer(const LineView& line) {
  bool current = attempt_.active && !attempt_.associated && !attempt_.key_neg_done;
  std::optional<Offer>* offer = current && attempt_.offer ? &attempt_.offer
                                : pending_offer_          ? &pending_offer_
                                                          : nullptr;
  if (current) {
    attempt_.detail.caching_disabled_line = line.line;
  } else {
    withdrawn_line_ = line.line;  // the attempt that starts next
  }
  if (offer == nullptr) return;
  observer_->OnOfferWithdrawn(ifname_, **offer, line.Copy());
  offer->reset();
}

// The supplicant selected an entry: for the attempt being joined, or kept
// for the association with its AP.
void ConnectionTracker::OnOffer(Offer offer) {
  bool joins_current = attempt_.active && offer.For(attempt_.target) && !attempt_.associated &&
                       !attempt_.key_neg_done;
  if (joins_current) {
    attempt_.offer = std::move(offer);
  } else {
    pending_offer_ = std::move(offer);
  }
}

void ConnectionTracker::OnAttemptTarget(const Event& ev, const LineView& line,
                                        const PmksaModel& pmksa, TrackerEffects* out) {
  if (!ev.text.empty()) current_ssid_ = ev.text;
  bool same_attempt = attempt_.active && attempt_.target == ev.addr && !attempt_.associated &&
                      !attempt_.key_neg_done;
  if (!same_attempt) StartAttempt(ev.addr, line, pmksa, out);
  if (ev.type == EventType::kSmeTryAuthenticate && !attempt_.auth_start.valid())
    attempt_.auth_start = line.Copy();
  if (ev.type == EventType::kTryAssociate && !attempt_.assoc_start.valid())
    attempt_.assoc_start = line.Copy();
}

void ConnectionTracker::StartAttempt(const MacAddress& target, const LineView& line,
                                     const PmksaModel& pmksa, TrackerEffects* out) {
  if (attempt_.active && !attempt_.key_neg_done) EndAttempt(AuthMethod::kFailed, line);
  rejected_attempt_.reset();
  attempt_ = Attempt();
  attempt_.active = true;
  attempt_.target = target;
  const PmksaEntry* held = pmksa.observed().Find(target);
  attempt_.had_entry = held != nullptr;
  if (held != nullptr) {
    attempt_.entry_stale = pmksa.StaleFor(*held) != nullptr;
    attempt_.entry_expired =
        held->expiration_us != 0 && line.has_time && line.time_us > held->expiration_us;
  }
  attempt_.roam_while_connected = link_up_;
  attempt_.detail.fallback = last_failed_;
  attempt_.detail.caching_disabled_line = withdrawn_line_;
  withdrawn_line_ = 0;
  // The roam starts when the supplicant decided on it ("Request
  // association"), which precedes the PMKSA selection and authentication.
  attempt_.start = request_.valid() && request_target_ == target ? std::move(request_) : line.Copy();
  request_ = LineRef();
  attempt_.detail.trigger = TakeTrigger();
  // The scan whose results chose this BSS (a selection of another BSS does not count).
  if (scan_phase_us_ && (!scan_selected_known_ || scan_selected_ == target))
    attempt_.detail.phases.scan = scan_phase_us_;
  scan_phase_us_.reset();
  scan_selected_known_ = false;
  if (ft_ds_pending_ && ft_ds_target_ == target) {
    attempt_.detail.auth_algorithm = "ft";
    ft_network_ = true;
  }
  ft_ds_pending_ = false;
  attempt_.mobility_domain = std::move(pending_md_);
  pending_md_.clear();
  attempt_.okc_off = okc_off_pending_;
  okc_off_pending_ = false;
  TakeNetworkConfig();
  for (const PmksaEntry& e : pmksa.observed().entries())
    if (e.aa != target) attempt_.okc_source = true;
  out->attempt_started = true;
  if (pending_offer_ && pending_offer_->For(target)) attempt_.offer = std::move(*pending_offer_);
  pending_offer_.reset();
}

RoamRecord ConnectionTracker::MakeRoam(AuthMethod method, const LineView* end) const {
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
    roam.offer_lineage = attempt_.offer->lineage;
    if (!attempt_.offer->implied) roam.offer_line = attempt_.offer->selected.line;
  }
  roam.refused = attempt_.refused;
  FinishDetail(method, end, &roam);
  return roam;
}

void ConnectionTracker::EndAttempt(AuthMethod method, const LineView& line) {
  RoamRecord roam = MakeRoam(method, &line);
  roam.end = line.Copy();
  observer_->OnRoam(ifname_, std::move(roam));
  attempt_.active = false;
  last_failed_ = method == AuthMethod::kFailed;
  if (last_failed_) {
    link_up_ = false;
    SetTrigger("auth-failure-retry", line,
               fmt::format("retry after the attempt with {} failed (line {})",
                           attempt_.target.ToString(), line.line));
  }
}

bool ConnectionTracker::AwaitingAnswer() const {
  return attempt_.active && attempt_.offer.has_value() && !attempt_.refused &&
         !attempt_.key_neg_done && !attempt_.cached_ok;
}

void ConnectionTracker::Refuse(RefusalSignal signal, const LineView& line) {
  attempt_.refused = true;
  LineRef refusal = line.Copy();
  observer_->OnOfferRefused(ifname_, *attempt_.offer, signal, attempt_.association, refusal);
}

// The first EAPOL activity after associating with a PMKID: an EAPOL frame
// from the AP, the supplicant's EAPOL-Start fallback, or the authentication
// timeout. Too long a silence before it is a stall (hostap 76db5b6b).
void ConnectionTracker::OnEapolActivity(const LineView& line, bool fallback) {
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

void ConnectionTracker::OnEapStarted(const LineView& line, const PmksaModel& pmksa) {
  if (attempt_.active && !attempt_.key_neg_done) {
    attempt_.eap_started = true;
    if (attempt_.associated && AwaitingAnswer()) Refuse(RefusalSignal::kEapStarted, line);
    return;
  }
  if (attempt_.key_neg_done && !attempt_.reauth) {
    StartReauth(line, pmksa);
  }
}

// hostap prints "did not accept PMKID" for any EAP packet while its
// cached_pmk flag is set, including the first AP-initiated re-authentication
// after a successful cached association (log-format-facts §5.10). Only an
// answer on an association that has not completed key negotiation is a
// refusal.
void ConnectionTracker::OnNotAccepted(const LineView& line, const PmksaModel& pmksa) {
  if (AwaitingAnswer() && attempt_.associated) {
    Refuse(RefusalSignal::kDidNotAcceptPmkid, line);
    attempt_.eap_started = true;
    return;
  }
  if (attempt_.active && attempt_.associated && !attempt_.key_neg_done && !attempt_.offer) {
    // No PMKID was offered (none selected, or withdrawn): hostap's
    // cached-PMK flag was still set from "Trying to use cached PMKSA".
    attempt_.detail.artefact_not_accepted_line = line.line;
    attempt_.eap_started = true;
    return;
  }
  if (attempt_.key_neg_done && !attempt_.reauth) {
    StartReauth(line, pmksa);
  }
}

// How the attempt authenticated. Without EAP and without a PMKID match the
// log either used its cached entry silently (INFO level: no new PMK for the
// AP) or ran a full authentication that is not EAP (SAE, PSK).
AuthMethod ConnectionTracker::MethodOfAttempt(const PmksaModel& pmksa) const {
  if (attempt_.ft_completed) return AuthMethod::kFt;
  // Firmware roaming (brcmfmac-like offload): the attempt began at the
  // driver's "Associated with" and the supplicant ran no authentication,
  // no EAPOL and no PMKSA selection of its own. How the driver
  // authenticated (PMKSA caching, OKC, full) is not logged. Only after a
  // connection: a log that starts at an "Associated with" has just lost the
  // attempt's beginning.
  if (connected_once_ && attempt_.from_association && !attempt_.eapol_seen && !attempt_.eap_started &&
      !attempt_.msg1_seen && !attempt_.cached_ok && !attempt_.offer && !attempt_.new_pmk &&
      attempt_.detail.auth_algorithm.empty())
    return AuthMethod::kDriver;
  bool sae = AkmIsSae(akm_) || attempt_.detail.auth_algorithm == "sae";
  // After a full SAE, msg 1/4 carries the PMKID of the entry it just made:
  // "found matching PMKID" then is no PMKSA caching.
  if (sae && attempt_.new_pmk && attempt_.detail.auth_algorithm == "sae") return AuthMethod::kSae;
  // An SAE exchange in this attempt (auth_type=3) derived the PMK: the
  // 4-way handshake's "PMKSA caching was used" then refers to the entry SAE
  // just added (corpus 07), not to a skipped authentication.
  bool sae_exchange = attempt_.detail.auth_algorithm == "sae";
  if (attempt_.cached_ok) {
    if (sae) return sae_exchange ? AuthMethod::kSae : AuthMethod::kSaePmksa;
    return attempt_.offer && attempt_.offer->opportunistic ? AuthMethod::kOkc
                                                           : AuthMethod::kPmksaCache;
  }
  if (attempt_.eap_started) return AuthMethod::kFullEap;
  if (attempt_.had_entry && !attempt_.new_pmk && !pmksa.debug_pmksa_seen() && !sae_exchange)
    return sae ? AuthMethod::kSaePmksa : AuthMethod::kPmksaCache;
  if (sae) return AuthMethod::kSae;
  if (AkmIsPsk(akm_)) return AuthMethod::kPsk;
  if (akm_ == "OWE") return AuthMethod::kOwe;
  return AuthMethod::kFullAuth;
}

void ConnectionTracker::ImplyOffer(const PmksaModel& pmksa) {
  Offer offer;
  offer.aa = attempt_.target;
  offer.implied = true;
  offer.selected = attempt_.start;
  // Status 53 right after this attempt's own SAE: the AP rejected the PMKSA
  // it had just made, not a cached one.
  offer.fresh = attempt_.new_pmk;
  if (const PmksaEntry* e = pmksa.observed().Find(attempt_.target)) {
    offer.pmkid = e->pmkid;
    offer.generation = e->generation;
    offer.lineage = e->Lineage();
    offer.opportunistic = e->opportunistic;
  }
  attempt_.offer = std::move(offer);
}

void ConnectionTracker::OnKeyNegotiationCompleted(const LineView& line, const PmksaModel& pmksa,
                                                  TrackerEffects* out) {
  if (attempt_.active && !attempt_.key_neg_done) {
    AuthMethod method = MethodOfAttempt(pmksa);
    attempt_.key_neg_done = true;
    EndAttempt(method, line);
    connected_once_ = true;
    link_up_ = true;
    trigger_.reset();
    beacon_loss_ = bgscan_ = low_signal_ = dbus_scan_ = LineRef();
    current_md_ = attempt_.mobility_domain;
    attempt_.active = true;  // still associated: later re-auths belong here
    out->key_negotiated = true;
    return;
  }
  if (attempt_.reauth) {
    RoamRecord roam = MakeRoam(AuthMethod::kFullEap, &line);
    roam.start = attempt_.reauth_start;
    roam.detail.trigger = AttemptTrigger();
    roam.detail.trigger.kind = "unknown";
    roam.detail.trigger.line = attempt_.reauth_start.line;
    roam.detail.trigger.time = attempt_.reauth_start.time_text;
    if (attempt_.reauth_start.has_time) roam.detail.trigger.time_us = attempt_.reauth_start.time_us;
    roam.detail.trigger.detail = attempt_.reauth_timer
                                     ? "re-authentication: the PMK reauth timer had fired"
                                     : "re-authentication started by the AP";
    roam.detail.fallback = false;
    roam.detail.fast_path = FastPath();
    roam.detail.fast_path.detail = "re-authentication while connected";
    roam.detail.phases = AttemptPhases();
    if (line.has_time && attempt_.reauth_start.has_time)
      roam.detail.phases.total = line.time_us - attempt_.reauth_start.time_us;
    roam.end = line.Copy();
    roam.reauth = true;
    roam.reauth_timer = attempt_.reauth_timer;
    roam.offered = false;
    roam.offered_pmkid = Pmkid();
    roam.offer_lineage = 0;
    roam.offer_line = 0;
    roam.refused = false;
    observer_->OnRoam(ifname_, std::move(roam));
    attempt_.reauth = false;
  }
}

void ConnectionTracker::StartReauth(const LineView& line, const PmksaModel& pmksa) {
  attempt_.reauth = true;
  attempt_.reauth_start = line.Copy();
  // hostap arms one reauth timer, from the list head's reauth time.
  const auto& head = pmksa.observed().entries();
  attempt_.reauth_timer = !head.empty() && head.front().reauth_us != 0 && line.has_time &&
                          line.time_us >= head.front().reauth_us;
}

void ConnectionTracker::Finish() {
  if (attempt_.active && !attempt_.key_neg_done) {
    observer_->OnRoam(ifname_, MakeRoam(AuthMethod::kUnknown, nullptr));
    attempt_.active = false;
  }
}

}  // namespace roamreplay
