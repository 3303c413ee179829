// roamreplay diff: what changed between two runs over stored traces
// (lib/app/diff.h). OLD and NEW are each `replay --format jsonl` output, a
// folder of traces or one trace (replayed on the fly). Exit 0 when nothing
// that counts changed, 1 otherwise, 2 on usage errors, 3 on input errors.

#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "app/batch.h"
#include "app/diff.h"
#include "app/trace_files.h"
#include "cli_common.h"
#include "input_options.h"
#include "model_options.h"

namespace roamreplay::cli {
namespace {

// Reads one side into `*run`; messages go to stderr. False on input errors.
bool LoadRun(const std::string& path, const ReplayOptions& options, int jobs,
             std::vector<Report>* run) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    std::cerr << "roamreplay: " << path << ": no such file or folder\n";
    return false;
  }
  if (S_ISDIR(st.st_mode) || LooksLikeTraceName(path)) {
    std::vector<TraceFile> traces;
    std::vector<Status> errors;
    CollectTraceFiles({path}, &traces, &errors);
    bool ok = errors.empty();
    for (const Status& s : errors) std::cerr << "roamreplay: " << s.message() << "\n";
    std::vector<std::string> files;
    for (const TraceFile& t : traces) files.push_back(t.path);
    ReplayBatch(files, options, jobs, [&](size_t, BatchResult& result) {
      if (!result.status.ok()) {
        std::cerr << "roamreplay: " << result.status.message() << "\n";
        ok = false;
        return;
      }
      // Keep what diff reads; evidence and diagnostics can be large.
      Report& r = result.report;
      for (Finding& f : r.findings) f.evidence.clear();
      r.diagnostics.clear();
      r.unknown_shapes.clear();
      run->push_back(std::move(r));
    });
    return ok;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in || in.bad()) {
    std::cerr << "roamreplay: " << path << ": cannot read\n";
    return false;
  }
  if (Status s = ParseReplayJsonLines(text.str(), path, run); !s.ok()) {
    std::cerr << "roamreplay: " << s.message() << "\n";
    return false;
  }
  return true;
}

}  // namespace

int RunDiff(int argc, const char* const* argv) {
  std::string format = "text", junit, fail_on = "any";
  double tolerance = 0;
  int jobs = DefaultJobs();
  po::options_description opts(
      "Usage: roamreplay diff [options] OLD NEW\n\n"
      "OLD and NEW are each the output of `replay --format jsonl` (or --format json), a\n"
      "folder of traces (its *.log, *.txt, *.gz files, replayed on the fly) or one trace.\n"
      "Exit 0 when nothing changed beyond the tolerance, 1 otherwise.\n\nOptions");
  AddCommonOptions(&opts);
  opts.add_options()
      ("format,f", po::value<std::string>(&format), "text (default) or json")
      ("junit", po::value<std::string>(&junit), "also write JUnit XML to FILE")
      ("tolerance", po::value<double>(&tolerance),
       "rates may move this much without counting: points of full EAP per 100 roams and of "
       "OKC acceptance %, percent of the old roam-time p90 (default 0)")
      ("fail-on", po::value<std::string>(&fail_on),
       "what makes exit 1, comma-separated: any (default), findings, error, warning, info "
       "(a finding added or changed at or above it), roams, rates, traces")
      ("jobs,j", po::value<int>(&jobs),
       "replay folders with this many threads (default: the number of cores)");
  InputOptionValues input;
  AddInputOptions(&opts, &input);
  ModelOptionValues model;
  AddModelOptions(&opts, &model, /*with_fail_on=*/false);
  std::string usage;
  std::vector<std::string> inputs;
  po::variables_map vm;
  if (int rc = ParseCommand(argc, argv, opts, "run", &inputs, &vm, &usage); rc >= 0) return rc;
  if (inputs.size() != 2) return UsageError("diff needs two runs: OLD NEW", usage);
  if (format != "text" && format != "json")
    return UsageError("--format must be text or json, not '" + format + "'", usage);
  if (!(tolerance >= 0)) return UsageError("--tolerance must be 0 or more", usage);
  if (jobs < 1) return UsageError("--jobs must be at least 1", usage);
  DiffOptions diff_options;
  diff_options.tolerance = tolerance;
  if (Status s = ParseDiffFailOn(fail_on, &diff_options.fail_on); !s.ok())
    return UsageError(s.message(), usage);
  ReplayOptions options;
  if (Status s = ResolveInputOptions(input, &options); !s.ok())
    return UsageError(s.message(), usage);
  if (Status s = ResolveModelOptions(model, &options); !s.ok())
    return UsageError(s.message(), usage);

  std::vector<Report> old_run, new_run;
  bool ok = LoadRun(inputs[0], options, jobs, &old_run);
  ok = LoadRun(inputs[1], options, jobs, &new_run) && ok;
  if (!ok) return kExitError;
  for (size_t i = 0; i < 2; ++i)
    if ((i == 0 ? old_run : new_run).empty())
      std::cerr << "roamreplay: " << inputs[i] << ": no traces\n";
  DiffResult result;
  DiffRuns(old_run, new_run, diff_options, &result);
  result.old_name = inputs[0];
  result.new_name = inputs[1];
  if (format == "json") WriteDiffJson(result, std::cout);
  else WriteDiffText(result, std::cout);
  if (!junit.empty()) {
    std::ofstream out(junit, std::ios::binary);
    WriteDiffJunit(result, out);
    out.close();
    if (!out) {
      std::cerr << "roamreplay: " << junit << ": cannot write\n";
      return kExitError;
    }
  }
  return result.counts ? kExitFindings : kExitClean;
}

}  // namespace roamreplay::cli
