#pragma once

// Fleet statistics: aggregates replayed reports per AP (BSSID) and per ESS
// (RoamSummary::ssid, "unknown" when the log does not name it), plus a
// total. No printing beyond the writers, which take a stream.
//
// Definitions (per bucket):
//   roams          connection attempts that finished (method other than
//                  "unfinished") and are neither the interface's first
//                  connection nor an AP-initiated re-authentication
//   connections    first connections of an interface (not roams)
//   reauths        AP-initiated re-authentications (not roams)
//   full_eap       roams that authenticated with full EAP
//   reconnects     roams back to the AP of the attempt before (kind "reconnect")
//   okc_attempts   roams that offered an OKC clone's PMKID (an entry the
//                  report's cache history marks as clone) for the first time
//                  in the trace, or ended "okc"; later offers of that entry,
//                  by then validated, are PMKSA-cache offers
//   okc_accepted   OKC attempts the AP accepted (ended "okc" or "pmksa-cache"
//                  without a refusal)
//   offers         roams that offered any PMKID; refused: ... and the AP
//                  refused it
//   stale_offers   stale-pmkid-reuse findings; rejections: pmkid-rejected
//                  findings (attributed by the finding's BSSID)
//   roam times     duration_us of roams, by method, in a log-linear histogram
//                  (app/stats_partial.h); percentiles are nearest-rank on the
//                  histogram, within 1 % of the exact value; roams on
//                  whole-second clocks have no duration_us and are counted as
//                  coarse_roams instead
//
// Groups (--group-by): "ess" (SSID or "unknown"), "ap" (BSSID), "supplicant"
// (the banner's version), "driver" and "firmware" (the Wi-Fi driver and the
// firmware version it reported, parse/driver_info.h); "unknown" when the log
// does not tell.

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "app/stats_partial.h"
#include "base/status.h"
#include "report/report.h"

namespace roamreplay {

struct StatsBucket {
  uint64_t roams = 0;
  uint64_t reconnects = 0;
  uint64_t connections = 0;
  uint64_t reauths = 0;
  uint64_t full_eap = 0;
  uint64_t pmksa_cache = 0;
  uint64_t okc_accepted = 0;
  uint64_t failed = 0;
  uint64_t offers = 0;
  uint64_t refused = 0;
  uint64_t okc_attempts = 0;
  uint64_t stale_offers = 0;
  uint64_t rejections = 0;
  uint64_t coarse_roams = 0;
  std::map<std::string, RoamTimeHistogram> durations_us;  ///< By method.

  /// Adds every counter and histogram of `other`.
  void Merge(const StatsBucket& other);

  /// 100 * full_eap / roams; 0 without roams.
  double FullEapPer100() const;
  /// okc_accepted / okc_attempts in percent; negative without attempts.
  double OkcAcceptancePercent() const;
};

/// The --group-by dimensions, in output order.
inline const std::vector<std::string>& StatsDimensions() {
  static const std::vector<std::string> dims{"ess", "ap", "supplicant", "driver", "firmware"};
  return dims;
}

struct FleetStats {
  uint64_t traces = 0;
  uint64_t lines = 0;
  uint64_t findings = 0;
  uint64_t unreadable = 0;  ///< Logs that could not be read (kept in partials).
  /// The dimensions grouped by, a subset of StatsDimensions() in its order.
  std::vector<std::string> group_by{"ess", "ap"};
  StatsBucket total;
  std::map<std::string, StatsBucket> by_ess;  ///< SSID or "unknown".
  std::map<std::string, StatsBucket> by_ap;   ///< "00:24:97:aa:bb:01"
  bool interrupted = false;  ///< Reading stopped on SIGINT/SIGTERM.
  std::map<std::string, StatsBucket> by_supplicant;  ///< "2.10" or "unknown".
  std::map<std::string, StatsBucket> by_driver;      ///< "mt7921e" or "unknown".
  std::map<std::string, StatsBucket> by_firmware;    ///< "____010000" or "unknown".

  /// The groups of dimension `dim` (one of StatsDimensions()).
  std::map<std::string, StatsBucket>* Group(const std::string& dim);
  const std::map<std::string, StatsBucket>* Group(const std::string& dim) const;
  bool Groups(const std::string& dim) const;
};

/// Parses --group-by's comma-separated list ("ess,ap,firmware") into
/// dimensions in StatsDimensions() order; an error names the bad one.
Status ParseGroupBy(const std::string& text, std::vector<std::string>* dims);

/// One trace's statistics, taken while it is replayed (ReplayOptions::
/// make_sink), so that no roam list is needed: per (ESS, AP) buckets, the
/// ESS of each AP, stale offers and rejections per AP, and the PMKIDs of
/// the most recent OKC clones (kMaxClones). Memory grows with the distinct
/// APs and ESSs of the trace, not with its roams, entries or lines.
class TraceTally : public ReplaySink {
 public:
  static constexpr size_t kMaxClones = 4096;
  void OnRoam(const RoamSummary& roam) override;
  void OnFinding(const Finding& finding) override;
  void OnClone(const Pmkid& pmkid) override;

 private:
  friend class StatsAggregator;
  std::map<std::pair<std::string, std::string>, StatsBucket> buckets_;  ///< (ESS, AP)
  std::map<std::string, std::string> ess_of_ap_;
  std::map<std::string, std::pair<uint64_t, uint64_t>> offers_by_ap_;  ///< stale, rejections
  // OKC clones: PMKID -> offered already; oldest first in clone_order_.
  std::map<std::string, bool> clones_;
  std::vector<std::string> clone_order_;
  size_t clone_head_ = 0;
  void RememberClone(const std::string& pmkid, bool offered);
};

/// Accumulates reports one by one; memory grows with the number of distinct
/// APs and ESSs and with the number of roam durations, not with log size.
class StatsAggregator {
 public:
  explicit StatsAggregator(std::vector<std::string> group_by = {"ess", "ap"}) {
    stats_.group_by = std::move(group_by);
  }
  /// Adds a report from its roam and finding lists.
  void Add(const Report& report);
  /// Adds a report replayed with a TraceTally sink (its lists may be
  /// truncated or empty: the tally has every roam and finding). Falls back
  /// to Add(report) when the report has no TraceTally.
  void AddTally(const Report& report);
  /// Counts a log that could not be read.
  void AddUnreadable() { ++stats_.unreadable; }
  const FleetStats& stats() const { return stats_; }
  FleetStats& Finish() { return stats_; }

 private:
  FleetStats stats_;
};

/// Text: totals with per-method roam times, then one row per group.
void WriteStatsText(const FleetStats& stats, std::ostream& out);
/// JSON: {"traces", "lines", "findings", "total": bucket, "ess": {name: bucket},
/// "aps": {bssid: bucket}, "supplicant": {...}, "driver": {...}, "firmware":
/// {...}} (only the grouped dimensions); a bucket holds the counters above,
/// "full_eap_per_100", "okc_acceptance_percent" (null without attempts) and
/// "roam_time_ms": {method: {"count", "p50", "p90", "p99"}}.
void WriteStatsJson(const FleetStats& stats, bool pretty, std::ostream& out);

}  // namespace roamreplay
