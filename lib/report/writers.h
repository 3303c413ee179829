#pragma once

#include <ostream>

#include "report/report.h"

namespace roamreplay {

struct TextStyle {
  bool color = false;  ///< ANSI colours (the CLI decides: tty, --color).
  bool ascii_timeline = false;  ///< A compact ASCII timeline after the roam list.
  /// Terminal width: the timeline is scaled to it, messages wrapped and
  /// other long lines cut with an ellipsis. 0 = no limit (pipes, files).
  size_t width = 0;
};

/// Human-readable replay: counts, era, a timeline of connections and roams,
/// then each finding with its evidence lines.
void WriteTextReport(const Report& report, const TextStyle& style, std::ostream& out);

/// The JSON contract (README "JSON output"). `pretty` indents; otherwise one
/// line (JSON Lines).
void WriteJsonReport(const Report& report, bool pretty, std::ostream& out);

/// `roamreplay cache`: {"at_line", "time", "observed": [...], "reference": [...]}.
/// `interrupted`: reading stopped on a signal ("interrupted": true).
void WriteCacheSnapshotJson(const CacheSnapshot& snapshot, bool pretty, std::ostream& out,
                            bool interrupted = false);
/// The same as two aligned text tables.
void WriteCacheSnapshotText(const CacheSnapshot& snapshot, std::ostream& out);

struct TriageView;  // report/timeline.h

/// The triage report (`roamreplay report`) as one self-contained HTML page:
/// inline CSS and SVG, no scripts, nothing fetched; well-formed XML.
void WriteHtmlReport(const TriageView& view, std::ostream& out);

/// The triage report as Markdown, with an ASCII timeline instead of the SVG.
void WriteMarkdownReport(const TriageView& view, std::ostream& out);

}  // namespace roamreplay
