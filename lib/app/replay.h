#pragma once

// The whole pipeline for one input: read lines, parse, replay through the
// interface models, apply the rules, fill a Report. No printing, no exiting.

#include <string>
#include <string_view>

#include "base/status.h"
#include "report/report.h"

namespace roamreplay {

struct ReplayOptions {
  /// Longest line kept; longer lines are truncated and reported.
  size_t max_line_bytes = 1 << 20;
};

/// Replays the file at `path` ("-" = stdin) into `*report`. Returns an
/// IoError if the file cannot be read; malformed lines never fail the replay
/// (they become diagnostics).
Status ReplayFile(const std::string& path, const ReplayOptions& options, Report* report);

/// Replays an in-memory log; `name` becomes report->input.
void ReplayBuffer(std::string_view name, std::string_view data, const ReplayOptions& options,
                  Report* report);

}  // namespace roamreplay
