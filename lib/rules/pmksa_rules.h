#pragma once

// Turns the interface model's conclusions into findings (README "Finding
// kinds" lists them with their severities):
//   stale-pmkid-reuse, pmkid-rejected, ap-forgot-pmksa, okc-unsupported,
//   over-flush, config-flush, pmksa-stall, msk-mismatch, pmkid-mismatch,
//   eviction-churn, expired-entry-offered, own-mac-changed,
//   full-eap-on-roam, slow-roam,
//   ft-failed, pmksa-caching-disabled, roam-ping-pong, roam-storm, link-loss,
//   btm-not-followed, auth-rejected, assoc-rejected,
//   pmksa-retry-loop, akmp-mismatch, sae-pmk-outdated
// and records every connection/roam and cache entry for the timeline.
//
// pmksa_rules.cc holds the offer-level rules, roam_rules.cc the ones that
// look at whole roams (cost of a flush, churn, OKC support, timing),
// connection_rules.cc the per-attempt ones (FT, rejections, link loss,
// ping-pong, storms, withdrawn PMKSA selections).

#include <cstdint>
#include <deque>
#include <map>
#include <tuple>
#include <optional>
#include <tuple>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/flush_policy.h"
#include "model/model_observer.h"
#include "report/report.h"

namespace roamreplay {

/// Grows a capped report list: once it holds 1,024 elements it reserves its
/// limit at once, so a long log neither doubles it past the limit nor holds
/// two copies while it moves (the 10,000 roams are ~12 MB).
template <typename Vector>
void ReserveCappedList(Vector* list, size_t limit) {
  if (list->size() == list->capacity() && list->size() >= 1024 && limit > list->size())
    list->reserve(limit);
}

struct RulesConfig {
  int64_t slow_roam_ms = 250;  ///< slow-roam above this roam time.
  int reauth_threshold_pct = 70;  ///< For messages; the model decides.
  /// Report::roams and Report::cache_history keep this many items (see
  /// PmksaRules::kMaxRoams, kMaxCacheHistory); `stats`, which must count
  /// every roam, lifts them.
  size_t max_roams = 10000;
  size_t max_cache_history = 10000;
  /// Report::findings keeps the first max_findings findings created while
  /// reading, plus up to PmksaRules::kFinishReserve of those that need the
  /// whole log (OKC support, storms open at the end); Report::finding_counts
  /// counts them all, Report::truncated["findings"] those left out.
  size_t max_findings = 5000;
  int64_t ping_pong_s = 60;  ///< roam-ping-pong: back to an AP within this.
  int storm_count = 6;       ///< roam-storm: this many roams ...
  int64_t storm_s = 300;     ///< ... within this many seconds.
};

/// The key-management facts of `entry` as the report shows them.
EntryKeyFacts KeyFactsOf(const PmksaEntry& entry);

class PmksaRules : public ModelObserver {
 public:
  /// Report::cache_history keeps the first kMaxCacheHistory entries; the
  /// others are counted in Report::truncated["cache_history"].
  static constexpr size_t kMaxCacheHistory = RulesConfig().max_cache_history;
  /// Report::roams keeps the first kMaxRoams connection attempts.
  static constexpr size_t kMaxRoams = RulesConfig().max_roams;
  /// Report::findings keeps this many of the findings created while reading.
  static constexpr size_t kMaxFindings = RulesConfig().max_findings;
  static constexpr size_t kFinishReserve = 500;
  /// Evicted entries remembered for eviction-churn: the most recent ones.
  static constexpr size_t kMaxEvictedTracked = 10000;

  explicit PmksaRules(Report* report, RulesConfig config = RulesConfig())
      : report_(report), config_(config) {}

  void OnStaleSelection(std::string_view ifname, const Offer& offer,
                        const StaleContext& stale) override;
  void OnOfferRefused(std::string_view ifname, const Offer& offer, RefusalSignal signal,
                      const LineRef& association, const LineRef& refusal) override;
  void OnRoam(std::string_view ifname, RoamRecord&& roam) override;
  void OnSignal(std::string_view ifname, const ModelSignal& signal) override;
  void OnEntryAdded(std::string_view ifname, const PmksaEntry& entry) override;
  void OnEntryRemoved(std::string_view ifname, const PmksaEntry& entry, std::string_view how,
                      const LineRef& line) override;
  void OnEntryAtEnd(std::string_view ifname, const PmksaEntry& entry) override;
  void OnEntryStale(std::string_view ifname, const PmksaEntry& entry,
                    const LineRef& line) override;
  void OnEntryValidated(std::string_view ifname, const PmksaEntry& entry,
                        const LineRef& line) override;
  void OnPmkidVerified(std::string_view ifname, const PmksaEntry& entry) override;
  void OnOfferWithdrawn(std::string_view ifname, const Offer& offer,
                        const LineRef& line) override;

  /// Completes the findings that need the whole log (OKC support, counts,
  /// the explanation against the log's era `policy`) and sorts them by
  /// line. Call once at the end.
  /// `whole_seconds`: the log's clock only has whole seconds (syslog), so
  /// roam times are too coarse for slow-roam, which is then not reported.
  void Finish(std::optional<FlushPolicy> policy, bool whole_seconds = false);

  /// The log's clock restarted (a reboot: ESP-IDF's milliseconds since
  /// boot, a short monotonic stamp): the time between the attempts before
  /// and after is unknown, so the ping-pong and storm windows end here
  /// (an open storm is reported as it stands).
  void OnClockBreak();

 private:
  // Key of per-interface, per-AP state.
  using ApKey = std::pair<std::string, MacAddress>;

  // A finding past the list's limit: counted, not kept; its index is
  // kNoFinding and At(kNoFinding) is a scratch finding.
  static constexpr size_t kNoFinding = SIZE_MAX;
  /// Adds `f` (or counts it past the limit); returns its index or kNoFinding.
  size_t Add(Finding f);
  Finding& At(size_t index);
  void AddCost(const ApKey& key, const RoamRecord& roam);
  void CostNone(const ApKey& key, const RoamRecord& roam);
  void RoamFindings(std::string_view ifname, const RoamRecord& roam);
  void OkcFindings();
  struct RoamTally;
  void Tally(RoamTally* t, const char* kind, Severity severity, std::string_view ifname,
             const RoamRecord& roam, std::optional<int64_t> ms);
  void RoamMessages();
  void EraNotes(std::optional<FlushPolicy> policy);
  CacheEntryHistory* History(std::string_view ifname, const PmksaEntry& entry);
  // connection_rules.cc
  /// `kept`: the roam's summary, in Report::roams or (past the list limit) a scratch one.
  void ConnectionFindings(std::string_view ifname, const RoamRecord& roam, size_t index,
                          RoamSummary* kept);
  void RejectFinding(std::string_view ifname, const RoamRecord& roam, const AttemptFailure& fail);
  void RetryLoop(std::string_view ifname, const Offer& offer, RefusalSignal signal,
                 const LineRef& refusal);
  /// roam-ping-pong and roam-storm, as each attempt ends (streaming).
  void PingPongAndStorms(const RoamSummary& r);
  void FinishStorms();  ///< Reports the bursts still open at the end.
  struct WindowRoam {
    MacAddress bssid;
    LineRef ref;  ///< The attempt's first line.
    std::string trigger;
    bool failed = false;
  };
  struct PongWindow {
    std::deque<WindowRoam> ok;  ///< Recent successful connections, oldest first.
    int skip = 0;               ///< Connections not to test after a finding.
  };
  struct StormBurst {
    WindowRoam first;
    size_t count = 0;
    int failed = 0;
    std::map<std::string, int> triggers;
    std::vector<LineRef> cited;  ///< The first 6 attempts.
    int64_t last_us = 0;
  };
  struct StormWindow {
    std::deque<WindowRoam> candidates;  ///< The last storm_count attempts, no burst open.
    std::deque<int64_t> recent;         ///< In a burst: the last storm_count-1 start times.
    std::optional<StormBurst> burst;
  };
  static WindowRoam Windowed(const RoamSummary& r);
  static Finding WindowFinding(const char* kind, const std::string& ifname,
                               const WindowRoam& at);
  void PingPong(const std::string& ifname, const RoamSummary& r);
  void Storm(const std::string& ifname, const RoamSummary& r);
  void EndStorm(const std::string& ifname, StormWindow* w);

  Report* report_;
  RulesConfig config_;
  bool finishing_ = false;  ///< In Finish: findings are no longer capped.
  Finding scratch_;         ///< At(kNoFinding).
  // Per interface: the AP of the last attempt (RoamSummary::kind).
  std::map<std::string, MacAddress> last_bssid_;
  // Selection line of a stale offer -> index of its finding.
  std::unordered_map<uint64_t, size_t> stale_by_selection_;
  // (kind, group) of grouped signals -> index of their finding.
  std::map<std::pair<std::string, uint64_t>, size_t> grouped_;
  // Removal findings (over-flush, config-flush) waiting for their cost: the
  // next full EAP at that AP.
  std::map<ApKey, std::vector<size_t>> awaiting_cost_;
  std::map<ApKey, LineRef> evicted_;
  std::deque<ApKey> evicted_order_;  ///< Keys of evicted_, oldest first.
  // Live entries (interface, AA, creation line) -> index in cache_history:
  // an entry leaves it when removed, so it holds at most the live caches.
  std::map<std::tuple<std::string, MacAddress, uint64_t>, size_t> history_index_;
  struct OkcTally {
    int accepted = 0;
    std::vector<LineRef> refusals;
    std::vector<MacAddress> aps;
  };
  std::map<std::pair<std::string, std::string>, OkcTally> okc_;  // (ifname, ssid)
  int roams_ = 0;
  int full_eap_total_ = 0;
  struct RoamTally {
    size_t finding = 0;
    int count = 0;
    int refused = 0;
    int64_t first_ms = -1;
    std::string first_text;  ///< "397 ms", "\u22483 s" (whole-second clock), "" unknown.
    int64_t worst_ms = -1;
    uint64_t worst_line = 0;
    std::string_view method, worst_method;
  };
  std::map<ApKey, RoamTally> full_eap_by_ap_;
  std::map<ApKey, RoamTally> slow_by_ap_;

  // Per interface: index in report_->roams of the last attempt, if it failed.
  std::map<std::string, size_t> last_failed_roam_;
  // Per interface: ft-failed findings waiting for the fallback attempt.
  std::map<std::string, size_t> ft_failed_waiting_;
  // Per interface: the last pmksa-caching-disabled finding and its line.
  std::map<std::string, std::pair<size_t, uint64_t>> caching_disabled_;
  /// pmksa-retry-loop: this many refusals at one AP with no success between.
  static constexpr int kRetryLoopCount = 3;
  struct RetryTally {
    int refusals = 0;
    bool has_finding = false;
    size_t finding = 0;          ///< Index of the finding (kNoFinding: not kept).
    std::vector<LineRef> lines;  ///< Refusals before the finding exists.
  };
  std::map<ApKey, RetryTally> retries_;
  /// Per interface: the ping-pong window holds at most this many
  /// connections (cycles back to an AP over more connections are not seen).
  static constexpr size_t kPongWindow = 64;
  std::map<std::string, PongWindow> pong_;
  std::map<std::string, StormWindow> storms_;
  // (kind, interface, AP) -> rejection finding, for grouping.
  std::map<std::tuple<std::string, std::string, MacAddress>, size_t> rejects_;
};

}  // namespace roamreplay
