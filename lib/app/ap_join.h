#pragma once

// Reading hostapd logs (--ap) and joining them with a station's replay:
// parse (parse/hostapd_parser.h) -> AP view (model/ap_view.h) -> AP rules
// (rules/ap_rules.h) -> the ap_* parts of the Report.

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "model/ap_view.h"
#include "parse/input_shape.h"
#include "rules/ap_rules.h"

namespace roamreplay {

/// Reads one AP log into `*view` ("-" is not accepted: stdin is the
/// station's). `*epoch_clock` tells whether its stamps are "-t" epoch
/// stamps. IoError when it cannot be read; NotFound-like InvalidArgument
/// when nothing in it is hostapd's.
Status ReadApLog(const std::string& path, int year, ApView* view, bool* epoch_clock);

/// An AP log held in memory (`check` on a scenario with a "hostapd" block):
/// `name` stands for its path in the report.
struct ApText {
  std::string name;
  std::string text;
};

/// Reads every AP log (the files, then the texts) and joins them into
/// `*report` (after the station's replay, whose anchors and clock are given).
Status JoinApFiles(const std::vector<std::string>& paths, const std::vector<ApText>& texts,
                   std::optional<int64_t> offset_us, int year,
                   const std::vector<StationAnchor>& anchors, Report* report);

}  // namespace roamreplay
