#pragma once

// Mergeable statistics: the roam-time histogram that `stats` computes its
// percentiles from, and the versioned JSON "partial" (`stats --partial`)
// that `stats --merge` adds up. Merging the partials of any split of the
// inputs gives exactly the FleetStats of one run over all of them: counters
// are sums and histograms are bucket-wise sums, so nothing depends on order.
//
// Histogram (log-linear, like HdrHistogram): values below 128 us have a
// bucket each (exact); above, every power of two [2^e, 2^(e+1)) is cut into
// 64 equal buckets. A percentile is reported as the middle of its bucket,
// so it is within 1/128 (0.79 %) of the exact nearest-rank value: the
// stated bound is 1 %.

#include <cstdint>
#include <istream>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "base/status.h"

namespace roamreplay {

struct FleetStats;

class RoamTimeHistogram {
 public:
  static constexpr int64_t kExactBelow = 128;
  static constexpr int kSubBuckets = 64;
  /// Upper bound of |reported - exact| / exact for any percentile.
  static constexpr double kMaxRelativeError = 1.0 / 128;

  /// Adds one duration in microseconds (negative values count as 0).
  void Add(int64_t us);
  /// Adds `count` values to bucket `index` (from a partial).
  void AddBucket(uint32_t index, uint64_t count);
  void Merge(const RoamTimeHistogram& other);

  uint64_t count() const { return count_; }
  /// Nearest-rank percentile (0 < p <= 100): the representative value of
  /// the bucket holding the ceil(p/100 * count)-th smallest value. 0 when
  /// empty.
  int64_t Percentile(double p) const;
  /// Bucket index -> number of values, for serialisation.
  const std::map<uint32_t, uint64_t>& buckets() const { return buckets_; }

  static uint32_t BucketOf(int64_t us);
  /// The smallest value of bucket `index` and the bucket's width.
  static int64_t BucketLow(uint32_t index);
  static int64_t BucketWidth(uint32_t index);
  /// The value reported for bucket `index`: its middle (rounded down).
  static int64_t Representative(uint32_t index);
  /// The largest valid bucket index (values up to INT64_MAX).
  static uint32_t MaxBucket();

 private:
  std::map<uint32_t, uint64_t> buckets_;
  uint64_t count_ = 0;
};

/// The partial's "format" and "version"; --merge refuses others.
inline constexpr const char* kStatsPartialFormat = "roamreplay-stats-partial";
inline constexpr int kStatsPartialVersion = 1;

/// Writes `stats` as a partial (one JSON object, one line): {"format",
/// "version", "histogram": {scheme}, "group_by": [...], "traces", "lines",
/// "findings", "unreadable", "total": bucket, "groups": {dim: {key: bucket}}};
/// a bucket holds the counters and "roam_time_us": {method: [[index,
/// count], ...]}. README "Mergeable statistics" documents it.
void WriteStatsPartial(const FleetStats& stats, std::ostream& out);

/// Reads one partial (`name` is for messages, e.g. "file:line") and adds it
/// to `*stats`. While `*first` is true the partial sets stats->group_by (and
/// clears `*first`); later ones must have the same. Errors name `name`.
Status MergeStatsPartial(const std::string& name, std::istream& in, FleetStats* stats,
                         bool* first);

}  // namespace roamreplay
