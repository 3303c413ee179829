#pragma once

// The reference cache the harness compares every answer with: the README's
// reference rule ("How the model decides") applied to the steps of a trace,
// with the model's own list (model/pmksa_cache.h) and stale rule
// (ReferenceStaleOnNewPmk). examples/sut/reference_cache.py implements the
// same rule over the subprocess protocol.
//
//   pmk X (new PMK n for AP A): retire what ReferenceStaleOnNewPmk retires
//     (unvalidated OKC clones of older PMKs; the holders of the replaced PMK
//     if an AP validated a clone of it), then replace A's entry;
//   entry: insert as given; validated A: A's PMK is shared, the entry is no
//     longer opportunistic; remove A: drop A's entry;
//   offer A: expire entries whose lifetime ended, offer A's entry; without
//     one, and on a network that uses OKC, clone the first entry of the
//     network (list order), opportunistic, and offer the clone; else none.
// Entries are keyed by AA; the list is ordered by expiration, an OKC clone
// keeps the position of its own fresh expiration and then takes its
// source's; 32 entries at most (the head is evicted).

#include <set>

#include "harness/cache_under_test.h"
#include "model/pmksa_cache.h"

namespace roamreplay {

class ReferenceCache : public CacheUnderTest {
 public:
  Status Handle(const Trace& trace, const TraceStep& step, StepAnswer* answer) override;

  const PmksaCache& cache() const { return cache_; }

 private:
  void AddPmk(const TraceStep& step);
  void Offer(const TraceStep& step, StepAnswer* answer);

  TraceParams params_;
  PmksaCache cache_;
  std::set<int> validated_;  // PMK lineages an AP accepted a clone of
};

/// The entries of `cache` as the harness compares them.
std::vector<CacheEntryView> ViewOf(const PmksaCache& cache);

}  // namespace roamreplay
