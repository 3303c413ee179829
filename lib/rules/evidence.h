#pragma once

// Shared by the rule files: starts a finding at a line, and adds a cited
// line to a finding, keeping the evidence sorted by line and free of
// duplicates.

#include <algorithm>
#include <string>
#include <string_view>

#include "model/line_ref.h"
#include "report/report.h"

namespace roamreplay {

/// A finding of `kind` reported at `at` (time, line) on `ifname`.
inline Finding StartFinding(std::string kind, Severity severity, std::string_view ifname,
                            const LineRef& at) {
  Finding f;
  f.kind = std::move(kind);
  f.severity = severity;
  f.time = at.time_text;
  if (at.has_time) f.time_us = at.time_us;
  f.line = at.line;
  f.interface = std::string(ifname);
  return f;
}

inline void AddEvidence(Finding* f, const LineRef& ref, std::string role) {
  if (!ref.valid()) return;
  for (const EvidenceLine& e : f->evidence)
    if (e.line == ref.line) return;
  if (f->evidence.size() >= Finding::kMaxEvidence) {  // bounded: memory and this scan
    ++f->evidence_omitted;
    return;
  }
  EvidenceLine e;
  e.line = ref.line;
  e.time = ref.time_text;
  if (ref.has_time) e.time_us = ref.time_us;
  e.text = ref.text;
  e.role = std::move(role);
  auto pos = std::upper_bound(f->evidence.begin(), f->evidence.end(), e.line,
                              [](uint64_t line, const EvidenceLine& x) { return line < x.line; });
  f->evidence.insert(pos, std::move(e));
}

}  // namespace roamreplay
