#include "report/attempt_table.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "report/timeline.h"

namespace roamreplay {
namespace {

std::string Outcome(const RoamSummary& r) {
  const AttemptDetail& d = r.detail;
  if (d.outcome != "failed" || !d.failure) return d.outcome;
  const AttemptFailure& f = *d.failure;
  std::string out = "failed: " + f.phase;
  if (f.status_code) out += fmt::format(" status {}", *f.status_code);
  if (f.reason_code) out += fmt::format(" reason {}", *f.reason_code);
  if (!f.name.empty()) out += " " + f.name;
  return out;
}

std::string FastPathCell(const FastPath& f) {
  if (f.expected == "none") return f.why_not.empty() ? "none" : "none (" + f.why_not + ")";
  if (f.expected == "unknown") return "unknown (" + f.why_not + ")";
  if (f.used) return f.expected + ": used";
  return f.expected + ": not used (" + (f.why_not.empty() ? "unknown" : f.why_not) + ")";
}

std::string Escape(std::string_view s) {  // Markdown table cells
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else out += c;
  }
  return out;
}

}  // namespace

std::vector<std::string> AttemptTableHeader() {
  return {"#", "time", "trigger", "from -> to", "AKM/auth", "method", "outcome", "fast path",
          "total ms"};
}

std::vector<std::vector<std::string>> AttemptTableRows(const Report& report) {
  std::vector<std::vector<std::string>> rows;
  std::map<std::string, std::string> connected;  // interface -> current BSSID
  for (size_t i = 0; i < report.roams.size(); ++i) {
    const RoamSummary& r = report.roams[i];
    const AttemptDetail& d = r.detail;
    std::string& from = connected[r.interface];
    std::string trigger = d.trigger.kind;
    if (!d.trigger.reason.empty()) trigger += " " + d.trigger.reason;
    if (r.reauth) trigger = "re-auth (" + r.reauth_cause + ")";
    if (r.fallback_of) trigger += fmt::format(" (after #{})", *r.fallback_of);
    std::string akm = d.akm.empty() ? "?" : d.akm;
    if (!d.auth_algorithm.empty()) akm += "/" + d.auth_algorithm;
    std::string total = d.phases.total ? fmt::format("{}", *d.phases.total / 1000) : "-";
    rows.push_back({fmt::format("{}", i), r.start_time.empty() ? "-" : r.start_time, trigger,
                    (from.empty() ? "-" : from) + " -> " + r.bssid.ToString(), akm, r.method,
                    Outcome(r), FastPathCell(d.fast_path), total});
    if (d.outcome == "success") from = r.bssid.ToString();
  }
  return rows;
}

namespace {

// Long tables are summarised: past `limit` rows only the first and the last
// `each_end` are shown, with a note between them.
// (The text shows fewer: its roam list above is summarised the same way.)
constexpr size_t kTextLimit = 500, kDocLimit = 100;

template <typename Row, typename Gap>
void ForEachShownRow(size_t n, size_t limit, Row row, Gap gap) {
  const size_t each_end = limit == kTextLimit ? 10 : 20;
  for (size_t i = 0; i < n; ++i) {
    if (n > limit && i == each_end) {
      gap(n - 2 * each_end);
      i = n - each_end;
    }
    row(i);
  }
}

}  // namespace

void WriteAttemptTableText(const Report& report, std::ostream& out) {
  if (report.roams.empty()) return;
  std::vector<std::string> header = AttemptTableHeader();
  std::vector<std::vector<std::string>> rows = AttemptTableRows(report);
  std::vector<size_t> width(header.size());
  for (size_t c = 0; c < header.size(); ++c) width[c] = header[c].size();
  for (const auto& row : rows)
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  out << "\nConnection attempts\n";
  auto print = [&](const std::vector<std::string>& row) {
    std::string line = " ";
    for (size_t c = 0; c < row.size(); ++c)
      line += " " + row[c] + std::string(c + 1 < row.size() ? width[c] - row[c].size() : 0, ' ');
    out << line << "\n";
  };
  print(header);
  ForEachShownRow(
      rows.size(), kTextLimit, [&](size_t i) { print(rows[i]); },
      [&](size_t more) {
        out << fmt::format("  ... {} more attempts (replay --format json lists them all) ...\n",
                           more);
      });
}

void WriteAttemptTableMarkdown(const Report& report, std::ostream& out) {
  if (report.roams.empty()) return;
  std::vector<std::string> header = AttemptTableHeader();
  out << "\n### Connection attempts\n\n|";
  for (const std::string& h : header) out << " " << h << " |";
  out << "\n|";
  for (size_t c = 0; c < header.size(); ++c) out << (c == 0 || c + 1 == header.size() ? "---:|" : "---|");
  out << "\n";
  std::vector<std::vector<std::string>> rows = AttemptTableRows(report);
  ForEachShownRow(
      rows.size(), kDocLimit,
      [&](size_t i) {
        out << "|";
        for (const std::string& cell : rows[i]) out << " " << Escape(cell) << " |";
        out << "\n";
      },
      [&](size_t more) {
        out << fmt::format("| | ... {} more attempts; `roamreplay replay --format json` lists "
                           "them all | | | | | | | |\n",
                           more);
      });
}

void WriteAttemptTableHtml(const Report& report, std::ostream& out) {
  if (report.roams.empty()) return;
  out << "<h3>Connection attempts</h3>\n<table class=\"roams attempts\">\n<tr>";
  for (const std::string& h : AttemptTableHeader()) out << "<th>" << HtmlEscape(h) << "</th>";
  out << "</tr>\n";
  std::vector<std::vector<std::string>> rows = AttemptTableRows(report);
  ForEachShownRow(
      rows.size(), kDocLimit,
      [&](size_t i) {
        bool failed = report.roams[i].detail.outcome == "failed";
        out << (failed ? "<tr class=\"failed\">" : "<tr>");
        for (const std::string& cell : rows[i]) out << "<td>" << HtmlEscape(cell) << "</td>";
        out << "</tr>\n";
      },
      [&](size_t more) {
        out << fmt::format("<tr><td colspan=\"9\">... {} more attempts; <code>roamreplay replay "
                           "--format json</code> lists them all</td></tr>\n",
                           more);
      });
  out << "</table>\n";
}

}  // namespace roamreplay
