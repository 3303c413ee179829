// roamreplay stats: replays every LOG (DIRs expand to their files) and
// aggregates roams, OKC, stale offers, rejections and roam times per AP and
// per ESS (lib/app/stats.h). Exit codes as for replay: 1 when any trace has
// findings, 3 when a LOG cannot be read (the others still count).
// --partial writes a mergeable partial instead; --merge adds partials up
// (lib/app/stats_partial.h).

#include <cstdint>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/batch.h"
#include "app/stats.h"
#include "app/stats_partial.h"
#include "cli_common.h"
#include "interrupt.h"
#include "input_options.h"
#include "model_options.h"
#include "output_file.h"
#include "progress.h"
#include "report/writers.h"

namespace roamreplay::cli {
namespace {

// Reads partials, one JSON object per line, from each of `inputs` ("-" =
// stdin) into `*stats`. Returns false (after a message) on the first bad one.
bool MergePartials(const std::vector<std::string>& inputs, FleetStats* stats) {
  bool first = true;
  for (const std::string& path : inputs) {
    std::ifstream file;
    if (path != "-") {
      file.open(path);
      if (!file) {
        std::cerr << "roamreplay: " << path << ": cannot open\n";
        return false;
      }
    }
    std::istream& in = path == "-" ? std::cin : file;
    std::string line;
    uint64_t number = 0;
    while (std::getline(in, line)) {
      ++number;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      std::istringstream text(line);
      Status s = MergeStatsPartial(path + ":" + std::to_string(number), text, stats, &first);
      if (!s.ok()) {
        std::cerr << "roamreplay: " << s.message() << "\n";
        return false;
      }
    }
    if (in.bad()) {
      std::cerr << "roamreplay: " << path << ": read error\n";
      return false;
    }
  }
  return true;
}

void WriteStats(const FleetStats& stats, bool partial, const std::string& format) {
  if (partial)
    WriteStatsPartial(stats, std::cout);
  else if (format == "json")
    WriteStatsJson(stats, true, std::cout);
  else
    WriteStatsText(stats, std::cout);
}

}  // namespace

int RunStats(int argc, const char* const* argv) {
  std::string format = "text", group_by = "ess,ap";
  int jobs = DefaultJobs();
  ExpandOptions expand;
  po::options_description opts(
      "Usage: roamreplay stats [options] LOG|DIR...\n"
      "       roamreplay stats --merge [options] PARTIAL...\n\n"
      "Aggregates many traces per AP and per ESS. A DIR stands for its regular\n"
      "files, recursively, sorted by path; members that are not logs (README.md,\n"
      ".json, .py, ...; or no wpa_supplicant line) are skipped and listed on stderr.\n"
      "Partials of any split of the LOGs merge into exactly the output of one run\n"
      "over all of them.\n\nOptions");
  AddCommonOptions(&opts);
  opts.add_options()
      ("format,f", po::value<std::string>(&format), "text (default) or json")
      ("group-by", po::value<std::string>(&group_by),
       "dimensions to group by, comma-separated: ess, ap, supplicant, driver, firmware "
       "(default: ess,ap)")
      ("partial", "write a mergeable partial (one JSON line) instead of the statistics")
      ("merge", "the inputs are partials (one per line, - = stdin) to add up")
      ("records", po::value<std::string>(),
       "also write every trace's records (replay --format records) to this file")
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
  const bool partial = vm.count("partial") != 0;
  if (vm.count("merge")) {
    if (vm.count("group-by"))
      return UsageError("--group-by is set by the partials, not with --merge", usage);
    if (vm.count("records")) return UsageError("--records needs LOGs, not --merge", usage);
    FleetStats merged;
    if (!MergePartials(inputs, &merged)) return kExitError;
    WriteStats(merged, partial, format);
    if (merged.unreadable > 0) {
      std::cerr << "roamreplay: " << merged.unreadable << " log(s) could not be read\n";
      return kExitError;
    }
    return merged.findings > 0 ? kExitFindings : kExitClean;
  }
  std::vector<std::string> dims;
  if (Status s = ParseGroupBy(group_by, &dims); !s.ok()) return UsageError(s.message(), usage);

  OutputFile records;
  if (vm.count("records") && !records.Open(vm["records"].as<std::string>())) return kExitError;

  ReplayOptions options;
  if (Status s = ResolveInputOptions(input, &options); !s.ok())
    return UsageError(s.message(), usage);
  if (Status s = ResolveModelOptions(model, &options); !s.ok())
    return UsageError(s.message(), usage);

  // Every roam and finding counts: a TraceTally sees each as the replay
  // decides it, so the lists can stay short (memory grows with the distinct
  // APs and ESSs, not with roams, entries or lines; README "Limits"). The
  // roam list feeds the ping-pong and storm rules and --records; without
  // --records, the cache history and finding lists are not needed.
  options.make_sink = [] { return std::make_shared<TraceTally>(); };
  if (!records.is_open()) {
    options.rules.max_cache_history = 0;
    options.rules.max_findings = 0;
  }

  ExpandedInputs expanded;
  ExpandInputs(inputs, expand, &expanded);
  int exit_code = ReportExpansion(expanded);
  StatsAggregator aggregator(dims);
  for (size_t i = 0; i < expanded.errors.size(); ++i) aggregator.AddUnreadable();
  ProgressBar progress;
  progress.Install(&options, expanded.files.size());
  options.stop = InstallInterruptHandlers();
  bool interrupted = false;
  size_t added = 0, ap_logs = 0;
  ReplayBatch(expanded.files, options, jobs, [&](size_t index, BatchResult& result) {
    progress.Finish();
    if (interrupted) return;
    if (!result.status.ok()) exit_code = kExitError;
    if (result.report.hostapd_input && result.status.ok()) {
      // A hostapd log tells the AP's side; the statistics count station logs.
      std::cerr << "roamreplay: skipped " << result.report.input
                << ": this is a hostapd (AP) log; stats counts station (wpa_supplicant) logs "
                   "(join it with replay or report --ap)\n";
      ++ap_logs;
      return;
    }
    if (!AcceptResult(result, expanded.from_directory[index])) {
      if (!expanded.from_directory[index]) exit_code = kExitError;
      if (!result.status.ok()) aggregator.AddUnreadable();
      return;
    }
    if (!result.status.ok()) {  // what was read still counts
      std::cerr << "roamreplay: " << result.status.message() << "\n";
    }
    interrupted = result.report.interrupted;
    aggregator.AddTally(result.report);
    ++added;
    progress.FileDone();
    if (records.is_open()) WriteJsonRecords(result.report, records.stream());
  });
  progress.Finish();
  if (!records.Close()) exit_code = kExitError;
  // Nothing replayed (every LOG failed): the error says it all; no table of
  // zeros. A partial is still written: it counts the unreadable LOGs.
  if (added == 0 && exit_code != kExitClean && !partial) return exit_code;
  if (added == 0 && ap_logs > 0 && !partial) {
    std::cerr << "roamreplay: no station log among the inputs\n";
    return kExitError;
  }
  FleetStats& stats = aggregator.Finish();
  stats.interrupted = interrupted;
  WriteStats(stats, partial, format);
  if (exit_code == kExitClean && stats.findings > 0) exit_code = kExitFindings;
  return InterruptedExit(exit_code);
}

}  // namespace roamreplay::cli
