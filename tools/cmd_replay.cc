// roamreplay replay: the pipeline on each LOG, printed as text, JSON or
// JSON Lines.

#include <iostream>
#include <sstream>

#include "app/replay.h"
#include "cli_common.h"
#include "report/writers.h"

namespace roamreplay::cli {

int RunReplay(int argc, const char* const* argv) {
  std::string format = "text", color = "auto";
  po::options_description opts("Usage: roamreplay replay [options] LOG...\n\nOptions");
  opts.add_options()
      ("help,h", "show this help")
      ("format,f", po::value<std::string>(&format),
       "text (default), json (one object, one LOG), jsonl (one object per line per LOG)")
      ("color", po::value<std::string>(&color), "colour in text output: auto, always, never");
  std::ostringstream usage;
  usage << opts;
  std::vector<std::string> inputs;
  po::variables_map vm;
  if (Status s = ParseArgs(argc, argv, opts, "log", &inputs, &vm); !s.ok())
    return UsageError(s.message(), usage.str());
  if (vm.count("help")) return std::cout << usage.str(), kExitClean;
  if (inputs.empty()) return UsageError("replay needs at least one LOG", usage.str());
  if (format != "text" && format != "json" && format != "jsonl")
    return UsageError("--format must be text, json or jsonl, not '" + format + "'", usage.str());
  if (format == "json" && inputs.size() > 1)
    return UsageError("--format json takes one LOG; use --format jsonl for several", usage.str());
  TextStyle style;
  if (!ResolveColor(color, &style.color))
    return UsageError("--color must be auto, always or never, not '" + color + "'", usage.str());

  int exit_code = kExitClean;
  for (size_t i = 0; i < inputs.size(); ++i) {
    Report report;
    if (Status s = ReplayFile(inputs[i], ReplayOptions(), &report); !s.ok()) {
      std::cerr << "roamreplay: " << s.message() << "\n";
      exit_code = kExitError;
      continue;
    }
    if (format == "text") {
      if (i > 0) std::cout << '\n';
      WriteTextReport(report, style, std::cout);
    } else {
      WriteJsonReport(report, format == "json", std::cout);
    }
    if (!report.findings.empty() && exit_code == kExitClean) exit_code = kExitFindings;
  }
  return exit_code;
}

}  // namespace roamreplay::cli
