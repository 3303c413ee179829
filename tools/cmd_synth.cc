// roamreplay synth: writes the log a scenario's roam script produces.

#include <cerrno>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli_common.h"
#include "scenario/scenario.h"
#include "scenario/synth.h"

namespace roamreplay::cli {

int RunSynth(int argc, const char* const* argv) {
  std::string output, era, shape = "t";
  uint64_t seed = 0;
  po::options_description opts("Usage: roamreplay synth [options] SCENARIO\n\nOptions");
  AddCommonOptions(&opts);
  opts.add_options()
      ("output,o", po::value<std::string>(&output), "write the log to FILE (default: stdout)")
      ("era", po::value<std::string>(&era), "message texts: 2011 or 2.x (default: the scenario's)")
      ("shape", po::value<std::string>(&shape), "line prefix: t (default), syslog, logcat")
      ("seed", po::value<uint64_t>(&seed), "random seed (default: the scenario's)");
  std::string usage;
  std::vector<std::string> inputs;
  po::variables_map vm;
  if (int rc = ParseCommand(argc, argv, opts, "scenario", &inputs, &vm, &usage); rc >= 0) return rc;
  if (inputs.size() != 1) return UsageError("synth takes exactly one SCENARIO", usage);
  SynthOptions options;
  if (!ParseLogShape(shape, &options.shape))
    return UsageError("--shape must be t, syslog or logcat, not '" + shape + "'", usage);
  if (era == "2011") options.era = TextEra::k2011;
  else if (era == "2.x") options.era = TextEra::k2x;
  else if (!era.empty()) return UsageError("--era must be 2011 or 2.x, not '" + era + "'", usage);
  if (vm.count("seed")) options.seed = seed;

  Scenario scenario;
  if (Status s = LoadScenario(inputs[0], &scenario); !s.ok()) {
    std::cerr << "roamreplay: " << s.message() << "\n";
    return kExitError;
  }
  if (!scenario.log.empty()) {
    std::cerr << "roamreplay: " << inputs[0] << ": a stored-trace scenario has nothing to "
              << "synthesize (its log is " << scenario.log << ")\n";
    return kExitError;
  }
  SynthResult result;
  Synthesize(scenario, options, &result);
  if (output.empty() || output == "-") {
    std::cout << result.log;
    return std::cout.good() ? kExitClean : kExitError;
  }
  errno = 0;
  std::ofstream out(output, std::ios::binary);
  if (!out) return CannotWrite(output, errno);
  out << result.log;
  out.close();
  if (!out) return CannotWrite(output, errno);
  return kExitClean;
}

}  // namespace roamreplay::cli
