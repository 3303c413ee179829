// roamreplay drive: drives a PMKSA cache implementation under test through
// the cache-relevant steps of logs (or, `check --sut`, of scenarios) and
// reports where its decisions differ from the reference (sut-divergence).
// Exit 0 when every trace passes, 1 on a divergence, 3 when an
// implementation faults (crash, hang, malformed answer) or a log cannot be
// read, 2 on usage errors.

#include <cerrno>
#include <fstream>
#include <iostream>

#include "app/batch.h"
#include "cli_common.h"
#include "harness/drive.h"
#include "harness/subprocess_cache.h"
#include "harness/trace.h"
#include "scenario/check.h"
#include "scenario/scenario.h"
#include "scenario/synth.h"

namespace roamreplay::cli {
namespace {

struct DriveSettings {
  std::string sut;
  int timeout_ms = 5000;
  std::string format = "text";
  std::string junit;
  bool redact = true;
  TraceOptions traces;
};

// Drives every trace of one input; an input that cannot be read gives one
// result with input_error.
void DriveInput(const std::string& path, const std::string& label, const std::vector<Trace>& traces,
                const Status& read, SubprocessCache* sut, std::vector<DriveResult>* results) {
  if (!read.ok()) {
    DriveResult r;
    r.path = path;
    r.label = label;
    r.input_error = true;
    r.error = read.message();
    results->push_back(std::move(r));
    return;
  }
  if (traces.empty()) {
    // Nothing to drive: the log shows no PMKSA entry. Not a failure.
    DriveResult r;
    r.path = path;
    r.label = label;
    results->push_back(std::move(r));
    return;
  }
  for (const Trace& trace : traces) {
    DriveResult r = Drive(trace, sut);  // a fault has stopped the program
    r.label = label;
    results->push_back(std::move(r));
  }
}

int Output(const std::vector<DriveResult>& results, const DriveSettings& s) {
  DriveOutputOptions out;
  out.redact = s.redact;
  if (s.format == "json") WriteDriveJson(results, s.sut, out, std::cout);
  else WriteDriveText(results, out, std::cout);
  if (!s.junit.empty()) {
    errno = 0;
    std::ofstream f(s.junit, std::ios::binary);
    if (!f) return CannotWrite(s.junit, errno);
    WriteDriveJunit(results, f);
    f.close();
    if (!f) return CannotWrite(s.junit, errno);
  }
  return DriveExitCode(results);
}

void AddDriveOptions(po::options_description* opts, DriveSettings* s) {
  opts->add_options()
      ("sut", po::value<std::string>(&s->sut),
       "the implementation under test: a command run with /bin/sh -c, spoken to in the "
       "JSON-lines protocol on its stdin/stdout (README \"Testing other PMKSA caches\")")
      ("sut-timeout", po::value<double>(),
       "seconds to wait for each answer (default 5); a slower answer is a fault")
      ("format,f", po::value<std::string>(&s->format), "text (default) or json")
      ("junit", po::value<std::string>(&s->junit), "also write JUnit XML to FILE")
      ("policy-hint", po::value<std::string>(&s->traces.params.policy),
       "the era sent to the implementation in hello (current, c3fea272, pre-2011; default "
       "current; check --sut: the scenario's)")
      ("pmk-lifetime", po::value<int>(&s->traces.params.pmk_lifetime_s),
       "PMK lifetime in seconds sent in hello and used by the reference (default 43200)")
      ("no-redact", "show key material in evidence lines (redacted by default)");
}

Status ResolveDriveOptions(const po::variables_map& vm, DriveSettings* s) {
  if (s->sut.empty()) return Status::InvalidArgument("--sut COMMAND is required");
  if (vm.count("sut-timeout")) {
    double t = vm["sut-timeout"].as<double>();
    if (!(t > 0 && t <= 3600)) return Status::InvalidArgument("--sut-timeout must be 0 to 3600 seconds");
    s->timeout_ms = static_cast<int>(t * 1000 + 0.5);
    if (s->timeout_ms < 1) s->timeout_ms = 1;
  }
  if (s->format != "text" && s->format != "json")
    return Status::InvalidArgument("--format must be text or json, not '" + s->format + "'");
  const std::string& p = s->traces.params.policy;
  if (p != "current" && p != "c3fea272" && p != "pre-2011")
    return Status::InvalidArgument("--policy-hint must be current, c3fea272 or pre-2011, not '" +
                                   p + "'");
  if (s->traces.params.pmk_lifetime_s <= 0)
    return Status::InvalidArgument("--pmk-lifetime must be positive");
  s->traces.model.pmk_lifetime_s = s->traces.params.pmk_lifetime_s;
  s->redact = vm.count("no-redact") == 0;
  return Status::Ok();
}

}  // namespace

int RunDrive(int argc, const char* const* argv) {
  DriveSettings s;
  po::options_description opts("Usage: roamreplay drive --sut COMMAND [options] LOG|DIR...\n\nOptions");
  AddCommonOptions(&opts);
  AddDriveOptions(&opts, &s);
  std::string usage;
  std::vector<std::string> inputs;
  po::variables_map vm;
  if (int rc = ParseCommand(argc, argv, opts, "log", &inputs, &vm, &usage); rc >= 0) return rc;
  if (inputs.empty()) return UsageError("drive needs at least one LOG or DIR", usage);
  if (Status st = ResolveDriveOptions(vm, &s); !st.ok()) return UsageError(st.message(), usage);

  ExpandedInputs expanded;
  ExpandInputs(inputs, ExpandOptions(), &expanded);
  int expansion = ReportExpansion(expanded);
  SubprocessCache sut(s.sut, s.timeout_ms);
  std::vector<DriveResult> results;
  for (size_t i = 0; i < expanded.files.size(); ++i) {
    std::vector<Trace> traces;
    Status read = ExtractTraces(expanded.files[i], s.traces, &traces);
    if (!read.ok() && expanded.from_directory[i] && read.code() == Status::Code::kCorruption) {
      std::cerr << "roamreplay: skipped " << expanded.files[i] << ": no wpa_supplicant line\n";
      continue;
    }
    DriveInput(expanded.files[i], "", traces, read, &sut, &results);
  }
  sut.Stop();
  int rc = Output(results, s);
  return rc == kExitClean && expansion != kExitClean ? expansion : rc;
}

// check --sut: the scenarios' logs (stored or synthesized) instead of LOGs.
int RunCheckSut(const std::vector<std::string>& inputs, const po::variables_map& vm,
                const std::string& sut_command, const std::string& format,
                const std::string& junit, const std::string& usage) {
  DriveSettings s;
  s.sut = sut_command;
  s.format = format;
  s.junit = junit;
  if (vm.count("policy-hint")) s.traces.params.policy = vm["policy-hint"].as<std::string>();
  if (Status st = ResolveDriveOptions(vm, &s); !st.ok()) return UsageError(st.message(), usage);
  std::vector<std::string> files;
  if (Status st = CollectScenarioFiles(inputs, &files); !st.ok()) {
    std::cerr << "roamreplay: " << st.message() << "\n";
    return kExitError;
  }
  if (files.empty()) {
    std::cerr << "roamreplay: no scenario files found\n";
    return kExitFindings;
  }
  SubprocessCache sut(s.sut, s.timeout_ms);
  std::vector<DriveResult> results;
  for (const std::string& file : files) {
    Scenario sc;
    std::vector<Trace> traces;
    Status read = LoadScenario(file, &sc);
    TraceOptions options = s.traces;
    if (read.ok() && !vm.count("policy-hint"))
      options.params.policy = std::string(SupplicantPolicyName(sc.policy));
    if (read.ok() && !sc.log.empty()) {
      read = ExtractTraces(sc.log, options, &traces);
    } else if (read.ok()) {
      SynthResult synth;
      Synthesize(sc, SynthOptions(), &synth);
      ExtractTracesFromBuffer(sc.name + ".log", synth.log, options, &traces);
    }
    DriveInput(read.ok() && !sc.log.empty() ? sc.log : file, read.ok() ? sc.name : "", traces,
               read, &sut, &results);
  }
  sut.Stop();
  return Output(results, s);
}

void AddCheckSutOptions(po::options_description* opts, std::string* sut) {
  opts->add_options()
      ("sut", po::value<std::string>(sut),
       "drive this implementation under test through each scenario's log instead of checking "
       "expectations (see drive)")
      ("sut-timeout", po::value<double>(), "--sut: seconds to wait for each answer (default 5)")
      ("policy-hint", po::value<std::string>(),
       "--sut: the era sent in hello (default: the scenario's supplicant policy)")
      ("no-redact", "--sut: show key material in evidence lines");
}

}  // namespace roamreplay::cli
