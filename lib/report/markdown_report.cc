// The triage report as GitHub-flavoured Markdown: the HTML report's content
// with a compact text timeline instead of the picture, for an issue or mail.

#include <ostream>
#include <sstream>

#include <fmt/format.h>

#include "base/visible.h"
#include "report/finding_guide.h"
#include "report/attempt_table.h"
#include "report/timeline.h"
#include "report/ap_lanes.h"
#include "report/writers.h"

namespace roamreplay {
namespace {

// Log text and file names outside code blocks: control bytes visible
// ("\x1b"), newlines as spaces, and every character Markdown (or the HTML
// it allows) would interpret backslash-escaped: emphasis, links, code spans,
// table pipes, raw HTML tags and entities.
std::string Text(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\n' || c == '\r') {
      out += ' ';
    } else if (IsControlByte(c)) {
      out += VisibleControls(std::string_view(&c, 1));
    } else {
      if (std::string_view("\\`*_[]<>|&~").find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
  }
  return out;
}

// Table cells: pipes and newlines would break the table.
std::string Cell(std::string_view s) { return Text(s); }

// Code blocks are fenced with ``` and so must not contain a line of them;
// control bytes are shown as "\x1b" (newlines kept: multi-line blocks).
std::string Code(std::string_view s) {
  std::string out = VisibleControls(s, "\n");
  for (size_t pos = out.find("```"); pos != std::string::npos; pos = out.find("```", pos))
    out.replace(pos, 3, "'''");
  return out;
}

// An inline code span: one backtick would end it.
std::string InlineCode(std::string_view s) {
  std::string out;
  for (char c : VisibleControls(s)) out += c == '`' ? std::string("\\x60") : std::string(1, c);
  return out;
}

void WriteSummary(const TriageView& view, std::ostream& out) {
  out << "| | |\n|---|---|\n";
  for (const auto& [label, value] : SummaryFacts(view))
    out << "| **" << Cell(label) << "** | " << Cell(value) << " |\n";
}

void WriteFinding(const TriageView& view, size_t index, const Finding& f, const Finding* also,
                  std::ostream& out) {
  out << fmt::format("\n### {}. {} `{}`", index + 1, SeverityName(f.severity), f.kind);
  if (!f.cause.empty()) out << " (" << Text(f.cause) << ")";
  if (also != nullptr) out << fmt::format(" + {} `{}`", SeverityName(also->severity), also->kind);
  out << fmt::format(" at {}, line {}", f.time.empty() ? "-" : Text(f.time), f.line);
  if (f.bssid) out << ", " << view.ApLabel(*f.bssid) << " " << f.bssid->ToString();
  out << "\n\n**Chain:** ";
  out << Text(ChainText(CausalChain(view, f)));
  out << "\n\n" << Text(f.message) << "\n\n";
  if (also != nullptr) out << also->kind << ": " << Text(also->message) << "\n\n";
  for (const Finding* g : {&f, also}) {
    if (g == nullptr || FindingHint(g->kind).empty()) continue;
    out << "**What to do" << (also != nullptr ? " (" + g->kind + ")" : "")
        << ":** " << FindingHint(g->kind) << "\n\n";
  }
  out << "```\n";
  for (const WindowLine& w : EvidenceWindow(view, f)) {
    if (w.gap_before) out << "          ...\n";
    out << fmt::format("{}{:>7}  ", w.cited ? "> " : "  ", w.number) << Code(*w.text) << "\n";
    if (w.cited && !w.cited->role.empty())
      out << "           ^ " << Code(w.cited->role) << "\n";
  }
  out << "```\n";
}

// Cards whose finding lies beyond kDetailedFindings: one row each, up to
// kListedFindings findings; numbered as the cards above.
void WriteMoreFindings(const TriageView& view, const std::vector<FindingCard>& cards,
                       std::ostream& out) {
  const auto& findings = view.report->findings;
  size_t first = 0;
  while (first < cards.size() && cards[first].primary < kDetailedFindings) ++first;
  if (first == cards.size()) return;
  out << fmt::format("\n### {} more findings\n\n", cards.size() - first)
      << "| # | severity | kind | time | line | AP | message |\n|---:|---|---|---|---:|---|---|\n";
  size_t i = first;
  for (; i < cards.size() && cards[i].primary < kListedFindings; ++i) {
    const Finding& f = findings[cards[i].primary];
    std::string kind = f.kind + (f.cause.empty() ? "" : " (" + f.cause + ")");
    if (cards[i].companion >= 0)
      kind += " + " + findings[static_cast<size_t>(cards[i].companion)].kind;
    out << fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", i + 1, SeverityName(f.severity),
                       Cell(kind), Cell(f.time), f.line, f.bssid ? view.ApLabel(*f.bssid) : "",
                       Cell(f.message));
  }
  if (i < cards.size())
    out << fmt::format("\n... and {} more; `roamreplay replay` lists them all.\n",
                       cards.size() - i);
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
  // A long table is summarised: the first and the last kRoamRowsEachEnd rows.
  constexpr size_t kRoamRowsEachEnd = 100;
  const size_t n = r.roams.size();
  for (size_t i = 0; i < n; ++i) {
    if (n > 2 * kRoamRowsEachEnd + 50 && i == kRoamRowsEachEnd) {
      out << fmt::format("| \u2026 | {} more roams; `roamreplay replay --format json` lists them "
                         "all |", n - 2 * kRoamRowsEachEnd);
      for (size_t c = 2; c < header.size(); ++c) out << " |";
      out << "\n";
      i = n - kRoamRowsEachEnd;
    }
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
  out << "## Roaming triage report: `" << InlineCode(r.input) << "`\n\n";
  if (r.interrupted)
    out << "**Interrupted:** reading stopped on a signal; this report covers the lines read "
           "until then.\n\n";
  WriteSummary(view, out);
  out << "\n## Findings\n";
  if (r.findings.empty())
    out << "\nNo findings: every roam behaved as the reference model expects.\n";
  std::vector<FindingCard> cards = FindingCards(r);
  for (size_t i = 0; i < cards.size() && cards[i].primary < kDetailedFindings; ++i)
    WriteFinding(view, i, r.findings[cards[i].primary],
                 cards[i].companion >= 0 ? &r.findings[static_cast<size_t>(cards[i].companion)]
                                         : nullptr,
                 out);
  WriteMoreFindings(view, cards, out);
  std::string timeline = AsciiTimeline(view, 72);
  if (!timeline.empty()) out << "\n## Timeline\n\n```\n" << Code(timeline) << "```\n";
  out << "\n## Roams\n\n";
  WriteRoamTable(view, out);
  WriteAttemptTableMarkdown(*view.report, out);
  if (r.ap_joined) {
    std::ostringstream lanes;
    WriteApLanesText(r, lanes);
    out << "\n## Both sides\n\n```" << Code(lanes.str()) << "```\n";
  }
  WriteCacheTable(view, out);
  for (const auto& [list, left_out] : r.truncated)
    out << fmt::format("\n**Truncated:** {} more {} not kept (memory limit; README "
                       "\"Limits\").\n", left_out, list);
  if (r.interrupted)
    out << "\n**Interrupted:** reading stopped on a signal; this report covers the lines "
           "read until then.\n";
  if (r.diagnostics_total > 0)
    out << fmt::format("\n{} diagnostics (malformed or truncated lines); run `roamreplay "
                       "replay` to list them.\n", r.diagnostics_total);
  out << "\n<sub>Generated by roamreplay.</sub>\n";
}

}  // namespace roamreplay
