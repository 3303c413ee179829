// roamreplay report: a one-page triage report (HTML or Markdown) for one LOG.
// Replays the log, then reads it a second time, streaming, to collect the
// context lines of the evidence and the phase times of each roam; redacts
// key material and identities unless --no-redact; anonymises MAC addresses
// and SSIDs with --anonymize.

#include <fstream>
#include <iostream>
#include <sstream>

#include "app/replay.h"
#include "base/line_reader.h"
#include "cli_common.h"
#include "report/redact.h"
#include "report/timeline.h"
#include "report/writers.h"

namespace roamreplay::cli {
namespace {

struct ReportArgs {
  std::string format = "html";
  std::string output;
  bool redact = true;
  bool anonymize = false;
};

// The second pass. Standard input cannot be read twice: the report then has
// no context lines and no phase times (said in the summary's Input row).
Status ScanLog(const std::string& path, const Report& report, Redactor* redactor,
               Anonymizer* anon, LogScan* scan) {
  LogScanner scanner(report, redactor, anon);
  if (path != "-") {
    LineReader reader;
    if (Status s = LineReader::Open(path, &reader); !s.ok()) return s;
    Status s = reader.ForEachLine(
        [&](const LineReader::Line& line) { scanner.OnLine(line.number, line.text); });
    if (!s.ok()) return Status::IoError(path + ": " + s.message());
  }
  *scan = scanner.Finish();
  if (path == "-") {
    TriageView fallback = ViewWithoutScan(report);
    scan->line_times = fallback.scan.line_times;
    scan->first_time_us = fallback.scan.first_time_us;
    scan->last_time_us = fallback.scan.last_time_us;
  }
  return Status::Ok();
}

int Run(const std::string& path, const ReportArgs& args) {
  Report report;
  if (Status s = ReplayFile(path, ReplayOptions(), &report); !s.ok()) {
    std::cerr << "roamreplay: " << s.message() << "\n";
    return kExitError;
  }
  if (args.redact) RedactReport(&report);
  TriageView view;
  view.aps = CollectAccessPoints(report);
  view.redacted = args.redact;
  view.anonymized = args.anonymize;
  Anonymizer anon;
  for (const MacAddress& ap : view.aps) anon.AddAccessPoint(ap);
  Redactor redactor;
  if (Status s = ScanLog(path, report, args.redact ? &redactor : nullptr,
                         args.anonymize ? &anon : nullptr, &view.scan);
      !s.ok()) {
    std::cerr << "roamreplay: " << s.message() << "\n";
    return kExitError;
  }
  if (args.anonymize) {
    AnonymizeReport(&report, &anon);
    for (ContextLine& c : view.scan.context) c.text = anon.Apply(c.text);
    for (MacAddress& ap : view.aps) ap = anon.Map(ap);
  }
  view.report = &report;
  std::ofstream file;
  if (!args.output.empty()) {
    file.open(args.output, std::ios::binary);
    if (!file) {
      std::cerr << "roamreplay: cannot write " << args.output << "\n";
      return kExitError;
    }
  }
  std::ostream& out = args.output.empty() ? std::cout : file;
  if (args.format == "html") WriteHtmlReport(view, out);
  else WriteMarkdownReport(view, out);
  out.flush();
  if (!out) {
    std::cerr << "roamreplay: write error" << (args.output.empty() ? "" : " on " + args.output)
              << "\n";
    return kExitError;
  }
  return report.findings.empty() ? kExitClean : kExitFindings;
}

}  // namespace

int RunReport(int argc, const char* const* argv) {
  ReportArgs args;
  po::options_description opts(
      "Usage: roamreplay report [options] LOG\n\n"
      "A one-page triage report: summary, each finding as a causal chain with its\n"
      "evidence window, a timeline and a roam table with per-phase timing.\n"
      "Key material, passwords and EAP identities are redacted unless --no-redact.\n\nOptions");
  opts.add_options()
      ("help,h", "show this help")
      ("output,o", po::value<std::string>(&args.output), "write to FILE instead of stdout")
      ("format,f", po::value<std::string>(&args.format), "html (default) or markdown")
      ("no-redact", "keep key material and EAP identities (do not share the result)")
      ("anonymize", "replace MAC addresses and SSIDs by consistent stand-ins");
  std::ostringstream usage;
  usage << opts;
  std::vector<std::string> inputs;
  po::variables_map vm;
  if (Status s = ParseArgs(argc, argv, opts, "log", &inputs, &vm); !s.ok())
    return UsageError(s.message(), usage.str());
  if (vm.count("help")) return std::cout << usage.str(), kExitClean;
  if (inputs.size() != 1) return UsageError("report takes exactly one LOG", usage.str());
  if (args.format == "md") args.format = "markdown";
  if (args.format != "html" && args.format != "markdown")
    return UsageError("--format must be html or markdown, not '" + args.format + "'",
                      usage.str());
  args.redact = vm.count("no-redact") == 0;
  args.anonymize = vm.count("anonymize") != 0;
  return Run(inputs[0], args);
}

}  // namespace roamreplay::cli
