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
// search" first; 2011 sme_authenticate() selects before printing "SME:
// Trying to authenticate") or after it (non-SME drivers), and the PMKID of
// a new entry is learnt from whichever line shows it first.
//
// The implementation is split in two files: interface_model.cc (dispatch,
// association attempts) and interface_model_cache.cc (cache operations,
// lineage, PMKID proof).

#include <array>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/flush_policy.h"
#include "model/line_ref.h"
#include "model/model_config.h"
#include "model/model_observer.h"
#include "model/pmksa_cache.h"
#include "parse/event.h"

namespace roamreplay {

/// How well each era's flush rule explains the replacements seen in a log.
struct FlushEvidence {
  int replacements = 0;  ///< Replacements whose flush behaviour was observable.
  /// Replacements each policy predicts correctly, indexed by FlushPolicy.
  std::array<int, 3> consistent{};
};

class InterfaceModel {
 public:
  InterfaceModel(std::string ifname, ModelObserver* observer, ModelConfig config = ModelConfig());

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
  /// Why the reference does not hold `entry` (nullptr if it does).
  const StaleContext* StaleFor(const PmksaEntry& entry) const;
  int generations() const { return generation_; }
  const FlushEvidence& flush_evidence() const { return flush_evidence_; }
  /// The station's own address as last seen in the log.
  std::optional<MacAddress> own_address() const { return own_mac_; }

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

  // Connection flow (interface_model.cc).
  void OnAttemptTarget(const Event& ev, const LineView& line);
  void StartAttempt(const MacAddress& target, const LineView& line);
  void EndAttempt(AuthMethod method, const LineView& line);
  RoamRecord MakeRoam(AuthMethod method) const;
  AuthMethod MethodOfAttempt() const;
  void ImplyOffer();
  void OnEapStarted(const LineView& line);
  void OnNotAccepted(const LineView& line);
  void OnKeyNegotiationCompleted(const LineView& line);
  void OnEapolActivity(const LineView& line, bool fallback);
  void Refuse(RefusalSignal signal, const LineView& line);
  bool AwaitingAnswer() const;
  void OnOwnAddress(const MacAddress& mac, const LineView& line);
  void StartReauth(const LineView& line);
  void Emit(const ModelSignal& signal) { observer_->OnSignal(ifname_, signal); }
  int NewPrelogLineage() { return -++prelog_pmks_; }

  // PMKSA cache (interface_model_cache.cc).
  void OnAdded(const MacAddress& aa, const Event& ev, const LineView& line);
  void AddClone(const MacAddress& aa, const std::optional<MacAddress>& spa, const LineView& line);
  void AddNewPmk(const MacAddress& aa, const Event& ev, const LineView& line);
  void InsertObserved(PmksaEntry entry, const LineView& line);
  void NoteFlushBehaviour(const PmksaEntry& replaced);
  void JudgeReplaceFlush(const PmksaEntry& added, const PmksaEntry* replaced);
  void OnRemoved(const MacAddress& aa, std::string_view how, const LineView& line);
  void OnOkcFlag(const MacAddress& aa);
  void OnValidated(const LineView& line);
  void OnSelected(const Pmkid& pmkid, const LineView& line);
  PmksaEntry* EntryForSelection(const Pmkid& pmkid, const LineView& line);
  void CheckOffer(const Offer& offer, const PmksaEntry& entry, const LineView& line);
  void AttachOffer(Offer offer);
  void BindPmkid(const MacAddress& aa, const Pmkid& pmkid, const LineView& line);
  void OnPmkShown(const MacAddress& aa, const std::string& pmk_hex, const LineView& line);
  void VerifyPmkid(const PmksaEntry& entry);
  void CheckNewPmkAgainstMsg1(const PmksaEntry& entry, const LineView& line);
  void SetTimes(PmksaEntry* entry, const LineView& line) const;
  void SetOwnAddress(PmksaEntry* entry) const;
  const StaleContext* FindStale(const MacAddress& aa, int generation) const;
  int NetworkFor(const std::string& ssid);

  std::string ifname_;
  ModelObserver* observer_;
  ModelConfig config_;
  PmksaCache observed_;
  PmksaCache reference_;
  std::vector<StaleContext> stale_;
  std::unordered_map<std::string, int> networks_;
  std::string current_ssid_;
  int current_network_ = 1;
  // PMK lineages (PmksaEntry::Lineage()) of which an AP accepted an OKC clone.
  std::set<int> validated_pmks_;
  int prelog_pmks_ = 0;  // PMKs from before the log so far (negative lineages)
  int generation_ = 0;
  bool debug_pmksa_seen_ = false;  // -d lines of pmksa_cache.c are present
  bool connected_once_ = false;
  FlushEvidence flush_evidence_;

  std::optional<MacAddress> pending_okc_;  // "Consider X for OKC"
  // "RSN: Derived PMKID" (2.x): the PMKID of the entry pmksa_cache_add() is
  // about to add.
  std::optional<std::pair<Pmkid, LineRef>> pending_derived_;
  // A new-PMK entry added before its "WPA: PMK from EAPOL state machines"
  // line (2.x FT-EAP and other orders): that line belongs to it.
  std::optional<MacAddress> late_pmk_for_;
  LineRef pending_pmk_;                    // "WPA: PMK from EAPOL state machines"
  std::string pending_pmk_key_;            // its bytes (-K) or the PEAP MSK's first half
  LineRef pending_replace_;                // "RSN: Replace PMKSA entry ..."
  std::vector<PmksaEntry> flushed_since_replace_;
  // Flushed at the pending replacement while the reference held them valid.
  std::vector<std::pair<PmksaEntry, LineRef>> flushed_valid_;
  LineRef last_config_change_;
  std::optional<PmksaEntry> last_removed_;
  uint64_t last_removed_line_ = 0;
  std::optional<MacAddress> last_okc_added_;
  uint64_t last_okc_added_line_ = 0;

  std::optional<MacAddress> own_mac_;
  std::optional<MacAddress> logged_spa_;  // "spa=" of the "Added" line being applied
  LineRef own_mac_changed_;  // where the own address last changed
  std::optional<MacAddress> previous_own_mac_;

  MacAddress msg1_aa_;  // last "RX message 1 of 4-Way Handshake from"
  Pmkid msg1_pmkid_;
  LineRef msg1_pmkid_line_;
  std::optional<MacAddress> selection_target_;
  LineRef request_;  // last "Request association", until an attempt uses it
  MacAddress request_target_;
  std::optional<Offer> pending_offer_;
  std::optional<Pmkid> stale_reported_;  // dedupes repeated selection dumps
  Attempt attempt_;
  std::optional<Attempt> rejected_attempt_;  // ended by an assoc reject, unanswered
};

}  // namespace roamreplay
