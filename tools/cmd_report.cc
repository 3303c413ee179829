// roamreplay report: a one-page triage report (HTML or Markdown) for one LOG.
// Replays the log, then reads it a second time, streaming, to collect the
// context lines of the evidence and the phase times of each roam; redacts
// key material and identities unless --no-redact; anonymises MAC addresses
// and SSIDs with --anonymize.

#include <cerrno>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/replay.h"
#include "app/triage.h"
#include "ap_options.h"
#include "cli_common.h"
#include "interrupt.h"
#include "input_options.h"
#include "model_options.h"
#include "output_file.h"
#include "progress.h"
#include "report/writers.h"

namespace roamreplay::cli {
namespace {

struct ReportArgs {
  std::string format = "html";
  std::string output;
  TriageOptions triage;
  Severity fail_on = Severity::kWarning;
};

int Run(const std::string& path, const ReportArgs& args) {
  Triage triage;
  ProgressBar progress;
  TriageOptions options = args.triage;
  progress.Install(&options.replay);
  options.replay.stop = InstallInterruptHandlers();
  Status status = BuildTriage(path, options, &triage);
  progress.Finish();
  if (!status.ok() && triage.view.report == nullptr) {
    std::cerr << "roamreplay: " << status.message() << "\n";
    return kExitError;
  }
  if (triage.report.hostapd_input) {
    std::cerr << "roamreplay: " << path
              << ": this is a hostapd (AP) log; give the station's wpa_supplicant log as LOG "
                 "and this one with --ap\n";
    return kExitError;
  }
  if (status.ok() && NothingRecognised(triage.report)) {
    std::cerr << "roamreplay: " << NothingRecognisedMessage(triage.report) << "\n";
    return kExitError;
  }
  const TriageView& view = triage.view;
  OutputFile file;
  if (!args.output.empty() && !file.Open(args.output)) return kExitError;
  std::ostream& out = args.output.empty() ? std::cout : file.stream();
  if (args.format == "html") WriteHtmlReport(view, out);
  else WriteMarkdownReport(view, out);
  // Standard output is checked (with the reason) at exit (FlushStdout).
  if (!args.output.empty() && !file.Close()) return kExitError;
  if (!status.ok()) {  // what was read is shown; then the error
    std::cerr << "roamreplay: " << status.message() << "\n";
    return kExitError;
  }
  return InterruptedExit(FailsOn(triage.report, args.fail_on) ? kExitFindings : kExitClean);
}

}  // namespace

int RunReport(int argc, const char* const* argv) {
  ReportArgs args;
  po::options_description opts(
      "Usage: roamreplay report [options] LOG\n\n"
      "A one-page triage report: summary, each finding as a causal chain with its\n"
      "evidence window, a timeline and a roam table with per-phase timing.\n"
      "Key material, passwords and EAP identities are redacted unless --no-redact.\n\nOptions");
  AddCommonOptions(&opts);
  opts.add_options()
      ("output,o", po::value<std::string>(&args.output), "write to FILE instead of stdout")
      ("format,f", po::value<std::string>(&args.format), "html (default) or markdown")
      ("no-redact", "keep key material and EAP identities (do not share the result)")
      ("anonymize", "replace MAC addresses and SSIDs by consistent stand-ins");
  InputOptionValues input;
  AddInputOptions(&opts, &input);
  ApOptionValues ap;
  AddApOptions(&opts, &ap);
  ModelOptionValues model;
  AddModelOptions(&opts, &model, /*with_fail_on=*/true);
  std::string usage;
  std::vector<std::string> inputs;
  po::variables_map vm;
  if (int rc = ParseCommand(argc, argv, opts, "log", &inputs, &vm, &usage); rc >= 0) return rc;
  if (inputs.size() != 1) return UsageError("report takes exactly one LOG", usage);
  if (args.format == "md") args.format = "markdown";
  if (args.format != "html" && args.format != "markdown")
    return UsageError("--format must be html or markdown, not '" + args.format + "'",
                      usage);
  if (Status s = ResolveInputOptions(input, &args.triage.replay); !s.ok())
    return UsageError(s.message(), usage);
  if (Status s = ResolveModelOptions(model, &args.triage.replay); !s.ok())
    return UsageError(s.message(), usage);
  if (Status s = ResolveApOptions(ap, &args.triage.replay); !s.ok()) return UsageError(s.message(), usage);
  if (Status s = ParseFailOn(model.fail_on, &args.fail_on); !s.ok())
    return UsageError(s.message(), usage);
  args.triage.redact = vm.count("no-redact") == 0;
  args.triage.anonymize = vm.count("anonymize") != 0;
  return Run(inputs[0], args);
}

}  // namespace roamreplay::cli
