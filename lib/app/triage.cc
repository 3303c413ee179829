#include "app/triage.h"

#include "base/line_reader.h"
#include "report/redact.h"

namespace roamreplay {
namespace {

// The second pass over the log (none for stdin, which cannot be re-read).
Status ScanLog(const std::string& path, const Report& report, Redactor* redactor,
               Anonymizer* anon, int year, LogScan* scan) {
  LogScanner scanner(report, redactor, anon, year);
  if (path != "-") {
    LineReader reader;
    if (Status s = LineReader::Open(path, &reader); !s.ok()) return s;
    Status s = reader.ForEachLine(
        [&](const LineReader::Line& line) { scanner.OnLine(line.number, line.text); });
    if (!s.ok()) return Status::IoError(path + ": " + s.message());
  }
  *scan = scanner.Finish();
  // Lines without a "-t" timestamp (journald, syslog, stdin): the model's
  // own times stand in.
  TriageView fallback = ViewWithoutScan(report);
  scan->line_times.insert(fallback.scan.line_times.begin(), fallback.scan.line_times.end());
  if (!scan->first_time_us) scan->first_time_us = fallback.scan.first_time_us;
  if (!scan->last_time_us) scan->last_time_us = fallback.scan.last_time_us;
  return Status::Ok();
}

}  // namespace

Status BuildTriage(const std::string& path, const TriageOptions& options, Triage* out) {
  Report& report = out->report;
  TriageView& view = out->view;
  if (Status s = ReplayFile(path, options.replay, &report); !s.ok()) return s;
  if (options.redact) RedactReport(&report);
  view = TriageView();
  view.aps = CollectAccessPoints(report);
  view.redacted = options.redact;
  view.anonymized = options.anonymize;
  Anonymizer anon;
  for (const MacAddress& ap : view.aps) anon.AddAccessPoint(ap);
  Redactor redactor;
  if (Status s = ScanLog(path, report, options.redact ? &redactor : nullptr,
                         options.anonymize ? &anon : nullptr, options.replay.year, &view.scan);
      !s.ok())
    return s;
  if (options.anonymize) {
    AnonymizeReport(&report, &anon);
    for (ContextLine& c : view.scan.context) c.text = anon.Apply(c.text);
    for (MacAddress& ap : view.aps) ap = anon.Map(ap);
  }
  view.report = &report;
  return Status::Ok();
}

}  // namespace roamreplay
