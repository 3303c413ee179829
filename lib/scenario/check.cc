#include "scenario/check.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <functional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/replay.h"

namespace roamreplay {
namespace {

bool InStep(const SynthResult* synth, std::optional<int> step, uint64_t line) {
  if (!step) return true;
  if (synth == nullptr || *step >= static_cast<int>(synth->steps.size())) return false;
  const StepLines& s = synth->steps[*step];
  return line >= s.first_line && line <= s.last_line;
}

bool Matches(const FindingExpectation& e, const Finding& f, const SynthResult* synth) {
  if (f.kind != e.kind) return false;
  if (e.bssid && (!f.bssid || *f.bssid != *e.bssid)) return false;
  if (!e.cause.empty() && f.cause != e.cause) return false;
  if (!e.time.empty() && f.time != e.time) return false;
  if (e.line && f.line != *e.line) return false;
  if (!e.ap_cause.empty() && f.ap_cause != e.ap_cause) return false;
  return InStep(synth, e.step, f.line);
}

std::string DescribeExpectation(const FindingExpectation& e) {
  std::string s = e.kind;
  if (!e.ap.empty()) s += " ap=" + e.ap;
  if (!e.cause.empty()) s += " cause=" + e.cause;
  if (!e.time.empty()) s += " time=" + e.time;
  if (e.line) s += fmt::format(" line={}", *e.line);
  if (e.step) s += fmt::format(" step={}", *e.step);
  if (!e.ap_cause.empty()) s += " ap_cause=" + e.ap_cause;
  return s;
}

bool MethodMatches(const std::string& want, const std::string& method) {
  if (want == "any") return true;
  if (want == "cached") return method == "pmksa-cache" || method == "okc";
  return want == method;
}

ExpectationResult CheckCount(const CountExpectation& c, const Report& report,
                             const SynthResult* synth) {
  int64_t count = 0, roams = 0;
  if (!c.finding.empty()) {
    for (const Finding& f : report.findings)
      if (f.kind == c.finding && (!c.bssid || (f.bssid && *f.bssid == *c.bssid)) &&
          InStep(synth, c.step, f.line))
        ++count;
  } else {
    for (const RoamSummary& r : report.roams) {
      if (c.bssid && r.bssid != *c.bssid) continue;
      if (c.reauth && r.reauth != *c.reauth) continue;
      if (!InStep(synth, c.step, r.start_line)) continue;
      ++roams;
      if (MethodMatches(c.method, r.method)) ++count;
    }
  }
  ExpectationResult out;
  out.what = "count " + c.text;
  bool ok = true;
  if (c.min && count < *c.min) ok = false;
  if (c.per_roams) {
    // At most max per per_roams: count / roams <= max / per_roams.
    ok = ok && count * *c.per_roams <= *c.max * std::max<int64_t>(roams, 1);
    out.detail = fmt::format("{} of {} roams", count, roams);
  } else {
    if (c.max && count > *c.max) ok = false;
    out.detail = c.finding.empty() ? fmt::format("{} of {} roams", count, roams)
                                   : fmt::format("{} findings", count);
  }
  out.ok = ok;
  return out;
}

// expect.attempts (issue 11): at least `count` attempts with every given field.
bool AttemptMatches(const AttemptExpectation& a, const RoamSummary& r, const SynthResult* synth) {
  const AttemptDetail& d = r.detail;
  auto same = [](const std::string& want, const std::string& have) {
    return want.empty() || want == have;
  };
  if (!InStep(synth, a.step, r.start_line)) return false;
  if (a.bssid && r.bssid != *a.bssid) return false;
  if (!same(a.trigger, d.trigger.kind) || !same(a.method, r.method) || !same(a.outcome, d.outcome) ||
      !same(a.auth_algorithm, d.auth_algorithm) || !same(a.akm, d.akm) ||
      !same(a.expected, d.fast_path.expected) || !same(a.why_not, d.fast_path.why_not))
    return false;
  if (!a.failure_phase.empty() && (!d.failure || d.failure->phase != a.failure_phase)) return false;
  if (a.status_code && (!d.failure || d.failure->status_code != a.status_code)) return false;
  if (a.reason_code) {
    // The failure's reason, or the trigger's (a link loss that started the attempt).
    bool failure_has = d.failure && d.failure->reason_code == a.reason_code;
    if (!failure_has && d.trigger.reason_code != a.reason_code) return false;
  }
  if (a.fallback && r.fallback_of.has_value() != *a.fallback) return false;
  if (a.scan_timed && d.phases.scan.has_value() != *a.scan_timed) return false;
  if (!a.ap_answer.empty() && r.ap_answer != a.ap_answer) return false;
  return true;
}

ExpectationResult CheckAttempt(const AttemptExpectation& a, const Report& report,
                               const SynthResult* synth) {
  int n = 0;
  for (const RoamSummary& r : report.roams) n += AttemptMatches(a, r, synth) ? 1 : 0;
  ExpectationResult out;
  out.what = "attempt " + a.text;
  out.ok = n >= a.count;
  out.detail = fmt::format("{} matching of {} attempts", n, report.roams.size());
  if (!out.ok) {
    out.detail += ":";
    for (const RoamSummary& r : report.roams) {
      if (!InStep(synth, a.step, r.start_line)) continue;
      out.detail += fmt::format(" [line {} {} trigger={} method={} outcome={} why_not={}{}]",
                                r.start_line, r.bssid.ToString(), r.detail.trigger.kind, r.method,
                                r.detail.outcome,
                                r.detail.fast_path.why_not.empty() ? "-" : r.detail.fast_path.why_not,
                                a.ap_answer.empty() ? ""
                                : " ap_answer=" + (r.ap_answer.empty() ? "null" : r.ap_answer));
    }
  }
  return out;
}

}  // namespace

std::string_view CheckStatusName(CheckStatus status) {
  switch (status) {
    case CheckStatus::kPass: return "pass";
    case CheckStatus::kFail: return "fail";
    case CheckStatus::kSkipped: return "skipped";
    case CheckStatus::kError: return "error";
  }
  return "?";
}

std::string DescribeFinding(const Finding& f) {
  return fmt::format("line {} {} {} {}{}{}", f.line, f.time.empty() ? "-" : f.time, f.kind,
                     f.bssid ? f.bssid->ToString() : "-",
                     f.cause.empty() ? "" : " cause=" + f.cause,
                     f.ap_cause.empty() ? "" : " ap_cause=" + f.ap_cause);
}

void CompareReport(const Scenario& sc, const Report& report, const SynthResult* synth,
                   ScenarioResult* result) {
  std::vector<bool> explained(report.findings.size(), false);
  for (const FindingExpectation& e : sc.expect) {
    ExpectationResult r;
    r.what = "must appear: " + DescribeExpectation(e);
    for (size_t i = 0; i < report.findings.size(); ++i) {
      if (!Matches(e, report.findings[i], synth)) continue;
      if (!r.ok) r.detail = "matched " + DescribeFinding(report.findings[i]);
      r.ok = true;
      explained[i] = true;
    }
    if (!r.ok) r.detail = "no such finding";
    result->expectations.push_back(std::move(r));
  }
  for (const FindingExpectation& e : sc.absent) {
    ExpectationResult r;
    r.what = "must not appear: " + DescribeExpectation(e);
    r.ok = true;
    for (const Finding& f : report.findings) {
      if (!Matches(e, f, synth)) continue;
      r.ok = false;
      r.detail = "found " + DescribeFinding(f);
      break;
    }
    result->expectations.push_back(std::move(r));
  }
  for (const CountExpectation& c : sc.counts)
    result->expectations.push_back(CheckCount(c, report, synth));
  for (const AttemptExpectation& a : sc.attempts)
    result->expectations.push_back(CheckAttempt(a, report, synth));
  if (!sc.expect_policy.empty()) {
    bool ok = report.policy == sc.expect_policy;
    result->expectations.push_back(
        {"flush policy inferred: " + sc.expect_policy, ok,
         ok ? "" : "inferred " + (report.policy.empty() ? "nothing" : report.policy) + " (" +
                       report.policy_evidence + ")"});
  }
  if (sc.exact) {
    for (size_t i = 0; i < report.findings.size(); ++i) {
      const Finding& f = report.findings[i];
      bool listed_kind = std::any_of(sc.expect.begin(), sc.expect.end(),
                                     [&](const auto& e) { return e.kind == f.kind; });
      bool in_scope = sc.exact_min_severity
                          ? static_cast<int>(f.severity) <= static_cast<int>(*sc.exact_min_severity)
                          : listed_kind;
      if (explained[i] || !in_scope) continue;
      result->expectations.push_back(
          {sc.exact_min_severity
               ? "exact: no other findings at or above " +
                     std::string(SeverityName(*sc.exact_min_severity))
               : "exact: no other findings of the expected kinds",
           false, "unexpected " + DescribeFinding(report.findings[i])});
    }
  }
  for (const Finding& f : report.findings) result->actual.push_back(DescribeFinding(f));
  bool ok = std::all_of(result->expectations.begin(), result->expectations.end(),
                        [](const ExpectationResult& r) { return r.ok; });
  result->status = ok ? CheckStatus::kPass : CheckStatus::kFail;
}

void RunScenario(const Scenario& sc, ScenarioResult* result) {
  result->path = sc.path;
  result->name = sc.name;
  Report report;
  SynthResult synth;
  if (!sc.log.empty()) {
    if (Status s = ReplayFile(sc.log, ReplayOptions(), &report); !s.ok()) {
      result->status = CheckStatus::kError;
      result->message = s.message();
      return;
    }
  } else {
    Synthesize(sc, SynthOptions(), &synth);
    // A scripted AP side (issue 14): replayed jointly, as `replay --ap`.
    ReplayOptions options;
    for (const SynthApLog& ap : synth.ap_logs)
      options.ap_texts.push_back({sc.name + "-" + ap.process + ".hostapd.log", ap.log});
    ReplayBuffer(sc.name + ".log", synth.log, options, &report);
    if (!options.ap_texts.empty() && !report.ap_joined) {
      result->status = CheckStatus::kError;
      result->message = "the synthesized hostapd logs could not be joined: " +
                        (report.diagnostics.empty() ? std::string("?")
                                                    : report.diagnostics.back().message);
      return;
    }
  }
  result->log_lines = report.counts.lines;
  CompareReport(sc, report, sc.log.empty() ? &synth : nullptr, result);
  if (!sc.pending.empty()) {
    result->message = fmt::format("pending: {} (expectations currently {})", sc.pending,
                                  result->status == CheckStatus::kPass ? "met" : "not met");
    result->status = CheckStatus::kSkipped;
  }
}

void RunScenarioFile(const std::string& path, ScenarioResult* result) {
  *result = ScenarioResult();
  result->path = path;
  Scenario sc;
  if (Status s = LoadScenario(path, &sc); !s.ok()) {
    result->status = CheckStatus::kError;
    result->message = s.message();
    return;
  }
  RunScenario(sc, result);
}

Status CollectScenarioFiles(const std::vector<std::string>& paths, std::vector<std::string>* out) {
  std::function<void(const std::string&)> walk = [&](const std::string& dir) {
    std::vector<std::string> names;
    if (DIR* d = opendir(dir.c_str())) {
      while (dirent* ent = readdir(d)) {
        std::string name = ent->d_name;
        if (name != "." && name != "..") names.push_back(name);
      }
      closedir(d);
    }
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) {
      std::string full = dir + (dir.back() == '/' ? "" : "/") + name;
      struct stat st;
      if (stat(full.c_str(), &st) != 0) continue;
      if (S_ISDIR(st.st_mode)) walk(full);
      else if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) out->push_back(full);
    }
  };
  for (const std::string& p : paths) {
    struct stat st;
    if (stat(p.c_str(), &st) != 0) return Status::NotFound(p + ": no such file or folder");
    if (S_ISDIR(st.st_mode)) walk(p);
    else out->push_back(p);
  }
  return Status::Ok();
}

void WriteCheckText(const std::vector<ScenarioResult>& results, std::ostream& out) {
  size_t counts[4] = {0, 0, 0, 0};
  for (const ScenarioResult& r : results) {
    ++counts[static_cast<int>(r.status)];
    std::string label = r.status == CheckStatus::kPass ? "PASS" : r.status == CheckStatus::kFail ? "FAIL"
                        : r.status == CheckStatus::kSkipped ? "SKIP" : "ERROR";
    out << label << "  " << (r.name.empty() ? r.path : r.name) << "  (" << r.path << ")\n";
    if (!r.message.empty()) out << "      " << r.message << "\n";
    if (r.status != CheckStatus::kFail) continue;
    out << "    expected:\n";
    for (const ExpectationResult& e : r.expectations)
      out << "      " << (e.ok ? "  ok  " : "- FAIL") << " " << e.what
          << (e.detail.empty() ? "" : "  [" + e.detail + "]") << "\n";
    out << "    actual findings (" << r.actual.size() << "):\n";
    for (const std::string& a : r.actual) out << "      + " << a << "\n";
    if (r.actual.empty()) out << "      (none)\n";
  }
  out << fmt::format("{} scenarios: {} passed, {} failed, {} skipped, {} errors\n", results.size(),
                     counts[0], counts[1], counts[2], counts[3]);
}

void WriteCheckJson(const std::vector<ScenarioResult>& results, std::ostream& out) {
  nlohmann::json doc;
  doc["scenarios"] = nlohmann::json::array();
  for (const ScenarioResult& r : results) {
    nlohmann::json s;
    s["path"] = r.path;
    s["name"] = r.name;
    s["status"] = std::string(CheckStatusName(r.status));
    s["message"] = r.message;
    s["log_lines"] = r.log_lines;
    s["expectations"] = nlohmann::json::array();
    for (const ExpectationResult& e : r.expectations)
      s["expectations"].push_back({{"what", e.what}, {"ok", e.ok}, {"detail", e.detail}});
    s["actual_findings"] = r.actual;
    doc["scenarios"].push_back(std::move(s));
  }
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace roamreplay
