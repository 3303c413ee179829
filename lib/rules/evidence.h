#pragma once

// Shared by the rule files: adds a cited line to a finding, keeping the
// evidence sorted by line and free of duplicates.

#include <algorithm>
#include <string>

#include "model/line_ref.h"
#include "report/report.h"

namespace roamreplay {

inline void AddEvidence(Finding* f, const LineRef& ref, std::string role) {
  if (!ref.valid()) return;
  for (const EvidenceLine& e : f->evidence)
    if (e.line == ref.line) return;
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
