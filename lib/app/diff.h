#pragma once

// roamreplay diff: what changed between two runs over stored traces (the
// previous and the new build, or last week's and this week's traces). No
// printing beyond the writers, which take a stream.
//
// Pairing. Traces are paired by key: the trace's path below the deepest
// folder common to all traces of its run ("a.log", "site1/b.log"); with one
// trace on each side the two are paired whatever their names.
//
// Findings of a pair are matched in passes; what is left is "added" (only
// NEW) or "removed" (only OLD):
//   1. same kind, BSSID and cause: first those at the same time text and
//      line (unchanged), then the same time text (changed: line), then the
//      rest in log order (changed: time, line);
//   2. same kind, BSSID and time text (changed: cause);
//   3. same kind, cause and time text (changed: AP).
// The time text is the log's own; without one, the line stands in for it. A
// matched pair whose message differs (e.g. the era note --policy adds) is
// changed too ("message"). The trace's policy, era and evidence tier are
// compared as its context.
//
// Roams are aligned per BSSID in log order: the k-th roam (connection or
// re-authentication) to an AP in OLD with the k-th to it in NEW. A pair whose
// method differs is a "method" change ("okc -> full-eap"); the rest are
// added or removed roams.
//
// Rates are computed per AP, per ESS and in total over all traces of each
// run (lib/app/stats.h): full EAP per 100 roams, OKC acceptance (percent of
// OKC attempts) and the roam-time p90 over all methods (ms). A rate moved
// beyond the tolerance when |new - old| > tolerance (points) for the two
// rates, > tolerance percent of the old value for the p90, or when it exists
// on one side only.

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "report/report.h"

namespace roamreplay {

/// Parses the output of `replay --format jsonl` (or --format json) into
/// reports holding what diff and stats read: input, findings, roams, cache
/// history. Fields it does not know are ignored; a line that is not such an
/// object gives an InvalidArgument "<path>:<line>: ...".
Status ParseReplayJsonLines(std::string_view text, const std::string& path,
                            std::vector<Report>* out);

/// What makes a difference count (exit code 1, JUnit failure). The default
/// counts everything.
struct DiffFailOn {
  /// Any finding added, removed or changed, or the trace's policy, era or
  /// evidence tier changed.
  bool findings = true;
  /// A finding added or changed (beyond its message text) at or above this
  /// severity (when `findings` is false).
  std::optional<Severity> new_findings;
  bool roams = true;   ///< Roams added, removed or whose method changed.
  bool rates = true;   ///< A rate moved beyond the tolerance.
  bool traces = true;  ///< A trace on one side only.
};

/// Parses a comma-separated list of any, findings, error, warning, info,
/// roams, rates, traces.
Status ParseDiffFailOn(std::string_view text, DiffFailOn* out);

struct DiffOptions {
  double tolerance = 0;
  DiffFailOn fail_on;
};

struct FindingDiff {
  enum class Type { kAdded, kRemoved, kChanged };
  Type type = Type::kAdded;
  Finding old_finding;  ///< Removed, changed.
  Finding new_finding;  ///< Added, changed.
  /// "cause A -> B", "ap A -> B", "time A -> B", "line 1 -> 2", "severity ...",
  /// "message: ...A... -> ...B..." (the differing part of the text).
  std::vector<std::string> changes;
  bool message_only = false;  ///< Only the message text changed (e.g. an era note).
  bool counts = false;  ///< Counts under DiffFailOn.
};

struct RoamDiff {
  enum class Type { kAdded, kRemoved, kMethod };
  Type type = Type::kAdded;
  RoamSummary old_roam;  ///< Removed, method.
  RoamSummary new_roam;  ///< Added, method.
};

struct TraceDiff {
  std::string key;
  std::string old_input, new_input;  ///< Empty on the side that lacks it.
  /// What the replay concluded about the trace as a whole: "policy pre-2011
  /// -> current", "era ...", "evidence tier ...".
  std::vector<std::string> context;
  std::vector<FindingDiff> findings;
  std::vector<RoamDiff> roams;
  std::map<std::string, int> method_changes;  ///< "okc -> full-eap": count.
  bool counts = false;  ///< Has a difference that counts.
  bool Changed() const {
    return context.size() + findings.size() + roams.size() > 0 || old_input.empty() ||
           new_input.empty();
  }
};

struct RateDiff {
  std::string scope;   ///< "total", "ess", "ap".
  std::string key;     ///< SSID or BSSID; "all" for total.
  std::string metric;  ///< "full_eap_per_100", "okc_acceptance_percent", "roam_time_p90_ms".
  std::optional<double> old_value, new_value;
  bool beyond = false;
};

struct DiffResult {
  std::string old_name, new_name;  ///< How the two runs are called in output.
  std::vector<TraceDiff> traces;  ///< Every key, sorted; unchanged ones too.
  std::vector<RateDiff> rates;    ///< Metrics that moved at all.
  double tolerance = 0;
  bool rates_count = true;  ///< DiffFailOn::rates: a rate beyond tolerance counts.
  bool counts = false;  ///< Something counts: exit code 1.
};

/// Compares two runs. Reorders nothing in the inputs; reads them only.
void DiffRuns(const std::vector<Report>& old_run, const std::vector<Report>& new_run,
              const DiffOptions& options, DiffResult* result);

/// "line 12 1317159147.145598 pmkid-rejected 00:24:97:aa:bb:01 cause=stale-entry [warning]"
std::string DescribeDiffFinding(const Finding& f);

void WriteDiffText(const DiffResult& result, std::ostream& out);
void WriteDiffJson(const DiffResult& result, std::ostream& out);
/// One <testcase> per trace and per moved rate bucket, in the shape of
/// `check --junit` (testsuite "roamreplay.diff").
void WriteDiffJunit(const DiffResult& result, std::ostream& out);

}  // namespace roamreplay
