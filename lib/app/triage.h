#pragma once

// The pipeline of `roamreplay report` for one input: replay the log, redact
// the findings' evidence, read the log a second time (streaming) for context
// lines and roam phase times, anonymise when asked. No printing, no exiting.

#include <string>

#include "app/replay.h"
#include "base/status.h"
#include "report/report.h"
#include "report/timeline.h"

namespace roamreplay {

struct TriageOptions {
  bool redact = true;      ///< Key material, passwords, EAP identities.
  bool anonymize = false;  ///< MAC addresses and SSIDs.
  ReplayOptions replay;
};

/// The report and the view the triage writers print. `view.report` points
/// at `report`, so a Triage is neither copied nor moved.
struct Triage {
  Report report;
  TriageView view;
  Triage() = default;
  Triage(const Triage&) = delete;
  Triage& operator=(const Triage&) = delete;
};

/// Builds `*out` for the log at `path` ("-" = stdin). The input is read
/// once; the second pass (context lines, phase times) reads a temporary copy
/// (std::tmpfile; without one, no context lines). Returns an IoError when
/// the log cannot be read; when it failed after some lines (read error,
/// corrupt or trailing gzip data), `*out` is complete for those lines and
/// the error is returned too.
Status BuildTriage(const std::string& path, const TriageOptions& options, Triage* out);

}  // namespace roamreplay
