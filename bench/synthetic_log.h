#pragma once

// Deterministic synthetic `wpa_supplicant -dd -t` logs for the benchmarks.
//
// The generator replays the shipped 2011 reconstructions (logs/*.log) as
// templates, one "cycle" after another: each cycle is a whole story (full
// PEAP, OKC roam, AP-initiated re-authentication, roam back) taken from the
// stale-PMKID log (a failure: stale offer + refusal) or the post-fix log (no
// failure). Per cycle the APs move to another site (another BSSID prefix),
// the PMKIDs get cycle-unique bytes and the timestamps move on. The idle
// gaps of the templates (periodic scans, about every 160 s) are filled with
// noise in 2.x texts: scan results, nl80211 events, signal changes and
// group-key EAPOL hexdumps. Between cycles the cache entries expire
// ("RSN: expired PMKSA cache entry for ...") so that the per-AP state of a
// replay stays bounded. Everything comes from one seeded PRNG: the same
// options give byte-identical output.

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "base/status.h"

namespace roamreplay::bench {

struct GenOptions {
  uint64_t lines = 1'000'000;  ///< Exactly this many lines are written.
  uint64_t seed = 1;
  /// Directory holding 2011-okc-stale-pmkid.log and 2011-okc-postfix.log.
  std::string template_dir;
  double failure_share = 0.3;  ///< Share of cycles taken from the stale log.
  int sites = 64;              ///< Distinct AP triples; cycles rotate over them.
  int noise_min = 20;          ///< Noise lines per idle gap: uniform in [min, max].
  int noise_max = 150;
};

/// Writes the log to `out`. Fails only if a template cannot be read or a
/// write fails.
Status GenerateLog(const GenOptions& options, std::FILE* out);

/// Generates into memory (benchmarks). `*out` is replaced.
Status GenerateLogToString(const GenOptions& options, std::string* out);

}  // namespace roamreplay::bench
