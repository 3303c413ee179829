// roamreplay cache: the supplicant's PMKSA cache as the log implies it at a
// point (default: the end), with the reference cache beside it.

#include <iostream>
#include <sstream>

#include "app/replay.h"
#include "cli_common.h"
#include "interrupt.h"
#include "input_options.h"
#include "model_options.h"
#include "report/writers.h"

namespace roamreplay::cli {
namespace {

// "1317159147.145598" -> microseconds; false if not a decimal number.
bool ParseSeconds(const std::string& s, int64_t* us) {
  size_t dot = s.find('.');
  std::string whole = s.substr(0, dot);
  std::string frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  if (whole.empty() || whole.size() > 12 || frac.size() > 6) return false;
  for (char c : whole + frac)
    if (c < '0' || c > '9') return false;
  frac.resize(6, '0');
  *us = std::stoll(whole) * 1'000'000 + std::stoll(frac);
  return true;
}

}  // namespace

int RunCache(int argc, const char* const* argv) {
  std::string format = "text", at;
  int64_t line = 0;
  po::options_description opts("Usage: roamreplay cache [options] LOG\n\nOptions");
  opts.add_options()
      ("help,h", "show this help")
      ("at", po::value<std::string>(&at),
       "the cache after the last line stamped at or before TIME (seconds, as the log's -t "
       "prefix prints them, e.g. 1317159147.145598)")
      ("line", po::value<int64_t>(&line), "the cache after line N (1 or more)")
      ("format,f", po::value<std::string>(&format), "text (default) or json");
  InputOptionValues input;
  AddInputOptions(&opts, &input);
  ModelOptionValues model;
  AddModelOptions(&opts, &model, /*with_fail_on=*/false);
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
  options.snapshot = true;
  options.snapshot_line = static_cast<uint64_t>(line);
  if (!at.empty()) {
    int64_t us = 0;
    if (!ParseSeconds(at, &us)) return UsageError("--at takes seconds such as 1317159147.145598", usage);
    options.snapshot_time_us = us;
  }
  options.stop = InstallInterruptHandlers();
  Report report;
  Status s = ReplayFile(inputs[0], options, &report);
  if (!s.ok() && report.counts.lines == 0) {
    std::cerr << "roamreplay: " << s.message() << "\n";
    return kExitError;
  }
  // Interrupted: the cache after the last line read.
  if (format == "json") {
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
