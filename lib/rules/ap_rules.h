#pragma once

// Joins AP-side views (model/ap_view.h) with a station's report: one time
// axis, the AP's answer to every PMKID the station offered, the AP-side
// cause of each refusal, and AP events as evidence. Reads the views and
// writes only the ap_* parts of the Report; without AP logs nothing here
// runs, so station-only output is unchanged.
//
// Time axis: offset_s is added to an AP log's stamps to place them on the
// station's axis. Given by --ap-offset ("option"); otherwise estimated from
// frames both sides log: the station's "Associated with <bssid>" and the
// AP's "associated", the station's "RX message 1 of 4-Way Handshake from
// <bssid>" and the AP's "sending 1/4 msg". Differences of such pairs are
// clustered (50 ms); the largest cluster gives the median offset and its
// spread. When both logs carry epoch "-t" stamps and the estimate is within
// kSameClockUs of zero (or nothing matched), the logs share the clock
// ("same-clock", offset 0).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/mac_address.h"
#include "model/ap_view.h"
#include "report/report.h"

namespace roamreplay {

/// A station-side frame with a time, for aligning the clocks.
struct StationAnchor {
  enum Kind : uint8_t { kAssociated, kMsg1 };
  Kind kind = kAssociated;
  MacAddress bssid;
  int64_t time_us = 0;
  uint64_t line = 0;
};

struct ApLogInput {
  std::string path;
  const ApView* view = nullptr;
  bool epoch_clock = false;  ///< The AP log's stamps are "-t" epoch stamps.
};

struct ApJoinOptions {
  std::optional<int64_t> offset_us;  ///< --ap-offset, for every AP log.
  bool station_epoch_clock = false;  ///< Report::clock == "utc".
  static constexpr int64_t kSameClockUs = 1'000'000;
  static constexpr int64_t kClusterUs = 50'000;
  /// An AP association belongs to a station attempt starting at most this
  /// long before it (scan and authentication) or this long after.
  static constexpr int64_t kMatchWindowUs = 15'000'000;
};

/// Fills report->ap_logs, the ap_* fields of roams and findings, and sets
/// report->ap_joined.
void JoinApLogs(const std::vector<ApLogInput>& logs, const std::vector<StationAnchor>& anchors,
                const ApJoinOptions& options, Report* report);

}  // namespace roamreplay
