// The triage report as one self-contained XHTML-compatible page: inline CSS
// and SVG, no scripts, nothing fetched. Every text is escaped (&<>"') and
// sanitised to valid UTF-8 without control characters, so the page parses
// as XML.

#include <ostream>

#include <fmt/format.h>

#include "report/finding_guide.h"
#include "report/attempt_table.h"
#include "report/ap_lanes.h"
#include "report/timeline.h"
#include "report/writers.h"

namespace roamreplay {

void WriteHtmlTimeline(const TriageView& view, std::ostream& out);  // html_timeline.cc

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    bool valid = len > 0 && i + len <= s.size();
    for (size_t k = 1; valid && k < len; ++k)
      valid = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
    if (!valid) {
      out += "\xef\xbf\xbd";  // U+FFFD for invalid UTF-8
      ++i;
      continue;
    }
    if (len > 1) {
      out.append(s.substr(i, len));
      i += len;
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\t': out += ' '; break;
      default: out += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
    }
    ++i;
  }
  return out;
}

namespace {

constexpr std::string_view kCss = R"css(
:root { --fg: #1d2330; --muted: #5b6475; --line: #d9dee7; --bg: #ffffff; --soft: #f5f7fa;
        --err: #c62828; --warn: #b26a00; --ok: #2e7d32; --accent: #2f5ea8; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--soft); color: var(--fg);
       font: 14px/1.45 -apple-system, "Segoe UI", "DejaVu Sans", Roboto, Helvetica, Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 40px; background: var(--bg); }
h1 { font-size: 22px; margin: 0 0 2px; }
h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 0 0 6px; }
.sub { color: var(--muted); margin: 0 0 14px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--soft); font-weight: 600; }
table.facts th { width: 150px; background: none; color: var(--muted); font-weight: 500; }
table.roams td.num, table.roams th.num { text-align: right; font-variant-numeric: tabular-nums;
                                         white-space: nowrap; }
.finding { border: 1px solid var(--line); border-left: 6px solid var(--err); border-radius: 6px;
           padding: 12px 14px; margin: 12px 0 18px; }
.finding.warning { border-left-color: var(--warn); }
.finding.info { border-left-color: var(--accent); }
.badge { display: inline-block; font-size: 11px; font-weight: 700; text-transform: uppercase;
         padding: 1px 7px; border-radius: 9px; color: #fff; background: var(--err); margin-right: 6px; }
.warning .badge { background: var(--warn); }
.info .badge { background: var(--accent); }
.chain { list-style: none; padding: 0; margin: 8px 0; display: flex; flex-wrap: wrap; gap: 4px 0; }
.chain li { display: flex; align-items: center; }
.chain .step { background: #eef3fb; border: 1px solid #c9d7ee; border-radius: 4px; padding: 2px 8px; }
.chain li:last-child .step { background: #fdecea; border-color: #f3c2bc; }
.chain li + li::before { content: "\2192"; color: var(--muted); margin: 0 6px; font-weight: 700; }
.chain .line { color: var(--muted); font-size: 12px; }
.msg { color: var(--muted); margin: 6px 0 10px; }
pre.window { background: #101722; color: #d6deeb; border-radius: 6px; padding: 8px 0; margin: 0;
             font: 12px/1.5 "DejaVu Sans Mono", Menlo, Consolas, monospace; overflow-x: auto; }
pre.window span { display: block; padding: 0 12px 0 calc(12px + 11ch); text-indent: -11ch;
                  white-space: pre-wrap; overflow-wrap: anywhere; }
pre.window .n { display: inline; padding: 0; text-indent: 0; color: #6b7a90; }
pre.window .cited { background: #2a3550; color: #fff; }
pre.window .cited .n { color: #ffcf66; }
pre.window .role { color: #8fd18f; padding-left: 9ch; text-indent: 0; }
pre.window .skip { color: #6b7a90; }
.svgbox { border: 1px solid var(--line); border-radius: 6px; padding: 6px; background: #fff; }
.note { color: var(--muted); font-size: 12px; }
.hint { margin: 6px 0 10px; padding: 4px 10px; background: #eef6ee; border-radius: 4px; }
@media print {
  body { background: #fff; font-size: 10pt; }
  main { max-width: none; padding: 0; }
  .finding, .svgbox, table { break-inside: avoid; }
  pre.window { background: #fff; color: #000; border: 1px solid #999; white-space: pre-wrap; }
  pre.window span { white-space: pre-wrap; }
  pre.window .cited { background: #eee; color: #000; }
  pre.window .role { color: #333; }
}
)css";

void WriteSummary(const TriageView& view, std::ostream& out) {
  out << "<table class=\"facts\">\n";
  for (const auto& [label, value] : SummaryFacts(view))
    out << "<tr><th>" << HtmlEscape(label) << "</th><td>" << HtmlEscape(value) << "</td></tr>\n";
  out << "</table>\n";
}

void WriteWindow(const TriageView& view, const Finding& f, std::ostream& out) {
  out << "<pre class=\"window\">";
  for (const WindowLine& w : EvidenceWindow(view, f)) {
    if (w.gap_before) out << "<span class=\"skip\">          \u22ee</span>";
    out << (w.cited ? "<span class=\"cited\">" : "<span>")
        << fmt::format("<span class=\"n\">{:>7}</span>  ", w.number) << HtmlEscape(*w.text);
    if (w.cited && !w.cited->role.empty())
      out << "<span class=\"role\">\u25b2 " << HtmlEscape(w.cited->role) << "</span>";
    out << "</span>";
  }
  out << "</pre>\n";
}

void WriteFinding(const TriageView& view, size_t index, const Finding& f, const Finding* also,
                  std::ostream& out) {
  std::string_view severity = SeverityName(f.severity);
  out << "<div class=\"finding " << severity << "\" id=\"finding-" << index + 1 << "\">\n";
  out << "<h3><span class=\"badge\">" << severity << "</span>" << index + 1 << ". "
      << HtmlEscape(f.kind);
  if (!f.cause.empty()) out << " <span class=\"note\">(" << HtmlEscape(f.cause) << ")</span>";
  if (also != nullptr)
    out << " + <span class=\"badge\">" << SeverityName(also->severity) << "</span>"
        << HtmlEscape(also->kind);
  std::string iso = f.time_us && !f.time.empty() ? IsoTime(*view.report, *f.time_us) : "";
  out << " <span class=\"note\">at " << HtmlEscape(f.time.empty() ? "-" : f.time)
      << (iso.empty() ? "" : " (" + iso + ")") << ", line " << f.line;
  if (f.bssid) out << ", " << HtmlEscape(view.ApLabel(*f.bssid) + " " + f.bssid->ToString());
  out << "</span></h3>\n<ol class=\"chain\">";
  for (const ChainStep& s : CausalChain(view, f)) {
    out << "<li><span class=\"step\">" << HtmlEscape(s.text);
    if (s.line != 0)
      out << " <span class=\"line\">line " << s.line << HtmlEscape(s.after) << "</span>";
    out << "</span></li>";
  }
  out << "</ol>\n<p class=\"msg\">" << HtmlEscape(f.message) << "</p>\n";
  if (also != nullptr)
    out << "<p class=\"msg\">" << HtmlEscape(also->kind + ": " + also->message) << "</p>\n";
  for (const Finding* g : {&f, also}) {
    if (g == nullptr || FindingHint(g->kind).empty()) continue;
    out << "<p class=\"hint\"><b>What to do" << (also != nullptr ? " (" + g->kind + ")" : "")
        << ":</b> " << HtmlEscape(FindingHint(g->kind)) << "</p>\n";
  }
  WriteWindow(view, f, out);
  out << "</div>\n";
}

// Cards whose finding lies beyond kDetailedFindings: one row each, up to
// kListedFindings findings; numbered as the cards above.
void WriteMoreFindings(const TriageView& view, const std::vector<FindingCard>& cards,
                       std::ostream& out) {
  const auto& findings = view.report->findings;
  size_t first = 0;
  while (first < cards.size() && cards[first].primary < kDetailedFindings) ++first;
  if (first == cards.size()) return;
  out << "<h3>" << cards.size() - first << " more findings</h3>\n<table>\n"
      << "<tr><th>#</th><th>severity</th><th>kind</th><th>time</th><th>line</th><th>AP</th>"
         "<th>message</th></tr>\n";
  size_t i = first;
  for (; i < cards.size() && cards[i].primary < kListedFindings; ++i) {
    const Finding& f = findings[cards[i].primary];
    std::string kind = f.kind + (f.cause.empty() ? "" : " (" + f.cause + ")");
    if (cards[i].companion >= 0)
      kind += " + " + findings[static_cast<size_t>(cards[i].companion)].kind;
    out << "<tr><td>" << i + 1 << "</td><td>" << SeverityName(f.severity) << "</td><td>"
        << HtmlEscape(kind) << "</td><td>"
        << HtmlEscape(f.time) << "</td><td>" << f.line << "</td><td>"
        << (f.bssid ? HtmlEscape(view.ApLabel(*f.bssid)) : std::string()) << "</td><td>"
        << HtmlEscape(f.message) << "</td></tr>\n";
  }
  out << "</table>\n";
  if (i < cards.size())
    out << "<p class=\"note\">... and " << cards.size() - i
        << " more; <code>roamreplay replay</code> lists them all.</p>\n";
}

constexpr size_t kRoamRowsEachEnd = 100;

void WriteRoamTable(const TriageView& view, std::ostream& out) {
  const Report& r = *view.report;
  if (r.roams.empty()) {
    out << "<p>No connection attempts in this log.</p>\n";
    return;
  }
  std::vector<std::string> header = RoamTableHeader();
  out << "<table class=\"roams\">\n<tr>";
  for (size_t c = 0; c < header.size(); ++c)
    out << (c >= 4 ? "<th class=\"num\">" : "<th>") << HtmlEscape(header[c]) << "</th>";
  out << "</tr>\n";
  // A long table is summarised: the first and the last kRoamRowsEachEnd rows.
  const size_t n = r.roams.size();
  for (size_t i = 0; i < n; ++i) {
    if (n > 2 * kRoamRowsEachEnd + 50 && i == kRoamRowsEachEnd) {
      out << "<tr><td colspan=\"" << header.size() << "\" class=\"note\">\u2026 "
          << n - 2 * kRoamRowsEachEnd
          << " more roams; <code>roamreplay replay --format json</code> lists them all</td></tr>\n";
      i = n - kRoamRowsEachEnd;
    }
    out << "<tr>";
    std::vector<std::string> cells = RoamTableRow(view, i);
    for (size_t c = 0; c < cells.size(); ++c)
      out << (c >= 4 ? "<td class=\"num\">" : "<td>") << HtmlEscape(cells[c]) << "</td>";
    out << "</tr>\n";
  }
  out << "</table>\n<p class=\"note\">Phase columns: milliseconds from the start of the roam "
         "(Request association, or the refusal that started an AP-initiated re-authentication), "
         "on the best clock each line has (a -t stamp inside a syslog or journald line wins). "
         "\u2013 = the phase does not appear in the log. Total: to key negotiation, the "
         "duration <code>replay</code> prints.</p>\n";
}

void WriteCacheTable(const TriageView& view, std::ostream& out) {
  const Report& r = *view.report;
  if (r.cache_history.empty()) return;
  out << "<h2>PMKSA cache entries</h2>\n<table>\n<tr><th>AP</th><th>PMKID</th><th>PMK gen</th>"
         "<th>origin</th><th>created</th><th>accepted (OKC)</th><th>stale from</th>"
         "<th>removed</th></tr>\n";
  auto line = [](uint64_t l) { return l == 0 ? std::string("\u2013") : "line " + std::to_string(l); };
  for (const CacheEntryHistory& c : r.cache_history) {
    out << "<tr><td>" << HtmlEscape(view.ApLabel(c.aa) + " " + c.aa.ToString()) << "</td><td>"
        << (c.pmkid.known ? c.pmkid.Short() + "\u2026" : "not logged") << "</td><td>"
        << c.generation << "</td><td>" << (c.clone ? "OKC clone" : "full authentication")
        << "</td><td>" << line(c.created_line) << "</td><td>" << line(c.validated_line)
        << "</td><td>" << line(c.stale_line) << "</td><td>"
        << (c.removed_line == 0 ? std::string("still cached")
                                : HtmlEscape(c.removed_how) + ", " + line(c.removed_line))
        << "</td></tr>\n";
  }
  out << "</table>\n";
}

}  // namespace

void WriteHtmlReport(const TriageView& view, std::ostream& out) {
  const Report& r = *view.report;
  out << "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
         "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width\"/>\n"
      << "<title>roamreplay triage: " << HtmlEscape(r.input) << "</title>\n<style>" << kCss
      << "</style>\n</head>\n<body>\n<main>\n";
  out << "<h1>Roaming triage report</h1>\n<p class=\"sub\">" << HtmlEscape(r.input)
      << " \u00b7 generated by roamreplay</p>\n";
  if (r.interrupted)
    out << "<p class=\"note\"><strong>Interrupted:</strong> reading stopped on a signal; this "
           "report covers the lines read until then.</p>\n";
  WriteSummary(view, out);
  out << "<h2>Timeline</h2>\n";
  WriteHtmlTimeline(view, out);
  out << "<h2>Findings</h2>\n";
  if (r.findings.empty()) out << "<p>No findings: every roam behaved as the reference model expects.</p>\n";
  // Cards, numbered as the timeline markers: a pmkid-rejected and the
  // ap-forgot-pmksa citing the same lines are one.
  std::vector<FindingCard> cards = FindingCards(r);
  for (size_t i = 0; i < cards.size() && cards[i].primary < kDetailedFindings; ++i)
    WriteFinding(view, i, r.findings[cards[i].primary],
                 cards[i].companion >= 0 ? &r.findings[static_cast<size_t>(cards[i].companion)]
                                         : nullptr,
                 out);
  WriteMoreFindings(view, cards, out);
  out << "<h2>Roams</h2>\n";
  WriteRoamTable(view, out);
  WriteAttemptTableHtml(*view.report, out);
  WriteApLanesHtml(r, out);
  WriteCacheTable(view, out);
  for (const auto& [list, left_out] : r.truncated)
    out << "<p class=\"note\"><strong>Truncated:</strong> " << left_out << " more "
        << HtmlEscape(list) << " not kept (memory limit; README \"Limits\").</p>\n";
  if (r.interrupted)
    out << "<p class=\"note\"><strong>Interrupted:</strong> reading stopped on a signal; this "
           "report covers the lines read until then.</p>\n";
  if (r.diagnostics_total > 0)
    out << "<p class=\"note\">" << r.diagnostics_total
        << " diagnostics (malformed or truncated lines); run <code>roamreplay replay</code> "
           "to list them.</p>\n";
  out << "</main>\n</body>\n</html>\n";
}

}  // namespace roamreplay
