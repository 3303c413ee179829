// roamreplay check: runs scenario files and folders, compares each replay
// with its expectations. Exit 0 when every scenario passes (pending ones are
// skipped), 1 when any fails or cannot be loaded, 2 on usage errors.

#include <cerrno>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/batch.h"
#include "cli_common.h"
#include "scenario/check.h"
#include "scenario/junit.h"

namespace roamreplay::cli {

int RunCheckRecord(const std::vector<std::string>& inputs, const std::string& outdir,
                   const std::string& pin, const std::string& min_severity, int jobs,
                   const std::string& usage);

int RunCheckSut(const std::vector<std::string>& inputs, const po::variables_map& vm,
                const std::string& sut_command, const std::string& format,
                const std::string& junit, const std::string& usage);
void AddCheckSutOptions(po::options_description* opts, std::string* sut);

int RunCheck(int argc, const char* const* argv) {
  std::string format = "text", junit, outdir, pin = "both", min_severity = "info", sut;
  int jobs = DefaultJobs();
  po::options_description opts(
      "Usage: roamreplay check [options] PATH...\n"
      "       roamreplay check --record [options] LOG|DIR... -o OUTDIR\n"
      "       roamreplay check --sut COMMAND [options] PATH...\n\nOptions");
  AddCommonOptions(&opts);
  opts.add_options()
      ("format,f", po::value<std::string>(&format), "text (default) or json")
      ("junit", po::value<std::string>(&junit), "also write JUnit XML to FILE")
      ("record", "record one baseline scenario per trace (LOG, or DIR's *.log, *.txt, *.gz) "
                 "into OUTDIR; rewrites only files whose results changed")
      ("output,o", po::value<std::string>(&outdir), "--record: the folder of baselines")
      ("pin", po::value<std::string>(&pin),
       "--record: what a baseline pins: findings, roams or both (default)")
      ("min-severity", po::value<std::string>(&min_severity),
       "--record: pin findings at or above error, warning or info (default)")
      ("jobs,j", po::value<int>(&jobs),
       "--record: replay this many traces in parallel (default: the number of cores)");
  AddCheckSutOptions(&opts, &sut);
  std::string usage;
  std::vector<std::string> inputs;
  po::variables_map vm;
  if (int rc = ParseCommand(argc, argv, opts, "path", &inputs, &vm, &usage); rc >= 0) return rc;
  if (vm.count("record") && vm.count("sut"))
    return UsageError("give --record or --sut, not both", usage);
  if (!vm.count("sut")) {
    for (const char* only : {"sut-timeout", "policy-hint", "no-redact"})
      if (vm.count(only)) return UsageError(std::string("--") + only + " needs --sut", usage);
  }
  if (vm.count("record")) {
    for (const char* other : {"format", "junit"})
      if (vm.count(other))
        return UsageError(std::string("--") + other + " does not apply to --record", usage);
    return RunCheckRecord(inputs, outdir, pin, min_severity, jobs, usage);
  }
  for (const char* only : {"output", "pin", "min-severity"})
    if (vm.count(only)) return UsageError(std::string("--") + only + " needs --record", usage);
  if (inputs.empty()) return UsageError("check needs at least one scenario file or folder", usage);
  if (format != "text" && format != "json")
    return UsageError("--format must be text or json, not '" + format + "'", usage);
  if (vm.count("sut")) return RunCheckSut(inputs, vm, sut, format, junit, usage);

  std::vector<std::string> files;
  if (Status s = CollectScenarioFiles(inputs, &files); !s.ok()) {
    std::cerr << "roamreplay: " << s.message() << "\n";
    return kExitError;
  }
  std::vector<ScenarioResult> results(files.size());
  bool all_ok = true;
  for (size_t i = 0; i < files.size(); ++i) {
    RunScenarioFile(files[i], &results[i]);
    all_ok = all_ok && (results[i].status == CheckStatus::kPass ||
                        results[i].status == CheckStatus::kSkipped);
  }
  if (format == "json") WriteCheckJson(results, std::cout);
  else WriteCheckText(results, std::cout);
  if (!junit.empty()) {
    errno = 0;
    std::ofstream out(junit, std::ios::binary);
    if (!out) return CannotWrite(junit, errno);
    WriteJunitReport(results, out);
    out.close();
    if (!out) return CannotWrite(junit, errno);
  }
  if (files.empty()) std::cerr << "roamreplay: no scenario files found\n";
  return all_ok && !files.empty() ? kExitClean : kExitFindings;
}

}  // namespace roamreplay::cli
