#pragma once

// Replays the events of one interface through two PMKSA caches kept side by
// side: `observed` (what the log says the supplicant holds) and `reference`
// (what a supplicant that never offers a stale PMKID would hold after the
// same authentications), and follows each association attempt to see which
// PMKID was offered and how the AP answered. Conclusions go to a
// ModelObserver; the model itself never prints.
//
// Attribution is by content, not by line position: the PMKSA selection dump
// may come before the association attempt (2.x prints "RSN: PMKSA cache
// search" first) or after "SME: Trying to authenticate" (2011), and the
// PMKID of a new entry is learnt from whichever line shows it first.

#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/flush_policy.h"
#include "model/line_ref.h"
#include "model/model_observer.h"
#include "model/pmksa_cache.h"
#include "parse/event.h"

namespace roamreplay {

class InterfaceModel {
 public:
  InterfaceModel(std::string ifname, ModelObserver* observer);

  /// Applies one event read from `line`.
  void Apply(const Event& event, const LineView& line);
  /// Ends the log: an attempt still open is reported as unfinished.
  void Finish();

  const std::string& ifname() const { return ifname_; }
  void set_ifname(std::string name) { ifname_ = std::move(name); }
  const PmksaCache& observed() const { return observed_; }
  const PmksaCache& reference() const { return reference_; }
  /// Entries the reference rule retired as stale, with why.
  const std::vector<StaleContext>& stale() const { return stale_; }
  int generations() const { return generation_; }

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
    bool key_neg_done = false;
    bool reauth = false;  // AP-initiated re-authentication in progress
    LineRef reauth_start;
  };

  // Connection flow.
  void OnAttemptTarget(const Event& ev, const LineView& line);
  void StartAttempt(const MacAddress& target, const LineView& line);
  void EndAttempt(AuthMethod method, const LineView& line);
  void OnEapStarted(const LineView& line);
  void OnNotAccepted(const LineView& line);
  void OnKeyNegotiationCompleted(const LineView& line);
  void Refuse(RefusalSignal signal, const LineView& line);
  bool AwaitingAnswer() const;

  // PMKSA cache.
  void OnAdded(const MacAddress& aa, const Event& ev, const LineView& line);
  void AddClone(const MacAddress& aa, const LineView& line);
  void AddNewPmk(const MacAddress& aa, const Event& ev, const LineView& line);
  void OnRemoved(const MacAddress& aa, std::string_view how, const LineView& line);
  void OnOkcFlag(const MacAddress& aa);
  void OnValidated(const LineView& line);
  void OnSelected(const Pmkid& pmkid, const LineView& line);
  void AttachOffer(Offer offer);
  void BindPmkid(const MacAddress& aa, const Pmkid& pmkid);
  const StaleContext* FindStale(const MacAddress& aa, int generation) const;
  int NetworkFor(const std::string& ssid);

  std::string ifname_;
  ModelObserver* observer_;
  PmksaCache observed_;
  PmksaCache reference_;
  std::vector<StaleContext> stale_;
  std::unordered_map<std::string, int> networks_;
  int current_network_ = 1;
  std::set<int> shares_pmks_;  // networks where an AP accepted an OKC clone
  int generation_ = 0;
  bool debug_pmksa_seen_ = false;  // -d lines of pmksa_cache.c are present

  std::optional<MacAddress> pending_okc_;  // "Consider X for OKC"
  LineRef pending_pmk_;                    // "WPA: PMK from EAPOL state machines"
  std::string pending_pmk_key_;
  LineRef pending_replace_;                // "RSN: Replace PMKSA entry ..."
  std::optional<PmksaEntry> last_removed_;
  uint64_t last_removed_line_ = 0;
  std::optional<MacAddress> last_okc_added_;

  MacAddress msg1_aa_;  // last "RX message 1 of 4-Way Handshake from"
  Pmkid msg1_pmkid_;
  std::optional<MacAddress> selection_target_;
  LineRef request_;  // last "Request association", until an attempt uses it
  MacAddress request_target_;
  std::optional<Offer> pending_offer_;
  std::optional<Pmkid> stale_reported_;  // dedupes repeated selection dumps
  Attempt attempt_;
};

}  // namespace roamreplay
