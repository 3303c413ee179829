#pragma once

// Redaction (key material, passwords, EAP identities) and anonymisation (MAC
// addresses, SSIDs) of log text, so that a report can be shared publicly.
//
// Redaction keeps the shape of a line and replaces only the secret part with
// "[REDACTED]":
//   1317158007.570671: WPA: PMK from EAPOL state machines - hexdump(len=32): 55 ba ...
//   1317158007.570671: WPA: PMK from EAPOL state machines - hexdump(len=32): [REDACTED]
//   1317158007.230966: EAP: using real identity - hexdump_ascii(len=23):
//        6a 73 6d 69 74 68 40 63 6f 72 70 2e 65 78 61 6d   jsmith@corp.exam   (continuation)
//        [REDACTED]
//   ... psk="secret" ...  ->  ... psk=[REDACTED] ...
//
// A hexdump is secret when hostap prints its title with a *_key hexdump call
// (in any era: the catalogues' `call` column), or its title names key
// material (any "key" but EAPOL-Key frame fields, PMK but not PMKID or
// PMKSA, PTK, GTK, KCK, KEK, TK, MSK, PSK, K_aut), a password, passphrase or
// secret, PEAP/TTLS "Phase 2" payloads (they carry the inner identity and
// MSCHAPv2 responses), an identity, or ctrl_iface traffic (SET_NETWORK
// commands carry passwords). "[REMOVED]" and "[NULL]" payloads are left as
// they are.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/mac_address.h"
#include "report/report.h"

namespace roamreplay {

inline constexpr std::string_view kRedacted = "[REDACTED]";

/// Whether a hexdump title (the text before " - hexdump", prefix included)
/// is one hostap prints with wpa_hexdump_key, wpa_hexdump_ascii_key or
/// wpa_hexdump_buf_key in any era (lib/parse/catalog/key_titles.inc).
bool IsKeyDumpTitle(std::string_view title);

/// Whether a hexdump title (the text before " - hexdump") names secret data:
/// a key dump title (IsKeyDumpTitle), or a title that names a key (any
/// "key" except EAPOL-Key frame fields such as "Key MIC", "Key Nonce"), a
/// password, passphrase, identity or secret, PMK (not PMKID/PMKSA), PTK,
/// GTK, KCK, KEK, TK, MSK, PSK, EAP-SIM/AKA K_aut/K_encr/K_re, Phase 2
/// payloads or ctrl_iface traffic.
bool IsSecretTitle(std::string_view title);

/// Redacts one line at a time. Stateful: the continuation lines of a secret
/// `hexdump_ascii` dump are redacted too, so feed every line of a log in
/// order (or call RedactIsolated for a line out of context).
class Redactor {
 public:
  /// Writes the redacted form of `line` to `*out` and returns true when
  /// something was redacted; returns false (leaving `*out` untouched) when
  /// the line is clean.
  bool Redact(std::string_view line, std::string* out);
  /// Follows `line` without redacting it (a line that is not shown): keeps
  /// what Redact needs to know about the lines after it (a secret
  /// hexdump_ascii dump goes on over continuation lines). Much cheaper.
  void Observe(std::string_view line);

 private:
  bool in_secret_ascii_dump_ = false;
};

/// The redacted form of a single line without context.
std::string RedactIsolated(std::string_view line);

/// Redacts every evidence line of every finding in place.
void RedactReport(Report* report);

/// Maps MAC addresses and SSIDs to stand-ins, consistently for the lifetime
/// of the object: access points AP-n (02:00:00:01:hh:ll), stations STA-n
/// (02:00:00:00:hh:ll), other addresses 02:00:00:02:hh:ll, SSIDs "ssid-n".
/// A stand-in never equals an address learnt from the input.
class Anonymizer {
 public:
  /// Registers an access point / a station (own address) in order; the
  /// first AP registered becomes AP-1.
  void AddAccessPoint(const MacAddress& mac);
  void AddStation(const MacAddress& mac);
  /// Learns addresses, the own address ("Own MAC address: "), SSIDs
  /// (SSID 'x', ssid='x', SSID="x"), the host name of a syslog/journald
  /// prefix ("Jul 15 22:47:44 HOST tag[pid]: ", "2024-...+0200 HOST tag: ")
  /// and user names ("/home/NAME/", "USER=NAME", "user=NAME") from a log
  /// line. Bounded: at most kMaxLearnt addresses, SSIDs and names are kept.
  void Learn(std::string_view line);
  /// Registers an SSID (e.g. RoamSummary::ssid) so Apply replaces it.
  void AddSsid(std::string_view ssid);
  /// The stand-in for `mac`, assigning one ("other") when unseen.
  MacAddress Map(const MacAddress& mac);
  /// `text` with every colon-form MAC address (either case), every
  /// space-separated byte form of a learnt address, every learnt SSID and
  /// every learnt host name ("host-1") and user name ("user-1"), as a word,
  /// replaced by its stand-in.
  std::string Apply(std::string_view text);

  static constexpr size_t kMaxLearnt = 4096;

 private:
  enum class Kind { kAp, kStation, kOther };
  MacAddress Assign(const MacAddress& mac, Kind kind);
  bool ReplaceMacAt(std::string_view text, size_t i, std::string* out, size_t* consumed);
  bool ReplaceSsidAt(std::string_view text, size_t i, std::string* out, size_t* consumed);
  bool ReplaceNameAt(std::string_view text, size_t i, std::string* out, size_t* consumed);
  void AddName(std::string_view name, const char* stand_in_prefix);

  std::map<MacAddress, MacAddress> macs_;
  std::set<MacAddress> learnt_;  ///< Originals seen, for collision checks.
  std::vector<std::pair<std::string, std::string>> ssids_;  ///< Longest first.
  std::vector<std::pair<std::string, std::string>> names_;  ///< Hosts, users; longest first.
  int hosts_ = 0, users_ = 0;
  int counters_[3] = {0, 0, 0};
};

/// Rewrites every MAC address, SSID and log-derived text of `report`
/// (findings, evidence, roams, cache history, input name) through `anon`.
void AnonymizeReport(Report* report, Anonymizer* anon);

}  // namespace roamreplay
