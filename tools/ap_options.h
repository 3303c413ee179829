#pragma once
// The AP-log options of `replay`, `report` and `cache`: --ap LOG
// (repeatable) and --ap-offset SECONDS (lib/app/ap_join.h).

#include <string>
#include <vector>

#include "app/replay.h"
#include "cli_common.h"

namespace roamreplay::cli {

struct ApOptionValues {
  std::vector<std::string> ap_logs;
  std::string offset;  ///< As typed; empty = not given.
};

void AddApOptions(po::options_description* opts, ApOptionValues* values);
/// Checks the values and copies them into `*options`.
Status ResolveApOptions(const ApOptionValues& values, ReplayOptions* options);
}  // namespace roamreplay::cli
