// The triage report as GitHub-flavoured Markdown: the HTML report's content
// with a compact text timeline instead of the picture, for an issue or mail.

#include <ostream>

#include <fmt/format.h>

#include "report/attempt_table.h"
#include "report/timeline.h"
#include "report/writers.h"

namespace roamreplay {
namespace {

// Table cells: pipes and newlines would break the table.
std::string Cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

// Code blocks are fenced with ``` and so must not contain a line of them.
std::string Code(std::string_view s) {
  std::string out(s);
  for (size_t pos = out.find("```"); pos != std::string::npos; pos = out.find("```", pos))
    out.replace(pos, 3, "'''");
  return out;
}

void WriteSummary(const TriageView& view, std::ostream& out) {
  out << "| | |\n|---|---|\n";
  for (const auto& [label, value] : SummaryFacts(view))
    out << "| **" << Cell(label) << "** | " << Cell(value) << " |\n";
}

void WriteFinding(const TriageView& view, size_t index, const Finding& f, std::ostream& out) {
  out << fmt::format("\n### {}. {} `{}`", index + 1, SeverityName(f.severity), f.kind);
  if (!f.cause.empty()) out << " (" << f.cause << ")";
  out << fmt::format(" at {}, line {}", f.time.empty() ? "-" : f.time, f.line);
  if (f.bssid) out << ", " << view.ApLabel(*f.bssid) << " " << f.bssid->ToString();
  out << "\n\n**Chain:** ";
  out << ChainText(CausalChain(view, f));
  out << "\n\n" << f.message << "\n\n```\n";
  for (const WindowLine& w : EvidenceWindow(view, f)) {
    if (w.gap_before) out << "          ...\n";
    out << fmt::format("{}{:>7}  ", w.cited ? "> " : "  ", w.number) << Code(*w.text) << "\n";
    if (w.cited && !w.cited->role.empty())
      out << "           ^ " << Code(w.cited->role) << "\n";
  }
  out << "```\n";
}

// Findings beyond kDetailedFindings: one row each, up to kListedFindings.
void WriteMoreFindings(const TriageView& view, std::ostream& out) {
  const auto& findings = view.report->findings;
  if (findings.size() <= kDetailedFindings) return;
  out << fmt::format("\n### {} more findings\n\n", findings.size() - kDetailedFindings)
      << "| # | severity | kind | time | line | AP | message |\n|---:|---|---|---|---:|---|---|\n";
  for (size_t i = kDetailedFindings; i < findings.size() && i < kListedFindings; ++i) {
    const Finding& f = findings[i];
    out << fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", i + 1, SeverityName(f.severity),
                       Cell(f.kind + (f.cause.empty() ? "" : " (" + f.cause + ")")), f.time,
                       f.line, f.bssid ? view.ApLabel(*f.bssid) : "", Cell(f.message));
  }
  if (findings.size() > kListedFindings)
    out << fmt::format("\n... and {} more; `roamreplay replay` lists them all.\n",
                       findings.size() - kListedFindings);
}

void WriteRoamTable(const TriageView& view, std::ostream& out) {
  const Report& r = *view.report;
  if (r.roams.empty()) {
    out << "No connection attempts in this log.\n";
    return;
  }
  std::vector<std::string> header = RoamTableHeader();
  out << "|";
  for (const std::string& h : header) out << " " << h << " |";
  out << "\n|";
  for (size_t c = 0; c < header.size(); ++c) out << (c >= 4 ? "---:|" : "---|");
  out << "\n";
  for (size_t i = 0; i < r.roams.size(); ++i) {
    out << "|";
    for (const std::string& cell : RoamTableRow(view, i)) out << " " << Cell(cell) << " |";
    out << "\n";
  }
  out << "\nPhase columns: milliseconds from the start of the roam; \u2013 = not in the log.\n";
}

void WriteCacheTable(const TriageView& view, std::ostream& out) {
  const Report& r = *view.report;
  if (r.cache_history.empty()) return;
  out << "\n## PMKSA cache entries\n\n"
         "| AP | PMKID | PMK gen | origin | created | accepted (OKC) | stale from | removed |\n"
         "|---|---|---:|---|---|---|---|---|\n";
  auto line = [](uint64_t l) { return l == 0 ? std::string("\u2013") : "line " + std::to_string(l); };
  for (const CacheEntryHistory& c : r.cache_history) {
    out << "| " << view.ApLabel(c.aa) << " " << c.aa.ToString() << " | "
        << (c.pmkid.known ? c.pmkid.Short() + "\u2026" : "not logged") << " | " << c.generation
        << " | " << (c.clone ? "OKC clone" : "full authentication") << " | "
        << line(c.created_line) << " | " << line(c.validated_line) << " | "
        << line(c.stale_line) << " | "
        << (c.removed_line == 0 ? std::string("still cached")
                                : Cell(c.removed_how) + ", " + line(c.removed_line))
        << " |\n";
  }
}

}  // namespace

void WriteMarkdownReport(const TriageView& view, std::ostream& out) {
  const Report& r = *view.report;
  out << "## Roaming triage report: `" << Code(r.input) << "`\n\n";
  WriteSummary(view, out);
  out << "\n## Findings\n";
  if (r.findings.empty())
    out << "\nNo findings: every roam behaved as the reference model expects.\n";
  for (size_t i = 0; i < r.findings.size() && i < kDetailedFindings; ++i)
    WriteFinding(view, i, r.findings[i], out);
  WriteMoreFindings(view, out);
  std::string timeline = AsciiTimeline(view, 72);
  if (!timeline.empty()) out << "\n## Timeline\n\n```\n" << Code(timeline) << "```\n";
  out << "\n## Roams\n\n";
  WriteRoamTable(view, out);
  WriteAttemptTableMarkdown(*view.report, out);
  WriteCacheTable(view, out);
  if (r.diagnostics_total > 0)
    out << fmt::format("\n{} diagnostics (malformed or truncated lines); run `roamreplay "
                       "replay` to list them.\n", r.diagnostics_total);
  out << "\n<sub>Generated by roamreplay.</sub>\n";
}

}  // namespace roamreplay
