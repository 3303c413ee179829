// roamreplay synth: writes the log a scenario's roam script produces.

#include <cerrno>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli_common.h"
#include "scenario/scenario.h"
#include "scenario/synth.h"

namespace roamreplay::cli {

namespace {

// FILE for a single hostapd process; FILE with "-<process>" before its
// extension for each of several ("ap.log" -> "ap-ctrl.log", "ap-solo.log").
std::string ApOutPath(const std::string& file, const std::string& process, size_t processes) {
  if (processes == 1) return file;
  size_t slash = file.rfind('/');
  size_t dot = file.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash) ||
      dot == (slash == std::string::npos ? 0 : slash + 1))
    return file + "-" + process;
  return file.substr(0, dot) + "-" + process + file.substr(dot);
}

int WriteFile(const std::string& path, const std::string& text) {
  errno = 0;
  std::ofstream out(path, std::ios::binary);
  if (!out) return CannotWrite(path, errno);
  out << text;
  out.close();
  if (!out) return CannotWrite(path, errno);
  return kExitClean;
}

}  // namespace

int RunSynth(int argc, const char* const* argv) {
  std::string output, era, shape = "t", ap_out;
  uint64_t seed = 0;
  po::options_description opts("Usage: roamreplay synth [options] SCENARIO\n\nOptions");
  AddCommonOptions(&opts);
  opts.add_options()
      ("output,o", po::value<std::string>(&output), "write the log to FILE (default: stdout)")
      ("era", po::value<std::string>(&era), "message texts: 2011 or 2.x (default: the scenario's)")
      ("shape", po::value<std::string>(&shape), "line prefix: t (default), syslog, logcat")
      ("seed", po::value<uint64_t>(&seed), "random seed (default: the scenario's)")
      ("ap-out", po::value<std::string>(&ap_out),
       "also write the hostapd -dd -t log of the scenario's \"hostapd\" block to FILE (with "
       "several hostapd processes: FILE with -PROCESS before its extension, one per process)");
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
  if (vm.count("ap-out")) {
    if (!scenario.hostapd) {
      std::cerr << "roamreplay: " << inputs[0] << ": --ap-out needs a \"hostapd\" block in the "
                << "scenario (which APs share a hostapd process)\n";
      return kExitError;
    }
    if (ap_out.empty() || ap_out == "-")
      return UsageError("--ap-out needs a FILE (stdout is the station's log)", usage);
  }
  SynthResult result;
  Synthesize(scenario, options, &result);
  if (!ap_out.empty()) {
    for (const SynthApLog& ap : result.ap_logs) {
      std::string path = ApOutPath(ap_out, ap.process, result.ap_logs.size());
      if (int rc = WriteFile(path, ap.log); rc != kExitClean) return rc;
      if (result.ap_logs.size() > 1) {
        std::string aps;
        for (const std::string& name : ap.aps) aps += (aps.empty() ? "" : ", ") + name;
        std::cerr << "roamreplay: wrote " << path << " (hostapd process " << ap.process
                  << ": " << aps << ")\n";
      }
    }
  }
  if (output.empty() || output == "-") {
    std::cout << result.log;
    return std::cout.good() ? kExitClean : kExitError;
  }
  return WriteFile(output, result.log);
}

}  // namespace roamreplay::cli
