// roamreplay check: runs scenario files and folders, compares each replay
// with its expectations. Exit 0 when every scenario passes (pending ones are
// skipped), 1 when any fails or cannot be loaded, 2 on usage errors.

#include <cerrno>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli_common.h"
#include "scenario/check.h"
#include "scenario/junit.h"

namespace roamreplay::cli {

int RunCheck(int argc, const char* const* argv) {
  std::string format = "text", junit;
  po::options_description opts("Usage: roamreplay check [options] PATH...\n\nOptions");
  AddCommonOptions(&opts);
  opts.add_options()
      ("format,f", po::value<std::string>(&format), "text (default) or json")
      ("junit", po::value<std::string>(&junit), "also write JUnit XML to FILE");
  std::string usage;
  std::vector<std::string> inputs;
  po::variables_map vm;
  if (int rc = ParseCommand(argc, argv, opts, "path", &inputs, &vm, &usage); rc >= 0) return rc;
  if (inputs.empty()) return UsageError("check needs at least one scenario file or folder", usage);
  if (format != "text" && format != "json")
    return UsageError("--format must be text or json, not '" + format + "'", usage);

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
