// roamreplay replay: the pipeline on each LOG, printed as text, JSON or
// JSON Lines.

#include <iostream>
#include <sstream>

#include "app/batch.h"
#include "app/replay.h"
#include "cli_common.h"
#include "input_options.h"
#include "interrupt.h"
#include "model_options.h"
#include "progress.h"
#include "report/redact.h"
#include "report/writers.h"

namespace roamreplay::cli {

int RunReplay(int argc, const char* const* argv) {
  std::string format = "text", color = "auto";
  int jobs = DefaultJobs();
  ExpandOptions expand;
  po::options_description opts(
      "Usage: roamreplay replay [options] LOG|DIR...\n\n"
      "A DIR stands for its regular files, recursively, sorted by path; members that\n"
      "are not logs (README.md, .json, .py, ...; or no wpa_supplicant line) are skipped\n"
      "and listed on stderr.\n\nOptions");
  AddCommonOptions(&opts);
  opts.add_options()
      ("format,f", po::value<std::string>(&format),
       "text (default), json (one object, one LOG), jsonl (one object per line per LOG)")
      ("color", po::value<std::string>(&color), "colour in text output: auto, always, never")
      ("no-redact", "keep key material, passwords and EAP identities in evidence lines (do not "
       "share the result)")
      ("redact", "redact them (the default; kept for compatibility)")
      ("include", po::value<std::vector<std::string>>(&expand.include),
       "take only the DIR members whose file name matches GLOB (repeatable), e.g. '*.log'")
      ("jobs,j", po::value<int>(&jobs),
       "replay this many LOGs in parallel (default: the number of cores); output stays in "
       "input order");
  InputOptionValues input;
  AddInputOptions(&opts, &input);
  ModelOptionValues model;
  AddModelOptions(&opts, &model, /*with_fail_on=*/true);
  std::string usage;
  std::vector<std::string> inputs;
  po::variables_map vm;
  if (int rc = ParseCommand(argc, argv, opts, "log", &inputs, &vm, &usage); rc >= 0) return rc;
  if (inputs.empty()) return UsageError("replay needs at least one LOG", usage);
  if (format != "text" && format != "json" && format != "jsonl")
    return UsageError("--format must be text, json or jsonl, not '" + format + "'", usage);
  if (jobs < 1) return UsageError("--jobs must be at least 1", usage);
  ExpandedInputs expanded;
  ExpandInputs(inputs, expand, &expanded);
  const std::vector<std::string>& files = expanded.files;
  if (format == "json" && files.size() != 1)
    return UsageError("--format json takes one LOG; use --format jsonl for several", usage);
  ReplayOptions options;
  if (Status s = ResolveInputOptions(input, &options); !s.ok())
    return UsageError(s.message(), usage);
  if (Status s = ResolveModelOptions(model, &options); !s.ok())
    return UsageError(s.message(), usage);
  Severity fail_on;
  if (Status s = ParseFailOn(model.fail_on, &fail_on); !s.ok())
    return UsageError(s.message(), usage);
  TextStyle style;
  if (!ResolveColor(color, &style.color))
    return UsageError("--color must be auto, always or never, not '" + color + "'", usage);
  style.ascii_timeline = true;
  style.width = TerminalWidth();
  if (vm.count("redact") && vm.count("no-redact"))
    return UsageError("give --redact or --no-redact, not both", usage);
  const bool redact = vm.count("no-redact") == 0;
  ProgressBar progress;
  progress.Install(&options, files.size());

  int exit_code = ReportExpansion(expanded);
  bool first_text = true;
  bool stopped = false;  // an interrupted report was printed: no more
  options.stop = InstallInterruptHandlers();
  ReplayBatch(files, options, jobs, [&](size_t index, BatchResult& result) {
    progress.Finish();
    if (stopped) return;
    if (redact) RedactReport(&result.report);
    if (!result.status.ok()) exit_code = kExitError;
    if (!AcceptResult(result, expanded.from_directory[index])) {
      if (!expanded.from_directory[index]) exit_code = kExitError;
      return;
    }
    stopped = result.report.interrupted;
    if (format == "text") {
      if (!first_text) std::cout << '\n';
      first_text = false;
      WriteTextReport(result.report, style, std::cout);
    } else {
      WriteJsonReport(result.report, format == "json", std::cout);
    }
    if (!result.status.ok()) {
      std::cout.flush();
      std::cerr << "roamreplay: " << result.status.message() << "\n";
    }
    if (FailsOn(result.report, fail_on) && exit_code == kExitClean) exit_code = kExitFindings;
    progress.FileDone();
  });
  progress.Finish();
  return InterruptedExit(exit_code);
}

}  // namespace roamreplay::cli
