#pragma once

// The AP-side view: what hostapd logs (parse/hostapd_parser.h) say about
// the station's PMKSA at the APs. A third model part beside the PMKSA model
// and the connection tracker: it only consumes AP events and keeps plain
// records that the AP rules (rules/ap_rules.h) read.
//
// Processes. hostapd keeps one PMKSA cache per BSS; OKC looks through the
// caches of every BSS of the same process (wpa_auth_for_each_auth), so the
// process is the unit of a shared cache. One log is the output of one
// process at a time: the interfaces set up in one start-up block (the
// "Configuration file:" and "Using interface" lines before the first
// station event) share that process; a "Configuration file:" after a
// "Signal N received - terminating" line or after station activity starts
// a new process (a restart: the caches start empty). Different logs are
// different processes. A station moving between BSSs of one process makes
// hostapd disassociate it from the old one ("apA: disassociate STA" right
// after apB's "associated"), which corroborates the sharing.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/hex.h"
#include "base/mac_address.h"
#include "parse/hostapd_parser.h"

namespace roamreplay {

/// One line of an AP log.
struct ApLineRef {
  size_t log = 0;  ///< Index of the AP log.
  uint64_t line = 0;
  std::string time;  ///< The line's own stamp text; empty when none.
  std::optional<int64_t> time_us;  ///< On the AP log's own axis.
  std::string text;
};

struct ApBss {
  std::string ifname;
  MacAddress bssid;
  bool has_bssid = false;
  std::string ssid;
  size_t process = 0;  ///< Index into ApView::processes().
};

struct ApProcess {
  ApLineRef start;  ///< The first "Configuration file:" (or the log's first line).
  std::vector<std::string> config_files;
  std::vector<size_t> bss;  ///< Indexes into ApView::bss().
  std::optional<ApLineRef> end;  ///< "Signal N received - terminating".
  std::string version;  ///< "hostapd vX" when printed.
  /// Lines where hostapd disassociated a station from one of these BSSs
  /// because it associated with another one of them.
  uint64_t moves_within = 0;
  bool okc_seen = false;  ///< An "OKC match for PMKID" happened here.
};

/// One entry of a BSS's PMKSA cache.
struct ApPmksaEntry {
  size_t bss = 0;
  MacAddress spa;
  Pmkid pmkid;  ///< Unknown when the log printed no "RSN: added PMKID".
  bool okc = false;  ///< Created by an OKC match.
  ApLineRef added;
  std::optional<ApLineRef> removed;
  /// "replaced" (a new PMK for the station at this BSS), "expired",
  /// "flushed", "evicted", "process-ended".
  std::string removed_how;
};

/// One association of a station with a BSS and the AP's answer to the
/// PMKIDs it offered.
struct ApAssociation {
  size_t bss = 0;
  MacAddress sta;
  ApLineRef assoc;
  std::vector<Pmkid> offered;
  std::optional<ApLineRef> offer_line;   ///< The first "RSN IE: STA PMKID".
  std::optional<ApLineRef> answer_line;  ///< "OKC match" / "PMKID found".
  std::string answer = "no-pmkid-offered";  ///< found, okc-match, not-found, no-pmkid-offered.
  bool full_eap = false;  ///< The AP ran EAP (start authentication without cached PMK).
  std::optional<ApLineRef> ended;  ///< disassociated/deauthenticated/left.
};

/// AP events a station-side reader should see as evidence.
struct ApSideEvent {
  /// "reauth-timer" (eap_reauth_period), "reauth-started" (EAP re-authentication started: the timer or the station asked
  /// for re-authentication), "inactivity", "session-timeout", "deauth-sent",
  /// "disassoc-sent", "eapol-to-departed-station", "restart".
  std::string kind;
  size_t bss = 0;
  bool has_bss = false;
  MacAddress sta;
  int32_t number = 0;
  ApLineRef ref;
};

class ApView {
 public:
  /// `log` is the index of the AP log whose lines this view reads.
  explicit ApView(size_t log) : log_(log) {}

  /// One parsed line (`raw` is the whole line, kept for evidence).
  void Apply(const ApParsedLine& line, uint64_t number, std::string_view raw);
  void Finish();

  const std::vector<ApBss>& bss() const { return bss_; }
  const std::vector<ApProcess>& processes() const { return processes_; }
  const std::vector<ApPmksaEntry>& entries() const { return entries_; }
  const std::vector<ApAssociation>& associations() const { return assocs_; }
  const std::vector<ApSideEvent>& side_events() const { return side_; }
  uint64_t lines() const { return lines_; }
  uint64_t events() const { return events_; }
  uint64_t known() const { return known_; }
  uint64_t unknown() const { return unknown_; }
  std::optional<int64_t> first_time_us() const { return first_time_us_; }
  /// (BSS, time) of every "sending 1/4 msg of 4-Way Handshake", for clocks.
  const std::vector<std::pair<size_t, int64_t>>& msg1_times() const { return msg1_; }

 private:
  size_t BssFor(std::string_view ifname);
  ApProcess& Current();
  void StartProcess(const ApLineRef& ref);
  ApAssociation* OpenAssociation(size_t bss, const MacAddress& sta);
  void AddEntry(size_t bss, const MacAddress& spa, const ApLineRef& ref);
  void Resolve(size_t index);
  void RemoveEntries(size_t process, const MacAddress& spa, const ApLineRef& ref, const char* how);
  void Side(const char* kind, std::optional<size_t> bss, const ApEvent& ev, const ApLineRef& ref);

  size_t log_;
  std::vector<ApBss> bss_;
  std::vector<ApProcess> processes_;
  std::vector<ApPmksaEntry> entries_;
  std::vector<ApAssociation> assocs_;
  std::vector<ApSideEvent> side_;
  std::vector<std::pair<size_t, int64_t>> msg1_;
  /// The live entry of each (BSS, station): hostapd keeps one.
  std::map<std::pair<size_t, MacAddress>, size_t> live_;
  bool station_activity_ = false;  ///< Since the current process started.
  bool ended_ = false;             ///< The current process said it terminates.
  std::optional<size_t> last_bss_;  ///< The BSS of the last line naming one.
  std::optional<size_t> pending_entry_;  ///< Waiting for its "RSN: added PMKID".
  bool pending_okc_ = false;
  uint64_t lines_ = 0, events_ = 0, known_ = 0, unknown_ = 0;
  std::optional<int64_t> first_time_us_;
};

}  // namespace roamreplay
