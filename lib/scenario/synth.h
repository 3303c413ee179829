#pragma once

// The synthesizer: runs a scenario's roam script against a simulated
// supplicant (its PMKSA cache in list order, OKC clones of the first entry
// of the network, the era's flush rule on replace, expiry, the 32-entry
// limit) and simulated APs (an OKC controller that holds the station's
// latest PMK, standalone APs with their own PMKSA, forgetting, status 53,
// stalls), and writes the log a real supplicant of that era would print.
//
// Alongside the log it returns the ground truth: every offer the supplicant
// made, whether a reference supplicant would have held that entry as stale
// (README "How the model decides", implemented here independently of
// lib/model), and whether the AP accepted it. Deterministic for a seed.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/hex.h"
#include "base/mac_address.h"
#include "scenario/scenario.h"
#include "scenario/synth_text.h"

namespace roamreplay {

struct SynthOptions {
  std::optional<TextEra> era;  ///< Overrides the scenario's message texts.
  LogShape shape = LogShape::kT;
  std::optional<uint64_t> seed;  ///< Overrides the scenario's seed.
};

/// A finding the ground truth implies (today's kinds only: stale-pmkid-reuse
/// and pmkid-rejected).
struct TruthFinding {
  std::string kind;
  MacAddress bssid;
  std::string cause;
  uint64_t line = 0;  ///< Selection line (stale) or refusal line (rejected).
  int step = 0;
};

/// One PMKID the supplicant offered.
struct TruthOffer {
  int step = 0;
  MacAddress bssid;
  Pmkid pmkid;
  bool clone = false;
  bool stale = false;
  std::string stale_cause;
  bool refused = false;
  uint64_t selection_line = 0;
};

/// Lines [first_line, last_line] a step wrote (1-based; empty if first > last).
struct StepLines {
  uint64_t first_line = 0;
  uint64_t last_line = 0;
};

/// The `hostapd -dd -t` log of one hostapd process (scenarios with a
/// "hostapd" block, issue 14).
struct SynthApLog {
  std::string process;  ///< The process's name in the scenario.
  std::vector<std::string> aps;  ///< The names of the APs (BSSs) it serves.
  std::string log;
};

struct SynthResult {
  std::string log;
  std::vector<SynthApLog> ap_logs;  ///< One per hostapd process; empty without "hostapd".
  std::vector<StepLines> steps;  ///< One per scenario step.
  std::vector<TruthOffer> offers;
  std::vector<TruthFinding> truth;  ///< In line order.
  int full_auths = 0;
};

/// Synthesizes the scenario's log. The scenario must be a script (no "log").
void Synthesize(const Scenario& scenario, const SynthOptions& options, SynthResult* out);

}  // namespace roamreplay
