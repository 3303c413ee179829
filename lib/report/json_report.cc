#include <cstdio>

#include <nlohmann/json.hpp>

#include "report/writers.h"

namespace roamreplay {
namespace {

using json = nlohmann::ordered_json;

json OrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

// The ISO 8601 date of a time on the axis; null without one (a relative
// clock, or no time).
json Iso(const Report& report, const std::optional<int64_t>& us) {
  return us ? OrNull(IsoTime(report, *us)) : json(nullptr);
}

json EvidenceJson(const Report& report, const EvidenceLine& e) {
  return json{{"line", e.line},
              {"time", OrNull(e.time)},
              {"time_iso", e.time.empty() ? json(nullptr) : Iso(report, e.time_us)},
              {"text", e.text},
              {"role", e.role}};
}

json FindingJson(const Report& report, const Finding& f) {
  json evidence = json::array();
  for (const EvidenceLine& e : f.evidence) evidence.push_back(EvidenceJson(report, e));
  json j{
      {"kind", f.kind},
      {"severity", std::string(SeverityName(f.severity))},
      {"time", OrNull(f.time)},
      {"time_iso", f.time.empty() ? json(nullptr) : Iso(report, f.time_us)},
      {"time_us", f.time_us ? json(*f.time_us) : json(nullptr)},
      {"line", f.line},
      {"interface", OrNull(f.interface)},
      {"bssid", f.bssid ? json(f.bssid->ToString()) : json(nullptr)},
      {"pmkid", f.pmkid.known ? json(f.pmkid.ToHex()) : json(nullptr)},
      {"cause", OrNull(f.cause)},
      {"message", f.message},
      {"evidence", std::move(evidence)},
  };
  if (f.offered) j["offered"] = *f.offered;
  if (report.ap_joined) {
    json ap = json::array();
    for (const ApEvidence& e : f.ap_evidence)
      ap.push_back(json{{"line", e.line}, {"time", OrNull(e.time)}, {"text", e.text},
                        {"source", e.source}});
    j["ap_evidence"] = std::move(ap);
    if (f.kind == "pmkid-rejected" || f.kind == "ap-forgot-pmksa")
      j["ap_cause"] = OrNull(f.ap_cause);
  }
  return j;
}

json ApLogJson(const ApLogSummary& s) {
  json processes = json::array();
  for (const ApProcessSummary& p : s.processes)
    processes.push_back(json{{"start_line", p.start_line},
                             {"bss", p.bss},
                             {"version", OrNull(p.version)},
                             {"shared_evidence", p.shared_evidence}});
  json events = json::array();
  for (const ApEventSummary& e : s.events)
    events.push_back(json{{"kind", e.kind},
                          {"bss", OrNull(e.bss)},
                          {"sta", OrNull(e.sta)},
                          {"line", e.line},
                          {"time", OrNull(e.time)},
                          {"time_us", e.time_us ? json(*e.time_us) : json(nullptr)},
                          {"text", e.text}});
  return json{{"path", s.path},
              {"bss", s.bss},
              {"interfaces", s.ifnames},
              {"offset_s", s.offset_s},
              {"offset_spread_ms", s.offset_spread_ms ? json(*s.offset_spread_ms) : json(nullptr)},
              {"offset_source", s.offset_source},
              {"matched_frames", s.matched_frames},
              {"lines", s.lines},
              {"events", s.events_count},
              {"known_lines", s.known},
              {"unknown_lines", s.unknown},
              {"processes", std::move(processes)},
              {"ap_events", std::move(events)}};
}

json OptInt(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }
json OptBool(const std::optional<bool>& v) { return v ? json(*v) : json(nullptr); }
json OptMs(const std::optional<int64_t>& us) {
  return us ? json(static_cast<double>(*us) / 1000.0) : json(nullptr);
}

json TimeIso(const Report& report, const std::string& time, int64_t us) {
  return time.empty() || us == 0 ? json(nullptr) : Iso(report, us);
}

json TriggerJson(const Report& report, const AttemptTrigger& t) {
  return json{
      {"kind", t.kind},
      {"line", t.line ? json(t.line) : json(nullptr)},
      {"time", OrNull(t.time)},
      {"time_iso", TimeIso(report, t.time, t.time_us)},
      {"reason_code", OptInt(t.reason_code)},
      {"reason", OrNull(t.reason)},
      {"locally_generated", OptBool(t.locally_generated)},
      {"detail", t.detail},
  };
}

json FailureJson(const Report& report, const std::optional<AttemptFailure>& f) {
  if (!f) return json(nullptr);
  return json{
      {"phase", f->phase},
      {"status_code", OptInt(f->status_code)},
      {"reason_code", OptInt(f->reason_code)},
      {"name", OrNull(f->name)},
      {"locally_generated", OptBool(f->locally_generated)},
      {"line", f->line},
      {"time", OrNull(f->time)},
      {"time_iso", TimeIso(report, f->time, f->time_us)},
      {"detail", f->detail},
  };
}

json PhasesJson(const AttemptPhases& p) {
  return json{
      {"scan", OptMs(p.scan)},
      {"authentication", OptMs(p.authentication)},
      {"association", OptMs(p.association)},
      {"eap", OptMs(p.eap)},
      {"4way", OptMs(p.four_way)},
      {"total", OptMs(p.total)},
  };
}

json FastPathJson(const FastPath& f) {
  return json{
      {"expected", f.expected},
      {"used", f.used},
      {"why_not", OrNull(f.why_not)},
      {"detail", f.detail},
  };
}

json RoamJson(const Report& report, const RoamSummary& r) {
  json j{
      {"interface", OrNull(r.interface)},
      {"kind", r.kind},
      {"bssid", r.bssid.ToString()},
      {"ssid", OrNull(r.ssid)},
      {"first", r.first},
      {"method", r.method},
      {"reauth", r.reauth},
      {"reauth_cause", OrNull(r.reauth_cause)},
      {"offered_pmkid", r.offered_pmkid.known ? json(r.offered_pmkid.ToHex()) : json(nullptr)},
      {"refused", r.refused},
      {"start_line", r.start_line},
      {"end_line", r.end_line ? json(r.end_line) : json(nullptr)},
      {"time", OrNull(r.start_time)},
      {"time_iso", r.start_time.empty() ? json(nullptr) : Iso(report, r.start_time_us)},
      {"time_us", r.start_time_us ? json(*r.start_time_us) : json(nullptr)},
      {"duration_ms",
       r.duration_us ? json(static_cast<double>(*r.duration_us) / 1000.0) : json(nullptr)},
      {"duration_coarse_s", r.duration_coarse_s ? json(*r.duration_coarse_s) : json(nullptr)},
      {"trigger", TriggerJson(report, r.detail.trigger)},
      {"akm", OrNull(r.detail.akm)},
      {"auth_algorithm", OrNull(r.detail.auth_algorithm)},
      {"outcome", r.detail.outcome},
      {"failure", FailureJson(report, r.detail.failure)},
      {"fallback_of", r.fallback_of ? json(*r.fallback_of) : json(nullptr)},
      {"phases_ms", PhasesJson(r.detail.phases)},
      {"fast_path", FastPathJson(r.detail.fast_path)},
  };
  if (report.ap_joined) {
    j["ap_answer"] = OrNull(r.ap_answer);
    j["ap_line"] = r.ap_line ? json(r.ap_line) : json(nullptr);
    j["ap_log"] = r.ap_line && r.ap_log < report.ap_logs.size()
                      ? json(report.ap_logs[r.ap_log].path)
                      : json(nullptr);
  }
  return j;
}

// The key-management fields shared by cache_history and snapshot entries.
void AddKeyFacts(const EntryKeyFacts& k, json* o) {
  char akmp[16];
  std::snprintf(akmp, sizeof akmp, "0x%x", static_cast<unsigned>(k.akmp));
  (*o)["akmp"] = k.akmp != 0 ? json(akmp) : json(nullptr);
  (*o)["akm"] = OrNull(k.akm);
  (*o)["ap_mld"] = k.ap_mld;
  (*o)["pmkid_source"] = OrNull(k.pmkid_source);
  (*o)["pmkid_learned_line"] = k.pmkid_learned_line ? json(k.pmkid_learned_line) : json(nullptr);
  (*o)["pmkr0_name"] = k.pmkr0_name.known ? json(k.pmkr0_name.ToHex()) : json(nullptr);
  (*o)["pmkr1_name"] = k.pmkr1_name.known ? json(k.pmkr1_name.ToHex()) : json(nullptr);
  (*o)["driver_pmksa"] = k.driver_pmksa;
  (*o)["expiration_postponed_line"] =
      k.expiration_postponed_line ? json(k.expiration_postponed_line) : json(nullptr);
  if (k.fils_cache_id >= 0) {
    char id[8];
    std::snprintf(id, sizeof id, "%04x", static_cast<unsigned>(k.fils_cache_id) & 0xffff);
    (*o)["fils_cache_id"] = id;
  } else {
    (*o)["fils_cache_id"] = nullptr;
  }
  (*o)["origin"] = k.origin;
}

json CacheJson(const Report& report, const CacheEntryHistory& h) {
  auto line_or_null = [](uint64_t line) { return line ? json(line) : json(nullptr); };
  json o{
      {"interface", OrNull(h.interface)},
      {"bssid", h.aa.ToString()},
      {"pmkid", h.pmkid.known ? json(h.pmkid.ToHex()) : json(nullptr)},
      {"generation", h.generation},
      {"clone", h.clone},
      {"created_line", h.created_line},
      {"created_time", OrNull(h.created_time)},
      {"created_time_iso", h.created_time.empty() ? json(nullptr) : Iso(report, h.created_time_us)},
      {"validated_line", line_or_null(h.validated_line)},
      {"stale_line", line_or_null(h.stale_line)},
      {"removed_line", line_or_null(h.removed_line)},
      {"removed_time", OrNull(h.removed_time)},
      {"removed_time_iso", h.removed_time.empty() ? json(nullptr) : Iso(report, h.removed_time_us)},
      {"removed_how", OrNull(h.removed_how)},
  };
  AddKeyFacts(h.keys, &o);
  return o;
}

json EventCountsJson(const Report& report) {
  json counts = json::object();
  for (const auto& [name, count] : report.event_counts) counts[name] = count;
  return counts;
}

json SnapshotEntryJson(const SnapshotEntry& e) {
  auto opt_us = [](const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); };
  json o{
      {"interface", OrNull(e.interface)},
      {"bssid", e.bssid.ToString()},
      {"own_address", e.own_address ? json(e.own_address->ToString()) : json(nullptr)},
      {"pmkid", e.pmkid.known ? json(e.pmkid.ToHex()) : json(nullptr)},
      {"generation", e.generation},
      {"opportunistic", e.opportunistic},
      {"clone", e.clone},
      {"stale", e.stale},
      {"stale_reason", OrNull(e.stale_reason)},
      {"expiration_us", opt_us(e.expiration_us)},
      {"expiration_time", OrNull(e.expiration_time)},
      {"reauth_us", opt_us(e.reauth_us)},
      {"created_line", e.created_line},
      {"created_time", OrNull(e.created_time)},
      {"created_time_iso", OrNull(e.created_time_iso)},
  };
  AddKeyFacts(e.keys, &o);
  return o;
}

json ApSnapshotEntryJson(const SnapshotEntry& e) {
  json j = SnapshotEntryJson(e);
  j["ap"] = e.ap;
  return j;
}

}  // namespace

void WriteCacheSnapshotJson(const CacheSnapshot& snap, bool pretty, std::ostream& out,
                            bool interrupted) {
  json observed = json::array(), reference = json::array();
  for (const SnapshotEntry& e : snap.observed) observed.push_back(SnapshotEntryJson(e));
  for (const SnapshotEntry& e : snap.reference) reference.push_back(SnapshotEntryJson(e));
  json doc{{"at_line", snap.at_line},
           {"time", OrNull(snap.time)},
           {"time_iso", OrNull(snap.time_iso)},
           {"observed", std::move(observed)},
           {"reference", std::move(reference)}};
  if (interrupted) doc["interrupted"] = true;
  out << doc.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace) << '\n';
}

void WriteApCacheSnapshotJson(const CacheSnapshot& snap, bool pretty, std::ostream& out) {
  json entries = json::array();
  for (const SnapshotEntry& e : snap.ap) entries.push_back(ApSnapshotEntryJson(e));
  json doc{{"at_line", snap.at_line},
           {"time", OrNull(snap.time)},
           {"time_iso", OrNull(snap.time_iso)},
           {"side", "ap"},
           {"ap", std::move(entries)}};
  out << doc.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace) << '\n';
}

namespace {

// Writes one JSON object field by field, so that the big arrays (findings,
// roams, cache history) are streamed element by element instead of being
// built as one document first: memory stays at the size of the Report.
// The text is the same as nlohmann's dump() of the whole document.
class StreamingObject {
 public:
  StreamingObject(std::ostream& out, bool pretty) : out_(out), pretty_(pretty) { out_ << '{'; }

  void Field(const char* key, const json& value) {
    Key(key);
    out_ << Dump(value, 1);
  }

  template <typename T, typename ToJson>
  void Array(const char* key, const std::vector<T>& items, ToJson to_json) {
    Key(key);
    if (items.empty()) {
      out_ << "[]";
      return;
    }
    out_ << '[';
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out_ << ',';
      if (pretty_) out_ << "\n    ";
      out_ << Dump(to_json(items[i]), 2);
    }
    out_ << (pretty_ ? "\n  ]" : "]");
  }

  void End() { out_ << (pretty_ && !first_ ? "\n}" : "}") << '\n'; }

 private:
  void Key(const char* key) {
    if (!first_) out_ << ',';
    first_ = false;
    if (pretty_) out_ << "\n  ";
    out_ << json(key).dump() << (pretty_ ? ": " : ":");
  }

  // Invalid UTF-8 in log text is replaced, never an exception.
  std::string Dump(const json& value, int depth) const {
    std::string text = value.dump(pretty_ ? 2 : -1, ' ', false, json::error_handler_t::replace);
    if (!pretty_) return text;
    std::string indented;
    indented.reserve(text.size());
    for (char c : text) {
      indented += c;
      if (c == '\n') indented.append(static_cast<size_t>(depth) * 2, ' ');
    }
    return indented;
  }

  std::ostream& out_;
  bool pretty_;
  bool first_ = true;
};

}  // namespace

void WriteJsonReport(const Report& report, bool pretty, std::ostream& out) {
  json diagnostics = json::array();
  for (const Diagnostic& d : report.diagnostics)
    diagnostics.push_back(json{{"line", d.line}, {"message", d.message}});
  json shapes = json::array();
  for (const ShapeCount& sc : report.unknown_shapes)
    shapes.push_back(json{{"shape", sc.shape}, {"count", sc.count}, {"first_line", sc.first_line}});
  const LineCounts& c = report.counts;
  StreamingObject o(out, pretty);
  o.Field("input", report.input);
  o.Field("lines", c.lines);
  o.Field("events", c.events);
  o.Field("unknown_lines", c.unknown);
  o.Field("known_lines", c.known);
  o.Field("malformed_lines", c.malformed);
  o.Field("other_lines", c.other);
  o.Field("other_source_lines", c.other_sources);
  o.Field("rejoined_lines", c.rejoined);
  o.Field("control_padded_lines", c.control_padded);
  o.Field("input_format", report.input_format);
  o.Field("input_format_detected", report.input_format_detected);
  o.Field("time_axis", report.time_axis);
  o.Field("clock", report.clock);
  o.Field("whole_second_clock", report.whole_second_clock);
  o.Field("wrap_column", report.wrap_column ? json(report.wrap_column) : json(nullptr));
  o.Field("evidence_tier", report.evidence_tier);
  o.Field("tier_supports", report.tier_supports);
  o.Field("tier_note", report.tier_note);
  o.Field("event_counts", EventCountsJson(report));
  o.Field("supplicant_version", OrNull(report.supplicant_version));
  o.Field("era", report.era);
  o.Field("era_evidence", OrNull(report.era_evidence));
  o.Field("policy", OrNull(report.policy));
  o.Field("policy_evidence", OrNull(report.policy_evidence));
  o.Field("pmkids_verified", report.pmkids_verified);
  o.Field("interfaces", report.interfaces);
  if (report.ap_joined) {
    json ap = json::array();
    for (const ApLogSummary& s : report.ap_logs) ap.push_back(ApLogJson(s));
    o.Field("ap_logs", std::move(ap));
  }
  o.Array("findings", report.findings, [&](const Finding& f) { return FindingJson(report, f); });
  o.Array("roams", report.roams, [&](const RoamSummary& r) { return RoamJson(report, r); });
  o.Array("cache_history", report.cache_history,
          [&](const CacheEntryHistory& h) { return CacheJson(report, h); });
  o.Field("unknown_shapes", std::move(shapes));
  o.Field("diagnostics", std::move(diagnostics));
  o.Field("diagnostics_total", report.diagnostics_total);
  if (!report.truncated.empty()) o.Field("truncated", json(report.truncated));
  // Past the findings' limit: every finding by kind.
  if (report.truncated.count("findings") != 0)
    o.Field("finding_counts", json(report.finding_counts));
  if (report.interrupted) o.Field("interrupted", true);
  o.End();
}

namespace {

// FNV-1a, 64 bits: a short id that depends only on the trace's path.
std::string TraceId(const std::string& path) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : path) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  static const char kHex[] = "0123456789abcdef";
  for (int i = 15; i >= 0; --i, h >>= 4) buf[i] = kHex[h & 15];
  buf[16] = 0;
  return buf;
}

// {"type", "trace", "id"} followed by the fields of `body`.
json Record(const char* type, const std::string& trace, const std::string& id, json body) {
  json record{{"type", type}, {"trace", trace}, {"id", id}};
  for (auto& [key, value] : body.items()) record[key] = std::move(value);
  return record;
}

void WriteRecord(const json& record, std::ostream& out) {
  out << record.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace

void WriteJsonRecords(const Report& report, std::ostream& out) {
  WriteTraceRecord(report, report.roams.size(), out);
  for (size_t i = 0; i < report.roams.size(); ++i)
    WriteRoamRecord(report, report.input, i, report.roams[i], out);
  for (size_t i = 0; i < report.findings.size(); ++i)
    WriteFindingRecord(report, report.input, i, report.findings[i], out);
}

void WriteTraceRecord(const Report& report, size_t roams, std::ostream& out) {
  const LineCounts& c = report.counts;
  WriteRecord(Record("trace", report.input, TraceId(report.input),
                     json{{"lines", c.lines},
                          {"events", c.events},
                          {"input_format", report.input_format},
                          {"evidence_tier", report.evidence_tier},
                          {"supplicant_version", OrNull(report.supplicant_version)},
                          {"driver", OrNull(report.driver)},
                          {"firmware", OrNull(report.firmware)},
                          {"era", report.era},
                          {"policy", OrNull(report.policy)},
                          {"interfaces", report.interfaces},
                          {"roams", roams},
                          {"findings", report.FindingsTotal()},
                          {"diagnostics_total", report.diagnostics_total}}),
              out);
}

void WriteRoamRecord(const Report& report, const std::string& trace, size_t index,
                     const RoamSummary& roam, std::ostream& out) {
  WriteRecord(
      Record("roam", trace, TraceId(trace) + "-r" + std::to_string(index), RoamJson(report, roam)),
      out);
}

void WriteFindingRecord(const Report& report, const std::string& trace, size_t index,
                        const Finding& finding, std::ostream& out) {
  WriteRecord(Record("finding", trace, TraceId(trace) + "-f" + std::to_string(index),
                     FindingJson(report, finding)),
              out);
}

}  // namespace roamreplay
