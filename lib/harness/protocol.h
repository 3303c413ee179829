#pragma once

// The harness's JSON-lines protocol (version 1; README "Testing other PMKSA
// caches"): the harness writes one request per line on the implementation's
// stdin and reads exactly one answer line from its stdout before the next.
//
//   {"type":"hello","protocol":1,"trace":"x.log","interface":"wlan0",
//    "pmk_lifetime_s":43200,"reauth_threshold_pct":70,"policy":"current"}
//   {"type":"pmk","step":2,"line":120,"time":"1317158007.570671",
//    "time_us":1317158007570671,"aa":"00:24:97:aa:bb:01","spa":null,
//    "network":1,"akmp":null,"pmk":1,"pmkid":"6a1c...","lifetime_s":43200}
//   {"type":"offer",...,"aa":"00:24:97:aa:bb:02","network":1,"okc":true}
//      -> {"offer":{"aa":"00:24:97:aa:bb:02","pmk":1,"opportunistic":true}}
//         or {"offer":null}
//   {"type":"cache",...,"why":"after-pmk"}
//      -> {"cache":[{"aa":"...","pmk":2,"opportunistic":false}, ...]}
//   every other request -> {"ok":true}
// An answer {"error":"text"} is a fault. Keys are never sent: a PMK is
// named by its lineage number.

#include <string>
#include <string_view>

#include "base/status.h"
#include "harness/cache_under_test.h"
#include "harness/trace.h"

namespace roamreplay {

inline constexpr int kHarnessProtocolVersion = 1;

/// The request line for `step` (no newline).
std::string EncodeRequest(const Trace& trace, const TraceStep& step);

/// Parses the answer to `step`. A malformed answer (not JSON, not an
/// object, a missing or ill-typed field, an "error" member) is a
/// Corruption status saying what was wrong.
Status DecodeAnswer(const TraceStep& step, std::string_view line, StepAnswer* answer);

/// "offer 00:24:97:aa:bb:01 PMK 2 (opportunistic)", "offer none",
/// "[00:24:97:aa:bb:02 PMK 2, ...]": answers in messages.
std::string DescribeAnswer(const TraceStep& step, const StepAnswer& answer);
std::string DescribeEntry(const CacheEntryView& entry);

}  // namespace roamreplay
