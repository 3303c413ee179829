#pragma once

// The harness's view of a log: per interface, the sequence of cache-relevant
// steps a PMKSA cache implementation must be driven with, in log order, and
// the decisions it is asked for on the way. Extracted by one replay of the
// log through the model (parse -> model); the harness never reads the log's
// text itself.
//
// Steps are facts of the world the cache lives in (a full authentication
// established a new PMK, an AP accepted an OKC clone, the supplicant's
// timer expired an entry) and decision points (which PMKID to offer for an
// association, which entries the cache holds now). What the logged
// supplicant decided itself at a decision point (its offer, its flush on a
// PMK replacement) is never fed to the implementation under test: it is
// kept beside the step (`logged_*`) to be shown next to a divergence.

#include <cstdint>
#include <string>
#include <vector>

#include "base/hex.h"
#include "base/mac_address.h"
#include "base/status.h"
#include "model/line_ref.h"
#include "model/model_config.h"

namespace roamreplay {

enum class StepType {
  kHello,       ///< A new session: reset the cache (one per interface).
  kPmk,         ///< A full authentication established a new PMK for `aa`.
  kEntry,       ///< An entry from before the log, first seen now: add as given.
  kValidated,   ///< An AP accepted the (OKC) entry for `aa`.
  kRemove,      ///< The supplicant lost the entry (`how`: expired, evicted, flushed, removed).
  kAnswer,      ///< The AP's answer to the PMKID offered to `aa` (`accepted`).
  kConfig,      ///< The network configuration changed.
  kDisconnect,  ///< The connection ended.
  kOffer,       ///< Decision: which entry to offer for an association with `aa`.
  kCache,       ///< Decision: the whole cache, in list order.
  kEnd,         ///< The session ends.
};
std::string_view StepTypeName(StepType type);
/// Steps the implementation answers with a decision (offer, cache).
inline bool IsDecision(StepType type) {
  return type == StepType::kOffer || type == StepType::kCache;
}

struct TraceStep {
  StepType type = StepType::kHello;
  size_t index = 0;  ///< 1-based position in its trace.
  LineRef line;      ///< The log line behind it (none for hello and end).
  MacAddress aa;
  bool has_aa = false;
  MacAddress spa;  ///< kPmk: the own address, when known.
  bool has_spa = false;
  int network = 0;  ///< Network (SSID) index, 1-based in order of appearance.
  /// kPmk, kEntry: the PMK, as a lineage number: 1, 2, ... for each full
  /// authentication of the log; -1, -2, ... for PMKs from before the log.
  int pmk = 0;
  Pmkid pmkid;  ///< As logged (kPmk, kEntry), or unknown.
  int akmp = 0;  ///< As logged ("akmp=0x.."), 0 = unknown.
  bool opportunistic = false;  ///< kEntry: an OKC clone not yet validated.
  bool accepted = false;       ///< kAnswer.
  std::string how;             ///< kRemove; kCache: "after-pmk" or "end".
  bool okc = false;            ///< kOffer: the network uses OKC (the log shows clones).

  /// kOffer: what the logged supplicant offered (none when !logged_offered).
  /// Known only where the log shows pmksa_cache.c's debug lines (-d):
  /// INFO-level logs do not say whether an entry was offered.
  bool logged_known = false;
  bool logged_offered = false;
  int logged_pmk = 0;
  Pmkid logged_pmkid;
  bool logged_opportunistic = false;
};

struct TraceParams {
  int pmk_lifetime_s = 43200;
  int reauth_threshold_pct = 70;
  /// The era whose behaviour the implementation may emulate: "current"
  /// (default), "c3fea272", "pre-2011". The reference rule does not change.
  std::string policy = "current";
};

/// The steps of one interface of one log.
struct Trace {
  std::string path;     ///< The log.
  std::string ifname;   ///< Empty for logs without interface prefixes.
  TraceParams params;
  std::vector<TraceStep> steps;  ///< Starts with kHello, ends with kEnd.
};

struct TraceOptions {
  ModelConfig model;
  TraceParams params;
};

/// Replays the log at `path` ("-" = stdin) and appends one Trace per
/// interface with at least one PMK or entry to `*traces`. An unreadable file
/// or an input with no wpa_supplicant line is an error.
Status ExtractTraces(const std::string& path, const TraceOptions& options,
                     std::vector<Trace>* traces);
/// The same for a log held in memory (a synthesized scenario).
void ExtractTracesFromBuffer(std::string_view name, std::string_view data,
                             const TraceOptions& options, std::vector<Trace>* traces);

}  // namespace roamreplay
