#pragma once

// Drives an implementation under test through a trace beside the reference
// cache and collects where its decisions differ. No printing: results are
// values; WriteDrive{Text,Json,Junit} render them.

#include <ostream>
#include <string>
#include <vector>

#include "harness/cache_under_test.h"
#include "harness/trace.h"

namespace roamreplay {

/// One decision where the implementation answered otherwise than the
/// reference (finding kind `sut-divergence`, severity error).
struct Divergence {
  size_t step = 0;
  StepType decision = StepType::kOffer;
  std::string why;  ///< kCache: "after-pmk" or "end".
  LineRef line;     ///< The decision's log line.
  MacAddress aa;    ///< kOffer: the AP being joined.
  bool has_aa = false;
  StepAnswer sut;
  StepAnswer reference;
  /// kOffer: what the logged supplicant offered.
  bool has_logged = false;
  bool logged_offered = false;
  CacheEntryView logged;
  Pmkid logged_pmkid;
  std::string message;  ///< One sentence: what differs.
  std::vector<std::pair<LineRef, std::string>> evidence;  ///< (line, role)
};

struct DriveResult {
  std::string path;
  std::string ifname;
  std::string label;  ///< Scenario name (check --sut) or empty.
  size_t steps = 0;      ///< Steps sent.
  size_t decisions = 0;  ///< Decisions compared.
  std::vector<Divergence> divergences;
  /// Cache differences equal to the one reported just before (not repeated).
  size_t repeated = 0;
  /// Offers where the logged supplicant itself differs from the reference.
  size_t logged_differs = 0;
  /// The first kMaxLoggedDifferences of them: (step, line, logged, reference).
  struct LoggedDifference {
    size_t step = 0;
    LineRef line;
    StepAnswer logged;
    StepAnswer reference;
  };
  std::vector<LoggedDifference> logged_differences;
  bool fault = false;  ///< The implementation crashed, hung or answered garbage.
  std::string error;   ///< The fault, or why the trace could not be read.
  /// The trace could not be read (no steps driven).
  bool input_error = false;
};

/// Divergences kept per trace; the others are counted in `repeated`.
inline constexpr size_t kMaxDivergencesPerTrace = 1000;
inline constexpr size_t kMaxLoggedDifferences = 100;

/// Drives `sut` through every step of `trace`, the reference beside it.
DriveResult Drive(const Trace& trace, CacheUnderTest* sut);

/// Exit status of a run: 3 when any trace had a fault or input error, else
/// 1 when any diverged, else 0.
int DriveExitCode(const std::vector<DriveResult>& results);

struct DriveOutputOptions {
  bool redact = true;  ///< Redact key material in evidence lines.
};

void WriteDriveText(const std::vector<DriveResult>& results, const DriveOutputOptions& options,
                    std::ostream& out);
void WriteDriveJson(const std::vector<DriveResult>& results, const std::string& sut,
                    const DriveOutputOptions& options, std::ostream& out);
/// One <testcase> per trace: a divergence is a <failure>, a fault an <error>.
void WriteDriveJunit(const std::vector<DriveResult>& results, std::ostream& out);

}  // namespace roamreplay
