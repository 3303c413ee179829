#pragma once

// The connection side of one interface: association attempts, from the
// supplicant's decision to the end of key negotiation (or the failure), the
// offers attached to them and the AP's answer, and re-authentications while
// connected. It consumes the event stream and reports roams, refusals and
// stalls to a ModelObserver. What it needs from the PMKSA side (the observed
// cache, the offers the supplicant selected) it reads from the PmksaModel's
// public interface and the PmksaEffects of the same event.

#include <optional>
#include <string>

#include "model/line_ref.h"
#include "model/model_config.h"
#include "model/model_observer.h"
#include "model/pmksa_model.h"
#include "parse/event.h"

namespace roamreplay {

/// What one event changed on the connection side that the PMKSA model must
/// know.
struct TrackerEffects {
  bool attempt_started = false;
  bool key_negotiated = false;
};

class ConnectionTracker {
 public:
  ConnectionTracker(std::string ifname, ModelObserver* observer, ModelConfig config);

  /// Applies one event after the PMKSA model did (`pmksa` and `effects` are
  /// its state and conclusions for the same event).
  void Apply(const Event& event, const LineView& line, const PmksaModel& pmksa,
             const PmksaEffects& effects, TrackerEffects* out);
  /// Ends the log: an attempt still open is reported as unfinished.
  void Finish();

  /// The current attempt as the PMKSA model needs it.
  AttemptView View() const;
  void set_ifname(std::string name) { ifname_ = std::move(name); }

 private:
  struct Attempt {
    bool active = false;
    MacAddress target;
    LineRef start;
    LineRef association;
    bool associated = false;
    std::optional<Offer> offer;
    bool refused = false;
    bool cached_ok = false;
    bool eap_started = false;
    bool had_entry = false;  // the supplicant held an entry for the target
    bool new_pmk = false;    // a new PMK was added for the target
    bool key_neg_done = false;
    bool eapol_seen = false;  // any EAPOL frame since association
    bool stall_reported = false;
    bool reauth = false;  // re-authentication while connected in progress
    bool reauth_timer = false;  // ... started by the supplicant's reauth timer
    LineRef reauth_start;
  };

  void OnAttemptTarget(const Event& ev, const LineView& line, const PmksaModel& pmksa,
                       TrackerEffects* out);
  void StartAttempt(const MacAddress& target, const LineView& line, const PmksaModel& pmksa,
                    TrackerEffects* out);
  void EndAttempt(AuthMethod method, const LineView& line);
  RoamRecord MakeRoam(AuthMethod method) const;
  AuthMethod MethodOfAttempt(const PmksaModel& pmksa) const;
  void ImplyOffer(const PmksaModel& pmksa);
  void OnEapStarted(const LineView& line, const PmksaModel& pmksa);
  void OnNotAccepted(const LineView& line, const PmksaModel& pmksa);
  void OnKeyNegotiationCompleted(const LineView& line, const PmksaModel& pmksa,
                                 TrackerEffects* out);
  void OnEapolActivity(const LineView& line, bool fallback);
  void OnOffer(Offer offer);
  void Refuse(RefusalSignal signal, const LineView& line);
  bool AwaitingAnswer() const;
  void StartReauth(const LineView& line, const PmksaModel& pmksa);
  void Emit(const ModelSignal& signal) { observer_->OnSignal(ifname_, signal); }

  std::string ifname_;
  ModelObserver* observer_;
  ModelConfig config_;
  std::string current_ssid_;
  bool connected_once_ = false;
  LineRef request_;  // last "Request association", until an attempt uses it
  MacAddress request_target_;
  std::optional<Offer> pending_offer_;  // selected before its association
  Attempt attempt_;
  std::optional<Attempt> rejected_attempt_;  // ended by an assoc reject, unanswered
};

}  // namespace roamreplay
