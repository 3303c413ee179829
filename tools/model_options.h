#pragma once

// The model options shared by `replay`, `cache` and `report`: --policy,
// lifetimes, thresholds, and --fail-on (which severities make exit code 1).

#include <string>

#include "app/replay.h"
#include "cli_common.h"

namespace roamreplay::cli {

struct ModelOptionValues {
  std::string policy = "auto";
  int64_t pmk_lifetime_s = 43200;
  int reauth_threshold_pct = 70;
  int64_t slow_roam_ms = 250;
  int64_t stall_ms = 1000;
  int64_t ping_pong_s = 60;
  int storm_count = 6;
  int64_t storm_s = 300;
  std::string fail_on = "warning";
};

/// Adds the options to `opts`, storing into `*values`. `with_fail_on`: also
/// --fail-on (commands whose exit code reports findings);
/// `with_finding_thresholds`: also --slow-roam-ms and --stall-ms (commands
/// that show findings; `cache` does not).
void AddModelOptions(po::options_description* opts, ModelOptionValues* values,
                     bool with_fail_on, bool with_finding_thresholds = true);

/// Checks the values and copies them into `*options`; a usage error names
/// the bad option.
Status ResolveModelOptions(const ModelOptionValues& values, ReplayOptions* options);

/// The lowest severity that makes the exit code 1, from --fail-on.
Status ParseFailOn(const std::string& value, Severity* out);

/// True if `report` has a finding at or above `fail_on`.
bool FailsOn(const Report& report, Severity fail_on);

}  // namespace roamreplay::cli
