#pragma once

// Two lanes, station and AP logs, on the station's time axis (only for
// reports joined with --ap, Report::ap_joined): every connection attempt
// beside the AP line that answered it, and the AP-side events between them.
// Shared by the text, Markdown and HTML writers.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "report/report.h"

namespace roamreplay {

struct ApLaneRow {
  std::optional<int64_t> time_us;  ///< Station axis.
  std::string time;                ///< As the station's log writes it ("-" when none).
  std::string station;             ///< "86 first 02:a9:.. full EAP"; empty for AP-only rows.
  std::string ap;                  ///< "apA.log:205 found  <text>"; empty when none.
};

/// The rows in time order (AP-only rows where they fall).
std::vector<ApLaneRow> ApLaneRows(const Report& report);

/// One line per AP log: its BSSs, processes and clock.
std::vector<std::string> ApLogLines(const Report& report);

/// Plain text: the AP log lines, then the two lanes ("station | AP").
void WriteApLanesText(const Report& report, std::ostream& out);
/// An HTML section (<h2>Both sides</h2> and a table); `escape` is HtmlEscape.
void WriteApLanesHtml(const Report& report, std::ostream& out);

}  // namespace roamreplay
