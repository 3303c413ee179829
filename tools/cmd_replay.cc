// roamreplay replay: the pipeline on each LOG, printed as text, JSON or
// JSON Lines.

#include <csignal>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "app/batch.h"
#include "app/follow.h"
#include "app/replay.h"
#include "ap_options.h"
#include "cli_common.h"
#include "input_options.h"
#include "interrupt.h"
#include "model_options.h"
#include "progress.h"
#include "report/redact.h"
#include "report/writers.h"

namespace roamreplay::cli {
namespace {

volatile std::sig_atomic_t g_follow_stop = 0;

void StopFollowing(int) { g_follow_stop = 1; }

std::string Ms(const std::optional<int64_t>& us) {
  return us ? fmt::format("{:.0f} ms", static_cast<double>(*us) / 1000.0) : "-";
}

// --follow: roams and per-event findings as they are decided; at the end
// (the pipe closes, or Ctrl-C / SIGTERM) the aggregate findings and a
// summary. Ctrl-C only ends the follow loop here: the summary is the point.
int Follow(const std::string& path, const ReplayOptions& options, const std::string& format,
           bool redact, Severity fail_on) {
  const bool records = format != "text";
  struct sigaction stop{}, old_int{}, old_term{};
  stop.sa_handler = StopFollowing;  // no SA_RESTART: a blocked read returns
  sigemptyset(&stop.sa_mask);
  sigaction(SIGINT, &stop, &old_int);
  sigaction(SIGTERM, &stop, &old_term);
  size_t roams = 0;
  FollowCallbacks cb;
  cb.roam = [&](const Report& report, size_t index, const RoamSummary& roam) {
    ++roams;
    if (records) {
      WriteRoamRecord(report, path, index, roam, std::cout);
    } else {
      std::cout << fmt::format("{} line {}: {} {} {}{} ({}){}\n", roam.start_time, roam.start_line,
                               roam.first ? "connection to" : roam.reauth ? "re-auth with" : "roam to",
                               roam.bssid.ToString(), roam.ssid.empty() ? "" : roam.ssid + " ",
                               roam.method, Ms(roam.duration_us),
                               roam.refused ? ", PMKID refused" : "");
    }
    std::cout.flush();
  };
  cb.finding = [&](const Report& report, size_t index, const Finding& finding) {
    Finding f = finding;
    if (redact)
      for (EvidenceLine& e : f.evidence) e.text = RedactIsolated(e.text);
    if (records)
      WriteFindingRecord(report, path, index, f, std::cout);
    else
      std::cout << fmt::format("{} line {}: {} {}: {}\n", f.time, f.line,
                               SeverityName(f.severity), f.kind, f.message);
    std::cout.flush();
  };
  cb.notice = [&](const std::string& text) { std::cerr << "roamreplay: " << text << "\n"; };
  cb.stop = [] { return g_follow_stop != 0; };
  Report report;
  Status s = FollowLog(path, options, cb, &report);
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  if (!s.ok()) {
    std::cerr << "roamreplay: " << s.message() << "\n";
    return kExitError;
  }
  if (records) {
    WriteTraceRecord(report, roams, std::cout);
  } else {
    std::cout << fmt::format("{}: {} lines, {} roams, {} findings{}\n", path, report.counts.lines,
                             roams, report.findings.size(),
                             g_follow_stop ? " (stopped)" : "");
  }
  std::cout.flush();
  return FailsOn(report, fail_on) ? kExitFindings : kExitClean;
}

}  // namespace

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
       "text (default), json (one object, one LOG), jsonl (one object per line per LOG), "
       "records (one object per line per trace, roam and finding)")
      ("color", po::value<std::string>(&color), "colour in text output: auto, always, never")
      ("no-redact", "keep key material, passwords and EAP identities in evidence lines (do not "
       "share the result)")
      ("redact", "redact them (the default; kept for compatibility)")
      ("include", po::value<std::vector<std::string>>(&expand.include),
       "take only the DIR members whose file name matches GLOB (repeatable), e.g. '*.log'")
      ("follow", "follow one growing LOG (or - for a pipe) like tail -F: roams and findings "
                 "as they are decided, aggregate findings and a summary at the end or on Ctrl-C")
      ("jobs,j", po::value<int>(&jobs),
       "replay this many LOGs in parallel (default: the number of cores); output stays in "
       "input order");
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
  if (inputs.empty()) return UsageError("replay needs at least one LOG", usage);
  if (format != "text" && format != "json" && format != "jsonl" && format != "records")
    return UsageError("--format must be text, json, jsonl or records, not '" + format + "'",
                      usage);
  if (jobs < 1) return UsageError("--jobs must be at least 1", usage);
  const bool follow = vm.count("follow") != 0;
  if (follow && inputs.size() != 1) return UsageError("--follow takes one LOG or -", usage);
  if (follow && format == "json")
    return UsageError("--follow prints text, jsonl or records, not json", usage);
  ExpandedInputs expanded;
  if (!follow) ExpandInputs(inputs, expand, &expanded);
  const std::vector<std::string>& files = expanded.files;
  if (format == "json" && files.size() != 1)
    return UsageError("--format json takes one LOG; use --format jsonl for several", usage);
  ReplayOptions options;
  if (Status s = ResolveInputOptions(input, &options); !s.ok())
    return UsageError(s.message(), usage);
  if (Status s = ResolveModelOptions(model, &options); !s.ok())
    return UsageError(s.message(), usage);
  if (Status s = ResolveApOptions(ap, &options); !s.ok()) return UsageError(s.message(), usage);
  if (!ap.ap_logs.empty() && (follow || files.size() != 1))
    return UsageError("--ap takes one station LOG (and no --follow)", usage);
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
  if (follow) return Follow(inputs[0], options, format, redact, fail_on);
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
    if (result.report.hostapd_input && result.status.ok()) {
      // A hostapd log is read beside a station's log (--ap), not as one.
      std::cerr << "roamreplay: " << (expanded.from_directory[index] ? "skipped " : "")
                << result.report.input
                << ": this is a hostapd (AP) log; give the station's wpa_supplicant log as LOG "
                   "and this one with --ap (roamreplay replay STA.log --ap "
                << result.report.input << ")\n";
      if (!expanded.from_directory[index]) exit_code = kExitError;
      return;
    }
    if (!AcceptResult(result, expanded.from_directory[index])) {
      if (!expanded.from_directory[index]) exit_code = kExitError;
      return;
    }
    stopped = result.report.interrupted;
    if (format == "text") {
      if (!first_text) std::cout << '\n';
      first_text = false;
      WriteTextReport(result.report, style, std::cout);
    } else if (format == "records") {
      WriteJsonRecords(result.report, std::cout);
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
