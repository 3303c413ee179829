#pragma once

// Test helpers over a Report's findings.

#include <gtest/gtest.h>

#include <string>

#include "report/report.h"

namespace roamreplay::testing {

inline int Count(const Report& r, const std::string& kind) {
  int n = 0;
  for (const Finding& f : r.findings) n += f.kind == kind;
  return n;
}

/// The first finding of `kind`; fails the test (and returns an empty one) if none.
inline const Finding& First(const Report& r, const std::string& kind) {
  for (const Finding& f : r.findings)
    if (f.kind == kind) return f;
  static const Finding none;
  ADD_FAILURE() << "no " << kind << " finding";
  return none;
}

/// The findings, one per line ("kind (cause) line N: message"), for failure output.
inline std::string Describe(const Report& r) {
  std::string out;
  for (const Finding& f : r.findings)
    out += f.kind + " (" + f.cause + ") line " + std::to_string(f.line) + ": " + f.message + "\n";
  return out.empty() ? "no findings\n" : out;
}

}  // namespace roamreplay::testing
