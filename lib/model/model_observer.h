#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/hex.h"
#include "base/mac_address.h"
#include "model/attempt_detail.h"
#include "model/flush_policy.h"
#include "model/line_ref.h"
#include "model/pmksa_cache.h"

namespace roamreplay {

/// How an authentication attempt ended up authenticating.
/// kFullAuth: a full authentication the log cannot classify further (SAE or
/// PSK without a "using KEY_MGMT" line, EAP the log does not show).
enum class AuthMethod {
  kUnknown,
  kFullEap,
  kFullAuth,
  kPmksaCache,
  kOkc,
  kFailed,
  kFt,        ///< FT over the air or over the DS ("FT: Completed successfully").
  kSae,       ///< Full SAE.
  kSaePmksa,  ///< SAE skipped thanks to PMKSA caching.
  kPsk,       ///< 4-way handshake only.
  kOwe,
  /// The driver roamed on its own (firmware roaming): the supplicant saw
  /// the association and the connection, no authentication of its own.
  kDriver,
};
std::string_view AuthMethodName(AuthMethod method);
/// A full authentication (EAP, SAE, PSK, OWE or unclassified).
bool IsFullAuthentication(AuthMethod method);
/// Authenticated from a cached PMKSA (PMKSA caching, OKC, SAE PMKSA caching).
bool IsCachedAuthentication(AuthMethod method);

/// A PMKSA entry offered to an AP for one association.
struct Offer {
  MacAddress aa;
  Pmkid pmkid;
  int generation = 0;
  int lineage = 0;  ///< PmksaEntry::Lineage() of the offered entry.
  bool opportunistic = false;
  LineRef selected;  ///< The selection line (PMKID hexdump).
  /// Not logged (INFO-level logs): inferred from the association attempt and
  /// the AP's answer; `selected` is then the attempt's first line.
  bool implied = false;
  /// For an AP MLD's entry (`aa` is the AP MLD address): the link BSSID the
  /// association goes to.
  std::optional<MacAddress> link;
  /// For an AP MLD's entry: the link its SAE exchange ran on, when known.
  std::optional<MacAddress> auth_link;
  /// Offered on another link of the AP MLD than `auth_link`.
  /// The entry's PMKID is not its SAE exchange's (PmksaEntry::pmkid_not_sae).
  bool pmkid_not_sae = false;
  bool OtherLink() const { return link && auth_link && *link != *auth_link; }
  /// True when `target` is the AP (or one of the AP MLD's links) of this offer.
  bool For(const MacAddress& target) const { return aa == target || (link && *link == target); }
  /// The PMKSA of this attempt's own full authentication (an SAE exchange
  /// just before the association), not a cached one.
  bool fresh = false;
};

/// Why the reference model holds an offered entry as stale, with the lines
/// that made it so.
struct StaleContext {
  PmksaEntry entry;        ///< The stale entry as the supplicant holds it.
  StaleReason reason = StaleReason::kNone;
  int superseding_generation = 0;
  MacAddress superseding_aa;  ///< Where the new PMK was established.
  LineRef superseding_auth;   ///< "WPA: PMK from EAPOL state machines" (or the add).
  LineRef superseding_replace;  ///< "RSN: Replace PMKSA entry ..." (may be invalid).
  LineRef superseding_add;      ///< "RSN: added PMKSA cache entry for <new AA>".
};

/// How the AP refused an offered PMKID.
enum class RefusalSignal {
  kDidNotAcceptPmkid,  ///< "RSN: Authenticator did not accept PMKID ..."
  kEapStarted,         ///< EAP began before key negotiation (INFO-level logs)
  kOtherPmkidInMsg1,   ///< msg 1/4 carried a different PMKID
  kNoPmkidInMsg1,      ///< msg 1/4 without (matching) PMKID: caching cancelled
  kAssocRejectInvalidPmkid,  ///< CTRL-EVENT-ASSOC-REJECT status_code=53
  kSaeCachingRejected,       ///< "PMKSA caching attempt rejected ..."
};
std::string_view RefusalSignalText(RefusalSignal signal);

/// One connection attempt or roam, for the timeline.
struct RoamRecord {
  MacAddress bssid;
  std::string ssid;     ///< When the log named it.
  bool first = false;   ///< No earlier completed connection on the interface.
  bool offer_opportunistic = false;  ///< The offered entry was an unvalidated OKC clone.
  LineRef start;  ///< First line of the attempt.
  LineRef end;    ///< Key negotiation completed / CONNECTED / failure.
  AuthMethod method = AuthMethod::kUnknown;
  bool offered = false;
  bool refused = false;
  bool reauth = false;  ///< Re-authentication while connected.
  /// For re-authentications: the supplicant's PMK reauth timer had fired
  /// (the list head's reauth time had passed, as pmksa_cache_reauth() uses).
  bool reauth_timer = false;
  Pmkid offered_pmkid;
  /// The offered entry's PMK (PmksaEntry::Lineage()) and where it was
  /// selected (line 0 for an offer implied by the AP's answer).
  int offer_lineage = 0;
  uint64_t offer_line = 0;
  /// Trigger, AKM, outcome, phases, fast path (connection tracker).
  AttemptDetail detail;
};

/// Other conclusions of the model, each becoming one finding kind.
enum class Signal {
  kOverFlush,        ///< A flush after a PMK replacement removed a valid entry.
  kConfigFlush,      ///< A flush right after a configuration change.
  kStall,            ///< PMKID offered, no EAPOL for longer than the stall limit.
  kMskMismatch,      ///< "RSN: PMKID mismatch ..." or a proven mismatch after full EAP.
  kPmkidMismatch,    ///< A logged PMKID that its (visible) PMK does not produce.
  kExpiredOffered,   ///< An entry offered after its lifetime ended.
  kOwnMacChanged,    ///< An entry made unusable by a change of own MAC address.
  kBtmNotFollowed,   ///< A BSS Transition Management Request the station did not follow.
  kAkmpMismatch,     ///< An entry offered for a connection with another AKMP.
  kSaePmkOutdated,   ///< An SAE entry offered after the password it came from changed.
};

struct SignalEvidence {
  LineRef line;
  std::string role;
};

struct ModelSignal {
  ModelSignal(Signal kind, LineRef line) : signal(kind), at(std::move(line)) {}
  Signal signal;
  LineRef at;  ///< The line the finding is reported at.
  MacAddress bssid;
  bool has_bssid = false;
  Pmkid pmkid;
  std::string detail;  ///< Facts for the message (numbers, addresses).
  int64_t value = 0;   ///< E.g. the stall length in ms.
  uint64_t group = 0;  ///< Signals with the same kind and group make one finding.
  std::vector<SignalEvidence> evidence;
};

/// Receives what the interface model concludes. Implemented by the rules.
class ModelObserver {
 public:
  virtual ~ModelObserver() = default;
  /// The supplicant selected (for the association with `offer.aa`) an entry
  /// that the reference cache holds as stale. An offer is identified by its
  /// selection line (`offer.selected.line`); a later refusal of the same
  /// offer carries the same line.
  virtual void OnStaleSelection(std::string_view ifname, const Offer& offer,
                                const StaleContext& stale) = 0;
  /// The AP did not accept the PMKID of `offer`. `association` is the
  /// "Associated with" line (invalid if the AP refused before associating).
  virtual void OnOfferRefused(std::string_view ifname, const Offer& offer, RefusalSignal signal,
                              const LineRef& association, const LineRef& refusal) = 0;
  /// An attempt or re-authentication finished (successfully or not). The
  /// record is the observer's to take from (its detail is moved, not
  /// copied, into the report).
  virtual void OnRoam(std::string_view ifname, RoamRecord&& roam) = 0;
  /// The supplicant withdrew the PMKSA entry it had selected for `offer`
  /// before associating ("Disable PMKSA caching for FT/802.1X connection",
  /// "... due to incompatible AKMP"): no PMKID reached the AP.
  virtual void OnOfferWithdrawn(std::string_view ifname, const Offer& offer,
                                const LineRef& line) {}

  // Cache history of the observed (supplicant) cache, for timelines. An
  // entry is identified by its AA and the line that created it.
  virtual void OnEntryAdded(std::string_view ifname, const PmksaEntry& entry) {}
  /// `how`: "replaced", "flushed", "expired", "evicted".
  virtual void OnEntryRemoved(std::string_view ifname, const PmksaEntry& entry,
                              std::string_view how, const LineRef& line) {}
  /// The reference model retired the entry (it is stale from `line` on).
  virtual void OnEntryStale(std::string_view ifname, const PmksaEntry& entry,
                            const LineRef& line) {}
  /// The entry is still in the cache at the end of the log.
  virtual void OnEntryAtEnd(std::string_view ifname, const PmksaEntry& entry) {}
  /// A PMKID the log shows was recomputed from the entry's visible PMK.
  virtual void OnPmkidVerified(std::string_view ifname, const PmksaEntry& entry) {}
  /// Any other conclusion (see Signal).
  virtual void OnSignal(std::string_view ifname, const ModelSignal& signal) {}
  /// An AP accepted the (OKC) entry.
  virtual void OnEntryValidated(std::string_view ifname, const PmksaEntry& entry,
                                const LineRef& line) {}
};

}  // namespace roamreplay
