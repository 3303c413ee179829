#include "app/stats.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/visible.h"

namespace roamreplay {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* kUnknownEss = "unknown";

std::string EssOf(const std::string& ssid) { return ssid.empty() ? kUnknownEss : ssid; }

// The buckets one event counts in: total, its ESS, its AP.
struct Targets {
  StatsBucket* buckets[3];
  template <typename F>
  void ForEach(F f) {
    for (StatsBucket* b : buckets) f(*b);
  }
};

Targets TargetsFor(FleetStats* stats, const std::string& ess, const std::string& ap) {
  return Targets{{&stats->total, &stats->by_ess[ess], &stats->by_ap[ap]}};
}

// `offered_clones`: clone PMKIDs already offered in this trace; only the
// first offer of a clone is an OKC attempt, later offers of the (then
// validated) entry are PMKSA-cache offers.
void AddRoam(const RoamSummary& roam, const std::set<std::string>& clone_pmkids,
             std::set<std::string>* offered_clones, Targets t) {
  if (roam.reauth) {
    t.ForEach([](StatsBucket& b) { ++b.reauths; });
    return;
  }
  if (roam.method == "unfinished") return;
  if (roam.first) {
    t.ForEach([](StatsBucket& b) { ++b.connections; });
    return;
  }
  bool okc_offer = false;
  if (roam.offered_pmkid.known && clone_pmkids.count(roam.offered_pmkid.ToHex()) != 0)
    okc_offer = offered_clones->insert(roam.offered_pmkid.ToHex()).second;
  const bool okc_attempt = okc_offer || roam.method == "okc";
  // Accepted: the AP took the clone (the model says "okc", or a PMKSA-cache
  // roam without a refusal when the clone's first offer was not marked okc).
  const bool okc_accepted = okc_attempt && !roam.refused &&
                            (roam.method == "okc" || roam.method == "pmksa-cache");
  t.ForEach([&](StatsBucket& b) {
    ++b.roams;
    if (roam.kind == "reconnect") ++b.reconnects;
    if (roam.method == "full-eap") ++b.full_eap;
    if (roam.method == "pmksa-cache") ++b.pmksa_cache;
    if (okc_accepted) ++b.okc_accepted;
    if (roam.method == "failed") ++b.failed;
    if (roam.offered) ++b.offers;
    if (roam.offered && roam.refused) ++b.refused;
    if (okc_attempt) ++b.okc_attempts;
    if (roam.duration_us) b.durations_us[roam.method].push_back(*roam.duration_us);
    if (roam.duration_coarse_s) ++b.coarse_roams;
  });
}

double Ms(int64_t us) { return static_cast<double>(us) / 1000.0; }
// Whole milliseconds as every other duration is printed (RoundedMs).
int64_t WholeMs(int64_t us) { return RoundedMs(us); }

json OptionalPercent(double v) { return v < 0 ? json(nullptr) : json(std::round(v * 10) / 10); }

json BucketJson(StatsBucket& b) {
  json times = json::object();
  for (auto& [method, v] : b.durations_us) {
    times[method] = json{{"count", v.size()},
                         {"p50", Ms(Percentile(&v, 50))},
                         {"p90", Ms(Percentile(&v, 90))},
                         {"p99", Ms(Percentile(&v, 99))}};
  }
  return json{{"roams", b.roams},
              {"reconnects", b.reconnects},
              {"connections", b.connections},
              {"reauths", b.reauths},
              {"full_eap", b.full_eap},
              {"full_eap_per_100", std::round(b.FullEapPer100() * 10) / 10},
              {"pmksa_cache", b.pmksa_cache},
              {"okc_attempts", b.okc_attempts},
              {"okc_accepted", b.okc_accepted},
              {"okc_acceptance_percent", OptionalPercent(b.OkcAcceptancePercent())},
              {"failed", b.failed},
              {"offers", b.offers},
              {"refused", b.refused},
              {"stale_offers", b.stale_offers},
              {"rejections", b.rejections},
              {"coarse_roams", b.coarse_roams},
              {"roam_time_ms", std::move(times)}};
}

std::string PercentText(double v) { return v < 0 ? "-" : fmt::format("{:.1f}%", v); }

std::string TimesText(StatsBucket& b) {
  std::string out;
  for (auto& [method, v] : b.durations_us) {
    out += fmt::format("  {}({}) {}/{}/{}", method, v.size(), WholeMs(Percentile(&v, 50)),
                       WholeMs(Percentile(&v, 90)), WholeMs(Percentile(&v, 99)));
  }
  return out;
}

void WriteRows(const char* title, std::map<std::string, StatsBucket>& rows, std::ostream& out) {
  out << fmt::format("\n{}\n  {:<20} {:>7} {:>7} {:>9} {:>8} {:>8} {:>6} {:>8}  {}\n", title,
                     "", "roams", "reauth", "EAP/100", "OKC try", "OKC ok", "stale", "rejected",
                     "roam ms p50/p90/p99 by method");
  for (auto& [key, b] : rows) {
    out << fmt::format("  {:<20} {:>7} {:>7} {:>9.1f} {:>8} {:>8} {:>6} {:>8}{}\n",
                       VisibleControls(key), b.roams,
                       b.reauths, b.FullEapPer100(), b.okc_attempts,
                       PercentText(b.OkcAcceptancePercent()), b.stale_offers, b.rejections,
                       TimesText(b));
  }
}

}  // namespace

int64_t Percentile(std::vector<int64_t>* values, double p) {
  if (values->empty()) return 0;
  if (!std::is_sorted(values->begin(), values->end())) std::sort(values->begin(), values->end());
  double rank = std::ceil(p / 100.0 * static_cast<double>(values->size()));
  size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  return (*values)[std::min(index, values->size() - 1)];
}

double StatsBucket::FullEapPer100() const {
  return roams == 0 ? 0.0 : 100.0 * static_cast<double>(full_eap) / static_cast<double>(roams);
}

double StatsBucket::OkcAcceptancePercent() const {
  if (okc_attempts == 0) return -1;
  return 100.0 * static_cast<double>(okc_accepted) / static_cast<double>(okc_attempts);
}

void StatsAggregator::Add(const Report& report) {
  ++stats_.traces;
  stats_.lines += report.counts.lines;
  stats_.findings += report.findings.size();
  std::set<std::string> clone_pmkids;
  for (const CacheEntryHistory& h : report.cache_history)
    if (h.clone && h.pmkid.known) clone_pmkids.insert(h.pmkid.ToHex());
  std::map<std::string, std::string> ess_of_ap;  // from this trace's roams
  std::set<std::string> offered_clones;
  for (const RoamSummary& roam : report.roams) {
    std::string ap = roam.bssid.ToString();
    std::string ess = EssOf(roam.ssid);
    if (!roam.ssid.empty() || ess_of_ap.count(ap) == 0) ess_of_ap[ap] = ess;
    AddRoam(roam, clone_pmkids, &offered_clones, TargetsFor(&stats_, ess, ap));
  }
  for (const Finding& f : report.findings) {
    bool stale = f.kind == "stale-pmkid-reuse";
    if (!stale && f.kind != "pmkid-rejected") continue;
    std::string ap = f.bssid ? f.bssid->ToString() : "unknown";
    auto it = ess_of_ap.find(ap);
    Targets t = TargetsFor(&stats_, it != ess_of_ap.end() ? it->second : kUnknownEss, ap);
    t.ForEach([&](StatsBucket& b) { ++(stale ? b.stale_offers : b.rejections); });
  }
}

FleetStats& StatsAggregator::Finish() {
  auto sort_bucket = [](StatsBucket& b) {
    for (auto& entry : b.durations_us) std::sort(entry.second.begin(), entry.second.end());
  };
  sort_bucket(stats_.total);
  for (auto& entry : stats_.by_ess) sort_bucket(entry.second);
  for (auto& entry : stats_.by_ap) sort_bucket(entry.second);
  return stats_;
}

void WriteStatsText(FleetStats& stats, std::ostream& out) {
  StatsBucket& t = stats.total;
  out << fmt::format("{} traces, {} lines, {} roams, {} re-authentications, {} findings\n",
                     stats.traces, stats.lines, t.roams, t.reauths, stats.findings);
  out << fmt::format("  roams = finished connection attempts that are neither an interface's "
                     "first connection nor a re-authentication ({} of them reconnects to the "
                     "same AP)\n", t.reconnects);
  out << fmt::format("  full EAP per 100 roams  {:.1f}\n", t.FullEapPer100());
  out << fmt::format("  OKC attempts            {} ({} accepted, {})\n", t.okc_attempts,
                     t.okc_accepted, PercentText(t.OkcAcceptancePercent()));
  out << fmt::format("  PMKID offers            {} ({} refused)\n", t.offers, t.refused);
  out << fmt::format("  stale offers            {}\n  rejections              {}\n",
                     t.stale_offers, t.rejections);
  out << fmt::format("  {:<22} {:>7} {:>9} {:>9} {:>9}\n", "roam time (ms)", "count", "p50",
                     "p90", "p99");
  if (t.coarse_roams > 0)
    out << fmt::format("  ({} roams on whole-second clocks are not in the roam times)\n",
                       t.coarse_roams);
  for (auto& [method, v] : t.durations_us) {
    out << fmt::format("  {:<22} {:>7} {:>9} {:>9} {:>9}\n", method, v.size(),
                       WholeMs(Percentile(&v, 50)), WholeMs(Percentile(&v, 90)),
                       WholeMs(Percentile(&v, 99)));
  }
  WriteRows("Per ESS", stats.by_ess, out);
  WriteRows("Per AP", stats.by_ap, out);
  if (stats.interrupted) out << "\nInterrupted: the above covers the lines read until then.\n";
}

void WriteStatsJson(FleetStats& stats, bool pretty, std::ostream& out) {
  json ess = json::object(), aps = json::object();
  for (auto& [key, b] : stats.by_ess) ess[key] = BucketJson(b);
  for (auto& [key, b] : stats.by_ap) aps[key] = BucketJson(b);
  json doc{{"traces", stats.traces},       {"lines", stats.lines},
           {"findings", stats.findings},   {"total", BucketJson(stats.total)},
           {"ess", std::move(ess)},        {"aps", std::move(aps)}};
  if (stats.interrupted) doc["interrupted"] = true;
  // SSIDs are bytes: invalid UTF-8 becomes U+FFFD instead of an exception.
  out << doc.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace roamreplay
