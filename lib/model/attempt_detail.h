#pragma once

// What the connection tracker learnt about one connection attempt beyond its
// PMKSA: why it started, which key management and authentication algorithm
// it used, how it ended, how long each phase took and which faster path it
// could have taken. Plain data, shared by the model, the rules and the
// report writers (the JSON contract is documented in README.md).

#include <cstdint>
#include <optional>
#include <string>

namespace roamreplay {

/// Why an attempt started.
struct AttemptTrigger {
  /// startup, ctrl-command, bgscan, signal, beacon-loss, btm-request,
  /// deauth-from-ap, disassoc-from-ap, disconnect, auth-failure-retry,
  /// unknown.
  std::string kind = "unknown";
  uint64_t line = 0;  ///< 0 = none.
  std::string time;
  std::optional<int> reason_code;
  std::string reason;  ///< IEEE 802.11 name of reason_code.
  std::optional<bool> locally_generated;
  std::string detail;
  std::string text;  ///< The line itself, for evidence (not in JSON).
  int64_t time_us = 0;  ///< 0 = no time.
  std::string ended_bssid;  ///< The AP whose link ended (link-loss; not in JSON).
};

/// How a failed attempt failed.
struct AttemptFailure {
  /// scan, authentication, association, eap, 4way, group-key, unknown.
  std::string phase = "unknown";
  std::optional<int> status_code;
  std::optional<int> reason_code;
  std::string name;  ///< IEEE 802.11 name of the status or reason code.
  std::optional<bool> locally_generated;
  uint64_t line = 0;
  std::string time;
  int64_t time_us = 0;  ///< 0 = no time.
  std::string detail;
  std::string text;  ///< The line itself, for evidence (not in JSON).
};

/// The fastest method a correct supplicant could have used, and whether
/// this attempt used it.
struct FastPath {
  std::string expected = "none";  ///< ft, pmksa, okc, sae-pmksa, none.
  bool used = false;
  /// no-cache-entry, entry-stale, entry-expired, pmksa-disabled-by-config,
  /// ap-refused, ft-failed, ft-not-possible-after-disconnect,
  /// other-mobility-domain, okc-disabled, first-connection, unknown; empty =
  /// null.
  std::string why_not;
  std::string detail;
};

/// Phase durations in microseconds (nullopt: the log cannot tell).
struct AttemptPhases {
  std::optional<int64_t> scan, authentication, association, eap, four_way, total;
};

struct AttemptDetail {
  AttemptTrigger trigger;
  std::string akm;             ///< As hostap names it ("FT/802.1X"); empty = null.
  std::string auth_algorithm;  ///< open, shared, ft, sae, fils, pasn; empty = null.
  std::string outcome = "unfinished";  ///< success, failed, unfinished.
  std::optional<AttemptFailure> failure;
  /// This attempt replaced the failed attempt right before it.
  bool fallback = false;
  AttemptPhases phases;
  FastPath fast_path;
  /// The supplicant selected a PMKSA entry and withdrew it before the
  /// association (configuration or AKM): the line saying so.
  uint64_t caching_disabled_line = 0;
  /// A "did not accept PMKID" on this attempt that was not an AP refusal
  /// (no PMKID had been offered): its line.
  uint64_t artefact_not_accepted_line = 0;
};

}  // namespace roamreplay
