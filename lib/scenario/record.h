#pragma once

// Baselines for stored traces (`roamreplay check --record`): one scenario
// file per trace whose expectations are the trace's current findings and
// roam counts, so that `roamreplay check OUTDIR` passes until a verdict
// changes. Files are rewritten only when their text changes, so unchanged
// baselines stay byte-identical. No printing: outcomes are values.
//
// What a baseline pins (README "Recording baselines"):
//   findings  one "expect.findings" entry per distinct (kind, AP, cause,
//             time text) of the findings at or above min_severity, with
//             "exact": true and "min_severity", so any other finding at or
//             above it fails; a "counts" entry per kind when entries
//             collapsed several findings (or the log has no timestamps).
//             Lines are not pinned (unrelated edits to a log move them).
//   roams     one "counts" entry per roam method present (full-eap, okc,
//             pmksa-cache, failed, unfinished) and one for "any", each with
//             min = max = the current count.

#include <string>
#include <vector>

#include "app/replay.h"
#include "app/trace_files.h"
#include "base/status.h"
#include "report/report.h"

namespace roamreplay {

enum class RecordPin { kFindings, kRoams, kBoth };

struct RecordOptions {
  RecordPin pin = RecordPin::kBoth;
  Severity min_severity = Severity::kInfo;
};

/// Parses "findings", "roams" or "both".
bool ParseRecordPin(std::string_view text, RecordPin* out);

/// One trace to record and the scenario file it goes to.
struct RecordTarget {
  TraceFile trace;
  std::string name;         ///< Scenario name: the trace's key without extension.
  std::string file;         ///< OUTDIR/<name with '/' as "__">.json
  std::string log;          ///< The trace's path relative to OUTDIR.
};

/// Creates `outdir` when missing and plans one target per trace. Names that
/// would collide get "-2", "-3", ... in input order. An IoError when the
/// folder cannot be created.
Status PlanRecord(const std::vector<TraceFile>& traces, const std::string& outdir,
                  std::vector<RecordTarget>* targets);

/// The scenario text (2-space JSON, one expectation per line) for `report`.
/// `description` empty: a generated one.
std::string RecordScenarioText(const Report& report, const RecordTarget& target,
                               const RecordOptions& options, const std::string& description);

enum class RecordOutcome { kCreated, kUpdated, kUnchanged };
std::string_view RecordOutcomeName(RecordOutcome outcome);

/// Records `report` into target.file: keeps the existing file's
/// "description" (hand edits survive re-recording), writes only when the text
/// differs.
Status RecordTrace(const Report& report, const RecordTarget& target,
                   const RecordOptions& options, RecordOutcome* outcome);

}  // namespace roamreplay
