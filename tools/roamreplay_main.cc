// roamreplay: the command-line front end. Parses options, runs the library
// pipeline per input, prints with the chosen writer, maps results to exit
// codes (0 clean, 1 findings, 2 usage, 3 input or internal error).

#include <unistd.h>

#include <exception>
#include <iostream>

#include "app/replay.h"
#include "cli_options.h"
#include "report/writers.h"

namespace roamreplay {
namespace {

constexpr int kExitClean = 0, kExitFindings = 1, kExitUsage = 2, kExitError = 3;

int Run(int argc, const char* const* argv) {
  CliOptions opts;
  Status s = ParseCommandLine(argc, argv, &opts);
  if (!s.ok()) {
    std::cerr << "roamreplay: " << s.message() << "\n\n" << opts.help_text;
    return kExitUsage;
  }
  if (opts.help) return std::cout << opts.help_text, kExitClean;
  if (opts.version) return std::cout << "roamreplay " ROAMREPLAY_VERSION "\n", kExitClean;

  TextStyle style;
  style.color = opts.color == ColorMode::kAlways ||
                (opts.color == ColorMode::kAuto && isatty(STDOUT_FILENO));
  int exit_code = kExitClean;
  for (size_t i = 0; i < opts.inputs.size(); ++i) {
    Report report;
    s = ReplayFile(opts.inputs[i], ReplayOptions(), &report);
    if (!s.ok()) {
      std::cerr << "roamreplay: " << s.message() << "\n";
      exit_code = kExitError;
      continue;
    }
    if (opts.format == OutputFormat::kText) {
      if (i > 0) std::cout << '\n';
      WriteTextReport(report, style, std::cout);
    } else {
      WriteJsonReport(report, opts.format == OutputFormat::kJson, std::cout);
    }
    if (!report.findings.empty() && exit_code == kExitClean) exit_code = kExitFindings;
  }
  std::cout.flush();
  return exit_code;
}

}  // namespace
}  // namespace roamreplay

int main(int argc, char** argv) {
  try {
    return roamreplay::Run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "roamreplay: internal error: " << e.what() << "\n";
    return 3;
  }
}
