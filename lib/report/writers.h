#pragma once

#include <ostream>
#include <string>

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

/// Records for pipelines (`replay --format records`, README "Record
/// format"): one JSON object per line, first {"type": "trace", "trace":
/// path, "id": 16 hex digits of FNV-1a of the path, summary fields}, then
/// one {"type": "roam", "trace", "id": "<trace id>-r<n>", ...} per roam
/// (the JSON report's roam fields, n = its index in log order) and one
/// {"type": "finding", "trace", "id": "<trace id>-f<n>", ...} per finding
/// (the JSON report's finding fields).
void WriteJsonRecords(const Report& report, std::ostream& out);
/// The parts, for --follow: the trace record (`roams`: how many roams the
/// trace had), one roam or finding record as they are decided.
void WriteTraceRecord(const Report& report, size_t roams, std::ostream& out);
void WriteRoamRecord(const Report& report, const std::string& trace, size_t index,
                     const RoamSummary& roam, std::ostream& out);
void WriteFindingRecord(const Report& report, const std::string& trace, size_t index,
                        const Finding& finding, std::ostream& out);

/// `roamreplay cache`: {"at_line", "time", "observed": [...], "reference": [...]}.
/// `interrupted`: reading stopped on a signal ("interrupted": true).
void WriteCacheSnapshotJson(const CacheSnapshot& snapshot, bool pretty, std::ostream& out,
                            bool interrupted = false);
/// The same as two aligned text tables.
void WriteCacheSnapshotText(const CacheSnapshot& snapshot, std::ostream& out);
/// `cache --ap LOG --side ap`: the AP-side entries (CacheSnapshot::ap).
void WriteApCacheSnapshotJson(const CacheSnapshot& snapshot, bool pretty, std::ostream& out);
void WriteApCacheSnapshotText(const CacheSnapshot& snapshot, std::ostream& out);

struct TriageView;  // report/timeline.h

/// The triage report (`roamreplay report`) as one self-contained HTML page:
/// inline CSS and SVG, no scripts, nothing fetched; well-formed XML.
void WriteHtmlReport(const TriageView& view, std::ostream& out);

/// The triage report as Markdown, with an ASCII timeline instead of the SVG.
void WriteMarkdownReport(const TriageView& view, std::ostream& out);

}  // namespace roamreplay
