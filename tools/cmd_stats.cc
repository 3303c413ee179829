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

namespace roamreplay::cli {

int RunStats(int argc, const char* const* argv) {
  std::string format = "text";
  int jobs = DefaultJobs();
  po::options_description opts(
      "Usage: roamreplay stats [options] LOG|DIR...\n\n"
      "Aggregates many traces per AP and per ESS. A DIR stands for its regular\n"
      "files, recursively, sorted by path.\n\nOptions");
  opts.add_options()
      ("help,h", "show this help")
      ("format,f", po::value<std::string>(&format), "text (default) or json")
      ("jobs,j", po::value<int>(&jobs),
       "replay this many LOGs in parallel (default: the number of cores)");
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

  std::vector<std::string> files;
  std::vector<Status> errors;
  ExpandInputs(inputs, &files, &errors);
  int exit_code = kExitClean;
  for (const Status& s : errors) {
    std::cerr << "roamreplay: " << s.message() << "\n";
    exit_code = kExitError;
  }
  StatsAggregator aggregator;
  options.stop = InstallInterruptHandlers();
  bool interrupted = false;
  ReplayBatch(files, options, jobs, [&](size_t, BatchResult& result) {
    if (interrupted) return;
    if (!result.status.ok()) {
      std::cerr << "roamreplay: " << result.status.message() << "\n";
      exit_code = kExitError;
      if (result.report.counts.lines == 0) return;  // else count what was read
    }
    interrupted = result.report.interrupted;
    aggregator.Add(result.report);
  });
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
