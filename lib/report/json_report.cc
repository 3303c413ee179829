#include <nlohmann/json.hpp>

#include "report/writers.h"

namespace roamreplay {
namespace {

using json = nlohmann::ordered_json;

json OrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json EvidenceJson(const EvidenceLine& e) {
  return json{{"line", e.line}, {"time", OrNull(e.time)}, {"text", e.text}, {"role", e.role}};
}

json FindingJson(const Finding& f) {
  json evidence = json::array();
  for (const EvidenceLine& e : f.evidence) evidence.push_back(EvidenceJson(e));
  return json{
      {"kind", f.kind},
      {"severity", std::string(SeverityName(f.severity))},
      {"time", OrNull(f.time)},
      {"time_us", f.time_us ? json(*f.time_us) : json(nullptr)},
      {"line", f.line},
      {"interface", OrNull(f.interface)},
      {"bssid", f.bssid ? json(f.bssid->ToString()) : json(nullptr)},
      {"pmkid", f.pmkid.known ? json(f.pmkid.ToHex()) : json(nullptr)},
      {"cause", OrNull(f.cause)},
      {"message", f.message},
      {"evidence", std::move(evidence)},
  };
}

json RoamJson(const RoamSummary& r) {
  return json{
      {"interface", OrNull(r.interface)},
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
      {"time_us", r.start_time_us ? json(*r.start_time_us) : json(nullptr)},
      {"duration_ms",
       r.duration_us ? json(static_cast<double>(*r.duration_us) / 1000.0) : json(nullptr)},
  };
}

json CacheJson(const CacheEntryHistory& h) {
  auto line_or_null = [](uint64_t line) { return line ? json(line) : json(nullptr); };
  return json{
      {"interface", OrNull(h.interface)},
      {"bssid", h.aa.ToString()},
      {"pmkid", h.pmkid.known ? json(h.pmkid.ToHex()) : json(nullptr)},
      {"generation", h.generation},
      {"clone", h.clone},
      {"created_line", h.created_line},
      {"created_time", OrNull(h.created_time)},
      {"validated_line", line_or_null(h.validated_line)},
      {"stale_line", line_or_null(h.stale_line)},
      {"removed_line", line_or_null(h.removed_line)},
      {"removed_time", OrNull(h.removed_time)},
      {"removed_how", OrNull(h.removed_how)},
  };
}

json EventCountsJson(const Report& report) {
  json counts = json::object();
  for (const auto& [name, count] : report.event_counts) counts[name] = count;
  return counts;
}

json SnapshotEntryJson(const SnapshotEntry& e) {
  auto opt_us = [](const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); };
  return json{
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
      {"reauth_us", opt_us(e.reauth_us)},
      {"created_line", e.created_line},
      {"created_time", OrNull(e.created_time)},
  };
}

}  // namespace

void WriteCacheSnapshotJson(const CacheSnapshot& snap, bool pretty, std::ostream& out) {
  json observed = json::array(), reference = json::array();
  for (const SnapshotEntry& e : snap.observed) observed.push_back(SnapshotEntryJson(e));
  for (const SnapshotEntry& e : snap.reference) reference.push_back(SnapshotEntryJson(e));
  json doc{{"at_line", snap.at_line},
           {"time", OrNull(snap.time)},
           {"observed", std::move(observed)},
           {"reference", std::move(reference)}};
  out << doc.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace) << '\n';
}

void WriteJsonReport(const Report& report, bool pretty, std::ostream& out) {
  json findings = json::array();
  for (const Finding& f : report.findings) findings.push_back(FindingJson(f));
  json roams = json::array();
  for (const RoamSummary& r : report.roams) roams.push_back(RoamJson(r));
  json diagnostics = json::array();
  for (const Diagnostic& d : report.diagnostics)
    diagnostics.push_back(json{{"line", d.line}, {"message", d.message}});
  json cache = json::array();
  for (const CacheEntryHistory& h : report.cache_history) cache.push_back(CacheJson(h));
  json shapes = json::array();
  for (const ShapeCount& sc : report.unknown_shapes)
    shapes.push_back(json{{"shape", sc.shape}, {"count", sc.count}, {"first_line", sc.first_line}});
  const LineCounts& c = report.counts;
  json doc{
      {"input", report.input},
      {"lines", c.lines},
      {"events", c.events},
      {"unknown_lines", c.unknown},
      {"known_lines", c.known},
      {"malformed_lines", c.malformed},
      {"other_lines", c.other},
      {"other_source_lines", c.other_sources},
      {"rejoined_lines", c.rejoined},
      {"input_format", report.input_format},
      {"input_format_detected", report.input_format_detected},
      {"time_axis", report.time_axis},
      {"wrap_column", report.wrap_column ? json(report.wrap_column) : json(nullptr)},
      {"evidence_tier", report.evidence_tier},
      {"tier_supports", report.tier_supports},
      {"tier_note", report.tier_note},
      {"event_counts", EventCountsJson(report)},
      {"supplicant_version", OrNull(report.supplicant_version)},
      {"era", report.era},
      {"era_evidence", OrNull(report.era_evidence)},
      {"policy", OrNull(report.policy)},
      {"policy_evidence", OrNull(report.policy_evidence)},
      {"pmkids_verified", report.pmkids_verified},
      {"interfaces", report.interfaces},
      {"findings", std::move(findings)},
      {"roams", std::move(roams)},
      {"cache_history", std::move(cache)},
      {"unknown_shapes", std::move(shapes)},
      {"diagnostics", std::move(diagnostics)},
      {"diagnostics_total", report.diagnostics_total},
  };
  // Invalid UTF-8 in log text is replaced, never an exception.
  out << doc.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace) << '\n';
}

}  // namespace roamreplay
