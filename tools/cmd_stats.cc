// roamreplay stats: replays every LOG (DIRs expand to their files) and
// aggregates roams, OKC, stale offers, rejections and roam times per AP and
// per ESS (lib/app/stats.h). Exit codes as for replay: 1 when any trace has
// findings, 3 when a LOG cannot be read (the others still count).

#include <cstdint>
#include <iostream>
#include <sstream>

#include "app/batch.h"
#include "app/stats.h"
#include "cli_common.h"
#include "interrupt.h"
#include "input_options.h"
#include "model_options.h"
#include "progress.h"

namespace roamreplay::cli {

int RunStats(int argc, const char* const* argv) {
  std::string format = "text";
  int jobs = DefaultJobs();
  ExpandOptions expand;
  po::options_description opts(
      "Usage: roamreplay stats [options] LOG|DIR...\n\n"
      "Aggregates many traces per AP and per ESS. A DIR stands for its regular\n"
      "files, recursively, sorted by path; members that are not logs (README.md,\n"
      ".json, .py, ...; or no wpa_supplicant line) are skipped and listed on stderr.\n\n"
      "Options");
  AddCommonOptions(&opts);
  opts.add_options()
      ("format,f", po::value<std::string>(&format), "text (default) or json")
      ("jobs,j", po::value<int>(&jobs),
       "replay this many LOGs in parallel (default: the number of cores)")
      ("include", po::value<std::vector<std::string>>(&expand.include),
       "take only the DIR members whose file name matches GLOB (repeatable), e.g. '*.log'");
  InputOptionValues input;
  AddInputOptions(&opts, &input);
  ModelOptionValues model;
  AddModelOptions(&opts, &model, /*with_fail_on=*/false);
  std::string usage;
  std::vector<std::string> inputs;
  po::variables_map vm;
  if (int rc = ParseCommand(argc, argv, opts, "log", &inputs, &vm, &usage); rc >= 0) return rc;
  if (inputs.empty()) return UsageError("stats needs at least one LOG or DIR", usage);
  if (format != "text" && format != "json")
    return UsageError("--format must be text or json, not '" + format + "'", usage);
  if (jobs < 1) return UsageError("--jobs must be at least 1", usage);

  ReplayOptions options;
  if (Status s = ResolveInputOptions(input, &options); !s.ok())
    return UsageError(s.message(), usage);
  if (Status s = ResolveModelOptions(model, &options); !s.ok())
    return UsageError(s.message(), usage);

  // Every roam and cache entry counts: no list limits (memory then grows
  // with the roams of the largest trace; README "Limits").
  options.rules.max_roams = SIZE_MAX;
  options.rules.max_cache_history = SIZE_MAX;

  ExpandedInputs expanded;
  ExpandInputs(inputs, expand, &expanded);
  int exit_code = ReportExpansion(expanded);
  ProgressBar progress;
  progress.Install(&options, expanded.files.size());
  StatsAggregator aggregator;
  options.stop = InstallInterruptHandlers();
  bool interrupted = false;
  size_t added = 0;
  ReplayBatch(expanded.files, options, jobs, [&](size_t index, BatchResult& result) {
    progress.Finish();
    if (interrupted) return;
    if (!result.status.ok()) exit_code = kExitError;
    if (!AcceptResult(result, expanded.from_directory[index])) {
      if (!expanded.from_directory[index]) exit_code = kExitError;
      return;
    }
    if (!result.status.ok()) {  // what was read still counts
      std::cerr << "roamreplay: " << result.status.message() << "\n";
    }
    interrupted = result.report.interrupted;
    aggregator.Add(result.report);
    ++added;
    progress.FileDone();
  });
  progress.Finish();
  // Nothing replayed (every LOG failed): the error says it all; no table of zeros.
  if (added == 0 && exit_code != kExitClean) return exit_code;
  FleetStats& stats = aggregator.Finish();
  stats.interrupted = interrupted;
  if (format == "json")
    WriteStatsJson(stats, true, std::cout);
  else
    WriteStatsText(stats, std::cout);
  if (exit_code == kExitClean && stats.findings > 0) exit_code = kExitFindings;
  return InterruptedExit(exit_code);
}

}  // namespace roamreplay::cli
