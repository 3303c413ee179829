#include <cstdio>

#include <nlohmann/json.hpp>

#include "report/json_writer.h"
#include "report/writers.h"

namespace roamreplay {
namespace {

using json = nlohmann::ordered_json;

json OrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

// ISO 8601 date of `us` on the axis, or null (a relative clock, no time,
// or no `time` text).
void IsoField(JsonWriter* w, std::string_view key, const Report& report, bool has_text,
              const std::optional<int64_t>& us) {
  w->Key(key);
  IsoBuffer buf;
  std::string_view iso = has_text && us ? FormatIsoTime(report, *us, &buf) : std::string_view();
  if (iso.empty()) w->Null();
  else w->String(iso);
}

void MacField(JsonWriter* w, std::string_view key, const MacAddress& mac) {
  std::array<char, 17> buf;
  w->Field(key, mac.Format(&buf));
}

void PmkidField(JsonWriter* w, std::string_view key, const Pmkid& pmkid) {
  if (pmkid.known) w->Field(key, pmkid.ToHex());
  else w->FieldNull(key);
}

void FindingFields(const Report& report, const Finding& f, JsonWriter* w) {
  w->Field("kind", f.kind);
  w->Field("severity", SeverityName(f.severity));
  w->FieldOrNull("time", f.time);
  IsoField(w, "time_iso", report, !f.time.empty(), f.time_us);
  w->FieldOrNull("time_us", f.time_us);
  w->Field("line", f.line);
  w->FieldOrNull("interface", f.interface);
  if (f.bssid) MacField(w, "bssid", *f.bssid);
  else w->FieldNull("bssid");
  PmkidField(w, "pmkid", f.pmkid);
  w->FieldOrNull("cause", f.cause);
  w->Field("message", f.message);
  w->Key("evidence");
  w->BeginArray();
  for (const EvidenceLine& e : f.evidence) {
    w->BeginObject();
    w->Field("line", e.line);
    w->FieldOrNull("time", e.time);
    IsoField(w, "time_iso", report, !e.time.empty(), e.time_us);
    w->Field("text", e.text);
    w->Field("role", e.role);
    w->EndObject();
  }
  w->EndArray();
  if (f.evidence_omitted > 0) w->Field("evidence_omitted", f.evidence_omitted);
  if (f.offered) w->Field("offered", *f.offered);
  if (report.ap_joined) {
    w->Key("ap_evidence");
    w->BeginArray();
    for (const ApEvidence& e : f.ap_evidence) {
      w->BeginObject();
      w->Field("line", e.line);
      w->FieldOrNull("time", e.time);
      w->Field("text", e.text);
      w->Field("source", e.source);
      w->EndObject();
    }
    w->EndArray();
    if (f.kind == "pmkid-rejected" || f.kind == "ap-forgot-pmksa")
      w->FieldOrNull("ap_cause", f.ap_cause);
  }
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

// A time on the axis as ISO 8601, or null without a `time` text or a time.
void TimeIsoField(JsonWriter* w, std::string_view key, const Report& report,
                  const std::string& time, int64_t us) {
  IsoField(w, key, report, !time.empty() && us != 0, us);
}

void TriggerObject(const Report& report, const AttemptTrigger& t, JsonWriter* w) {
  w->BeginObject();
  w->Field("kind", t.kind);
  w->FieldNonZero("line", t.line);
  w->FieldOrNull("time", t.time);
  TimeIsoField(w, "time_iso", report, t.time, t.time_us);
  w->FieldOrNull("reason_code", t.reason_code);
  w->FieldOrNull("reason", t.reason);
  w->FieldOrNull("locally_generated", t.locally_generated);
  w->Field("detail", t.detail);
  w->EndObject();
}

void FailureObject(const Report& report, const std::optional<AttemptFailure>& f, JsonWriter* w) {
  if (!f) return w->Null();
  w->BeginObject();
  w->Field("phase", f->phase);
  w->FieldOrNull("status_code", f->status_code);
  w->FieldOrNull("reason_code", f->reason_code);
  w->FieldOrNull("name", f->name);
  w->FieldOrNull("locally_generated", f->locally_generated);
  w->Field("line", f->line);
  w->FieldOrNull("time", f->time);
  TimeIsoField(w, "time_iso", report, f->time, f->time_us);
  w->Field("detail", f->detail);
  w->EndObject();
}

void RoamFields(const Report& report, const RoamSummary& r, JsonWriter* w) {
  w->FieldOrNull("interface", r.interface);
  w->Field("kind", r.kind);
  MacField(w, "bssid", r.bssid);
  w->FieldOrNull("ssid", r.ssid);
  w->Field("first", r.first);
  w->Field("method", r.method);
  w->Field("reauth", r.reauth);
  w->FieldOrNull("reauth_cause", r.reauth_cause);
  PmkidField(w, "offered_pmkid", r.offered_pmkid);
  w->Field("refused", r.refused);
  w->Field("start_line", r.start_line);
  w->FieldNonZero("end_line", r.end_line);
  w->FieldOrNull("time", r.start_time);
  IsoField(w, "time_iso", report, !r.start_time.empty(), r.start_time_us);
  w->FieldOrNull("time_us", r.start_time_us);
  w->FieldMillis("duration_ms", r.duration_us);
  w->FieldOrNull("duration_coarse_s", r.duration_coarse_s);
  w->Key("trigger");
  TriggerObject(report, r.detail.trigger, w);
  w->FieldOrNull("akm", r.detail.akm);
  w->FieldOrNull("auth_algorithm", r.detail.auth_algorithm);
  w->Field("outcome", r.detail.outcome);
  w->Key("failure");
  FailureObject(report, r.detail.failure, w);
  w->Key("fallback_of");
  if (r.fallback_of) w->Uint(*r.fallback_of);
  else w->Null();
  const AttemptPhases& p = r.detail.phases;
  w->Key("phases_ms");
  w->BeginObject();
  w->FieldMillis("scan", p.scan);
  w->FieldMillis("authentication", p.authentication);
  w->FieldMillis("association", p.association);
  w->FieldMillis("eap", p.eap);
  w->FieldMillis("4way", p.four_way);
  w->FieldMillis("total", p.total);
  w->EndObject();
  const FastPath& fp = r.detail.fast_path;
  w->Key("fast_path");
  w->BeginObject();
  w->Field("expected", fp.expected);
  w->Field("used", fp.used);
  w->FieldOrNull("why_not", fp.why_not);
  w->Field("detail", fp.detail);
  w->EndObject();
  if (report.ap_joined) {
    w->FieldOrNull("ap_answer", r.ap_answer);
    w->FieldNonZero("ap_line", r.ap_line);
    if (r.ap_line && r.ap_log < report.ap_logs.size())
      w->Field("ap_log", report.ap_logs[r.ap_log].path);
    else
      w->FieldNull("ap_log");
  }
}

// The key-management fields shared by cache_history and snapshot entries.
void KeyFactsFields(const EntryKeyFacts& k, JsonWriter* w) {
  char akmp[16];
  std::snprintf(akmp, sizeof akmp, "0x%x", static_cast<unsigned>(k.akmp));
  if (k.akmp != 0) w->Field("akmp", akmp);
  else w->FieldNull("akmp");
  w->FieldOrNull("akm", k.akm);
  w->Field("ap_mld", k.ap_mld);
  w->FieldOrNull("pmkid_source", k.pmkid_source);
  w->FieldNonZero("pmkid_learned_line", k.pmkid_learned_line);
  PmkidField(w, "pmkr0_name", k.pmkr0_name);
  PmkidField(w, "pmkr1_name", k.pmkr1_name);
  w->Field("driver_pmksa", k.driver_pmksa);
  w->FieldNonZero("expiration_postponed_line", k.expiration_postponed_line);
  if (k.fils_cache_id >= 0) {
    char id[8];
    std::snprintf(id, sizeof id, "%04x", static_cast<unsigned>(k.fils_cache_id) & 0xffff);
    w->Field("fils_cache_id", id);
  } else {
    w->FieldNull("fils_cache_id");
  }
  w->Field("origin", k.origin);
}

void AddKeyFacts(const EntryKeyFacts& k, json* o) {
  std::string text;
  JsonWriter w(&text, /*pretty=*/false);
  w.BeginObject();
  KeyFactsFields(k, &w);
  w.EndObject();
  json facts = json::parse(text);
  for (auto& [key, value] : facts.items()) (*o)[key] = std::move(value);
}

void CacheFields(const Report& report, const CacheEntryHistory& h, JsonWriter* w) {
  w->FieldOrNull("interface", h.interface);
  MacField(w, "bssid", h.aa);
  PmkidField(w, "pmkid", h.pmkid);
  w->Field("generation", h.generation);
  w->Field("clone", h.clone);
  w->Field("created_line", h.created_line);
  w->FieldOrNull("created_time", h.created_time);
  IsoField(w, "created_time_iso", report, !h.created_time.empty(), h.created_time_us);
  w->FieldNonZero("validated_line", h.validated_line);
  w->FieldNonZero("stale_line", h.stale_line);
  w->FieldNonZero("removed_line", h.removed_line);
  w->FieldOrNull("removed_time", h.removed_time);
  IsoField(w, "removed_time_iso", report, !h.removed_time.empty(), h.removed_time_us);
  w->FieldOrNull("removed_how", h.removed_how);
  KeyFactsFields(h.keys, w);
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

  // An array of objects, each written by fields(item, writer) and sent to
  // the stream in chunks.
  template <typename T, typename Fields>
  void Objects(const char* key, const std::vector<T>& items, Fields fields) {
    Key(key);
    if (items.empty()) {
      out_ << "[]";
      return;
    }
    out_ << '[';
    std::string chunk;
    // One writer for all the items (each a top-level value of its own), so
    // that its stack of open containers is not allocated item after item.
    JsonWriter w(&chunk, pretty_, 2);
    for (size_t i = 0; i < items.size(); ++i) {
      if (i > 0) chunk += ',';
      if (pretty_) chunk += "\n    ";
      w.BeginObject();
      fields(items[i], &w);
      w.EndObject();
      if (chunk.size() >= 64 * 1024) {
        out_ << chunk;
        chunk.clear();
      }
    }
    out_ << chunk << (pretty_ ? "\n  ]" : "]");
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
  o.Objects("findings", report.findings,
            [&](const Finding& f, JsonWriter* w) { FindingFields(report, f, w); });
  o.Objects("roams", report.roams,
            [&](const RoamSummary& r, JsonWriter* w) { RoamFields(report, r, w); });
  o.Objects("cache_history", report.cache_history,
            [&](const CacheEntryHistory& h, JsonWriter* w) { CacheFields(report, h, w); });
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

// One record line: {"type", "trace", "id"} and the fields fields(writer) writes.
template <typename Fields>
void WriteRecordWith(const char* type, const std::string& trace, const std::string& id,
                     Fields fields, std::ostream& out) {
  std::string line;
  JsonWriter w(&line, /*pretty=*/false);
  w.BeginObject();
  w.Field("type", type);
  w.Field("trace", trace);
  w.Field("id", id);
  fields(&w);
  w.EndObject();
  line += '\n';
  out << line;
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
  WriteRecordWith("roam", trace, TraceId(trace) + "-r" + std::to_string(index),
                  [&](JsonWriter* w) { RoamFields(report, roam, w); }, out);
}

void WriteFindingRecord(const Report& report, const std::string& trace, size_t index,
                        const Finding& finding, std::ostream& out) {
  WriteRecordWith("finding", trace, TraceId(trace) + "-f" + std::to_string(index),
                  [&](JsonWriter* w) { FindingFields(report, finding, w); }, out);
}

}  // namespace roamreplay
