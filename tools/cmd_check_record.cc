// roamreplay check --record: writes one baseline scenario per trace into
// OUTDIR (lib/scenario/record.h) and says which files it created or
// updated. Exit 0 when every trace was recorded, 3 when one could not be
// read or written (the others are still recorded).

#include <iostream>

#include <fmt/format.h>

#include "app/batch.h"
#include "app/trace_files.h"
#include "cli_common.h"
#include "scenario/record.h"

namespace roamreplay::cli {

int RunCheckRecord(const std::vector<std::string>& inputs, const std::string& outdir,
                   const std::string& pin, const std::string& min_severity, int jobs,
                   const std::string& usage) {
  if (inputs.empty()) return UsageError("check --record needs at least one LOG or DIR", usage);
  if (outdir.empty()) return UsageError("check --record needs -o OUTDIR", usage);
  RecordOptions options;
  if (!ParseRecordPin(pin, &options.pin))
    return UsageError("--pin must be findings, roams or both, not '" + pin + "'", usage);
  if (min_severity == "error") options.min_severity = Severity::kError;
  else if (min_severity == "warning") options.min_severity = Severity::kWarning;
  else if (min_severity == "info") options.min_severity = Severity::kInfo;
  else
    return UsageError("--min-severity must be error, warning or info, not '" + min_severity + "'",
                      usage);
  if (jobs < 1) return UsageError("--jobs must be at least 1", usage);

  int exit_code = kExitClean;
  std::vector<TraceFile> traces;
  std::vector<Status> errors;
  CollectTraceFiles(inputs, &traces, &errors);
  for (const Status& s : errors) {
    std::cerr << "roamreplay: " << s.message() << "\n";
    exit_code = kExitError;
  }
  std::vector<RecordTarget> targets;
  if (Status s = PlanRecord(traces, outdir, &targets); !s.ok()) {
    std::cerr << "roamreplay: " << s.message() << "\n";
    return kExitError;
  }
  std::vector<std::string> files;
  for (const RecordTarget& t : targets) files.push_back(t.trace.path);
  size_t counts[3] = {0, 0, 0};
  // Baselines replay with default options, as `check` does.
  ReplayBatch(files, ReplayOptions(), jobs, [&](size_t i, BatchResult& result) {
    Status s = result.status;
    RecordOutcome outcome = RecordOutcome::kUnchanged;
    if (s.ok()) s = RecordTrace(result.report, targets[i], options, &outcome);
    if (!s.ok()) {
      std::cerr << "roamreplay: " << s.message() << "\n";
      exit_code = kExitError;
      return;
    }
    ++counts[static_cast<int>(outcome)];
    if (outcome != RecordOutcome::kUnchanged)
      std::cout << RecordOutcomeName(outcome) << "  " << targets[i].file << "\n";
  });
  std::cout << fmt::format("{} traces recorded into {}: {} created, {} updated, {} unchanged\n",
                           counts[0] + counts[1] + counts[2], outdir, counts[0], counts[1],
                           counts[2]);
  return exit_code;
}

}  // namespace roamreplay::cli
