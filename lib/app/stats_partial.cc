#include "app/stats_partial.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <nlohmann/json.hpp>

#include "app/stats.h"

namespace roamreplay {
namespace {

using json = nlohmann::ordered_json;

// Bucket layout: indexes [0, 128) hold the values 0..127; then each octave
// e >= 7 ([2^e, 2^(e+1))) has kSubBuckets buckets of width 2^(e-6).
constexpr uint32_t kLinear = RoamTimeHistogram::kExactBelow;
constexpr uint32_t kSub = RoamTimeHistogram::kSubBuckets;

int FloorLog2(uint64_t v) { return 63 - __builtin_clzll(v); }

// The counters of a bucket, in the order of the JSON report.
struct Counter {
  const char* name;
  uint64_t StatsBucket::*field;
};
constexpr Counter kCounters[] = {
    {"roams", &StatsBucket::roams},
    {"reconnects", &StatsBucket::reconnects},
    {"connections", &StatsBucket::connections},
    {"reauths", &StatsBucket::reauths},
    {"full_eap", &StatsBucket::full_eap},
    {"pmksa_cache", &StatsBucket::pmksa_cache},
    {"okc_attempts", &StatsBucket::okc_attempts},
    {"okc_accepted", &StatsBucket::okc_accepted},
    {"failed", &StatsBucket::failed},
    {"offers", &StatsBucket::offers},
    {"refused", &StatsBucket::refused},
    {"stale_offers", &StatsBucket::stale_offers},
    {"rejections", &StatsBucket::rejections},
    {"coarse_roams", &StatsBucket::coarse_roams},
};

json BucketJson(const StatsBucket& b) {
  json doc = json::object();
  for (const Counter& c : kCounters) doc[c.name] = b.*c.field;
  json times = json::object();
  for (const auto& [method, h] : b.durations_us) {
    json pairs = json::array();
    for (const auto& [index, count] : h.buckets()) pairs.push_back(json::array({index, count}));
    times[method] = std::move(pairs);
  }
  doc["roam_time_us"] = std::move(times);
  return doc;
}

json HistogramScheme() {
  return json{{"kind", "log-linear"},
              {"exact_below_us", RoamTimeHistogram::kExactBelow},
              {"sub_buckets_per_octave", RoamTimeHistogram::kSubBuckets}};
}

bool ReadCount(const json& v, uint64_t* out) {
  if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<int64_t>() >= 0)) return false;
  *out = v.get<uint64_t>();
  return true;
}

Status ReadBucket(const json& doc, const std::string& where, StatsBucket* b) {
  auto bad = [&](const std::string& what) {
    return Status::InvalidArgument(where + ": " + what);
  };
  if (!doc.is_object()) return bad("not an object");
  for (const Counter& c : kCounters) {
    auto it = doc.find(c.name);
    uint64_t v = 0;
    if (it == doc.end() || !ReadCount(*it, &v))
      return bad(std::string("\"") + c.name + "\" missing or not a count");
    b->*c.field += v;
  }
  auto times = doc.find("roam_time_us");
  if (times == doc.end() || !times->is_object()) return bad("\"roam_time_us\" missing");
  for (const auto& [method, pairs] : times->items()) {
    if (!pairs.is_array()) return bad("roam_time_us." + method + " is not an array");
    RoamTimeHistogram& h = b->durations_us[method];
    for (const json& pair : pairs) {
      uint64_t index = 0, count = 0;
      if (!pair.is_array() || pair.size() != 2 || !ReadCount(pair[0], &index) ||
          !ReadCount(pair[1], &count) || index > RoamTimeHistogram::MaxBucket())
        return bad("roam_time_us." + method + " has a bad [bucket, count] pair");
      h.AddBucket(static_cast<uint32_t>(index), count);
    }
  }
  return Status::Ok();
}

}  // namespace

uint32_t RoamTimeHistogram::BucketOf(int64_t us) {
  if (us < static_cast<int64_t>(kLinear)) return us < 0 ? 0 : static_cast<uint32_t>(us);
  uint64_t v = static_cast<uint64_t>(us);
  int e = FloorLog2(v);  // >= 7
  int shift = e - 6;
  return kLinear + static_cast<uint32_t>(e - 7) * kSub + static_cast<uint32_t>((v >> shift) - kSub);
}

int64_t RoamTimeHistogram::BucketLow(uint32_t index) {
  if (index < kLinear) return index;
  uint32_t e = 7 + (index - kLinear) / kSub;
  uint64_t m = kSub + (index - kLinear) % kSub;
  return static_cast<int64_t>(m << (e - 6));
}

int64_t RoamTimeHistogram::BucketWidth(uint32_t index) {
  if (index < kLinear) return 1;
  uint32_t e = 7 + (index - kLinear) / kSub;
  return int64_t{1} << (e - 6);
}

int64_t RoamTimeHistogram::Representative(uint32_t index) {
  return BucketLow(index) + (BucketWidth(index) - 1) / 2;
}

uint32_t RoamTimeHistogram::MaxBucket() { return BucketOf(std::numeric_limits<int64_t>::max()); }

void RoamTimeHistogram::Add(int64_t us) {
  ++buckets_[BucketOf(us)];
  ++count_;
}

void RoamTimeHistogram::AddBucket(uint32_t index, uint64_t count) {
  if (count == 0) return;
  buckets_[index] += count;
  count_ += count;
}

void RoamTimeHistogram::Merge(const RoamTimeHistogram& other) {
  for (const auto& [index, count] : other.buckets_) AddBucket(index, count);
}

int64_t RoamTimeHistogram::Percentile(double p) const {
  if (count_ == 0) return 0;
  double rank = std::ceil(p / 100.0 * static_cast<double>(count_));
  uint64_t want = rank < 1 ? 1 : std::min(count_, static_cast<uint64_t>(rank));
  uint64_t seen = 0;
  for (const auto& [index, count] : buckets_) {
    seen += count;
    if (seen >= want) return Representative(index);
  }
  return Representative(buckets_.rbegin()->first);
}

void WriteStatsPartial(const FleetStats& stats, std::ostream& out) {
  json doc{{"format", kStatsPartialFormat},
           {"version", kStatsPartialVersion},
           {"histogram", HistogramScheme()},
           {"group_by", stats.group_by},
           {"traces", stats.traces},
           {"lines", stats.lines},
           {"findings", stats.findings},
           {"unreadable", stats.unreadable},
           {"total", BucketJson(stats.total)}};
  json groups = json::object();
  for (const std::string& dim : stats.group_by) {
    json keys = json::object();
    for (const auto& [key, b] : *stats.Group(dim)) keys[key] = BucketJson(b);
    groups[dim] = std::move(keys);
  }
  doc["groups"] = std::move(groups);
  out << doc.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
}

Status MergeStatsPartial(const std::string& name, std::istream& in, FleetStats* stats,
                         bool* first) {
  json doc;
  try {
    doc = json::parse(in);
  } catch (const json::exception& e) {
    return Status::InvalidArgument(name + ": not a stats partial (" + e.what() + ")");
  }
  auto bad = [&](const std::string& what) { return Status::InvalidArgument(name + ": " + what); };
  if (!doc.is_object() || doc.value("format", "") != kStatsPartialFormat)
    return bad(std::string("not a stats partial (\"format\" is not \"") + kStatsPartialFormat +
               "\")");
  if (!doc.contains("version") || doc["version"] != kStatsPartialVersion)
    return bad("partial version " + doc.value("version", json()).dump() + ", this build reads " +
               std::to_string(kStatsPartialVersion));
  if (!doc.contains("histogram") || doc["histogram"] != HistogramScheme())
    return bad("histogram scheme " + doc.value("histogram", json()).dump() + " differs from " +
               HistogramScheme().dump());
  std::vector<std::string> group_by;
  if (!doc.contains("group_by") || !doc["group_by"].is_array())
    return bad("\"group_by\" missing");
  for (const json& d : doc["group_by"]) {
    if (!d.is_string() || !stats->Group(d.get<std::string>()))
      return bad("unknown group_by dimension " + d.dump());
    group_by.push_back(d.get<std::string>());
  }
  if (*first) {
    stats->group_by = group_by;
    *first = false;
  } else if (group_by != stats->group_by) {
    return bad("grouped by " + doc["group_by"].dump() + ", the partials before by " +
               json(stats->group_by).dump());
  }
  for (auto [field, key] : {std::pair{&FleetStats::traces, "traces"},
                            std::pair{&FleetStats::lines, "lines"},
                            std::pair{&FleetStats::findings, "findings"},
                            std::pair{&FleetStats::unreadable, "unreadable"}}) {
    uint64_t v = 0;
    if (!doc.contains(key) || !ReadCount(doc[key], &v))
      return bad(std::string("\"") + key + "\" missing or not a count");
    stats->*field += v;
  }
  if (Status s = ReadBucket(doc.value("total", json()), name + ": total", &stats->total); !s.ok())
    return s;
  const json groups = doc.value("groups", json::object());
  for (const std::string& dim : group_by) {
    if (!groups.contains(dim) || !groups[dim].is_object()) return bad("groups." + dim + " missing");
    for (const auto& [key, b] : groups[dim].items()) {
      if (Status s = ReadBucket(b, name + ": groups." + dim + "." + key, &(*stats->Group(dim))[key]);
          !s.ok())
        return s;
    }
  }
  return Status::Ok();
}

}  // namespace roamreplay
