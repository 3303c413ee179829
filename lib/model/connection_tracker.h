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
#include <vector>

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
    // Connection detail (attempt_detail.h).
    AttemptDetail detail;
    bool roam_while_connected = false;  // started while the previous link was up
    bool entry_stale = false;    // the held entry is stale in the reference
    bool entry_expired = false;  // ... or past its lifetime
    bool ft_completed = false;
    bool ft_failed = false;
    bool eap_failed = false;
    bool msg1_seen = false;
    std::optional<AttemptFailure> failure;  // the first failure line seen
    LineRef auth_start, assoc_start, eap_start, eap_end, msg1;
    std::string mobility_domain;  // "SME: FT mobility domain" of this attempt
    bool okc_off = false;         // its PMKSA search said try_opportunistic=0
    // The network's configuration as the log dumped it (-1: not shown).
    int okc_config = -1;          // proactive_key_caching, else the global okc
    std::string okc_config_name;  // which of the two
    uint64_t okc_config_line = 0;
    int ft_eap_caching = -1;      // ft_eap_pmksa_caching
    uint64_t ft_eap_caching_line = 0;
    bool okc_source = false;      // the cache held an entry of another AP
    bool from_association = false;  // began at "Associated with": nothing the supplicant did
  };

  void OnAttemptTarget(const Event& ev, const LineView& line, const PmksaModel& pmksa,
                       TrackerEffects* out);
  void StartAttempt(const MacAddress& target, const LineView& line, const PmksaModel& pmksa,
                    TrackerEffects* out);
  void EndAttempt(AuthMethod method, const LineView& line);
  /// `end`: the line that ends it (nullptr at the end of the log).
  RoamRecord MakeRoam(AuthMethod method, const LineView* end) const;
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

  // Connection detail (connection_tracker_detail.cc).
  void NoteTriggerEvent(const Event& ev, const LineView& line);
  void NoteFlowEvent(const Event& ev, const LineView& line);
  void SetTrigger(std::string kind, const LineView& line, std::string detail);
  AttemptTrigger TakeTrigger();
  void NoteFailure(std::string phase, const LineView& line, std::string detail);
  void FinishDetail(AuthMethod method, const LineView* end, RoamRecord* roam) const;
  AttemptFailure FailureAtEnd(const LineView* end) const;
  FastPath FastPathOf(AuthMethod method) const;
  void WithdrawOffer(const LineView& line);
  void BtmNotFollowed(const LineView& line, std::string detail);
  void NoteScanEvent(const Event& ev, const LineView& line);
  void NoteConfigEvent(const Event& ev, const LineView& line);
  void TakeNetworkConfig();

  // A network block of the configuration dump ("Line: N - start of a new
  // network block" ... "   id=N ssid='...'").
  struct ConfiguredNetwork {
    std::string ssid;
    int okc = -1;  // proactive_key_caching; -1: not dumped (current hostap: the global okc)
    uint64_t okc_line = 0;
    int ft_eap_caching = -1;  // ft_eap_pmksa_caching
    uint64_t ft_eap_caching_line = 0;
  };

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

  std::string akm_;  // last "using KEY_MGMT"
  std::optional<AttemptTrigger> trigger_;  // why the next attempt starts
  LineRef bgscan_;       // last bgscan request while connected
  LineRef beacon_loss_;  // last beacon loss while connected
  LineRef low_signal_;   // last low-signal event while connected
  LineRef btm_request_;  // last BSS Transition Management Request
  bool last_failed_ = false;  // the last attempt ended in failure
  bool link_up_ = false;      // key negotiation completed, not disconnected since
  uint64_t withdrawn_line_ = 0;
  bool ft_network_ = false;  // an FT attempt was seen on this interface
  // Scan phase, FT over the DS, mobility domain, OKC (issue 11 follow-up).
  LineRef dbus_scan_;     // last D-Bus Scan call while connected
  LineRef scan_start_;    // last scan start
  bool scan_results_ = false;  // ... and its results arrived
  std::optional<int64_t> scan_phase_us_;  // scan start -> selection, for the next attempt
  MacAddress scan_selected_;  // the BSS that selection chose (SelectedBss only)
  bool scan_selected_known_ = false;
  MacAddress ft_ds_target_;  // "FT: Request over-the-DS with X"
  bool ft_ds_pending_ = false;
  std::string pending_md_;  // mobility domain printed before the attempt
  std::string current_md_;  // mobility domain of the last completed association
  bool okc_off_pending_ = false;
  std::vector<ConfiguredNetwork> networks_;  // in block order (= network id)
  bool networks_listed_ = false;  // "   id=N ssid=" seen: the dump is complete
  int global_okc_ = -1;
  uint64_t global_okc_line_ = 0;
  std::optional<int> local_deauth_reason_;  // "Request to deauthenticate" while connected  // a pending offer withdrawn before its attempt
};

}  // namespace roamreplay
