#pragma once

// `replay --follow`: replays a log that keeps growing, like `tail -F`. A
// file is re-opened when it is replaced (rotation: the path names another
// inode) and read from its start again when it shrinks (truncation); "-" (a
// pipe) is read until it closes. Line numbers run on across rotations and
// truncations (they count the lines of the followed stream).
//
// Roams and per-event findings reach the callbacks as soon as the model has
// decided them: a line is handed to the model as soon as it is complete, and
// whenever the follower has caught up with the writer it flushes what the
// input front end holds back (the shape sample, a line waiting for a wrapped
// continuation), so a roam or finding is out about kFollowPollMs after the
// line deciding it was written. The input shape is therefore detected from
// the lines there are at the first catch-up: give --input-format when the
// log starts slowly. A truncation is seen when the file is found shorter than
// what was read (as tail -F does): a file truncated and refilled past that
// size within one poll looks merely grown. The per-AP aggregate findings
// (full-eap-on-roam, slow-roam, okc-unsupported) need the whole input and
// come at the end (end of a pipe, or stop()), with the report.
//
// Memory: roams are dropped from the report once delivered; the rest of the
// report grows with the number of findings and cache entries, not with the
// number of lines (diagnostics and unknown shapes are capped).

#include <cstddef>
#include <functional>
#include <string>

#include "app/replay.h"
#include "base/status.h"
#include "report/report.h"

namespace roamreplay {

struct FollowCallbacks {
  /// A completed roam (`index` counts roams from 0 over the whole stream).
  /// `report`: the replay so far (its clock, for times).
  std::function<void(const Report& report, size_t index, const RoamSummary& roam)> roam;
  /// A per-event finding as soon as decided (`index` counts them from 0).
  std::function<void(const Report& report, size_t index, const Finding& finding)> finding;
  /// The followed file was rotated or truncated ("<path>: truncated, ...").
  std::function<void(const std::string& notice)> notice;
  /// Polled about every kPollMs; true ends the follow (e.g. after Ctrl-C).
  std::function<bool()> stop;
};

/// Whether a finding kind is a per-AP aggregate, reported at the end.
bool IsAggregateFinding(const std::string& kind);

/// Follows `path` ("-" = stdin) until stdin closes or stop() is true, then
/// finishes the replay into `*report`: its findings are all of them, in line
/// order (aggregate ones included); its roams only those not yet delivered
/// (none). Returns an IoError if the file cannot be opened at the start.
/// A file that disappears is waited for, as tail -F does.
Status FollowLog(const std::string& path, const ReplayOptions& options,
                 const FollowCallbacks& callbacks, Report* report);

inline constexpr int kFollowPollMs = 100;

}  // namespace roamreplay
