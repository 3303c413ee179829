#include "scenario/record.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "scenario/check.h"
#include "scenario/scenario.h"

namespace roamreplay {
namespace {

namespace fs = std::filesystem;

std::string Quote(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// {"k": v, ...} on one line; values are pre-rendered JSON.
std::string Inline(const std::vector<std::pair<const char*, std::string>>& fields) {
  std::string out = "{";
  for (size_t i = 0; i < fields.size(); ++i)
    out += fmt::format("{}\"{}\": {}", i ? ", " : "", fields[i].first, fields[i].second);
  return out + "}";
}

std::string StripTraceExtension(std::string key) {
  for (const char* ext : {".gz", ".log", ".txt"}) {
    size_t n = std::char_traits<char>::length(ext);
    if (key.size() > n && key.compare(key.size() - n, n, ext) == 0) key.resize(key.size() - n);
  }
  return key;
}

void WriteList(const char* key, const std::vector<std::string>& items, bool last,
               std::string* out) {
  *out += fmt::format("    \"{}\": [", key);
  for (size_t i = 0; i < items.size(); ++i)
    *out += (i ? ",\n      " : "\n      ") + items[i];
  *out += items.empty() ? "]" : "\n    ]";
  *out += last ? "\n" : ",\n";
}

bool ReadFile(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  *text = s.str();
  return !in.bad();
}

}  // namespace

bool ParseRecordPin(std::string_view text, RecordPin* out) {
  if (text == "findings") *out = RecordPin::kFindings;
  else if (text == "roams") *out = RecordPin::kRoams;
  else if (text == "both") *out = RecordPin::kBoth;
  else return false;
  return true;
}

std::string_view RecordOutcomeName(RecordOutcome outcome) {
  switch (outcome) {
    case RecordOutcome::kCreated: return "created";
    case RecordOutcome::kUpdated: return "updated";
    case RecordOutcome::kUnchanged: return "unchanged";
  }
  return "?";
}

Status PlanRecord(const std::vector<TraceFile>& traces, const std::string& outdir,
                  std::vector<RecordTarget>* targets) {
  std::error_code ec;
  fs::create_directories(outdir, ec);
  if (ec || !fs::is_directory(outdir, ec))
    return Status::IoError(outdir + ": cannot create folder" + (ec ? ": " + ec.message() : ""));
  fs::path base = fs::canonical(outdir, ec);
  if (ec) return Status::IoError(outdir + ": " + ec.message());
  std::set<std::string> used;
  std::string dir = outdir;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  for (const TraceFile& t : traces) {
    RecordTarget target;
    target.trace = t;
    target.name = StripTraceExtension(t.key);
    std::string stem = target.name;
    for (size_t p = stem.find('/'); p != std::string::npos; p = stem.find('/', p + 2))
      stem.replace(p, 1, "__");
    std::string unique = stem;
    for (int n = 2; used.count(unique) != 0; ++n) unique = fmt::format("{}-{}", stem, n);
    used.insert(unique);
    if (unique != stem) target.name = unique;
    target.file = dir + "/" + unique + ".json";
    fs::path trace = fs::weakly_canonical(t.path, ec);
    if (ec) return Status::IoError(t.path + ": " + ec.message());
    target.log = trace.lexically_relative(base).generic_string();
    if (target.log.empty()) target.log = trace.generic_string();
    targets->push_back(std::move(target));
  }
  return Status::Ok();
}

std::string RecordScenarioText(const Report& report, const RecordTarget& target,
                               const RecordOptions& options, const std::string& description) {
  const bool pin_findings = options.pin != RecordPin::kRoams;
  const bool pin_roams = options.pin != RecordPin::kFindings;
  std::string what = pin_findings && pin_roams ? "findings and roam counts"
                     : pin_findings            ? "findings"
                                               : "roam counts";
  std::string desc = !description.empty()
                         ? description
                         : fmt::format("Baseline of {} recorded by roamreplay check --record: {}{}.",
                                       target.trace.key, what,
                                       pin_findings ? fmt::format(" (severity {} and above)",
                                                                  SeverityName(options.min_severity))
                                                    : "");
  std::vector<std::string> findings, counts;
  if (pin_findings) {
    using Key = std::tuple<std::string, std::string, std::string, std::string>;
    std::vector<Key> order;
    std::map<Key, int> seen;
    std::map<std::string, int> by_kind;
    std::set<std::string> collapsed;
    for (const Finding& f : report.findings) {
      ++by_kind[f.kind];
      if (static_cast<int>(f.severity) > static_cast<int>(options.min_severity)) continue;
      Key k{f.kind, f.bssid ? f.bssid->ToString() : "", f.cause, f.time};
      if (seen[k]++ == 0) order.push_back(k);
      else collapsed.insert(f.kind);
      if (f.time.empty()) collapsed.insert(f.kind);
    }
    for (const Key& k : order) {
      std::vector<std::pair<const char*, std::string>> fields = {{"kind", Quote(std::get<0>(k))}};
      if (!std::get<1>(k).empty()) fields.push_back({"ap", Quote(std::get<1>(k))});
      if (!std::get<2>(k).empty()) fields.push_back({"cause", Quote(std::get<2>(k))});
      if (!std::get<3>(k).empty()) fields.push_back({"time", Quote(std::get<3>(k))});
      findings.push_back(Inline(fields));
    }
    for (const std::string& kind : collapsed) {
      std::string n = std::to_string(by_kind[kind]);
      counts.push_back(Inline({{"finding", Quote(kind)}, {"min", n}, {"max", n}}));
    }
  }
  if (pin_roams) {
    std::map<std::string, int> by_method;
    for (const RoamSummary& r : report.roams) ++by_method[r.method];
    std::string any = std::to_string(report.roams.size());
    counts.push_back(Inline({{"method", Quote("any")}, {"min", any}, {"max", any}}));
    for (const auto& [method, n] : by_method) {
      std::string v = std::to_string(n);
      counts.push_back(Inline({{"method", Quote(method)}, {"min", v}, {"max", v}}));
    }
  }
  std::string out = "{\n";
  out += "  \"name\": " + Quote(target.name) + ",\n";
  out += "  \"description\": " + Quote(desc) + ",\n";
  out += "  \"log\": " + Quote(target.log) + ",\n";
  out += "  \"expect\": {\n";
  if (pin_findings) {
    WriteList("findings", findings, false, &out);
    WriteList("counts", counts, false, &out);
    out += "    \"exact\": true,\n";
    out += fmt::format("    \"min_severity\": \"{}\"\n", SeverityName(options.min_severity));
  } else {
    WriteList("counts", counts, true, &out);
  }
  out += "  }\n}\n";
  return out;
}

Status RecordTrace(const Report& report, const RecordTarget& target,
                   const RecordOptions& options, RecordOutcome* outcome) {
  for (const Finding& f : report.findings) {
    const auto& kinds = KnownFindingKinds();
    bool pinned = options.pin != RecordPin::kRoams &&
                  static_cast<int>(f.severity) <= static_cast<int>(options.min_severity);
    if (pinned && std::find(kinds.begin(), kinds.end(), f.kind) == kinds.end())
      return Status::InvalidArgument(fmt::format(
          "{}: line {}: finding kind '{}' is not known to scenarios", target.trace.path, f.line,
          f.kind));
  }
  std::string old_text, description;
  bool exists = ReadFile(target.file, &old_text);
  if (exists) {
    nlohmann::json old = nlohmann::json::parse(old_text, nullptr, /*allow_exceptions=*/false);
    if (old.is_object() && old.contains("description") && old["description"].is_string())
      description = old["description"].get<std::string>();
  }
  std::string text = RecordScenarioText(report, target, options, description);
  // The baseline must pass on the report it was recorded from.
  Scenario sc;
  if (Status s = ParseScenario(text, target.file, &sc); !s.ok())
    return Status::Corruption("recorded baseline does not load: " + s.message());
  ScenarioResult check;
  CompareReport(sc, report, nullptr, &check);
  for (const ExpectationResult& e : check.expectations)
    if (!e.ok)
      return Status::Corruption(fmt::format("{}: recorded baseline does not pass: {} [{}]",
                                            target.file, e.what, e.detail));
  if (exists && text == old_text) {
    *outcome = RecordOutcome::kUnchanged;
    return Status::Ok();
  }
  std::string tmp = target.file + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) return Status::IoError(target.file + ": cannot write");
  }
  std::error_code ec;
  fs::rename(tmp, target.file, ec);
  if (ec) return Status::IoError(target.file + ": cannot write: " + ec.message());
  *outcome = exists ? RecordOutcome::kUpdated : RecordOutcome::kCreated;
  return Status::Ok();
}

}  // namespace roamreplay
