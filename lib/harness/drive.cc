#include "harness/drive.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/visible.h"
#include "harness/protocol.h"
#include "harness/reference_cache.h"
#include "report/redact.h"
#include "scenario/junit.h"

namespace roamreplay {
namespace {

using nlohmann::json;

bool SameOffer(const StepAnswer& a, const StepAnswer& b) {
  if (a.offered != b.offered) return false;
  return !a.offered || (a.offer.aa == b.offer.aa && a.offer.pmk == b.offer.pmk);
}

// What differs between two caches, as one sentence; "" when they agree.
std::string CacheDifference(const std::vector<CacheEntryView>& sut,
                            const std::vector<CacheEntryView>& ref,
                            std::vector<CacheEntryView>* involved) {
  std::vector<std::string> parts;
  auto find = [](const std::vector<CacheEntryView>& v, const MacAddress& aa) {
    return std::find_if(v.begin(), v.end(), [&](const CacheEntryView& e) { return e.aa == aa; });
  };
  for (const CacheEntryView& e : sut) {
    auto it = find(ref, e.aa);
    if (it == ref.end()) {
      parts.push_back("keeps " + DescribeEntry(e) + ", which the reference does not hold");
      involved->push_back(e);
    } else if (!(*it == e)) {
      parts.push_back("holds " + DescribeEntry(e) + " where the reference holds " +
                      DescribeEntry(*it));
      involved->push_back(e);
      involved->push_back(*it);
    }
  }
  for (const CacheEntryView& e : ref) {
    if (find(sut, e.aa) == sut.end()) {
      parts.push_back("lacks " + DescribeEntry(e));
      involved->push_back(e);
    }
  }
  if (parts.empty() && sut != ref) parts.push_back("holds the same entries in another order");
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i > 0 ? "; " : "") + parts[i];
  return out;
}

class Driver {
 public:
  Driver(const Trace& trace, DriveResult* result) : trace_(trace), r_(result) {}

  void Run(CacheUnderTest* sut) {
    ReferenceCache reference;
    for (const TraceStep& step : trace_.steps) {
      StepAnswer want, got;
      (void)reference.Handle(trace_, step, &want);
      if (step.type == StepType::kOffer && want.offered) aa_pmk_[step.aa] = want.offer.pmk;
      Status s = sut->Handle(trace_, step, &got);
      ++r_->steps;
      if (!s.ok()) {
        r_->fault = true;
        r_->error = s.message();
        return;
      }
      Note(step);
      if (step.type == StepType::kOffer) CompareOffer(step, got, want);
      if (step.type == StepType::kCache) CompareCache(step, got, want);
    }
  }

 private:
  void Note(const TraceStep& step) {
    if (step.type == StepType::kPmk || step.type == StepType::kEntry) {
      pmk_lines_[step.pmk] = step.line;
      aa_pmk_[step.aa] = step.pmk;
    }
    if (step.type == StepType::kPmk) last_pmk_ = &step;
    if (step.type == StepType::kValidated) {
      validated_lines_[step.aa] = step.line;
      auto it = aa_pmk_.find(step.aa);
      if (it != aa_pmk_.end()) shared_lines_[it->second] = {step.line, step.aa};
    }
  }

  void AddPmkEvidence(Divergence* d, int pmk) {
    auto it = pmk_lines_.find(pmk);
    if (it == pmk_lines_.end() || !it->second.valid()) return;
    d->evidence.emplace_back(it->second, pmk > 0 ? fmt::format("PMK {} established", pmk)
                                                 : fmt::format("PMK {} (from before the log) seen", pmk));
  }

  void AddValidatedEvidence(Divergence* d, const MacAddress& aa) {
    auto it = validated_lines_.find(aa);
    if (it != validated_lines_.end())
      d->evidence.emplace_back(it->second, "OKC entry for " + aa.ToString() + " accepted");
  }

  // Where an AP accepted an OKC clone of `pmk`: the PMK is shared.
  void AddSharedEvidence(Divergence* d, int pmk) {
    auto it = shared_lines_.find(pmk);
    if (it != shared_lines_.end())
      d->evidence.emplace_back(it->second.first,
                               fmt::format("OKC clone of PMK {} accepted by {}", pmk,
                                           it->second.second.ToString()));
  }

  void Finish(Divergence d) {
    std::sort(d.evidence.begin(), d.evidence.end(),
              [](const auto& a, const auto& b) { return a.first.line < b.first.line; });
    d.evidence.erase(std::unique(d.evidence.begin(), d.evidence.end(),
                                 [](const auto& a, const auto& b) {
                                   return a.first.line == b.first.line;
                                 }),
                     d.evidence.end());
    if (r_->divergences.size() >= kMaxDivergencesPerTrace) {
      ++r_->repeated;
      return;
    }
    r_->divergences.push_back(std::move(d));
  }

  void CompareOffer(const TraceStep& step, const StepAnswer& got, const StepAnswer& want) {
    ++r_->decisions;
    StepAnswer logged;
    logged.offered = step.logged_offered;
    logged.offer = CacheEntryView{step.aa, step.logged_pmk, step.logged_opportunistic};
    if (step.logged_known && !SameOffer(logged, want)) {
      ++r_->logged_differs;
      if (r_->logged_differences.size() < kMaxLoggedDifferences)
        r_->logged_differences.push_back({step.index, step.line, logged, want});
    }
    if (SameOffer(got, want)) return;
    Divergence d;
    d.step = step.index;
    d.decision = StepType::kOffer;
    d.line = step.line;
    d.aa = step.aa;
    d.has_aa = step.has_aa;
    d.sut = got;
    d.reference = want;
    d.has_logged = step.logged_known;
    d.logged_offered = step.logged_offered;
    d.logged = logged.offer;
    d.logged_pmkid = step.logged_pmkid;
    d.message = fmt::format(
        "association with {}: the implementation would {}, the reference {}; {}",
        step.aa.ToString(), got.offered ? "offer " + DescribeEntry(got.offer) : "offer nothing",
        want.offered ? "offers " + DescribeEntry(want.offer) : "offers nothing",
        !step.logged_known    ? std::string("the log does not show what the supplicant offered")
        : step.logged_offered ? "the logged supplicant offered " + DescribeEntry(logged.offer)
                              : std::string("the logged supplicant offered nothing"));
    if (got.offered) AddPmkEvidence(&d, got.offer.pmk);
    if (want.offered) AddPmkEvidence(&d, want.offer.pmk);
    AddValidatedEvidence(&d, step.aa);
    d.evidence.emplace_back(step.line, "offer decided for " + step.aa.ToString());
    Finish(std::move(d));
  }

  void CompareCache(const TraceStep& step, const StepAnswer& got, const StepAnswer& want) {
    ++r_->decisions;
    std::vector<CacheEntryView> involved;
    std::string diff = CacheDifference(got.cache, want.cache, &involved);
    bool repeat = !diff.empty() && diff == last_cache_diff_;
    last_cache_diff_ = diff;
    if (diff.empty()) return;
    if (repeat) {
      ++r_->repeated;
      return;
    }
    Divergence d;
    d.step = step.index;
    d.decision = StepType::kCache;
    d.why = step.how;
    d.line = step.line;
    d.sut = got;
    d.reference = want;
    if (step.how == "after-pmk" && last_pmk_ != nullptr) {
      d.message = fmt::format("cache after the new PMK {} for {}: the implementation {}",
                              last_pmk_->pmk, last_pmk_->aa.ToString(), diff);
      d.evidence.emplace_back(last_pmk_->line,
                              fmt::format("new PMK {} for {}", last_pmk_->pmk,
                                          last_pmk_->aa.ToString()));
    } else {
      d.message = "cache at the end of the log: the implementation " + diff;
    }
    for (const CacheEntryView& e : involved) {
      if (e.pmk != (last_pmk_ != nullptr ? last_pmk_->pmk : 0)) AddPmkEvidence(&d, e.pmk);
      AddValidatedEvidence(&d, e.aa);
      AddSharedEvidence(&d, e.pmk);
    }
    Finish(std::move(d));
  }

  const Trace& trace_;
  DriveResult* r_;
  std::map<int, LineRef> pmk_lines_;
  std::map<MacAddress, LineRef> validated_lines_;
  std::map<MacAddress, int> aa_pmk_;  // the PMK each AP's entry holds (reference)
  std::map<int, std::pair<LineRef, MacAddress>> shared_lines_;
  const TraceStep* last_pmk_ = nullptr;
  std::string last_cache_diff_;
};

TraceStep Probe(StepType decision) {
  TraceStep step;
  step.type = decision;
  return step;
}

std::string TraceName(const DriveResult& r) {
  std::string name = r.label.empty() ? r.path : r.label + " (" + r.path + ")";
  if (!r.ifname.empty()) name += " [" + r.ifname + "]";
  return name;
}

std::string StatusOf(const DriveResult& r) {
  if (r.input_error) return "error";
  if (r.fault) return "fault";
  return r.divergences.empty() && r.repeated == 0 ? "pass" : "diverged";
}

std::string LineText(const LineRef& line, const DriveOutputOptions& options) {
  return options.redact ? RedactIsolated(line.text) : line.text;
}

json EntryJson(const CacheEntryView& e) {
  return json{{"aa", e.aa.ToString()}, {"pmk", e.pmk}, {"opportunistic", e.opportunistic}};
}

json AnswerJson(StepType decision, const StepAnswer& a) {
  if (decision == StepType::kOffer) return json{{"offer", a.offered ? EntryJson(a.offer) : json(nullptr)}};
  json cache = json::array();
  for (const CacheEntryView& e : a.cache) cache.push_back(EntryJson(e));
  return json{{"cache", cache}};
}

}  // namespace

DriveResult Drive(const Trace& trace, CacheUnderTest* sut) {
  DriveResult result;
  result.path = trace.path;
  result.ifname = trace.ifname;
  Driver(trace, &result).Run(sut);
  return result;
}

int DriveExitCode(const std::vector<DriveResult>& results) {
  int code = 0;
  for (const DriveResult& r : results) {
    if (r.fault || r.input_error) return 3;
    if (!r.divergences.empty() || r.repeated > 0) code = 1;
  }
  return code;
}

void WriteDriveText(const std::vector<DriveResult>& results, const DriveOutputOptions& options,
                    std::ostream& out) {
  size_t passed = 0, diverged = 0, faults = 0;
  for (const DriveResult& r : results) {
    std::string name = VisibleControls(TraceName(r));
    std::string status = StatusOf(r);
    if (status == "pass" && r.steps == 0) {
      ++passed;
      out << fmt::format("PASS {}: no PMKSA cache entry in the log, nothing to drive\n", name);
    } else if (status == "pass") {
      ++passed;
      out << fmt::format("PASS {}: {} steps, {} decisions, no divergence\n", name, r.steps,
                         r.decisions);
    } else if (status == "diverged") {
      ++diverged;
      size_t n = r.divergences.size() + r.repeated;
      out << fmt::format("DIVERGED {}: {} divergence{} in {} steps ({} decisions)\n", name, n,
                         n == 1 ? "" : "s", r.steps, r.decisions);
    } else {
      ++faults;
      out << fmt::format("{} {}: {}\n", status == "fault" ? "FAULT" : "ERROR", name,
                         VisibleControls(r.error));
    }
    for (size_t i = 0; i < r.divergences.size(); ++i) {
      const Divergence& d = r.divergences[i];
      out << fmt::format("  #{} error sut-divergence at step {}{}{}: {}\n", i + 1, d.step,
                         d.line.valid() ? fmt::format(", line {}", d.line.line) : "",
                         d.line.has_time ? " (" + VisibleControls(d.line.time_text) + ")" : "",
                         d.message);
      const TraceStep probe = Probe(d.decision);
      out << "       implementation: " << DescribeAnswer(probe, d.sut) << "\n";
      out << "       reference:      " << DescribeAnswer(probe, d.reference) << "\n";
      for (const auto& [line, role] : d.evidence)
        out << fmt::format("       line {} {}: {}\n", line.line, role,
                           VisibleControls(LineText(line, options)));
    }
    if (r.repeated > 0 && status == "diverged")
      out << fmt::format("  (+{} later cache difference{} equal to the one before, or beyond "
                         "the {} kept)\n",
                         r.repeated, r.repeated == 1 ? "" : "s", kMaxDivergencesPerTrace);
    if (status != "pass" && status != "error" && r.logged_differs > 0)
      out << fmt::format("  the logged supplicant itself differs from the reference at {} "
                         "offer{}\n",
                         r.logged_differs, r.logged_differs == 1 ? "" : "s");
  }
  out << fmt::format("Summary: {} trace{}: {} passed, {} diverged, {} fault{} or error{}\n",
                     results.size(), results.size() == 1 ? "" : "s", passed, diverged, faults,
                     faults == 1 ? "" : "s", faults == 1 ? "" : "s");
}

void WriteDriveJson(const std::vector<DriveResult>& results, const std::string& sut,
                    const DriveOutputOptions& options, std::ostream& out) {
  json traces = json::array();
  size_t passed = 0, diverged = 0, faults = 0, divergences = 0;
  for (const DriveResult& r : results) {
    std::string status = StatusOf(r);
    if (status == "pass") ++passed;
    else if (status == "diverged") ++diverged;
    else ++faults;
    json list = json::array();
    for (const Divergence& d : r.divergences) {
      json evidence = json::array();
      for (const auto& [line, role] : d.evidence)
        evidence.push_back(json{{"line", line.line},
                                {"time", line.has_time ? json(line.time_text) : json(nullptr)},
                                {"role", role},
                                {"text", LineText(line, options)}});
      json logged = nullptr;
      if (d.has_logged) {
        StepAnswer a;
        a.offered = d.logged_offered;
        a.offer = d.logged;
        logged = AnswerJson(StepType::kOffer, a);
        if (d.logged_offered && d.logged_pmkid.known)
          logged["offer"]["pmkid"] = d.logged_pmkid.ToHex();
      }
      list.push_back(json{
          {"kind", "sut-divergence"},
          {"severity", "error"},
          {"step", d.step},
          {"decision", std::string(StepTypeName(d.decision))},
          {"why", d.why.empty() ? json(nullptr) : json(d.why)},
          {"line", d.line.valid() ? json(d.line.line) : json(nullptr)},
          {"time", d.line.has_time ? json(d.line.time_text) : json(nullptr)},
          {"aa", d.has_aa ? json(d.aa.ToString()) : json(nullptr)},
          {"message", d.message},
          {"sut", AnswerJson(d.decision, d.sut)},
          {"reference", AnswerJson(d.decision, d.reference)},
          {"logged", logged},
          {"evidence", evidence},
      });
    }
    divergences += r.divergences.size() + r.repeated;
    json logged_list = json::array();
    for (const DriveResult::LoggedDifference& l : r.logged_differences)
      logged_list.push_back(json{{"step", l.step},
                                 {"line", l.line.valid() ? json(l.line.line) : json(nullptr)},
                                 {"time", l.line.has_time ? json(l.line.time_text) : json(nullptr)},
                                 {"logged", AnswerJson(StepType::kOffer, l.logged)},
                                 {"reference", AnswerJson(StepType::kOffer, l.reference)}});
    traces.push_back(json{
        {"path", r.path},
        {"scenario", r.label.empty() ? json(nullptr) : json(r.label)},
        {"interface", r.ifname.empty() ? json(nullptr) : json(r.ifname)},
        {"status", status},
        {"steps", r.steps},
        {"decisions", r.decisions},
        {"divergences", list},
        {"repeated", r.repeated},
        {"logged_differs", r.logged_differs},
        {"logged_differences", logged_list},
        {"error", r.error.empty() ? json(nullptr) : json(r.error)},
    });
  }
  json doc{{"protocol", kHarnessProtocolVersion},
           {"sut", sut},
           {"traces", traces},
           {"summary", json{{"traces", results.size()},
                            {"passed", passed},
                            {"diverged", diverged},
                            {"faults", faults},
                            {"divergences", divergences}}}};
  out << doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

void WriteDriveJunit(const std::vector<DriveResult>& results, std::ostream& out) {
  size_t failures = 0, errors = 0;
  for (const DriveResult& r : results) {
    std::string status = StatusOf(r);
    if (status == "diverged") ++failures;
    else if (status != "pass") ++errors;
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuite name=\"roamreplay.drive\" tests=\"{}\" failures=\"{}\" "
                     "errors=\"{}\">\n",
                     results.size(), failures, errors);
  for (const DriveResult& r : results) {
    out << fmt::format("  <testcase classname=\"roamreplay.drive\" name=\"{}\">\n",
                       XmlEscape(TraceName(r)));
    std::string status = StatusOf(r);
    if (status == "diverged") {
      std::string body;
      for (const Divergence& d : r.divergences) {
        const TraceStep probe = Probe(d.decision);
        body += fmt::format("step {} line {}: {}\n  implementation: {}\n  reference: {}\n", d.step,
                            d.line.line, d.message, DescribeAnswer(probe, d.sut),
                            DescribeAnswer(probe, d.reference));
      }
      size_t n = r.divergences.size() + r.repeated;
      out << fmt::format("    <failure message=\"{} divergence{}\">{}</failure>\n", n,
                         n == 1 ? "" : "s", XmlEscape(body));
    } else if (status != "pass") {
      out << fmt::format("    <error message=\"{}\"/>\n", XmlEscape(r.error));
    }
    out << "  </testcase>\n";
  }
  out << "</testsuite>\n";
}

}  // namespace roamreplay
