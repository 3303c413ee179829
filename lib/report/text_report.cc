#include <fmt/format.h>

#include "report/attempt_table.h"
#include "report/timeline.h"
#include "report/writers.h"

namespace roamreplay {
namespace {

struct Palette {
  std::string_view bold, red, yellow, cyan, dim, reset;
};
constexpr Palette kPlain{"", "", "", "", "", ""};
constexpr Palette kAnsi{"\033[1m", "\033[31m", "\033[33m", "\033[36m", "\033[2m", "\033[0m"};

std::string_view MethodLabel(const RoamSummary& r) {
  if (r.method == "full-eap") return r.offered && r.refused ? "full EAP (PMKID refused)" : "full EAP";
  if (r.method == "full-auth") return r.offered && r.refused ? "full auth (PMKID refused)" : "full auth";
  if (r.method == "pmksa-cache") return "PMKSA cache";
  if (r.method == "okc") return "OKC";
  if (r.method == "failed") return "failed";
  return "unfinished at end of log";
}

std::string Duration(const RoamSummary& r) {
  if (!r.duration_us) return "";
  return fmt::format("{:.0f} ms", static_cast<double>(*r.duration_us) / 1000.0);
}

void WriteTimeline(const Report& report, const Palette& p, std::ostream& out) {
  if (report.roams.empty()) {
    out << "\nNo connection attempts in this log.\n";
    return;
  }
  out << fmt::format("\n{}Connections and roams{}\n", p.bold, p.reset);
  for (const RoamSummary& r : report.roams) {
    std::string what = r.reauth ? "re-auth" : "connect";
    std::string time = r.start_time.empty() ? "-" : r.start_time;
    std::string ifname = r.interface.empty() ? "" : r.interface + " ";
    out << fmt::format("  {:<18} {}{:<8} {}  {:<26} {:>8}  line {}\n", time, ifname, what,
                       r.bssid.ToString(), MethodLabel(r), Duration(r), r.start_line);
  }
}

void WriteFinding(const Finding& f, const Palette& p, std::ostream& out) {
  std::string_view colour = f.severity == Severity::kError ? p.red : p.yellow;
  out << fmt::format("\n{}{}{} {}{}{}", colour, SeverityName(f.severity), p.reset, p.bold, f.kind,
                     p.reset);
  if (!f.cause.empty()) out << " (" << f.cause << ")";
  out << fmt::format(" at {}line {}", f.time.empty() ? "" : f.time + ", ", f.line);
  if (f.bssid) out << "  " << f.bssid->ToString();
  out << "\n  " << f.message << "\n";
  for (const EvidenceLine& e : f.evidence) {
    out << fmt::format("  {}{:>7}{}  {}\n", p.cyan, e.line, p.reset, e.text);
    if (!e.role.empty()) out << fmt::format("  {}         ^ {}{}\n", p.dim, e.role, p.reset);
  }
}

void WriteInputLines(const Report& report, std::ostream& out) {
  const LineCounts& c = report.counts;
  if (c.other_sources > 0 || c.rejoined > 0)
    out << fmt::format("  {} other-source lines, {} wrapped lines re-joined\n", c.other_sources,
                       c.rejoined);
  if (!report.input_format.empty())
    out << fmt::format("  input: {} ({}), time axis: {}\n", report.input_format,
                       report.input_format_detected ? "detected" : "given", report.time_axis);
  if (!report.evidence_tier.empty()) {
    std::string kinds;
    for (const std::string& k : report.tier_supports) kinds += (kinds.empty() ? "" : ", ") + k;
    out << fmt::format("  evidence tier: {} (can show {}): {}\n", report.evidence_tier, kinds,
                       report.tier_note);
  }
}

// The ASCII timeline of report/timeline.h; in colour, stale entries are red
// and full-EAP roams yellow (only inside the plot, between the '|').
void WriteAsciiTimeline(const Report& report, const Palette& p, std::ostream& out) {
  // 72 columns cannot show more; the view would copy every roam and entry.
  constexpr size_t kMaxRoams = 500;
  if (report.roams.size() > kMaxRoams) {
    out << fmt::format("\n{}Timeline{} omitted: {} roams (see `roamreplay report` or stats)\n",
                       p.bold, p.reset, report.roams.size());
    return;
  }
  std::string t = AsciiTimeline(ViewWithoutScan(report), 72);
  if (t.empty()) return;
  out << fmt::format("\n{}Timeline{}\n", p.bold, p.reset);
  size_t start = 0;
  while (start < t.size()) {
    size_t end = t.find('\n', start);
    std::string_view line(t.data() + start, (end == std::string::npos ? t.size() : end) - start);
    size_t open = line.find('|'), close = line.rfind('|');
    for (size_t i = 0; i < line.size(); ++i) {
      bool plot = open != std::string_view::npos && i > open && i < close;
      std::string_view colour = !plot ? "" : line[i] == 'x' ? p.red : line[i] == 'F' ? p.yellow : "";
      if (colour.empty()) out << line[i];
      else out << colour << line[i] << p.reset;
    }
    out << "\n";
    start = end == std::string::npos ? t.size() : end + 1;
  }
}

}  // namespace

void WriteTextReport(const Report& report, const TextStyle& style, std::ostream& out) {
  const Palette& p = style.color ? kAnsi : kPlain;
  const LineCounts& c = report.counts;
  out << fmt::format("{}{}{}\n", p.bold, report.input, p.reset);
  out << fmt::format("  {} lines: {} events, {} known, {} unknown, {} malformed, {} other\n",
                     c.lines, c.events, c.known, c.unknown, c.malformed, c.other);
  WriteInputLines(report, out);
  std::string version =
      report.supplicant_version.empty() ? "" : " v" + report.supplicant_version + ",";
  out << fmt::format("  supplicant:{} era {}{}\n", version, report.era,
                     report.era_evidence.empty() ? "" : " (" + report.era_evidence + ")");
  if (!report.policy.empty())
    out << fmt::format("  flush policy: {} ({})\n", report.policy, report.policy_evidence);
  if (report.pmkids_verified > 0)
    out << fmt::format("  PMKID proof: {} PMKIDs recomputed from the logged PMKs\n",
                       report.pmkids_verified);
  if (!report.interfaces.empty()) {
    out << "  interfaces:";
    for (const std::string& i : report.interfaces) out << ' ' << i;
    out << '\n';
  }
  WriteTimeline(report, p, out);
  WriteAttemptTableText(report, out);
  if (style.ascii_timeline) WriteAsciiTimeline(report, p, out);
  if (report.findings.empty()) {
    out << "\nNo findings.\n";
  } else {
    out << fmt::format("\n{}Findings: {}{}\n", p.bold, report.findings.size(), p.reset);
    for (const Finding& f : report.findings) WriteFinding(f, p, out);
  }
  if (report.diagnostics_total > 0) {
    out << fmt::format("\nDiagnostics: {}\n", report.diagnostics_total);
    for (const Diagnostic& d : report.diagnostics)
      out << fmt::format("  {}:{}: {}\n", report.input, d.line, d.message);
    if (report.diagnostics_total > report.diagnostics.size())
      out << fmt::format("  ... and {} more\n", report.diagnostics_total - report.diagnostics.size());
  }
}

}  // namespace roamreplay
