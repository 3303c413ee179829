// The content half of timeline.h shared by the HTML and Markdown writers:
// summary facts, evidence windows and the roam table.

#include <algorithm>

#include <fmt/format.h>

#include "report/finding_guide.h"
#include "report/timeline.h"

namespace roamreplay {
namespace {

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : std::string(sep)) + p;
  return out;
}

std::string RoamCounts(const Report& report) {
  static const std::pair<const char*, const char*> kMethods[] = {
      {"full-eap", "full EAP"},       {"full-auth", "full authentication (SAE/PSK)"},
      {"sae", "SAE"},                 {"psk", "PSK"},
      {"owe", "OWE"},                 {"pmksa-cache", "PMKSA cache"},
      {"okc", "OKC"},                 {"sae-pmksa", "SAE PMKSA cache"},
      {"ft", "FT"},                   {"driver", "by the driver"},
      {"failed", "failed"},           {"unfinished", "unfinished"}};
  std::vector<std::string> parts;
  // (No structured bindings: clang 14 cannot capture them in the lambdas.)
  for (const auto& entry : kMethods) {
    const char* method = entry.first;
    const char* label = entry.second;
    size_t n = static_cast<size_t>(std::count_if(report.roams.begin(), report.roams.end(),
                                                 [&](const RoamSummary& r) { return r.method == method; }));
    size_t refused = static_cast<size_t>(std::count_if(
        report.roams.begin(), report.roams.end(),
        [&](const RoamSummary& r) { return r.method == method && r.refused; }));
    if (n == 0 && std::string_view(method) != "failed") continue;
    std::string part = fmt::format("{} {}", n, label);
    if (refused > 0) part += fmt::format(" ({} after a refused PMKID)", refused);
    parts.push_back(part);
  }
  return fmt::format("all {} connection attempts by method: {}", report.roams.size(),
                     Join(parts, ", "));
}

std::string FindingCounts(const Report& report) {
  if (report.findings.empty()) return "none";
  return fmt::format("{}: {}", report.FindingsTotal(), FindingsByKind(report));
}

std::string Offset(const std::optional<int64_t>& t, const std::optional<int64_t>& start) {
  if (!t || !start) return "\u2013";
  return fmt::format("+{:.1f}", static_cast<double>(*t - *start) / 1000.0);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> SummaryFacts(const TriageView& view) {
  const Report& r = *view.report;
  std::vector<std::pair<std::string, std::string>> facts;
  facts.emplace_back("Input", r.input + (view.scan.context.empty() && !r.findings.empty()
                                             ? " (read once: no context lines, no phase times)"
                                             : ""));
  std::string supplicant = r.supplicant_version.empty() ? "version unknown"
                                                        : "v" + r.supplicant_version;
  supplicant += ", era " + r.era;
  if (!r.era_evidence.empty()) supplicant += " (" + r.era_evidence + ")";
  facts.emplace_back("Supplicant", supplicant);
  if (!r.policy.empty())
    facts.emplace_back("Flush policy", r.policy + (r.policy_evidence.empty()
                                                       ? ""
                                                       : " (" + r.policy_evidence + ")"));
  if (!r.evidence_tier.empty())
    facts.emplace_back("Evidence tier", r.tier_note.rfind(r.evidence_tier, 0) == 0
                                            ? r.tier_note
                                            : r.evidence_tier + (r.tier_note.empty()
                                                                     ? ""
                                                                     : ": " + r.tier_note));
  facts.emplace_back("Interfaces", r.interfaces.empty() ? "none named"
                                                        : Join(r.interfaces, ", "));
  const LogScan& s = view.scan;
  auto text = [&](const std::string& t, int64_t us) {
    std::string shown = t.empty() ? LogTimeText(r, us) : t;
    std::string iso = IsoTime(r, us);
    return iso.empty() ? shown : shown + " (" + iso + ")";
  };
  if (s.first_time_us && s.last_time_us)
    facts.emplace_back("Time span",
                       fmt::format("{} \u2192 {} ({})", text(s.first_time, *s.first_time_us),
                                   text(s.last_time, *s.last_time_us),
                                   HumanDuration(*s.last_time_us - *s.first_time_us)));
  const LineCounts& c = r.counts;
  facts.emplace_back("Lines", fmt::format("{} ({} events, {} known, {} unknown, {} malformed)",
                                          c.lines, c.events, c.known, c.unknown, c.malformed));
  std::vector<std::string> aps;
  for (size_t i = 0; i < view.aps.size(); ++i)
    aps.push_back(fmt::format("AP-{} {}", i + 1, view.aps[i].ToString()));
  facts.emplace_back("APs seen", aps.empty() ? "none" : Join(aps, ", "));
  // "Roams 2 ...": the count `replay` and `stats` give, then every attempt.
  facts.emplace_back("Roams", RoamCountsText(r).substr(6) + "; " + RoamCounts(r));
  facts.emplace_back("Findings", FindingCounts(r));
  std::string privacy = view.redacted ? "key material, passwords and EAP identities redacted"
                                      : "NOT redacted (--no-redact): may contain keys and identities";
  if (view.anonymized) privacy += "; MAC addresses and SSIDs anonymised";
  facts.emplace_back("Privacy", privacy);
  return facts;
}

std::vector<WindowLine> EvidenceWindow(const TriageView& view, const Finding& f) {
  std::vector<std::pair<uint64_t, uint64_t>> ranges;
  for (const EvidenceLine& e : f.evidence)
    ranges.emplace_back(e.line > kContextLines ? e.line - kContextLines : 1,
                        e.line + kContextLines);
  auto cited = [&](uint64_t n) -> const EvidenceLine* {
    for (const EvidenceLine& e : f.evidence)
      if (e.line == n) return &e;
    return nullptr;
  };
  std::vector<WindowLine> out;
  uint64_t prev = 0;
  auto push = [&](uint64_t n, const std::string* text) {
    out.push_back({n, text, cited(n), prev != 0 && n != prev + 1});
    prev = n;
  };
  if (view.scan.context.empty()) {
    for (const EvidenceLine& e : f.evidence) push(e.line, &e.text);
    return out;
  }
  std::sort(ranges.begin(), ranges.end());
  const std::vector<ContextLine>& ctx = view.scan.context;
  uint64_t done = 0;  // last line pushed; ranges may overlap
  for (const auto& [first, last] : ranges) {
    auto it = std::lower_bound(ctx.begin(), ctx.end(), std::max(first, done + 1),
                               [](const ContextLine& c, uint64_t n) { return c.number < n; });
    for (; it != ctx.end() && it->number <= last; ++it) push(it->number, &it->text);
    done = std::max(done, last);
  }
  return out;
}

std::vector<std::string> RoamTableHeader() {
  return {"#", "start", "AP", "how", "auth", "assoc", "EAP start", "EAP done", "4-way msg 1",
          "keys set", "connected", "total"};
}

std::vector<std::string> RoamTableRow(const TriageView& view, size_t i) {
  const RoamSummary& r = view.report->roams[i];
  RoamPhases p = i < view.scan.phases.size() ? view.scan.phases[i] : RoamPhases();
  std::optional<int64_t> start = p.selection ? p.selection : r.start_time_us;
  std::string how = r.kind + ", " + MethodName(r);
  if (r.refused) how += ", PMKID refused";
  else if (r.offered && r.method != "okc" && r.method != "pmksa-cache") how += ", PMKID offered";
  std::optional<int64_t> end = p.connected ? p.connected : p.key_done;
  // The roam's own duration (to key negotiation), as `replay` prints it;
  // the phases only when the model has none.
  std::string total = RoamDurationText(r);
  if (total.empty() && end && start) total = HumanDuration(*end - *start);
  return {std::to_string(i + 1),
          fmt::format("{} (line {})", r.start_time.empty() ? "-" : r.start_time, r.start_line),
          fmt::format("{} {}", view.ApLabel(r.bssid), r.bssid.ToString()),
          how,
          Offset(p.authentication, start),
          Offset(p.association, start),
          Offset(p.eap_start, start),
          Offset(p.eap_success, start),
          Offset(p.four_way, start),
          Offset(p.key_done, start),
          Offset(p.connected, start),
          total};
}

}  // namespace roamreplay
