#pragma once

// The PMKSA side of one interface: two caches kept side by side, `observed`
// (what the log says the supplicant holds) and `reference` (what a
// supplicant that never offers a stale PMKID would hold after the same
// authentications), the PMK lineages, the flush judgement and the PMKID
// proof. It consumes the event stream and reports to a ModelObserver.
//
// It knows nothing of how connections are tracked: what it needs about the
// current association attempt (its target, whether it associated or
// finished key negotiation, the PMKID it offered) is passed in explicitly as
// an AttemptView, and the selections it makes are handed back as Offers for
// the connection tracker to attach. Attribution is by content, not by line
// position: the selection dump may come before the association attempt (2.x
// prints "RSN: PMKSA cache search" first; 2011 sme_authenticate() selects
// before printing "SME: Trying to authenticate") or after it (non-SME
// drivers), and the PMKID of a new entry is learnt from whichever line shows
// it first.

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

/// What the PMKSA model needs to know of the current association attempt.
struct AttemptView {
  bool active = false;
  MacAddress target;
  bool associated = false;
  bool key_neg_done = false;
  const Offer* offer = nullptr;  ///< The PMKID offered on it, if any.
};

/// What one event made the PMKSA model conclude for the connection side.
struct PmksaEffects {
  /// The supplicant selected an entry: the offer for the next association
  /// with `offer->aa` (or the current attempt's).
  std::optional<Offer> offer;
  /// A new PMK (full authentication) was added for this AP.
  std::optional<MacAddress> new_pmk_for;
};

class PmksaModel {
 public:
  PmksaModel(std::string ifname, ModelObserver* observer, ModelConfig config);

  /// Applies one event read from `line`; `attempt` is the connection
  /// tracker's current attempt before the event.
  void Apply(const Event& event, const LineView& line, const AttemptView& attempt,
             PmksaEffects* effects);
  /// A new association attempt started (selection dedupe and the late PMK
  /// line belong to one attempt).
  void OnAttemptStarted();
  /// The current attempt completed key negotiation.
  void OnKeyNegotiated() {
    stale_reported_.reset();
    expired_reported_.reset();
  }
  /// Ends the log.
  void Finish();

  void set_ifname(std::string name) { ifname_ = std::move(name); }
  const PmksaCache& observed() const { return observed_; }
  const PmksaCache& reference() const { return reference_; }
  const std::vector<StaleContext>& stale() const { return stale_; }
  const StaleContext* StaleFor(const PmksaEntry& entry) const;
  int generations() const { return generation_; }
  const FlushEvidence& flush_evidence() const { return flush_evidence_; }
  std::optional<MacAddress> own_address() const { return own_mac_; }
  /// -d lines of pmksa_cache.c are present.
  bool debug_pmksa_seen() const { return debug_pmksa_seen_; }

 private:
  void Emit(const ModelSignal& signal) { observer_->OnSignal(ifname_, signal); }
  int NewPrelogLineage() { return -++prelog_pmks_; }
  void OnAttemptTarget(const Event& ev);
  void OnOwnAddress(const MacAddress& mac, const LineView& line);
  void OnAdded(const MacAddress& aa, const Event& ev, const LineView& line,
               const AttemptView& attempt, PmksaEffects* effects);
  void AddClone(const MacAddress& aa, const std::optional<MacAddress>& spa, const LineView& line);
  void AddNewPmk(const MacAddress& aa, const Event& ev, const LineView& line,
                 PmksaEffects* effects);
  void InsertObserved(PmksaEntry entry, const LineView& line);
  void NoteFlushBehaviour(const PmksaEntry& replaced);
  void JudgeReplaceFlush(const PmksaEntry& added, const PmksaEntry* replaced);
  void OnRemoved(const MacAddress& aa, std::string_view how, const LineView& line);
  void OnOkcFlag(const MacAddress& aa);
  void OnValidated(const LineView& line, const AttemptView& attempt);
  void OnSelected(const Pmkid& pmkid, const LineView& line, const AttemptView& attempt,
                  PmksaEffects* effects);
  PmksaEntry* EntryForSelection(const Pmkid& pmkid, const LineView& line);
  void CheckOffer(const Offer& offer, const PmksaEntry& entry, const LineView& line);
  void BindPmkid(const MacAddress& aa, const Pmkid& pmkid, const LineView& line,
                 PmkidSource source = PmkidSource::kLogged);
  // pmksa_akm.cc: SAE, OWE, FILS, FT and MLO.
  void ApplyAkm(const Event& ev, const LineView& line, const AttemptView& attempt);
  void OnApMldAddress(const MacAddress& mld);
  void OnAddedAkm(const MacAddress& aa, const LineView& line);
  void OnFtKeyName(const Event& ev, const LineView& line, const AttemptView& attempt);
  void OnPasswordChange(const Event& ev, const LineView& line);
  void CheckAkmp(const MacAddress& aa, int wanted, const LineView& line, std::string_view what);
  void CheckSelectionAkm(const PmksaEntry& entry, const LineView& line);
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
  int current_network_ = 1;
  // PMK lineages (PmksaEntry::Lineage()) of which an AP accepted an OKC clone.
  std::set<int> validated_pmks_;
  int prelog_pmks_ = 0;  // PMKs from before the log so far (negative lineages)
  int generation_ = 0;
  bool debug_pmksa_seen_ = false;  // -d lines of pmksa_cache.c are present
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
  // pmksa_akm.cc
  std::optional<std::pair<Pmkid, LineRef>> sae_pmkid_;  // "SAE: PMKID" of the last exchange
  MacAddress sae_peer_;                                  // whom that exchange was with
  std::set<MacAddress> ap_mlds_;                         // AP MLD addresses seen
  std::optional<MacAddress> last_added_;                 // AA of the last "Added" entry
  uint64_t last_added_line_ = 0;
  std::optional<MacAddress> r0_entry_;  // entry the last PMK-R0 was derived from
  int search_akmp_ = -1;                // akmp= of the last "PMKSA cache search"
  int connection_akmp_ = 0;             // "using KEY_MGMT X"
  std::optional<ModelSignal> pending_akmp_mismatch_;  // emitted when the PMKID reaches the AP
  int pending_fils_cache_id_ = -1;  // "RSN: Search for FILS Cache Identifier" before a selection
  std::optional<MacAddress> external_auth_;  // the driver asked for SAE with this BSSID
  std::optional<Pmkid> stale_reported_;  // dedupes repeated selection dumps
  std::optional<Pmkid> expired_reported_;  // the same for expired-entry-offered
};

}  // namespace roamreplay
