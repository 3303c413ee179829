#pragma once

// The interface an implementation under test (SUT) presents to the harness:
// it is driven with the steps of a Trace, one at a time, and answers the
// decision steps. A C or C++ cache can implement it in-process; the
// subprocess adapter (subprocess_cache.h) speaks the JSON-lines protocol
// (protocol.h) to any program; the reference (reference_cache.h) is the
// rule every answer is compared with.

#include <vector>

#include "base/mac_address.h"
#include "base/status.h"
#include "harness/trace.h"

namespace roamreplay {

/// One cache entry as the harness compares it: the PMK is a lineage number
/// (TraceStep::pmk), so two caches agree when they hold the same PMK for
/// the same AP, whatever PMKID bytes either computed.
struct CacheEntryView {
  MacAddress aa;
  int pmk = 0;
  bool opportunistic = false;

  bool operator==(const CacheEntryView& o) const {
    return aa == o.aa && pmk == o.pmk && opportunistic == o.opportunistic;
  }
};

/// The answer to one step. Only decisions carry content.
struct StepAnswer {
  bool offered = false;   ///< kOffer: an entry is offered...
  CacheEntryView offer;   ///< ... this one (an OKC clone made for it included).
  std::vector<CacheEntryView> cache;  ///< kCache: every entry, in list order.
};

class CacheUnderTest {
 public:
  virtual ~CacheUnderTest() = default;
  /// Applies `step` of `trace` (kHello starts a new session: the cache is
  /// emptied) and fills `*answer` for decision steps. A non-ok Status is a
  /// fault of the implementation (crash, hang, malformed answer): the
  /// harness stops driving that trace.
  virtual Status Handle(const Trace& trace, const TraceStep& step, StepAnswer* answer) = 0;
};

}  // namespace roamreplay
