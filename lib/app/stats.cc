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

std::string OrUnknown(const std::string& s) { return s.empty() ? kUnknownEss : s; }

// The buckets one event counts in: total and one per grouped dimension.
struct Targets {
  StatsBucket* buckets[6];
  size_t size = 0;
  template <typename F>
  void ForEach(F f) {
    for (size_t i = 0; i < size; ++i) f(*buckets[i]);
  }
};

Targets TargetsFor(FleetStats* stats, const Report& report, const std::string& ess,
                   const std::string& ap) {
  Targets t;
  t.buckets[t.size++] = &stats->total;
  for (const std::string& dim : stats->group_by) {
    const std::string& key = dim == "ess"          ? ess
                             : dim == "ap"         ? ap
                             : dim == "supplicant" ? OrUnknown(report.supplicant_version)
                             : dim == "driver"     ? OrUnknown(report.driver)
                                                   : OrUnknown(report.firmware);
    t.buckets[t.size++] = &(*stats->Group(dim))[key];
  }
  return t;
}

// Whether AddRoam looks at the offered PMKID (a roam that counts as one).
bool CountedRoam(const RoamSummary& roam) {
  return !roam.reauth && roam.method != "unfinished" && !roam.first;
}

// `okc_offer`: the roam offered an OKC clone for the first time in the
// trace; later offers of the (then validated) entry are PMKSA-cache offers.
void AddRoam(const RoamSummary& roam, bool okc_offer, Targets t) {
  if (roam.reauth) {
    t.ForEach([](StatsBucket& b) { ++b.reauths; });
    return;
  }
  if (roam.method == "unfinished") return;
  if (roam.first) {
    t.ForEach([](StatsBucket& b) { ++b.connections; });
    return;
  }
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
    if (roam.duration_us) b.durations_us[roam.method].Add(*roam.duration_us);
    if (roam.duration_coarse_s) ++b.coarse_roams;
  });
}

double Ms(int64_t us) { return static_cast<double>(us) / 1000.0; }
// Whole milliseconds as every other duration is printed (RoundedMs).
int64_t WholeMs(int64_t us) { return RoundedMs(us); }

json OptionalPercent(double v) { return v < 0 ? json(nullptr) : json(std::round(v * 10) / 10); }

json BucketJson(const StatsBucket& b) {
  json times = json::object();
  for (auto& [method, h] : b.durations_us) {
    times[method] = json{{"count", h.count()},
                         {"p50", Ms(h.Percentile(50))},
                         {"p90", Ms(h.Percentile(90))},
                         {"p99", Ms(h.Percentile(99))}};
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

std::string TimesText(const StatsBucket& b) {
  std::string out;
  for (auto& [method, h] : b.durations_us) {
    out += fmt::format("  {}({}) {}/{}/{}", method, h.count(), WholeMs(h.Percentile(50)),
                       WholeMs(h.Percentile(90)), WholeMs(h.Percentile(99)));
  }
  return out;
}

void WriteRows(const char* title, const std::map<std::string, StatsBucket>& rows,
               std::ostream& out) {
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

void StatsBucket::Merge(const StatsBucket& o) {
  roams += o.roams;
  reconnects += o.reconnects;
  coarse_roams += o.coarse_roams;
  connections += o.connections;
  reauths += o.reauths;
  full_eap += o.full_eap;
  pmksa_cache += o.pmksa_cache;
  okc_accepted += o.okc_accepted;
  failed += o.failed;
  offers += o.offers;
  refused += o.refused;
  okc_attempts += o.okc_attempts;
  stale_offers += o.stale_offers;
  rejections += o.rejections;
  for (const auto& [method, h] : o.durations_us) durations_us[method].Merge(h);
}

std::map<std::string, StatsBucket>* FleetStats::Group(const std::string& dim) {
  return const_cast<std::map<std::string, StatsBucket>*>(
      static_cast<const FleetStats*>(this)->Group(dim));
}

const std::map<std::string, StatsBucket>* FleetStats::Group(const std::string& dim) const {
  if (dim == "ess") return &by_ess;
  if (dim == "ap") return &by_ap;
  if (dim == "supplicant") return &by_supplicant;
  if (dim == "driver") return &by_driver;
  if (dim == "firmware") return &by_firmware;
  return nullptr;
}

bool FleetStats::Groups(const std::string& dim) const {
  return std::find(group_by.begin(), group_by.end(), dim) != group_by.end();
}

Status ParseGroupBy(const std::string& text, std::vector<std::string>* dims) {
  std::set<std::string> wanted;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string dim = text.substr(start, comma - start);
    const auto& all = StatsDimensions();
    if (std::find(all.begin(), all.end(), dim) == all.end())
      return Status::InvalidArgument("--group-by: unknown dimension '" + dim +
                                     "' (ess, ap, supplicant, driver, firmware)");
    wanted.insert(dim);
    start = comma + 1;
  }
  dims->clear();
  for (const std::string& dim : StatsDimensions())
    if (wanted.count(dim)) dims->push_back(dim);
  return Status::Ok();
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
  stats_.findings += report.FindingsTotal();
  std::set<std::string> clone_pmkids;
  for (const CacheEntryHistory& h : report.cache_history)
    if (h.clone && h.pmkid.known) clone_pmkids.insert(h.pmkid.ToHex());
  std::map<std::string, std::string> ess_of_ap;  // from this trace's roams
  std::set<std::string> offered_clones;
  for (const RoamSummary& roam : report.roams) {
    std::string ap = roam.bssid.ToString();
    std::string ess = EssOf(roam.ssid);
    if (!roam.ssid.empty() || ess_of_ap.count(ap) == 0) ess_of_ap[ap] = ess;
    bool okc_offer = false;
    if (CountedRoam(roam) && roam.offered_pmkid.known &&
        (roam.offered_clone || clone_pmkids.count(roam.offered_pmkid.ToHex()) != 0))
      okc_offer = offered_clones.insert(roam.offered_pmkid.ToHex()).second;
    AddRoam(roam, okc_offer, TargetsFor(&stats_, report, ess, ap));
  }
  for (const Finding& f : report.findings) {
    bool stale = f.kind == "stale-pmkid-reuse";
    if (!stale && f.kind != "pmkid-rejected") continue;
    std::string ap = f.bssid ? f.bssid->ToString() : "unknown";
    auto it = ess_of_ap.find(ap);
    Targets t =
        TargetsFor(&stats_, report, it != ess_of_ap.end() ? it->second : kUnknownEss, ap);
    t.ForEach([&](StatsBucket& b) { ++(stale ? b.stale_offers : b.rejections); });
  }
}

void TraceTally::RememberClone(const std::string& pmkid, bool offered) {
  auto [it, added] = clones_.emplace(pmkid, offered);
  if (!added) {
    it->second = it->second || offered;
    return;
  }
  // The most recent kMaxClones: clone_order_ is a ring once full.
  if (clone_order_.size() < kMaxClones) {
    clone_order_.push_back(pmkid);
    return;
  }
  clones_.erase(clone_order_[clone_head_]);
  clone_order_[clone_head_] = pmkid;
  clone_head_ = (clone_head_ + 1) % kMaxClones;
}

void TraceTally::OnClone(const Pmkid& pmkid) { RememberClone(pmkid.ToHex(), false); }

void TraceTally::OnRoam(const RoamSummary& roam) {
  std::string ap = roam.bssid.ToString();
  std::string ess = EssOf(roam.ssid);
  if (!roam.ssid.empty() || ess_of_ap_.count(ap) == 0) ess_of_ap_[ap] = ess;
  bool okc_offer = false;
  if (CountedRoam(roam) && roam.offered_pmkid.known) {
    std::string pmkid = roam.offered_pmkid.ToHex();
    auto it = clones_.find(pmkid);
    if (it != clones_.end()) {
      okc_offer = !it->second;
      it->second = true;
    } else if (roam.offered_clone) {
      okc_offer = true;
      RememberClone(pmkid, true);
    }
  }
  Targets t;
  t.buckets[t.size++] = &buckets_[{ess, ap}];
  AddRoam(roam, okc_offer, t);
}

void TraceTally::OnFinding(const Finding& f) {
  bool stale = f.kind == "stale-pmkid-reuse";
  if (!stale && f.kind != "pmkid-rejected") return;
  auto& counts = offers_by_ap_[f.bssid ? f.bssid->ToString() : "unknown"];
  ++(stale ? counts.first : counts.second);
}

void StatsAggregator::AddTally(const Report& report) {
  auto* tally = dynamic_cast<TraceTally*>(report.sink.get());
  if (tally == nullptr) return Add(report);
  ++stats_.traces;
  stats_.lines += report.counts.lines;
  stats_.findings += report.FindingsTotal();
  // Plain loops (no structured bindings): the lambdas capture the values.
  for (auto& entry : tally->buckets_) {
    StatsBucket& bucket = entry.second;
    if (report.whole_second_clock) {
      // Roam times on whole-second clocks are coarse: counted, not timed.
      for (const auto& timed : bucket.durations_us) bucket.coarse_roams += timed.second.count();
      bucket.durations_us.clear();
    }
    TargetsFor(&stats_, report, entry.first.first, entry.first.second)
        .ForEach([&](StatsBucket& b) { b.Merge(bucket); });
  }
  for (const auto& entry : tally->offers_by_ap_) {
    const std::string& ap = entry.first;
    const std::pair<uint64_t, uint64_t>& counts = entry.second;
    auto it = tally->ess_of_ap_.find(ap);
    Targets t =
        TargetsFor(&stats_, report, it != tally->ess_of_ap_.end() ? it->second : kUnknownEss, ap);
    t.ForEach([&](StatsBucket& b) {
      b.stale_offers += counts.first;
      b.rejections += counts.second;
    });
  }
}

void WriteStatsText(const FleetStats& stats, std::ostream& out) {
  const StatsBucket& t = stats.total;
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
  for (auto& [method, h] : t.durations_us) {
    out << fmt::format("  {:<22} {:>7} {:>9} {:>9} {:>9}\n", method, h.count(),
                       WholeMs(h.Percentile(50)), WholeMs(h.Percentile(90)),
                       WholeMs(h.Percentile(99)));
  }
  for (const std::string& dim : stats.group_by) {
    const char* title = dim == "ess"          ? "Per ESS"
                        : dim == "ap"         ? "Per AP"
                        : dim == "supplicant" ? "Per supplicant version"
                        : dim == "driver"     ? "Per driver"
                                              : "Per firmware";
    WriteRows(title, *stats.Group(dim), out);
  }
  if (stats.interrupted) out << "\nInterrupted: the above covers the lines read until then.\n";
}

void WriteStatsJson(const FleetStats& stats, bool pretty, std::ostream& out) {
  json doc{{"traces", stats.traces},
           {"lines", stats.lines},
           {"findings", stats.findings},
           {"total", BucketJson(stats.total)}};
  for (const std::string& dim : stats.group_by) {
    json groups = json::object();
    for (auto& [key, b] : *stats.Group(dim)) groups[key] = BucketJson(b);
    doc[dim == "ap" ? "aps" : dim] = std::move(groups);
  }
  if (stats.interrupted) doc["interrupted"] = true;
  // SSIDs are bytes: invalid UTF-8 becomes U+FFFD instead of an exception.
  out << doc.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace roamreplay
