// roamreplay cache: the supplicant's PMKSA cache as the log implies it at a
// point (default: the end), with the reference cache beside it.

#include <iostream>
#include <sstream>

#include "app/replay.h"
#include "ap_options.h"
#include "cli_common.h"
#include "interrupt.h"
#include "input_options.h"
#include "model_options.h"
#include "progress.h"
#include "report/writers.h"

namespace roamreplay::cli {

int RunCache(int argc, const char* const* argv) {
  std::string format = "text", at;
  int64_t line = 0;
  po::options_description opts("Usage: roamreplay cache [options] LOG\n\nOptions");
  AddCommonOptions(&opts);
  opts.add_options()
      ("at", po::value<std::string>(&at),
       "the cache after the last line stamped at or before TIME, written as the log writes "
       "it: 1317159147.145598, \"Jul 15 22:47:44\", 2024-08-28T12:04:00.137, "
       "\"07-15 22:47:44.352\", 20:13:52.386")
      ("line", po::value<int64_t>(&line), "the cache after line N (1 or more)")
      ("format,f", po::value<std::string>(&format), "text (default) or json");
  InputOptionValues input;
  AddInputOptions(&opts, &input);
  ApOptionValues ap;
  AddApOptions(&opts, &ap);
  std::string side = "station";
  opts.add_options()("side", po::value<std::string>(&side),
                     "station (default) or ap: the AP-side caches of the --ap logs");
  ModelOptionValues model;
  AddModelOptions(&opts, &model, /*with_fail_on=*/false, /*with_finding_thresholds=*/false);
  std::string usage;
  std::vector<std::string> inputs;
  po::variables_map vm;
  if (int rc = ParseCommand(argc, argv, opts, "log", &inputs, &vm, &usage); rc >= 0) return rc;
  if (inputs.size() != 1) return UsageError("cache takes exactly one LOG", usage);
  if (format != "text" && format != "json")
    return UsageError("--format must be text or json, not '" + format + "'", usage);
  if (!at.empty() && vm.count("line")) return UsageError("give --at or --line, not both", usage);
  if (vm.count("line") && line < 1)
    return UsageError("--line must be a line number of 1 or more, not " + std::to_string(line),
                      usage);
  ReplayOptions options;
  if (Status s = ResolveInputOptions(input, &options); !s.ok())
    return UsageError(s.message(), usage);
  if (Status s = ResolveModelOptions(model, &options); !s.ok())
    return UsageError(s.message(), usage);
  if (Status s = ResolveApOptions(ap, &options); !s.ok()) return UsageError(s.message(), usage);
  if (side != "station" && side != "ap")
    return UsageError("--side must be station or ap, not '" + side + "'", usage);
  if (side == "ap" && ap.ap_logs.empty()) return UsageError("--side ap needs --ap LOG", usage);
  options.snapshot = true;
  options.snapshot_line = static_cast<uint64_t>(line);
  if (!at.empty()) {
    int64_t us = 0;
    if (!ParseTimeText(at, input.year, &us))
      return UsageError("--at takes a time as the log writes it (1317159147.145598, "
                        "\"Jul 15 22:47:44\", 2024-08-28T12:04:00.137), not '" + at + "'", usage);
    options.snapshot_time_us = us;
  }
  options.stop = InstallInterruptHandlers();
  Report report;
  ProgressBar progress;
  progress.Install(&options);
  Status s = ReplayFile(inputs[0], options, &report);
  progress.Finish();
  if (!s.ok() && report.counts.lines == 0) {
    std::cerr << "roamreplay: " << s.message() << "\n";
    return kExitError;
  }
  if (report.hostapd_input && s.ok()) {
    // Its cache is the AP side of a station's log: --ap LOG --side ap.
    std::cerr << "roamreplay: " << inputs[0]
              << ": this is a hostapd (AP) log; give the station's wpa_supplicant log as LOG "
                 "and this one with --ap (its cache: roamreplay cache STA.log --ap "
              << inputs[0] << " --side ap)\n";
    return kExitError;
  }
  if (s.ok() && NothingRecognised(report)) {
    std::cerr << "roamreplay: " << NothingRecognisedMessage(report) << "\n";
    return kExitError;
  }
  // Interrupted: the cache after the last line read.
  if (side == "ap") {
    if (format == "json") WriteApCacheSnapshotJson(*report.snapshot, /*pretty=*/true, std::cout);
    else WriteApCacheSnapshotText(*report.snapshot, std::cout);
  } else if (format == "json") {
    WriteCacheSnapshotJson(*report.snapshot, /*pretty=*/true, std::cout, report.interrupted);
  } else {
    WriteCacheSnapshotText(*report.snapshot, std::cout);
    if (report.interrupted)
      std::cout << "\nInterrupted: the cache after the last line read.\n";
  }
  if (!s.ok()) {
    std::cout.flush();
    std::cerr << "roamreplay: " << s.message() << "\n";
    return kExitError;
  }
  return InterruptedExit(kExitClean);
}

}  // namespace roamreplay::cli
