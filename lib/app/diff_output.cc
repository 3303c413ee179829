// The writers of `roamreplay diff` (lib/app/diff.h): text, JSON, JUnit.

#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/diff.h"
#include "scenario/junit.h"

namespace roamreplay {
namespace {

using json = nlohmann::ordered_json;

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string RoamText(const RoamSummary& r) {
  return fmt::format("line {} {} {}", r.start_line, r.start_time.empty() ? "-" : r.start_time,
                     r.bssid.ToString());
}

const char* MetricLabel(const std::string& metric) {
  if (metric == "full_eap_per_100") return "full EAP per 100 roams";
  if (metric == "okc_acceptance_percent") return "OKC acceptance %";
  return "roam time p90 (ms)";
}

std::string Value(const std::optional<double>& v) { return v ? fmt::format("{:.1f}", *v) : "n/a"; }

// The changes of one trace, one per line, indented by `indent`.
void WriteTraceLines(const TraceDiff& t, const std::string& indent, std::ostream& out) {
  for (const std::string& c : t.context) out << indent << "~ trace    " << c << "\n";
  for (const FindingDiff& d : t.findings) {
    switch (d.type) {
      case FindingDiff::Type::kAdded:
        out << indent << "+ finding  " << DescribeDiffFinding(d.new_finding) << "\n";
        break;
      case FindingDiff::Type::kRemoved:
        out << indent << "- finding  " << DescribeDiffFinding(d.old_finding) << "\n";
        break;
      case FindingDiff::Type::kChanged:
        out << indent << "~ finding  " << DescribeDiffFinding(d.new_finding) << ": "
            << Joined(d.changes) << "\n";
        break;
    }
  }
  for (const RoamDiff& d : t.roams) {
    switch (d.type) {
      case RoamDiff::Type::kAdded:
        out << indent << "+ roam     " << RoamText(d.new_roam) << " " << d.new_roam.method << "\n";
        break;
      case RoamDiff::Type::kRemoved:
        out << indent << "- roam     " << RoamText(d.old_roam) << " " << d.old_roam.method << "\n";
        break;
      case RoamDiff::Type::kMethod:
        out << indent << "~ roam     " << RoamText(d.new_roam) << ": " << d.old_roam.method
            << " -> " << d.new_roam.method << "\n";
        break;
    }
  }
  if (!t.method_changes.empty()) {
    std::vector<std::string> items;
    for (const auto& [what, n] : t.method_changes) items.push_back(fmt::format("{} x{}", what, n));
    out << indent << "roam methods: " << Joined(items) << "\n";
  }
}

json FindingJson(const Finding& f) {
  return json{{"kind", f.kind},
              {"severity", std::string(SeverityName(f.severity))},
              {"bssid", f.bssid ? json(f.bssid->ToString()) : json(nullptr)},
              {"cause", f.cause.empty() ? json(nullptr) : json(f.cause)},
              {"time", f.time.empty() ? json(nullptr) : json(f.time)},
              {"line", f.line},
              {"message", f.message}};
}

json RoamJson(const RoamSummary& r) {
  return json{{"bssid", r.bssid.ToString()},
              {"method", r.method},
              {"time", r.start_time.empty() ? json(nullptr) : json(r.start_time)},
              {"start_line", r.start_line}};
}

json OptionalValue(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

struct Tally {
  size_t changed = 0, unchanged = 0, only_old = 0, only_new = 0, findings = 0, roams = 0,
         rates_beyond = 0;
};

Tally Count(const DiffResult& r) {
  Tally t;
  for (const TraceDiff& d : r.traces) {
    if (d.old_input.empty()) ++t.only_new;
    else if (d.new_input.empty()) ++t.only_old;
    else if (d.Changed()) ++t.changed;
    else ++t.unchanged;
    t.findings += d.findings.size();
    t.roams += d.roams.size();
  }
  for (const RateDiff& d : r.rates) t.rates_beyond += d.beyond;
  return t;
}

std::string Summary(const DiffResult& r) {
  Tally t = Count(r);
  return fmt::format(
      "{} traces: {} changed, {} unchanged, {} only in OLD, {} only in NEW; {} finding changes, "
      "{} roam changes, {} rates moved ({} beyond tolerance {})",
      r.traces.size(), t.changed, t.unchanged, t.only_old, t.only_new, t.findings, t.roams,
      r.rates.size(), t.rates_beyond, r.tolerance);
}

}  // namespace

void WriteDiffText(const DiffResult& r, std::ostream& out) {
  out << "OLD " << r.old_name << "\nNEW " << r.new_name << "\n";
  for (const TraceDiff& t : r.traces) {
    if (t.old_input.empty()) {
      out << "\nonly in NEW  " << t.key << "  (" << t.new_input << ")\n";
    } else if (t.new_input.empty()) {
      out << "\nonly in OLD  " << t.key << "  (" << t.old_input << ")\n";
    } else if (t.Changed()) {
      out << "\n" << (t.counts ? "CHANGED  " : "differs  ") << t.key << "  (" << t.old_input
          << (t.old_input == t.new_input ? "" : " -> " + t.new_input) << ")\n";
      WriteTraceLines(t, "  ", out);
    }
  }
  if (!r.rates.empty()) {
    out << fmt::format("\nrates that moved (tolerance {}):\n", r.tolerance);
    for (const RateDiff& d : r.rates)
      out << fmt::format("  {:<5} {:<20} {:<24} {:>7} -> {:<7}{}\n", d.scope, d.key,
                         MetricLabel(d.metric), Value(d.old_value), Value(d.new_value),
                         d.beyond ? "  beyond tolerance" : "");
  }
  out << "\n" << Summary(r) << "\n";
  bool differs = !r.rates.empty();
  for (const TraceDiff& t : r.traces) differs = differs || t.Changed();
  out << (r.counts ? "result: changed\n"
          : differs ? "result: no change beyond the tolerance and --fail-on\n"
                    : "result: no change\n");
}

void WriteDiffJson(const DiffResult& r, std::ostream& out) {
  json traces = json::array();
  for (const TraceDiff& t : r.traces) {
    json findings = json::array(), roams = json::array();
    for (const FindingDiff& d : t.findings) {
      const char* type = d.type == FindingDiff::Type::kAdded     ? "added"
                         : d.type == FindingDiff::Type::kRemoved ? "removed"
                                                                 : "changed";
      json f{{"change", type},
             {"counts", d.counts},
             {"old", d.type == FindingDiff::Type::kAdded ? json(nullptr) : FindingJson(d.old_finding)},
             {"new", d.type == FindingDiff::Type::kRemoved ? json(nullptr) : FindingJson(d.new_finding)},
             {"changes", d.changes},
             {"message_only", d.message_only}};
      findings.push_back(std::move(f));
    }
    for (const RoamDiff& d : t.roams) {
      const char* type = d.type == RoamDiff::Type::kAdded     ? "added"
                         : d.type == RoamDiff::Type::kRemoved ? "removed"
                                                              : "method";
      roams.push_back(json{{"change", type},
                           {"old", d.type == RoamDiff::Type::kAdded ? json(nullptr) : RoamJson(d.old_roam)},
                           {"new", d.type == RoamDiff::Type::kRemoved ? json(nullptr) : RoamJson(d.new_roam)}});
    }
    json methods = json::object();
    for (const auto& [what, n] : t.method_changes) methods[what] = n;
    const char* status = t.old_input.empty()   ? "only-new"
                         : t.new_input.empty() ? "only-old"
                         : t.Changed()         ? "changed"
                                               : "unchanged";
    traces.push_back(json{{"key", t.key},
                          {"status", status},
                          {"counts", t.counts},
                          {"old_input", t.old_input.empty() ? json(nullptr) : json(t.old_input)},
                          {"new_input", t.new_input.empty() ? json(nullptr) : json(t.new_input)},
                          {"context", t.context},
                          {"findings", std::move(findings)},
                          {"roams", std::move(roams)},
                          {"method_changes", std::move(methods)}});
  }
  json rates = json::array();
  for (const RateDiff& d : r.rates)
    rates.push_back(json{{"scope", d.scope},
                         {"key", d.key},
                         {"metric", d.metric},
                         {"old", OptionalValue(d.old_value)},
                         {"new", OptionalValue(d.new_value)},
                         {"beyond_tolerance", d.beyond}});
  Tally t = Count(r);
  json doc{{"old", r.old_name},
           {"new", r.new_name},
           {"tolerance", r.tolerance},
           {"changed", r.counts},
           {"summary",
            json{{"traces", r.traces.size()},
                 {"changed", t.changed},
                 {"unchanged", t.unchanged},
                 {"only_old", t.only_old},
                 {"only_new", t.only_new},
                 {"finding_changes", t.findings},
                 {"roam_changes", t.roams},
                 {"rates_moved", r.rates.size()},
                 {"rates_beyond_tolerance", t.rates_beyond}}},
           {"traces", std::move(traces)},
           {"rates", std::move(rates)}};
  out << doc.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

void WriteDiffJunit(const DiffResult& r, std::ostream& out) {
  // Testcases: every trace, then one per rate bucket that moved.
  std::map<std::string, std::vector<const RateDiff*>> buckets;
  for (const RateDiff& d : r.rates) buckets[d.scope + " " + d.key].push_back(&d);
  size_t tests = r.traces.size() + buckets.size(), failures = 0;
  for (const TraceDiff& t : r.traces) failures += t.counts;
  for (const auto& [name, list] : buckets) {
    bool beyond = false;
    for (const RateDiff* d : list) beyond = beyond || d->beyond;
    failures += beyond && r.rates_count;
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
                     tests, failures);
  out << fmt::format(
      "  <testsuite name=\"roamreplay.diff\" tests=\"{}\" failures=\"{}\" errors=\"0\" "
      "skipped=\"0\">\n",
      tests, failures);
  for (const TraceDiff& t : r.traces) {
    out << fmt::format("    <testcase classname=\"diff.traces\" name=\"{}\">", XmlEscape(t.key));
    if (!t.Changed()) {
      out << "</testcase>\n";
      continue;
    }
    std::ostringstream body;
    if (t.old_input.empty()) body << "only in NEW (" << t.new_input << ")\n";
    else if (t.new_input.empty()) body << "only in OLD (" << t.old_input << ")\n";
    else WriteTraceLines(t, "", body);
    std::string message = t.old_input.empty()   ? "trace only in NEW"
                          : t.new_input.empty() ? "trace only in OLD"
                                                : fmt::format("{} finding changes, {} roam changes{}",
                                                              t.findings.size(), t.roams.size(),
                                                              t.context.empty() ? "" : ", " + t.context[0]);
    if (t.counts)
      out << fmt::format("\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n",
                         XmlEscape(message), XmlEscape(body.str()));
    else
      out << fmt::format("\n      <system-out>{}</system-out>\n    </testcase>\n",
                         XmlEscape(body.str()));
  }
  for (const auto& [name, list] : buckets) {
    std::string body;
    bool beyond = false;
    for (const RateDiff* d : list) {
      body += fmt::format("{}: {} -> {}{}\n", MetricLabel(d->metric), Value(d->old_value),
                          Value(d->new_value), d->beyond ? " (beyond tolerance)" : "");
      beyond = beyond || d->beyond;
    }
    out << fmt::format("    <testcase classname=\"diff.rates\" name=\"{}\">\n", XmlEscape(name));
    if (beyond && r.rates_count)
      out << fmt::format("      <failure message=\"rates moved beyond tolerance {}\">{}</failure>\n",
                         r.tolerance, XmlEscape(body));
    else
      out << fmt::format("      <system-out>{}</system-out>\n", XmlEscape(body));
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace roamreplay
