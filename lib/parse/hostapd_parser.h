#pragma once

// Reads hostapd debug output (`hostapd -dd -t`, stdout or -f; syslog and
// journald wrappers as for the station, parse/input_shape.h) into typed AP
// events. The prefix code is the station's (SplitOuterPrefix, the "-t"
// stamp, TimeAxis); messages are classified with hostapd's own dictionary
// (MessageCatalog::Hostapd, generated from hostapd-2011.tsv and
// hostapd-current.tsv) and the events below are recognised by prefix
// checks, without regular expressions.
//
// Line shapes (hostapd 0098ce6d of 2011 and 2.x):
//   "<if>: STA <mac> <MODULE>: <text>"        hostapd_logger / wpa_auth_logger
//   "<if>: <text>"                            wpa_msg, "%s: disassociate STA <mac>"
//   "<text>"                                  wpa_printf, hexdumps (no interface)
//   "     6f 6b 63 ..."                       hexdump_ascii continuation

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/hex.h"
#include "base/mac_address.h"
#include "parse/input_shape.h"
#include "parse/time_axis.h"

namespace roamreplay {

#define ROAMREPLAY_AP_EVENT_TYPES(X)                                                      \
  X(ConfigFile)      /* "Configuration file: <path>" (a process starts)                */ \
  X(VersionBanner)   /* "hostapd v2.x"                                                 */ \
  X(Interface)       /* "Using interface <if> with hwaddr <bssid> and ssid '<ssid>'"  */ \
  X(Terminating)     /* "Signal N received - terminating"                              */ \
  X(Associated)      /* IEEE 802.11: "associated" / "associated (aid N)"               */ \
  X(Disassociated)   /* IEEE 802.11: "disassociated" (the station left)               */ \
  X(Deauthenticated) /* IEEE 802.11: "deauthenticated" (the station left)             */ \
  X(Inactivity)      /* "disassociated/deauthenticated due to inactivity"             */ \
  X(SessionTimeout)  /* "deauthenticated due to session timeout"                       */ \
  X(DisassocSent)    /* "<if>: disassociate STA <mac>"                                 */ \
  X(DeauthSent)      /* "<if>: deauthenticate STA <mac>", MLME-DEAUTHENTICATE.indication(<mac>, N) */ \
  X(StaPmkid)        /* "RSN IE: STA PMKID - hexdump" / "RSNE: STA PMKID" (offered)    */ \
  X(OkcMatch)        /* WPA: "OKC match for PMKID"                                      */ \
  X(PmkidFound)      /* WPA: "PMKID found from PMKSA cache eap_type=N vlan_id=N"        */ \
  X(PmksaAdded)      /* "RSN: added PMKSA cache entry for <spa>"                        */ \
  X(PmksaAddedPmkid) /* "RSN: added PMKID - hexdump(len=16)"                            */ \
  X(PmksaExpired)    /* "RSN: expired PMKSA cache entry for <spa>"                      */ \
  X(PmksaFlushed)    /* "RSN: Flush PMKSA cache entry for <spa>" (2.x)                  */ \
  X(PmksaEvicted)    /* "RSN: removed the oldest PMKSA cache entry (for <spa>) ..."     */ \
  X(PmkFromCache)    /* IEEE 802.1X: "PMK from PMKSA cache - skip IEEE 802.1X/EAP"      */ \
  X(AuthStart)       /* IEEE 802.1X: "start authentication"                             */ \
  X(EapSuccess)      /* IEEE 802.1X: "authenticated - EAP type: N (..)" (full EAP)      */ \
  X(EapFailure)      /* "EAP: Building EAP-Failure"                                     */ \
  X(EapolSent)       /* IEEE 802.1X: "Sending EAP Packet", WPA: "sending N/4 msg"        */ \
  X(HandshakeDone)   /* WPA: "pairwise key handshake completed (RSN)"                   */ \
  X(WpaEvent)        /* WPA: "event N notification" (4 REAUTH, 5 REAUTH_EAPOL)          */ \
  X(ReauthTimer)     /* "IEEE 802.1X: <mac> REAUTH_TIMER entering state REAUTHENTICATE" */

enum class ApEventType : uint8_t {
  kNone = 0,
#define ROAMREPLAY_AP_EVENT_ENUM(name) k##name,
  ROAMREPLAY_AP_EVENT_TYPES(ROAMREPLAY_AP_EVENT_ENUM)
#undef ROAMREPLAY_AP_EVENT_ENUM
      kCount
};

/// "Associated" for ApEventType::kAssociated.
std::string_view ApEventTypeName(ApEventType type);

struct ApEvent {
  ApEventType type = ApEventType::kNone;
  MacAddress sta;  ///< The station (logger lines, PMKSA lines), when has_sta.
  bool has_sta = false;
  MacAddress bssid;  ///< kInterface: the BSS's address.
  Pmkid pmkid;       ///< kStaPmkid, kPmksaAddedPmkid.
  int32_t number = 0;  ///< Reason code, aid, signal, "event N", message number.
  std::string_view text;  ///< kConfigFile path, kInterface ssid, kVersionBanner version.
  std::string_view ifname2;  ///< kInterface: the interface the line names.
};

enum class ApLineKind : uint8_t {
  kEvent,        ///< `event` is valid.
  kKnown,        ///< In hostapd's dictionary, not used by the AP view.
  kUnknown,      ///< Looks like hostapd output, not in the dictionary.
  kOther,        ///< Blank, hexdump continuation, or not hostapd's (other programs).
};

struct ApParsedLine {
  ApLineKind kind = ApLineKind::kOther;
  std::string_view time_text;
  int64_t time_us = 0;
  bool has_time = false;
  std::string_view ifname;  ///< The BSS interface the line names, or empty.
  std::string_view body;    ///< After the prefixes (and the interface).
  ApEvent event;
};

/// Stateful: it learns the BSS interface names from "Using interface" lines
/// (they carry no digit, e.g. "apA", so the station's interface-name rule
/// does not apply) and keeps the time axis.
class HostapdLineParser {
 public:
  explicit HostapdLineParser(InputFormat format = InputFormat::kDashT, int year = 0)
      : format_(format), axis_(year) {}
  /// Views in `*out` point into `line`.
  void Parse(std::string_view line, ApParsedLine* out);

 private:
  bool ConsumeIfname(std::string_view* s, std::string_view* ifname);
  InputFormat format_;
  TimeAxis axis_;
  std::vector<std::string> ifnames_;
};

/// Parses `body` (no prefixes; `ifname` is the interface it named) into an
/// event. False when it is none of the shapes above.
bool ParseApEventBody(std::string_view body, ApEvent* event);

/// True when the first lines look like hostapd output rather than
/// wpa_supplicant's: hostapd's start-up texts ("Configuration file:",
/// "Using interface ... with hwaddr", "hostapd v") or hostapd_logger lines
/// ("<if>: STA <mac> IEEE 802.11: ..."), or a "hostapd[pid]:" syslog tag.
bool LooksLikeHostapdLog(const std::vector<std::string>& sample);

}  // namespace roamreplay
