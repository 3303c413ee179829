#include "app/diff.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/stats.h"

namespace roamreplay {
namespace {

using Json = nlohmann::json;

// --- Reading replay JSON ---------------------------------------------------

class Reader {
 public:
  Reader(const std::string& path, uint64_t line) : path_(path), line_(line) {}

  Status Error(const std::string& what) const {
    return Status::InvalidArgument(fmt::format("{}:{}: {}", path_, line_, what));
  }

  // Optional string field; null and absent give "".
  Status Str(const Json& o, const char* key, std::string* out, const std::string& where) const {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return Status::Ok();
    if (!it->is_string()) return Error(where + key + ": expected a string");
    *out = it->get<std::string>();
    return Status::Ok();
  }

  Status Uint(const Json& o, const char* key, uint64_t* out, const std::string& where) const {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return Status::Ok();
    if (!it->is_number_unsigned() && !(it->is_number_integer() && it->get<int64_t>() >= 0))
      return Error(where + key + ": expected a line number");
    *out = it->get<uint64_t>();
    return Status::Ok();
  }

  Status Int(const Json& o, const char* key, std::optional<int64_t>* out,
             const std::string& where) const {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return Status::Ok();
    if (!it->is_number_integer()) return Error(where + key + ": expected an integer");
    *out = it->get<int64_t>();
    return Status::Ok();
  }

  Status Bool(const Json& o, const char* key, bool* out, const std::string& where) const {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) return Status::Ok();
    if (!it->is_boolean()) return Error(where + key + ": expected true or false");
    *out = it->get<bool>();
    return Status::Ok();
  }

  Status Mac(const Json& o, const char* key, std::optional<MacAddress>* out,
             const std::string& where) const {
    std::string text;
    if (Status s = Str(o, key, &text, where); !s.ok()) return s;
    if (text.empty()) return Status::Ok();
    MacAddress mac;
    if (!MacAddress::Parse(text, &mac))
      return Error(where + key + ": not a MAC address: '" + text + "'");
    *out = mac;
    return Status::Ok();
  }

  Status Pmkid(const Json& o, const char* key, roamreplay::Pmkid* out,
               const std::string& where) const {
    std::string text;
    if (Status s = Str(o, key, &text, where); !s.ok()) return s;
    // Anything but 32 hex digits (e.g. a redacted value) stays unknown.
    if (text.size() != 32) return Status::Ok();
    for (size_t i = 0; i < 16; ++i) {
      unsigned v = 0;
      for (size_t k = 0; k < 2; ++k) {
        char c = text[2 * i + k];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return Status::Ok();
        v = v * 16 + static_cast<unsigned>(d);
      }
      out->bytes[i] = static_cast<uint8_t>(v);
    }
    out->known = true;
    return Status::Ok();
  }

  const Json* Array(const Json& o, const char* key, bool required, Status* status) const {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) {
      if (required) *status = Error(std::string("no \"") + key + "\" array");
      return nullptr;
    }
    if (!it->is_array()) {
      *status = Error(std::string(key) + ": expected an array");
      return nullptr;
    }
    return &*it;
  }

 private:
  const std::string& path_;
  uint64_t line_;
};

#define DIFF_RETURN_IF_ERROR(expr) \
  do {                             \
    Status _s = (expr);            \
    if (!_s.ok()) return _s;       \
  } while (0)

Status ParseFinding(const Reader& r, const Json& j, const std::string& where, Finding* f) {
  if (!j.is_object()) return r.Error(where + "expected an object");
  DIFF_RETURN_IF_ERROR(r.Str(j, "kind", &f->kind, where));
  if (f->kind.empty()) return r.Error(where + "kind: required");
  std::string severity = "error";
  DIFF_RETURN_IF_ERROR(r.Str(j, "severity", &severity, where));
  if (severity == "error") f->severity = Severity::kError;
  else if (severity == "warning") f->severity = Severity::kWarning;
  else if (severity == "info") f->severity = Severity::kInfo;
  else return r.Error(where + "severity: must be error, warning or info, not '" + severity + "'");
  DIFF_RETURN_IF_ERROR(r.Str(j, "time", &f->time, where));
  DIFF_RETURN_IF_ERROR(r.Int(j, "time_us", &f->time_us, where));
  DIFF_RETURN_IF_ERROR(r.Uint(j, "line", &f->line, where));
  DIFF_RETURN_IF_ERROR(r.Str(j, "interface", &f->interface, where));
  DIFF_RETURN_IF_ERROR(r.Mac(j, "bssid", &f->bssid, where));
  DIFF_RETURN_IF_ERROR(r.Pmkid(j, "pmkid", &f->pmkid, where));
  DIFF_RETURN_IF_ERROR(r.Str(j, "cause", &f->cause, where));
  return r.Str(j, "message", &f->message, where);
}

Status ParseRoam(const Reader& r, const Json& j, const std::string& where, RoamSummary* roam) {
  if (!j.is_object()) return r.Error(where + "expected an object");
  std::optional<MacAddress> bssid;
  DIFF_RETURN_IF_ERROR(r.Mac(j, "bssid", &bssid, where));
  if (!bssid) return r.Error(where + "bssid: required");
  roam->bssid = *bssid;
  DIFF_RETURN_IF_ERROR(r.Str(j, "interface", &roam->interface, where));
  DIFF_RETURN_IF_ERROR(r.Str(j, "ssid", &roam->ssid, where));
  DIFF_RETURN_IF_ERROR(r.Bool(j, "first", &roam->first, where));
  DIFF_RETURN_IF_ERROR(r.Str(j, "method", &roam->method, where));
  if (roam->method.empty()) return r.Error(where + "method: required");
  DIFF_RETURN_IF_ERROR(r.Bool(j, "reauth", &roam->reauth, where));
  DIFF_RETURN_IF_ERROR(r.Str(j, "reauth_cause", &roam->reauth_cause, where));
  DIFF_RETURN_IF_ERROR(r.Pmkid(j, "offered_pmkid", &roam->offered_pmkid, where));
  DIFF_RETURN_IF_ERROR(r.Bool(j, "refused", &roam->refused, where));
  auto pmkid = j.find("offered_pmkid");
  roam->offered = roam->refused || (pmkid != j.end() && !pmkid->is_null());
  DIFF_RETURN_IF_ERROR(r.Uint(j, "start_line", &roam->start_line, where));
  DIFF_RETURN_IF_ERROR(r.Uint(j, "end_line", &roam->end_line, where));
  DIFF_RETURN_IF_ERROR(r.Str(j, "time", &roam->start_time, where));
  DIFF_RETURN_IF_ERROR(r.Int(j, "time_us", &roam->start_time_us, where));
  auto d = j.find("duration_ms");
  if (d != j.end() && !d->is_null()) {
    if (!d->is_number()) return r.Error(where + "duration_ms: expected a number");
    double ms = d->get<double>();
    if (!(std::fabs(ms) < 1e12)) return r.Error(where + "duration_ms: out of range");
    roam->duration_us = std::llround(ms * 1000.0);
  }
  return Status::Ok();
}

Status ParseCacheEntry(const Reader& r, const Json& j, const std::string& where,
                       CacheEntryHistory* h) {
  if (!j.is_object()) return r.Error(where + "expected an object");
  std::optional<MacAddress> bssid;
  DIFF_RETURN_IF_ERROR(r.Mac(j, "bssid", &bssid, where));
  if (bssid) h->aa = *bssid;
  DIFF_RETURN_IF_ERROR(r.Pmkid(j, "pmkid", &h->pmkid, where));
  return r.Bool(j, "clone", &h->clone, where);
}

Status ParseReportObject(const Reader& r, const Json& doc, Report* report) {
  if (!doc.is_object()) return r.Error("expected a JSON object (a replay --format jsonl line)");
  DIFF_RETURN_IF_ERROR(r.Str(doc, "input", &report->input, ""));
  if (report->input.empty()) return r.Error("no \"input\": not replay JSON");
  DIFF_RETURN_IF_ERROR(r.Uint(doc, "lines", &report->counts.lines, ""));
  DIFF_RETURN_IF_ERROR(r.Str(doc, "policy", &report->policy, ""));
  DIFF_RETURN_IF_ERROR(r.Str(doc, "era", &report->era, ""));
  DIFF_RETURN_IF_ERROR(r.Str(doc, "evidence_tier", &report->evidence_tier, ""));
  Status s;
  const Json* findings = r.Array(doc, "findings", true, &s);
  if (!s.ok()) return s;
  const Json* roams = r.Array(doc, "roams", true, &s);
  if (!s.ok()) return s;
  const Json* cache = r.Array(doc, "cache_history", false, &s);
  if (!s.ok()) return s;
  for (size_t i = 0; i < findings->size(); ++i) {
    Finding f;
    DIFF_RETURN_IF_ERROR(ParseFinding(r, (*findings)[i], fmt::format("findings[{}].", i), &f));
    report->findings.push_back(std::move(f));
  }
  for (size_t i = 0; i < roams->size(); ++i) {
    RoamSummary roam;
    DIFF_RETURN_IF_ERROR(ParseRoam(r, (*roams)[i], fmt::format("roams[{}].", i), &roam));
    report->roams.push_back(std::move(roam));
  }
  for (size_t i = 0; cache && i < cache->size(); ++i) {
    CacheEntryHistory h;
    DIFF_RETURN_IF_ERROR(
        ParseCacheEntry(r, (*cache)[i], fmt::format("cache_history[{}].", i), &h));
    report->cache_history.push_back(std::move(h));
  }
  return Status::Ok();
}

// --- Pairing ---------------------------------------------------------------

// Keys: paths below the deepest folder common to all inputs of the run.
std::vector<std::string> Keys(const std::vector<Report>& run) {
  std::vector<std::string> keys;
  if (run.empty()) return keys;
  std::string prefix = run[0].input;
  for (const Report& r : run) {
    size_t n = 0;
    while (n < prefix.size() && n < r.input.size() && prefix[n] == r.input[n]) ++n;
    prefix.resize(n);
  }
  size_t slash = prefix.rfind('/');
  size_t cut = slash == std::string::npos ? 0 : slash + 1;
  std::map<std::string, int> seen;
  for (const Report& r : run) {
    std::string key = r.input.substr(std::min(cut, r.input.size()));
    if (key.empty()) key = r.input;
    if (int n = ++seen[key]; n > 1) key += fmt::format("#{}", n);
    keys.push_back(key);
  }
  return keys;
}

// --- Findings --------------------------------------------------------------

std::string BssidText(const std::optional<MacAddress>& m) { return m ? m->ToString() : "-"; }
std::string Pos(const Finding& f) { return f.time.empty() ? fmt::format("line {}", f.line) : f.time; }

// "message: ...<old tail> -> ...<new tail>": the texts from where they differ.
std::string MessageChange(const std::string& a, const std::string& b) {
  size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  // Start at a word boundary, and never inside a UTF-8 sequence.
  while (n > 0 && a[n - 1] != ' ') --n;
  auto tail = [&](const std::string& s) {
    std::string t = s.substr(n);
    return (n > 0 ? "..." : "") + (t.empty() ? std::string("(nothing)") : t);
  };
  return "message: " + tail(a) + " -> " + tail(b);
}

bool Counts(const FindingDiff& d, const DiffFailOn& fail_on) {
  if (fail_on.findings) return true;
  if (!fail_on.new_findings || d.type == FindingDiff::Type::kRemoved || d.message_only)
    return false;
  return static_cast<int>(d.new_finding.severity) <= static_cast<int>(*fail_on.new_findings);
}

void DiffFindings(const std::vector<Finding>& a, const std::vector<Finding>& b,
                  const DiffOptions& options, TraceDiff* out) {
  std::vector<bool> used_a(a.size()), used_b(b.size());
  std::vector<std::pair<size_t, size_t>> pairs;
  // One matching pass: `key` groups candidates, `same` picks a partner among
  // them (first unused in order).
  auto pass = [&](const std::function<std::string(const Finding&)>& key,
                  const std::function<bool(const Finding&, const Finding&)>& same) {
    std::map<std::string, std::vector<size_t>> by_key;
    for (size_t j = 0; j < b.size(); ++j)
      if (!used_b[j]) by_key[key(b[j])].push_back(j);
    for (size_t i = 0; i < a.size(); ++i) {
      if (used_a[i]) continue;
      auto it = by_key.find(key(a[i]));
      if (it == by_key.end()) continue;
      for (size_t j : it->second) {
        if (used_b[j] || !same(a[i], b[j])) continue;
        used_a[i] = used_b[j] = true;
        pairs.push_back({i, j});
        break;
      }
    }
  };
  auto kbc = [](const Finding& f) { return f.kind + "|" + BssidText(f.bssid) + "|" + f.cause; };
  auto kbt = [](const Finding& f) { return f.kind + "|" + BssidText(f.bssid) + "|" + Pos(f); };
  auto kct = [](const Finding& f) { return f.kind + "|" + f.cause + "|" + Pos(f); };
  pass(kbc, [](const Finding& x, const Finding& y) { return x.time == y.time && x.line == y.line; });
  pass(kbc, [](const Finding& x, const Finding& y) { return Pos(x) == Pos(y); });
  pass(kbc, [](const Finding&, const Finding&) { return true; });
  pass(kbt, [](const Finding&, const Finding&) { return true; });
  pass(kct, [](const Finding&, const Finding&) { return true; });

  std::vector<std::pair<uint64_t, FindingDiff>> diffs;  // sorted by line
  for (auto [i, j] : pairs) {
    const Finding& x = a[i];
    const Finding& y = b[j];
    FindingDiff d;
    d.type = FindingDiff::Type::kChanged;
    d.old_finding = x;
    d.new_finding = y;
    if (x.cause != y.cause)
      d.changes.push_back(fmt::format("cause {} -> {}", x.cause.empty() ? "-" : x.cause,
                                      y.cause.empty() ? "-" : y.cause));
    if (x.bssid != y.bssid)
      d.changes.push_back(fmt::format("ap {} -> {}", BssidText(x.bssid), BssidText(y.bssid)));
    if (x.time != y.time)
      d.changes.push_back(fmt::format("time {} -> {}", x.time.empty() ? "-" : x.time,
                                      y.time.empty() ? "-" : y.time));
    if (x.line != y.line) d.changes.push_back(fmt::format("line {} -> {}", x.line, y.line));
    if (x.severity != y.severity)
      d.changes.push_back(fmt::format("severity {} -> {}", SeverityName(x.severity),
                                      SeverityName(y.severity)));
    d.message_only = d.changes.empty() && x.message != y.message;
    if (x.message != y.message) d.changes.push_back(MessageChange(x.message, y.message));
    if (d.changes.empty()) continue;
    diffs.push_back({y.line, std::move(d)});
  }
  for (size_t i = 0; i < a.size(); ++i) {
    if (used_a[i]) continue;
    FindingDiff d;
    d.type = FindingDiff::Type::kRemoved;
    d.old_finding = a[i];
    diffs.push_back({a[i].line, std::move(d)});
  }
  for (size_t j = 0; j < b.size(); ++j) {
    if (used_b[j]) continue;
    FindingDiff d;
    d.type = FindingDiff::Type::kAdded;
    d.new_finding = b[j];
    diffs.push_back({b[j].line, std::move(d)});
  }
  std::stable_sort(diffs.begin(), diffs.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  for (auto& [line, d] : diffs) {
    d.counts = Counts(d, options.fail_on);
    out->counts = out->counts || d.counts;
    out->findings.push_back(std::move(d));
  }
}

// --- Roams -----------------------------------------------------------------

void DiffRoams(const std::vector<RoamSummary>& a, const std::vector<RoamSummary>& b,
               const DiffOptions& options, TraceDiff* out) {
  std::map<MacAddress, std::vector<size_t>> visits_b;
  for (size_t j = 0; j < b.size(); ++j) visits_b[b[j].bssid].push_back(j);
  std::map<MacAddress, size_t> next;
  std::vector<bool> used_b(b.size());
  std::vector<std::pair<uint64_t, RoamDiff>> diffs;
  for (size_t i = 0; i < a.size(); ++i) {
    size_t& k = next[a[i].bssid];
    auto it = visits_b.find(a[i].bssid);
    RoamDiff d;
    d.old_roam = a[i];
    if (it == visits_b.end() || k >= it->second.size()) {
      d.type = RoamDiff::Type::kRemoved;
      diffs.push_back({a[i].start_line, std::move(d)});
      continue;
    }
    size_t j = it->second[k++];
    used_b[j] = true;
    if (a[i].method == b[j].method) continue;
    d.type = RoamDiff::Type::kMethod;
    d.new_roam = b[j];
    ++out->method_changes[a[i].method + " -> " + b[j].method];
    diffs.push_back({b[j].start_line, std::move(d)});
  }
  for (size_t j = 0; j < b.size(); ++j) {
    if (used_b[j]) continue;
    RoamDiff d;
    d.type = RoamDiff::Type::kAdded;
    d.new_roam = b[j];
    diffs.push_back({b[j].start_line, std::move(d)});
  }
  std::stable_sort(diffs.begin(), diffs.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  for (auto& [line, d] : diffs) out->roams.push_back(std::move(d));
  if (!out->roams.empty() && options.fail_on.roams) out->counts = true;
}

// --- Rates -----------------------------------------------------------------

double Round1(double v) { return std::round(v * 10) / 10; }

struct Rates {
  std::optional<double> full_eap_per_100, okc_acceptance, p90_ms;
};

Rates RatesOf(const StatsBucket& b) {
  Rates r;
  if (b.roams > 0) r.full_eap_per_100 = Round1(b.FullEapPer100());
  if (b.okc_attempts > 0) r.okc_acceptance = Round1(b.OkcAcceptancePercent());
  RoamTimeHistogram all;  // every method's roam times together
  for (const auto& entry : b.durations_us) all.Merge(entry.second);
  if (all.count() > 0) r.p90_ms = Round1(static_cast<double>(all.Percentile(90)) / 1000.0);
  return r;
}

void CompareRate(const std::string& scope, const std::string& key, const char* metric,
                 std::optional<double> a, std::optional<double> b, double limit_points,
                 bool relative, DiffResult* result) {
  if (!a && !b) return;
  if (a && b && std::fabs(*a - *b) < 1e-9) return;
  RateDiff d{scope, key, metric, a, b, true};
  if (a && b) {
    double limit = relative ? std::fabs(*a) * limit_points / 100.0 : limit_points;
    d.beyond = std::fabs(*b - *a) > limit + 1e-9;
  }
  result->rates.push_back(std::move(d));
}

void CompareBuckets(const std::string& scope, const std::map<std::string, StatsBucket>& a,
                    const std::map<std::string, StatsBucket>& b, double tolerance,
                    DiffResult* result) {
  std::set<std::string> keys;
  for (const auto& e : a) keys.insert(e.first);
  for (const auto& e : b) keys.insert(e.first);
  static const StatsBucket kEmpty;
  for (const std::string& key : keys) {
    auto ia = a.find(key), ib = b.find(key);
    Rates ra = RatesOf(ia == a.end() ? kEmpty : ia->second);
    Rates rb = RatesOf(ib == b.end() ? kEmpty : ib->second);
    CompareRate(scope, key, "full_eap_per_100", ra.full_eap_per_100, rb.full_eap_per_100,
                tolerance, false, result);
    CompareRate(scope, key, "okc_acceptance_percent", ra.okc_acceptance, rb.okc_acceptance,
                tolerance, false, result);
    CompareRate(scope, key, "roam_time_p90_ms", ra.p90_ms, rb.p90_ms, tolerance, true, result);
  }
}

}  // namespace

Status ParseReplayJsonLines(std::string_view text, const std::string& path,
                            std::vector<Report>* out) {
  uint64_t line_no = 0;
  size_t pos = 0;
  // --format json (pretty, one object over many lines) is one document.
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return Status::Ok();
  bool pretty = text.size() > first + 1 && (text[first + 1] == '\n' || text[first + 1] == '\r');
  while (pos < text.size()) {
    size_t end = pretty ? text.size() : text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    ++line_no;
    pos = end + 1;
    if (line.find_first_not_of(" \t\r\n") == std::string_view::npos) continue;
    Reader r(path, line_no);
    Json doc = Json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return r.Error("not valid JSON (expected replay --format jsonl output)");
    Report report;
    DIFF_RETURN_IF_ERROR(ParseReportObject(r, doc, &report));
    out->push_back(std::move(report));
  }
  return Status::Ok();
}

Status ParseDiffFailOn(std::string_view text, DiffFailOn* out) {
  DiffFailOn f;
  f.findings = f.roams = f.rates = f.traces = false;
  size_t start = 0;
  bool any_item = false;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string_view item = text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
    start = comma == std::string_view::npos ? text.size() + 1 : comma + 1;
    if (item.empty()) continue;
    any_item = true;
    if (item == "any") f.findings = f.roams = f.rates = f.traces = true;
    else if (item == "findings") f.findings = true;
    else if (item == "roams") f.roams = true;
    else if (item == "rates") f.rates = true;
    else if (item == "traces") f.traces = true;
    else if (item == "error") f.new_findings = Severity::kError;
    else if (item == "warning") f.new_findings = Severity::kWarning;
    else if (item == "info") f.new_findings = Severity::kInfo;
    else
      return Status::InvalidArgument(
          "--fail-on takes any, findings, error, warning, info, roams, rates, traces (comma-"
          "separated), not '" + std::string(item) + "'");
  }
  if (!any_item) return Status::InvalidArgument("--fail-on needs at least one item");
  *out = f;
  return Status::Ok();
}

void DiffRuns(const std::vector<Report>& old_run, const std::vector<Report>& new_run,
              const DiffOptions& options, DiffResult* result) {
  *result = DiffResult();
  result->tolerance = options.tolerance;
  result->rates_count = options.fail_on.rates;
  std::vector<std::string> ka = Keys(old_run), kb = Keys(new_run);
  if (old_run.size() == 1 && new_run.size() == 1 && ka[0] != kb[0]) ka[0] = kb[0];
  std::map<std::string, std::pair<const Report*, const Report*>> pairs;
  for (size_t i = 0; i < old_run.size(); ++i) pairs[ka[i]].first = &old_run[i];
  for (size_t j = 0; j < new_run.size(); ++j) pairs[kb[j]].second = &new_run[j];
  for (const auto& [key, p] : pairs) {
    TraceDiff t;
    t.key = key;
    if (p.first) t.old_input = p.first->input;
    if (p.second) t.new_input = p.second->input;
    if (p.first && p.second) {
      auto context = [&](const char* what, const std::string& a, const std::string& b) {
        if (a != b)
          t.context.push_back(fmt::format("{} {} -> {}", what, a.empty() ? "-" : a,
                                          b.empty() ? "-" : b));
      };
      context("policy", p.first->policy, p.second->policy);
      context("era", p.first->era, p.second->era);
      context("evidence tier", p.first->evidence_tier, p.second->evidence_tier);
      if (!t.context.empty() && options.fail_on.findings) t.counts = true;
      DiffFindings(p.first->findings, p.second->findings, options, &t);
      DiffRoams(p.first->roams, p.second->roams, options, &t);
    } else {
      t.counts = options.fail_on.traces;
    }
    result->counts = result->counts || t.counts;
    result->traces.push_back(std::move(t));
  }
  StatsAggregator sa, sb;
  for (const Report& r : old_run) sa.Add(r);
  for (const Report& r : new_run) sb.Add(r);
  FleetStats& a = sa.Finish();
  FleetStats& b = sb.Finish();
  CompareBuckets("total", {{"all", a.total}}, {{"all", b.total}}, options.tolerance, result);
  CompareBuckets("ess", a.by_ess, b.by_ess, options.tolerance, result);
  CompareBuckets("ap", a.by_ap, b.by_ap, options.tolerance, result);
  if (options.fail_on.rates)
    for (const RateDiff& d : result->rates) result->counts = result->counts || d.beyond;
}

std::string DescribeDiffFinding(const Finding& f) {
  return fmt::format("line {} {} {} {}{} [{}]", f.line, f.time.empty() ? "-" : f.time, f.kind,
                     BssidText(f.bssid), f.cause.empty() ? "" : " cause=" + f.cause,
                     SeverityName(f.severity));
}

}  // namespace roamreplay
