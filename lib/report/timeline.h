#pragma once

// Layout computations shared by the triage writers (HTML, Markdown) and the
// text report: what the report command learns from a second, streaming pass
// over the log (context lines, per-phase roam timing, first/last time), the
// compressed time axis, the association spans, the causal chain of a
// finding, and a compact ASCII timeline.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "report/redact.h"
#include "parse/line_parser.h"
#include "report/report.h"

namespace roamreplay {

/// Times of the phases of one roam (from its start line to the next roam),
/// in microseconds; absent when the log does not show the phase.
struct RoamPhases {
  std::optional<int64_t> selection;       ///< "Request association" / PMKID selection
  std::optional<int64_t> authentication;  ///< "SME: Trying to authenticate"
  std::optional<int64_t> association;     ///< "Associated with"
  std::optional<int64_t> eap_start;       ///< "CTRL-EVENT-EAP-STARTED"
  std::optional<int64_t> eap_success;     ///< "CTRL-EVENT-EAP-SUCCESS"
  std::optional<int64_t> four_way;        ///< "RX message 1 of 4-Way"
  std::optional<int64_t> key_done;        ///< "Key negotiation completed"
  std::optional<int64_t> connected;       ///< "CTRL-EVENT-CONNECTED"
};

struct ContextLine {
  uint64_t number = 0;
  std::string text;  ///< Redacted when the scan redacts; not yet anonymised.
};

/// What the streaming pass over the log collected. Memory is bounded by the
/// number of findings, roams and evidence lines, not by the log size.
struct LogScan {
  std::optional<int64_t> first_time_us, last_time_us;
  std::string first_time, last_time;
  std::vector<RoamPhases> phases;      ///< Parallel to Report::roams.
  std::vector<ContextLine> context;    ///< Sorted by number.
  std::map<uint64_t, int64_t> line_times;  ///< Times of lines the layout needs.
};

/// Lines of context shown around each evidence line.
inline constexpr uint64_t kContextLines = 2;
/// Findings shown in full (chain, evidence window, timeline marker); the
/// scan collects context lines for these only. Up to kListedFindings more
/// are listed one per row; the rest are counted.
inline constexpr size_t kDetailedFindings = 20;
inline constexpr size_t kListedFindings = 200;

/// Streams a log once (feed OnLine for every line, in order) and fills a
/// LogScan for `report`. With `redactor`, context lines are redacted in log
/// order (so continuation lines of secret dumps are caught); with `anon`,
/// every line is also fed to Anonymizer::Learn.
///
/// Times: the leading "-t" stamp; for other input shapes
/// (Report::input_format) the best clock each line has, as the replay
/// placed it: a "-t" stamp inside a syslog/journald line, else the outer
/// stamp (`year` places year-less ones, as ReplayOptions::year).
class LogScanner {
 public:
  LogScanner(const Report& report, Redactor* redactor, Anonymizer* anon, int year = 0);
  void OnLine(uint64_t number, std::string_view text);
  LogScan Finish() { return std::move(scan_); }

 private:
  void NotePhase(size_t roam, std::string_view text, int64_t t);

  const Report& report_;
  Redactor* redactor_;
  Anonymizer* anon_;
  LogScan scan_;
  std::vector<std::pair<uint64_t, uint64_t>> ranges_;  ///< Context ranges, merged.
  size_t range_ = 0;
  std::vector<uint64_t> timed_lines_;  ///< Sorted lines whose times are wanted.
  size_t timed_ = 0;
  size_t roam_ = 0;  ///< Roam whose range the current line is in (or next).
  std::string scratch_;
  std::optional<LineParser> parser_;  ///< For shapes other than dash-t and plain.
  ParsedLine parsed_;
};

/// Parses the leading "<sec>.<usec>: " of a line.
std::optional<int64_t> LeadingTimeUs(std::string_view line, std::string_view* text = nullptr);

/// Which text marking a roam phase `line` holds, as an index into the
/// order LogScanner tries them ("Trying to authenticate", "Associated with",
/// "CTRL-EVENT-EAP-STARTED", "CTRL-EVENT-EAP-SUCCESS", "RX message 1 of
/// 4-Way", "Key negotiation completed", "CTRL-EVENT-CONNECTED"): the first
/// in that order that occurs anywhere in it; -1 for none.
int FirstPhaseMark(std::string_view line);

/// Everything the triage writers print. Built once; writers only read it.
struct TriageView {
  const Report* report = nullptr;
  LogScan scan;
  std::vector<MacAddress> aps;  ///< Rows, in order of first appearance; AP-n = aps[n-1].
  bool redacted = false;
  bool anonymized = false;

  /// AP -> index in `aps`, built by IndexAps(); ApLabel uses it when it
  /// matches `aps` in size (else a linear search).
  std::map<MacAddress, size_t> ap_index;

  std::string ApLabel(const MacAddress& mac) const;  ///< "AP-2", or the MAC if not an AP.
  std::optional<int64_t> TimeOfLine(uint64_t line) const;
  /// Builds ap_index; call after the last change to `aps`.
  void IndexAps();
};

/// The timelines (ASCII and SVG) draw the first kMaxTimelineAps APs and
/// say how many more there are: a picture of thousands of rows shows
/// nothing, and each row costs a pass over the roams and entries.
inline constexpr size_t kMaxTimelineAps = 40;

/// The access points of a report: roams' BSSIDs, then cache entries' AAs,
/// then findings' BSSIDs, each once, in that order of first appearance.
std::vector<MacAddress> CollectAccessPoints(const Report& report);

/// One step of a causal chain: the words and the line it rests on (0: none).
struct ChainStep {
  ChainStep(std::string t, uint64_t l, std::string a = std::string())
      : text(std::move(t)), line(l), after(std::move(a)) {}
  std::string text;
  uint64_t line = 0;
  std::string after;  ///< Printed after the line reference (", accepted at line 733").
};
std::vector<ChainStep> CausalChain(const TriageView& view, const Finding& finding);
/// The chain on one line: "a (line 1) → b (line 2) → ...".
std::string ChainText(const std::vector<ChainStep>& chain);

/// The roam whose lines contain `line`, or null.
const RoamSummary* RoamAt(const Report& report, uint64_t line);
std::string MethodName(const RoamSummary& roam);  ///< "full EAP", "OKC", ...
std::string FormatMs(std::optional<int64_t> us);  ///< "397 ms", "" when absent.
/// "397 ms", "≈3 s" on a whole-second clock (duration_coarse_s), "" when unknown.
std::string RoamDurationText(const RoamSummary& roam);
/// "Roams 3 (2 to another AP, 1 reconnect to the same AP); 1 first connection,
/// 1 re-authentication": roams = finished attempts that are neither a first
/// connection nor a re-authentication (as `stats` and full-eap-on-roam count).
std::string RoamCountsText(const Report& report);

/// A time axis that compresses idle gaps: instants closer than `max_gap_us`
/// form segments drawn to scale; longer gaps get a fixed width and are listed.
class TimelineAxis {
 public:
  struct Gap {
    double x0 = 0, x1 = 0;
    int64_t duration_us = 0;
  };
  /// Segments get at least `min_segment_width`, the rest in proportion to
  /// their duration (one time scale for every active segment). The whole
  /// axis always fits `width`: with many segments the gaps become narrower
  /// (at most a third of the width in all) and so does the minimum.
  TimelineAxis(std::vector<int64_t> instants, double width, double gap_width,
               int64_t max_gap_us, double min_segment_width);
  double X(int64_t t) const;
  const std::vector<Gap>& gaps() const { return gaps_; }
  bool empty() const { return segments_.empty(); }
  int64_t start() const { return segments_.empty() ? 0 : segments_.front().t0; }
  /// The width each gap got (narrower than asked when there are many).
  double gap_width() const { return gap_width_; }

 private:
  struct Segment {
    int64_t t0 = 0, t1 = 0;
    double x0 = 0, x1 = 0;
  };
  std::vector<Segment> segments_;
  std::vector<Gap> gaps_;
  double gap_width_ = 0;
};

/// The instants a timeline must show: roams, phases, cache entries, findings.
std::vector<int64_t> TimelineInstants(const TriageView& view);

/// An association with one AP, from the roam that made it to the next roam
/// (or the end of the log).
struct AssociationSpan {
  MacAddress bssid;
  int64_t t0 = 0, t1 = 0;
  std::string method;
};
std::vector<AssociationSpan> AssociationSpans(const TriageView& view);

/// "+8m 21s", "0.4 s": a duration in words for gaps and spans.
std::string HumanDuration(int64_t us);

/// A compact ASCII timeline, `width` columns of plot, two rows per AP
/// ('=' associated, generation digit for its PMKSA entries, 'x' where the
/// entry is stale, '//' compressed gaps), then a row of finding markers.
std::string AsciiTimeline(const TriageView& view, int width);

/// The summary as (label, value) rows: input, supplicant, evidence tier,
/// interfaces, time span, lines, APs, roams by method, findings, redaction.
std::vector<std::pair<std::string, std::string>> SummaryFacts(const TriageView& view);

/// One line of a finding's evidence window: the cited lines with
/// kContextLines lines around them. `cited` is null for context lines;
/// `gap_before` marks a jump in line numbers.
struct WindowLine {
  uint64_t number = 0;
  const std::string* text = nullptr;
  const EvidenceLine* cited = nullptr;
  bool gap_before = false;
};
std::vector<WindowLine> EvidenceWindow(const TriageView& view, const Finding& finding);

/// The roam table: header and one row of cells per roam (start, AP, kind,
/// method, offsets of each phase from the start, total).
std::vector<std::string> RoamTableHeader();
std::vector<std::string> RoamTableRow(const TriageView& view, size_t roam);

/// Text escaped for HTML/XML (&<>"' and control characters), with invalid
/// UTF-8 replaced by U+FFFD, so the result is always well-formed.
std::string HtmlEscape(std::string_view s);

/// Appends `v` as fmt's "{:.1f}" writes it (SVG coordinates), through
/// std::to_chars: both round the exact binary value to one decimal.
void AppendFixed1(std::string* out, double v);

/// A TriageView for the text report: no second pass, times from the model.
TriageView ViewWithoutScan(const Report& report);

}  // namespace roamreplay
