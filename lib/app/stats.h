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
//   roam times     duration_us of roams, by method; nearest-rank percentiles;
//                  roams on whole-second clocks have no duration_us and are
//                  counted as coarse_roams instead

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "report/report.h"

namespace roamreplay {

/// Nearest-rank percentile (0 < p <= 100) of `values`, which it sorts: the
/// smallest value with at least p% of the values at or below it. 0 when
/// `values` is empty.
int64_t Percentile(std::vector<int64_t>* values, double p);

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
  std::map<std::string, std::vector<int64_t>> durations_us;  ///< By method.

  /// 100 * full_eap / roams; 0 without roams.
  double FullEapPer100() const;
  /// okc_accepted / okc_attempts in percent; negative without attempts.
  double OkcAcceptancePercent() const;
};

struct FleetStats {
  uint64_t traces = 0;
  uint64_t lines = 0;
  uint64_t findings = 0;
  StatsBucket total;
  std::map<std::string, StatsBucket> by_ess;  ///< SSID or "unknown".
  std::map<std::string, StatsBucket> by_ap;   ///< "00:24:97:aa:bb:01"
  bool interrupted = false;  ///< Reading stopped on SIGINT/SIGTERM.
};

/// Accumulates reports one by one; memory grows with the number of distinct
/// APs and ESSs and with the number of roam durations, not with log size.
class StatsAggregator {
 public:
  void Add(const Report& report);
  const FleetStats& stats() const { return stats_; }
  /// Sorts the duration samples; call once before writing.
  FleetStats& Finish();

 private:
  FleetStats stats_;
};

/// Text: totals with per-method roam times, then one row per ESS and per AP.
void WriteStatsText(FleetStats& stats, std::ostream& out);
/// JSON: {"traces", "lines", "findings", "total": bucket, "ess": {name: bucket},
/// "aps": {bssid: bucket}}; a bucket holds the counters above,
/// "full_eap_per_100", "okc_acceptance_percent" (null without attempts) and
/// "roam_time_ms": {method: {"count", "p50", "p90", "p99"}}.
void WriteStatsJson(FleetStats& stats, bool pretty, std::ostream& out);

}  // namespace roamreplay
