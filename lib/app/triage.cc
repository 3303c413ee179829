#include "app/triage.h"

#include <cstdio>
#include <memory>

#include "base/line_reader.h"
#include "report/redact.h"

namespace roamreplay {
namespace {

// The second pass, over the spool the first pass wrote (the input itself is
// read once: a FIFO or stdin cannot be read again). No spool: no context.
Status ScanLog(std::FILE* spool, const Report& report, Redactor* redactor, Anonymizer* anon,
               int year, LogScan* scan) {
  LogScanner scanner(report, redactor, anon, year);
  if (spool != nullptr && std::fflush(spool) == 0 && std::fseek(spool, 0, SEEK_SET) == 0) {
    LineReader reader(spool);
    // The spool ends where the first pass stopped; its errors were reported.
    Status ignored = reader.ForEachLine(
        [&](const LineReader::Line& line) { scanner.OnLine(line.number, line.text); });
    (void)ignored;
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
  // The input as read, for the second pass: a temporary file (deleted on
  // close), so memory stays flat whatever the input's size.
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> spool(std::tmpfile(), &std::fclose);
  ReplayOptions replay = options.replay;
  replay.spool = spool.get();
  Status read_status = ReplayFile(path, replay, &report);
  // Nothing read (cannot open): nothing to show. Otherwise the report shows
  // what was read before the error, which the caller then reports.
  if (!read_status.ok() && report.counts.lines == 0) return read_status;
  if (options.redact) RedactReport(&report);
  view = TriageView();
  view.aps = CollectAccessPoints(report);
  view.redacted = options.redact;
  view.anonymized = options.anonymize;
  Anonymizer anon;
  for (const MacAddress& ap : view.aps) anon.AddAccessPoint(ap);
  Redactor redactor;
  if (Status s = ScanLog(spool.get(), report, options.redact ? &redactor : nullptr,
                         options.anonymize ? &anon : nullptr, options.replay.year, &view.scan);
      !s.ok())
    return s;
  if (options.anonymize) {
    AnonymizeReport(&report, &anon);
    for (ContextLine& c : view.scan.context) c.text = anon.Apply(c.text);
    for (MacAddress& ap : view.aps) ap = anon.Map(ap);
  }
  view.IndexAps();
  view.report = &report;
  return read_status;
}

}  // namespace roamreplay
