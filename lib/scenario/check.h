#pragma once

// The scenario runner: replays a scenario's log (stored, or synthesized from
// its script) and compares the Report with the expectations. No printing:
// results are values; WriteCheckText/WriteCheckJson render them.

#include <ostream>
#include <string>
#include <vector>

#include "base/status.h"
#include "report/report.h"
#include "scenario/scenario.h"
#include "scenario/synth.h"

namespace roamreplay {

enum class CheckStatus { kPass, kFail, kSkipped, kError };
std::string_view CheckStatusName(CheckStatus status);

/// One expectation and whether the report met it.
struct ExpectationResult {
  std::string what;    ///< "must appear: stale-pmkid-reuse ap=A cause=replaced-pmk"
  bool ok = false;
  std::string detail;  ///< Why not, or which finding matched.
};

struct ScenarioResult {
  std::string path;
  std::string name;
  CheckStatus status = CheckStatus::kPass;
  std::string message;  ///< Load error, or the pending reason.
  std::vector<ExpectationResult> expectations;
  std::vector<std::string> actual;  ///< Every finding, one line each.
  uint64_t log_lines = 0;
};

/// Runs a loaded scenario.
void RunScenario(const Scenario& scenario, ScenarioResult* result);

/// Loads and runs the scenario file at `path`; a load error gives kError.
void RunScenarioFile(const std::string& path, ScenarioResult* result);

/// Expands files and folders (recursively, *.json, sorted) into scenario
/// files. NotFound for a path that does not exist.
Status CollectScenarioFiles(const std::vector<std::string>& paths, std::vector<std::string>* out);

/// Compares `report` with the expectations of `scenario`; `synth` gives the
/// step line ranges (nullptr for stored traces). Fills expectations/actual.
void CompareReport(const Scenario& scenario, const Report& report, const SynthResult* synth,
                   ScenarioResult* result);

/// One line per finding: "line 1234 1317159147.145598 stale-pmkid-reuse
/// 00:24:97:aa:bb:01 cause=replaced-pmk".
std::string DescribeFinding(const Finding& finding);

/// "PASS name (path)" per scenario; failures list each expectation with
/// "ok"/"FAIL", then the actual findings (a diff of expected vs actual).
void WriteCheckText(const std::vector<ScenarioResult>& results, std::ostream& out);
void WriteCheckJson(const std::vector<ScenarioResult>& results, std::ostream& out);

}  // namespace roamreplay
