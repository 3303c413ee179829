#pragma once

// A scenario: either a stored trace ("log": "logs/...") or a roam script the
// synthesizer turns into a log, plus the expectations a replay of that log
// must meet. The JSON format is documented in README "Scenarios".
//
// Loading validates everything up front and never throws: a bad file gives
// a Status whose message names the file and the JSON path, e.g.
//   "scenarios/x.json: steps[2].ap: unknown AP 'D' (known: A, B, C)".

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/mac_address.h"
#include "base/status.h"
#include "report/report.h"

namespace roamreplay {

/// The supplicant's PMKSA flush behaviour (README "How the model decides").
enum class SupplicantPolicy { kPre2011, kC3fea272, kCurrent };
std::string_view SupplicantPolicyName(SupplicantPolicy policy);

/// Which hostap generation's message texts the log uses.
enum class TextEra { k2011, k2x };
std::string_view TextEraName(TextEra era);

/// The network's key management, as the synthesizer writes it (supplicant
/// "akm"): WPA2/3-Enterprise (EAP), SAE (hunting-and-pecking or hash-to-
/// element), OWE, FT-SAE.
enum class SynthAkm { kEap, kSae, kSaeH2e, kOwe, kFtSae };
std::string_view SynthAkmName(SynthAkm akm);

/// How an AP answers a PMKID it does not accept.
enum class Refusal { kEap, kStatus53 };

struct ApSpec {
  std::string name;  ///< Short name used by steps and expectations ("A").
  MacAddress bssid;
  int channel = 1;
  bool caching = true;  ///< Accepts PMKSA caching at all.
  bool okc = true;      ///< Shares PMKs with the other OKC APs (controller).
  /// The AP (controller) forgets a PMKSA this many seconds after creating it;
  /// nullopt = never.
  std::optional<int64_t> forget_after_s;
  Refusal refusal = Refusal::kEap;
  /// Never answers an association that carries a PMKID; 0 = answers.
  double stall_s = 0;
  bool msk_mismatch = false;     ///< Its AS derives a different MSK (bddc51e8).
  bool okc_pmkid_bug = false;    ///< Computes OKC PMKIDs wrongly (114d1241).
  /// Wi-Fi 7: the AP MLD this BSSID is a link of; PMKSAs are keyed by it.
  std::optional<MacAddress> mld;
  /// Answers the first SAE commit with an anti-clogging token request (status 76).
  bool anti_clogging = false;
  /// An AP MLD of hostapd before 799cc8ec ("AP MLD: Define a new MLD-level
  /// PMKSA cache shared by all links"): the PMKSA is kept only on the link
  /// the station authenticated on; PMKSA caching on another link is refused.
  bool mld_pmksa_per_link = false;
  // Connection flows (issue 11; README "Scenarios"):
  /// FT mobility domain (4 hex digits, "a1b2"); empty = the AP advertises no MDE.
  std::string mobility_domain;
  /// Its FT Reassociation Response fails validation: "rsne-mismatch"; empty = valid.
  std::string ft_failure;
  /// Holds another passphrase: every 4-way handshake times out (PSK networks).
  bool psk_mismatch = false;
};

/// The network block of a script's connection flows (issue 11). Default
/// (key_mgmt empty): today's WPA-EAP texts, without a "using KEY_MGMT" line.
struct NetworkSpec {
  std::string key_mgmt;  ///< "", "WPA-EAP", "FT-EAP", "WPA-PSK", "FT-PSK".
  bool ft_eap_pmksa_caching = false;  ///< The network option (hostap default 0).
  bool IsFt() const { return key_mgmt == "FT-EAP" || key_mgmt == "FT-PSK"; }
  bool IsPsk() const { return key_mgmt == "WPA-PSK" || key_mgmt == "FT-PSK"; }
};

enum class StepKind {
  kConnect, kRoam, kReauth, kWait, kConfigChange, kMacChange, kDisconnect,
  // Connection flows (issue 11).
  kBtmRequest, kBeaconLoss, kApDeauth,
  // The AP side (issue 14): the hostapd process serving `ap` restarts.
  kApRestart
};
std::string_view StepKindName(StepKind kind);

struct Step {
  StepKind kind = StepKind::kConnect;
  std::string ap;           ///< connect, roam: AP name.
  double seconds = 0;       ///< wait.
  MacAddress mac;           ///< mac-change: the new own address.
  int repeat = 1;           ///< The step is performed this many times.
  // Connection flows (issue 11).
  /// connect, roam: what starts it: "", "bgscan", "signal", "ctrl-command",
  /// "dbus-roam", "dbus-scan", "ft-over-ds" (an FT_DS command).
  std::string trigger;
  int status = 0;  ///< btm-request: the station's BTM response status (0 = follow to `ap`).
  int reason = 0;  ///< deauth: the AP's reason code.
  bool disassoc = false;  ///< deauth: a disassociation rather than a deauthentication.
  /// reauth: the AP completes the EAP exchange (and caches the new PMK) but
  /// its EAP-Success never reaches the station, which keeps its old PMK.
  bool success_lost = false;
};

/// One hostapd process of the scripted AP side (issue 14): its BSSs share
/// the process, so OKC can find a PMK cached by any of them.
struct HostapdProcessSpec {
  std::string name;
  std::vector<int> aps;  ///< Indexes into Scenario::aps.
};

/// "hostapd": the scenario's APs are hostapd processes; `synth --ap-out`
/// writes their `hostapd -dd -t` logs and `check` replays jointly.
struct HostapdSpec {
  std::vector<HostapdProcessSpec> processes;
  /// The process serving AP `ap`, or -1.
  int ProcessOf(int ap) const;
};

/// One connection attempt (an element of Report::roams) that must appear
/// (issue 11): every field given must match; `count` such attempts at least.
struct AttemptExpectation {
  std::optional<int> step;
  std::string ap;
  std::optional<MacAddress> bssid;
  std::string trigger, method, outcome, failure_phase, auth_algorithm, akm, expected, why_not;
  std::optional<int> status_code, reason_code;
  std::optional<bool> fallback;     ///< fallback_of is set.
  std::optional<bool> scan_timed;   ///< phases_ms.scan is a number (true) or null (false).
  std::string ap_answer;  ///< The AP log's answer (joint runs): found, okc-match, ...
  int count = 1;
  std::string text;  ///< The JSON of the expectation, for messages.
};

/// A finding that must (or must not) appear.
struct FindingExpectation {
  std::string kind;
  std::string ap;  ///< AP name or BSSID text; empty = any.
  std::optional<MacAddress> bssid;  ///< Resolved from `ap`.
  std::string cause;                ///< Empty = any.
  std::string time;                 ///< The log's timestamp text; empty = any.
  std::optional<uint64_t> line;
  std::optional<int> step;          ///< Index into steps (synthesized only).
  std::string ap_cause;             ///< pmkid-rejected's AP-side cause (joint runs); empty = any.
};

/// A count over Report::roams (or over findings of one kind) that must lie
/// in [min, max]. With `per_roams`, max is a rate: at most `max` per
/// `per_roams` roams of the same filter without `method`.
struct CountExpectation {
  std::string method;   ///< "full-eap", "pmksa-cache", "okc", "cached", "failed", "any".
  std::string finding;  ///< Counts findings of this kind instead of roams.
  std::string ap;
  std::optional<MacAddress> bssid;
  std::optional<int> step;
  std::optional<bool> reauth;
  std::optional<int64_t> min;
  std::optional<int64_t> max;
  std::optional<int64_t> per_roams;
  std::string text;  ///< The JSON of the expectation, for messages.
};

struct Scenario {
  std::string path;  ///< File it was loaded from.
  std::string name;
  std::string description;
  std::string pending;  ///< Non-empty: expectations wait for this; reported as skipped.
  std::string log;      ///< Stored trace, resolved to a readable path; empty = synthesize.

  SupplicantPolicy policy = SupplicantPolicy::kCurrent;
  TextEra texts = TextEra::k2x;
  /// The "wpa_supplicant vX" banner; empty = the texts' usual one (0.8.x, 2.10).
  std::string version;
  /// hostap commits the simulated supplicant predates (supplicant "before"):
  /// each restores the behaviour that commit changed, nothing else
  /// (KnownBeforeCommits()).
  std::vector<std::string> before;
  bool Before(std::string_view commit) const {
    for (const std::string& b : before)
      if (b == commit) return true;
    return false;
  }
  MacAddress own_mac;
  std::string ifname = "wlan0";
  bool okc = true;  ///< proactive_key_caching in the network block.
  SynthAkm akm = SynthAkm::kEap;
  std::string ssid = "corp-secure";
  std::vector<ApSpec> aps;
  std::vector<Step> steps;
  uint64_t seed = 1;

  std::vector<FindingExpectation> expect;
  std::vector<FindingExpectation> absent;
  std::vector<CountExpectation> counts;
  std::vector<AttemptExpectation> attempts;  ///< expect.attempts (issue 11).
  NetworkSpec network;  ///< "network" (issue 11).
  /// "hostapd" (issue 14): the AP side is scripted too; nullopt = station only.
  std::optional<HostapdSpec> hostapd;
  /// No findings of the kinds named in `expect` beyond those it matches
  /// (other kinds, e.g. info findings, are not restricted).
  bool exact = false;
  /// The flush policy the replay must infer ("pre-2011", "c3fea272",
  /// "current"); empty = not checked.
  std::string expect_policy;
  /// "min_severity" in "expect": with `exact`, every finding at or above this
  /// severity must be matched by an expectation, whatever its kind (baselines
  /// recorded by `check --record`).
  std::optional<Severity> exact_min_severity;

  /// Index of the AP called `name`, or -1.
  int FindAp(std::string_view name) const;
};

/// The commits a scenario's supplicant "before" may name.
const std::vector<std::string_view>& KnownBeforeCommits();

/// Finding kinds the runner knows (today's and those announced in issue 4);
/// any other kind in an expectation is a validation error.
const std::vector<std::string_view>& KnownFindingKinds();

/// Reads and validates the scenario at `path`. A relative "log" is resolved
/// against the scenario's folder, then against each parent folder.
Status LoadScenario(const std::string& path, Scenario* out);

/// Parses scenario JSON text; `path` is used in messages and to resolve "log".
Status ParseScenario(std::string_view json_text, const std::string& path, Scenario* out);

}  // namespace roamreplay
