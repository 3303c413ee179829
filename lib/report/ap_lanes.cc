#include "report/ap_lanes.h"

#include <algorithm>

#include <fmt/format.h>

#include "report/timeline.h"

namespace roamreplay {
namespace {

std::string Basename(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The message of an AP line without its "-t" stamp.
std::string Body(const std::string& text) {
  size_t colon = text.find(": ");
  if (colon != std::string::npos && colon < 20 && text.find('.') < colon)
    return text.substr(colon + 2);
  return text;
}

std::string Clip(std::string s, size_t n) {
  if (s.size() > n) s = s.substr(0, n - 3) + "...";
  for (char& c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  return s;
}

}  // namespace

std::vector<ApLaneRow> ApLaneRows(const Report& report) {
  std::vector<ApLaneRow> rows;
  for (const RoamSummary& r : report.roams) {
    ApLaneRow row;
    row.time_us = r.start_time_us;
    row.time = r.start_time.empty() ? "-" : r.start_time;
    row.station = fmt::format("{} {} {} {}{}", r.start_line, r.kind, r.bssid.ToString(), r.method,
                              r.offered_pmkid.known ? " PMKID " + r.offered_pmkid.Short() : "");
    if (!r.ap_answer.empty() && r.ap_log < report.ap_logs.size())
      row.ap = fmt::format("{}:{} {}  {}", Basename(report.ap_logs[r.ap_log].path), r.ap_line,
                           r.ap_answer, Clip(Body(r.ap_line_text), 90));
    else
      row.ap = report.ap_joined ? "(no AP log line)" : "";
    rows.push_back(std::move(row));
  }
  for (const ApLogSummary& log : report.ap_logs)
    for (const ApEventSummary& e : log.events) {
      ApLaneRow row;
      row.time_us = e.time_us;
      row.time = e.time.empty() ? "-" : e.time;
      row.ap = fmt::format("{}:{} {}  {}", Basename(log.path), e.line, e.kind,
                           Clip(Body(e.text), 90));
      rows.push_back(std::move(row));
    }
  std::stable_sort(rows.begin(), rows.end(), [](const ApLaneRow& a, const ApLaneRow& b) {
    if (!a.time_us || !b.time_us) return false;
    return *a.time_us < *b.time_us;
  });
  return rows;
}

std::vector<std::string> ApLogLines(const Report& report) {
  std::vector<std::string> out;
  for (const ApLogSummary& log : report.ap_logs) {
    std::string bss;
    for (size_t i = 0; i < log.bss.size(); ++i)
      bss += fmt::format("{}{} ({})", i ? ", " : "", log.bss[i],
                         i < log.ifnames.size() ? log.ifnames[i] : "?");
    std::string spread = log.offset_spread_ms ? fmt::format(", spread {:.3f} ms over {} frames",
                                                            *log.offset_spread_ms,
                                                            log.matched_frames)
                                              : "";
    out.push_back(fmt::format("{}: {}; {} process{}; clock {} (offset {:.6f} s{})",
                              Basename(log.path), bss.empty() ? "no BSS" : bss,
                              log.processes.size(), log.processes.size() == 1 ? "" : "es",
                              log.offset_source, log.offset_s, spread));
  }
  return out;
}

void WriteApLanesText(const Report& report, std::ostream& out) {
  if (!report.ap_joined) return;
  out << "\nBoth sides (station | AP logs)\n";
  for (const std::string& l : ApLogLines(report)) out << "  " << l << "\n";
  std::vector<ApLaneRow> rows = ApLaneRows(report);
  size_t time_w = 4, sta_w = 7;
  for (const ApLaneRow& r : rows) {
    time_w = std::max(time_w, r.time.size());
    sta_w = std::max(sta_w, r.station.size());
  }
  out << fmt::format("  {:<{}}  {:<{}} | {}\n", "time", time_w, "station", sta_w, "AP");
  for (const ApLaneRow& r : rows)
    out << fmt::format("  {:<{}}  {:<{}} | {}\n", r.time, time_w, r.station, sta_w, r.ap);
}

void WriteApLanesHtml(const Report& report, std::ostream& out) {
  if (!report.ap_joined) return;
  out << "<h2>Both sides</h2>\n<ul>\n";
  for (const std::string& l : ApLogLines(report)) out << "<li>" << HtmlEscape(l) << "</li>\n";
  out << "</ul>\n<table>\n<tr><th>time</th><th>station</th><th>AP</th></tr>\n";
  for (const ApLaneRow& r : ApLaneRows(report))
    out << "<tr><td>" << HtmlEscape(r.time) << "</td><td>" << HtmlEscape(r.station)
        << "</td><td><code>" << HtmlEscape(r.ap) << "</code></td></tr>\n";
  out << "</table>\n";
}

}  // namespace roamreplay
