#pragma once

// The report model: everything a replay concluded, independent of how it is
// printed. Writers (text, JSON, ...) only read it.

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/hex.h"
#include "base/mac_address.h"
#include "model/attempt_detail.h"

namespace roamreplay {

enum class Severity { kError, kWarning, kInfo };
std::string_view SeverityName(Severity severity);

/// One log line cited by a finding.
struct EvidenceLine {
  uint64_t line = 0;
  std::string time;  ///< The log's own timestamp text; empty when none.
  std::string text;  ///< The raw line.
  std::string role;  ///< What it shows ("entry created", "AP refused", ...).
  std::optional<int64_t> time_us;  ///< On the replay's time axis.
};

/// One line of an AP (hostapd) log cited by a finding (only with --ap).
struct ApEvidence {
  uint64_t line = 0;
  std::string time;    ///< The AP log's own stamp text; empty when none.
  std::string text;    ///< The raw line.
  std::string source;  ///< The AP log's path.
  std::string role;    ///< What it shows ("AP found the PMKID", ...); not in JSON.
  std::optional<int64_t> time_us;  ///< On the station's time axis.
};

struct Finding {
  std::string kind;  ///< Stable identifier, e.g. "stale-pmkid-reuse".
  Severity severity = Severity::kError;
  std::string time;  ///< Timestamp text of `line`; empty when the log has none.
  std::optional<int64_t> time_us;
  uint64_t line = 0;
  std::string interface;  ///< Empty when unknown.
  std::optional<MacAddress> bssid;
  Pmkid pmkid;
  std::string cause;  ///< Empty when the kind has no cause.
  std::string message;
  std::vector<EvidenceLine> evidence;  ///< Sorted by line; the first kMaxEvidence.
  /// Evidence lines past kMaxEvidence ("rejected again" 29,000 times in a
  /// day-long loop): counted, not kept (JSON "evidence_omitted" when > 0).
  uint64_t evidence_omitted = 0;
  static constexpr size_t kMaxEvidence = 64;
  /// stale-pmkid-reuse: whether the PMKID reached the AP (false when the
  /// supplicant withdrew the selection before associating).
  std::optional<bool> offered;
  /// With --ap: the AP log lines that bear on this finding.
  std::vector<ApEvidence> ap_evidence;
  /// pmkid-rejected with --ap: why the AP did not find the PMKID
  /// (ap-never-had-pmk, ap-entry-expired, ap-restarted, ap-has-newer-pmk,
  /// unknown); ap-forgot-pmksa: "confirmed" or "dismissed" when an AP log
  /// covers the AP. Empty otherwise.
  std::string ap_cause;
};

/// One connection, roam or AP-initiated re-authentication.
struct RoamSummary {
  std::string interface;
  MacAddress bssid;
  std::string ssid;    ///< When the log named it; empty otherwise.
  bool first = false;  ///< The interface's first connection in the log (not a roam).
  std::string method;  ///< "full-eap", "pmksa-cache", "okc", "failed", "unfinished"
  bool reauth = false;
  std::string reauth_cause;  ///< "pmk-reauth-timer" or "ap-initiated" for re-auths.
  bool offered = false;  ///< A PMKID was offered.
  bool refused = false;  ///< ... and the AP refused it.
  Pmkid offered_pmkid;
  uint64_t start_line = 0;
  uint64_t end_line = 0;
  std::string start_time;
  std::optional<int64_t> start_time_us;
  /// Start to end; nullopt when unknown or when the log's clock has only
  /// whole seconds (then duration_coarse_s holds it).
  std::optional<int64_t> duration_us;
  std::optional<int64_t> duration_coarse_s;  ///< Whole-second clocks only.
  /// "first" (the interface's first connection in the log), "roam" (to
  /// another AP than the one before), "reconnect" (to the same AP again),
  /// "re-auth" (re-authentication on the current AP).
  std::string kind;
  /// Trigger, AKM, outcome, phases, fast path (README "Per-attempt record").
  AttemptDetail detail;
  std::string start_text;  ///< The first line, for evidence (not in JSON).
  /// Index in Report::roams of the failed attempt this one replaced.
  std::optional<size_t> fallback_of;
  /// The offered entry was an OKC clone no AP had accepted yet (not in JSON;
  /// `stats` counts OKC attempts with it).
  bool offered_clone = false;
  /// With --ap: the AP's answer ("found", "okc-match", "not-found",
  /// "no-pmkid-offered"; empty = no AP log covers this AP) and the AP log
  /// line that shows it (0 = none), in Report::ap_logs[ap_log].
  std::string ap_answer;
  uint64_t ap_line = 0;
  size_t ap_log = 0;
  std::string ap_line_text;  ///< For timelines (not in JSON).
  std::optional<int64_t> ap_time_us;  ///< ap_line on the station's axis.
};

/// An AP-side event that matters to roaming (AP log, with --ap).
struct ApEventSummary {
  /// reauth-timer, reauth-started, inactivity, session-timeout, deauth-sent,
  /// disassoc-sent, eapol-to-departed-station, restart.
  std::string kind;
  std::string bss;  ///< The BSSID (or the interface when its address is unknown); may be empty.
  std::string sta;  ///< The station; empty for restarts.
  uint64_t line = 0;
  std::string time;
  std::optional<int64_t> time_us;  ///< On the station's time axis.
  std::string text;
};

/// One hostapd process seen in an AP log.
struct ApProcessSummary {
  uint64_t start_line = 0;
  std::vector<std::string> bss;  ///< BSSIDs of the BSSs it served.
  std::string version;
  std::string shared_evidence;  ///< How the BSSs were found to share it.
};

/// One AP log given with --ap.
struct ApLogSummary {
  std::string path;
  std::vector<std::string> bss;  ///< BSSIDs, in order of appearance.
  std::vector<std::string> ifnames;  ///< Their interfaces, same order.
  double offset_s = 0;  ///< Added to the AP log's stamps to put them on the station's axis.
  std::optional<double> offset_spread_ms;  ///< Spread of the matched frames; nullopt: none matched.
  std::string offset_source;  ///< "same-clock", "option", "estimated", "none".
  uint64_t matched_frames = 0;
  std::vector<ApProcessSummary> processes;
  std::vector<ApEventSummary> events;
  uint64_t lines = 0, events_count = 0, known = 0, unknown = 0;
};

/// Milliseconds of a duration given in microseconds, rounded half away from
/// zero: the one rounding of every duration roamreplay prints.
inline int64_t RoundedMs(int64_t us) {
  return us >= 0 ? (us + 500) / 1000 : -((-us + 500) / 1000);
}

struct LineCounts {
  uint64_t lines = 0;      ///< Physical lines read.
  uint64_t events = 0;     ///< Lines that became model events.
  uint64_t known = 0;      ///< Supplicant lines known but not used by the model.
  uint64_t unknown = 0;    ///< Supplicant lines not in the dictionary.
  uint64_t malformed = 0;  ///< Event lines whose arguments did not parse.
  uint64_t other = 0;      ///< Lines that are not supplicant output (blank, ...).
  uint64_t other_sources = 0;  ///< Other programs' lines in mixed logs (kernel, NM, ...).
  uint64_t rejoined = 0;   ///< Hard-wrapped continuation lines joined to the line before.
  /// Lines whose end (or the start of whose text) was padded with NUL or
  /// other control bytes, which were skipped; counted in the kinds above too.
  uint64_t control_padded = 0;
  /// esp-idf input: lines of the Wi-Fi library ("wifi:" tag), counted in the
  /// supplicant kinds above (the wpa_supplicant port's "wpa" lines are the rest).
  uint64_t esp_wifi = 0;
  uint64_t bytes = 0;
};

/// The life of one entry of the supplicant's PMKSA cache, for timelines.
/// The key-management facts of a cache entry (JSON "akmp", "akm", "ap_mld",
/// "pmkid_source", "pmkid_learned_line", "pmkr0_name", "pmkr1_name",
/// "driver_pmksa"), shared by cache_history and snapshots.
struct EntryKeyFacts {
  int akmp = 0;                  ///< As logged ("akmp=0x.."); 0 = not logged.
  std::string akm;               ///< Its name ("SAE", "FT-802.1X"); "" when not logged.
  bool ap_mld = false;           ///< AA is an AP MLD address.
  std::string pmkid_source;      ///< "hmac", "sae", "logged"; "" unknown.
  uint64_t pmkid_learned_line = 0;  ///< PMKID first shown after the entry's creation.
  Pmkid pmkr0_name;              ///< FT key names derived from the entry's PMK.
  Pmkid pmkr1_name;
  /// "unknown", "refused", "not-added", "removed-reauth".
  std::string driver_pmksa = "unknown";
  /// "RSN: postpone PMKSA cache entry expiration for SAE": the entry outlived
  /// its expiration while associated (its last postponement); 0 = never.
  uint64_t expiration_postponed_line = 0;
  int fils_cache_id = -1;  ///< FILS Cache Identifier; -1 = none.
  /// "supplicant", or "external-auth" (SAE run for the driver, which holds
  /// the PMKSA for its own roaming).
  std::string origin = "supplicant";
};

struct CacheEntryHistory {
  std::string interface;
  MacAddress aa;
  Pmkid pmkid;          ///< As known at the end of the replay.
  int generation = 0;   ///< PMK lineage (0 = from before the log).
  bool clone = false;   ///< Created by OKC.
  uint64_t created_line = 0;
  std::string created_time;
  std::optional<int64_t> created_time_us;
  uint64_t validated_line = 0;  ///< An AP accepted it (OKC); 0 = never.
  uint64_t stale_line = 0;      ///< The reference model retired it; 0 = never.
  uint64_t removed_line = 0;    ///< 0 = still in the cache at the end.
  std::string removed_time;
  std::optional<int64_t> removed_time_us;
  std::string removed_how;  ///< "replaced", "flushed", "expired", "evicted", "removed"
  EntryKeyFacts keys;       ///< AKM, MLD, PMKID origin (at the end of the replay).
};

/// One entry of a cache snapshot (`roamreplay cache`).
struct SnapshotEntry {
  std::string interface;
  MacAddress bssid;
  std::optional<MacAddress> own_address;  ///< SPA, when known.
  Pmkid pmkid;
  int generation = 0;
  bool opportunistic = false;
  bool clone = false;
  bool stale = false;        ///< Observed entries the reference no longer holds.
  std::string stale_reason;  ///< Why, when stale.
  std::optional<int64_t> expiration_us;  ///< On the log's clock.
  std::string expiration_time;  ///< expiration_us as the log writes times (LogTimeText).
  std::optional<int64_t> reauth_us;
  uint64_t created_line = 0;
  std::string created_time;
  std::optional<int64_t> created_time_us;
  std::string created_time_iso;  ///< IsoTime of created_time_us; empty without a date.
  EntryKeyFacts keys;
  /// AP-side entries (cache --side ap): the BSS (BSSID, or interface) whose
  /// hostapd process holds the entry; empty for the station's entries.
  std::string ap;
};

/// The supplicant's cache as the log implies it at one point, and the
/// reference cache beside it, in list order.
struct CacheSnapshot {
  uint64_t at_line = 0;  ///< State after this line.
  std::string time;      ///< Timestamp text of that line, if any.
  std::string time_iso;  ///< IsoTime of that line; empty without a date.
  std::vector<SnapshotEntry> observed;
  std::vector<SnapshotEntry> reference;
  /// With --ap: the AP logs' PMKSA entries live at that time (station axis;
  /// bssid = the BSS, own_address = the station, opportunistic = OKC copy).
  std::vector<SnapshotEntry> ap;
  std::optional<int64_t> time_us;  ///< The time of at_line, when it has one.
};

/// How often one unknown message shape occurred (numbers and MACs masked).
struct ShapeCount {
  std::string shape;
  uint64_t count = 0;
  uint64_t first_line = 0;
};

struct Diagnostic {
  uint64_t line = 0;
  std::string message;
};

struct Report;

/// Receives what `stats` needs while a replay decides it, so that it keeps
/// no list (app/stats.h, TraceTally): every connection attempt (with its
/// kind), every finding as it is created, and the PMKIDs of OKC clones.
/// Called on the replaying thread.
class ReplaySink {
 public:
  virtual ~ReplaySink() = default;
  virtual void OnRoam(const RoamSummary& roam) = 0;
  virtual void OnFinding(const Finding& finding) = 0;
  virtual void OnClone(const Pmkid& pmkid) = 0;
};

struct Report {
  std::string input;  ///< The path as given ("-" for stdin).
  LineCounts counts;
  std::string supplicant_version;  ///< From the banner, e.g. "2.9"; may be empty.
  /// The Wi-Fi driver and the firmware version it reported (kernel lines in
  /// the capture, parse/driver_info.h); empty when the log does not tell.
  std::string driver;
  std::string firmware;
  std::string era;                 ///< "0.7.3", "2011", "2.x" or "unknown".
  std::string era_evidence;        ///< What the era was inferred from.
  /// The supplicant's flush policy ("pre-2011", "c3fea272", "current"), set
  /// by --policy or inferred; empty when nothing tells.
  std::string policy;
  std::string policy_evidence;
  uint64_t pmkids_verified = 0;  ///< PMKIDs recomputed from a visible PMK.
  std::vector<std::string> interfaces;
  std::vector<Finding> findings;  ///< Sorted by line; the first RulesConfig::max_findings.
  /// Every finding by kind, also those past the list's limit
  /// (truncated["findings"]).
  std::map<std::string, uint64_t> finding_counts;
  std::vector<RoamSummary> roams;  ///< In log order.
  std::vector<CacheEntryHistory> cache_history;  ///< In order of creation.
  std::optional<CacheSnapshot> snapshot;  ///< Only when ReplayOptions asks for one.
  std::vector<ShapeCount> unknown_shapes;  ///< The most frequent, at most kMaxShapes.
  // Input shape (lib/parse/input_shape.h) and evidence tier.
  std::string input_format;      ///< "dash-t", "syslog", ...
  bool input_format_detected = true;  ///< false when --input-format gave it.
  std::string time_axis;         ///< How time_us values were derived.
  /// What time_us values are: "utc" (epoch: -t, short-iso), "local" (a
  /// wall clock whose year --year gave; zone unknown), "yearless" (a wall
  /// clock placed in 1970), "time-of-day", "monotonic", or "none". Only
  /// "utc" and "local" give dates (time_iso).
  std::string clock = "none";
  /// The clock only has whole seconds (plain syslog): roam durations are
  /// then coarse (RoamSummary::duration_coarse_s).
  bool whole_second_clock = false;
  uint64_t wrap_column = 0;      ///< Re-join column; 0 = not re-joined.
  std::string evidence_tier;     ///< "INFO", "-d", "-dd", "-dd -K".
  std::vector<std::string> tier_supports;  ///< Finding kinds this tier can show.
  std::string tier_note;         ///< What the tier cannot show.
  std::map<std::string, uint64_t> event_counts;  ///< By EventTypeName.
  std::vector<Diagnostic> diagnostics;  ///< The first kMaxDiagnostics.
  uint64_t diagnostics_total = 0;
  /// Lists cut to their stated limit, with the number of items left out:
  /// "cache_history" (PmksaRules::kMaxCacheHistory), "roams" (kMaxRoams),
  /// "findings" (kMaxFindings), "interfaces" (interfaces not modelled past
  /// ReplayOptions::max_interfaces).
  std::map<std::string, uint64_t> truncated;
  /// Every finding, also those past the list's limit.
  uint64_t FindingsTotal() const {
    uint64_t n = 0;
    for (const auto& [kind, count] : finding_counts) n += count;
    return finding_counts.empty() ? findings.size() : n;
  }
  /// Set by ReplayOptions::make_sink before the replay; null otherwise.
  std::shared_ptr<ReplaySink> sink;
  /// Reading stopped early on SIGINT/SIGTERM: the rest is what was decided
  /// from the lines read until then.
  bool interrupted = false;
  /// The input looks like a hostapd log, not a station's (not in JSON).
  bool hostapd_input = false;
  /// AP logs were joined (--ap): roams and findings carry the ap_* fields.
  bool ap_joined = false;
  std::vector<ApLogSummary> ap_logs;
  static constexpr size_t kMaxDiagnostics = 100;
  static constexpr size_t kMaxShapes = 20;
};

/// `time_us` as ISO 8601: "2011-09-27T21:32:27.145598Z" on a "utc" clock,
/// without the "Z" on a "local" one; "" on clocks without dates.
std::string IsoTime(const Report& report, int64_t time_us);
/// The same written into `*buf` (no allocation); a view of it, empty when
/// IsoTime is.
using IsoBuffer = std::array<char, 48>;
std::string_view FormatIsoTime(const Report& report, int64_t time_us, IsoBuffer* buf);

/// `time_us` written the way the log writes its stamps ("1317159147.145598",
/// "Jul 15 22:47:44", "07-15 22:47:44.352", "20:13:52.386", ...), for times
/// the log does not print itself (expiry, spans).
std::string LogTimeText(const Report& report, int64_t time_us);

}  // namespace roamreplay
