#pragma once

// ESP-IDF's Wi-Fi station (input shape esp-idf, "D (3788) tag: text" with
// milliseconds since boot). Two tags carry the connection:
//
//   "wpa"   ESP-IDF's port of wpa_supplicant (components/wpa_supplicant):
//           hostap's own texts ("RSN: Added PMKSA cache entry for X ...",
//           "WPA: Key negotiation completed with X ...") and a few of the
//           port's: "wpa3: Skip SAE and use cached PMK instead",
//           "WPA 1/4-Way Handshake", "IEEE 802.1X RX: version=2 type=3 ...".
//   "wifi"  the closed Wi-Fi library (libnet80211), printed without a space
//           after the tag ("I (1788) wifi:state: init -> auth (b0)"). Its
//           station state machine is the connection flow: "ap found, mac=X",
//           "connect_op: status=0, auth=9, cipher=3", "state: A -> B (code)",
//           "recv auth: seq=N, status=N", "Association refused temporarily,
//           comeback time N (TUs)", "recv deauth, reason=0xN",
//           "connected with SSID, aid = N, ..., bssid = X".
//
// The state line's code is (status or reason << 8) | frame subtype, read on
// the transitions the corpus shows: "(b0)" the authentication frame sent,
// "(10)" an association response with status 0, "(3510)" one with status
// 0x35 = 53 (INVALID_PMKID; the library then prints "reason: Invalid
// PMKID(49)"), "(3c0)" a deauthentication with reason 3 (after "recv deauth,
// reason=0x3"), "(200)" reason 2 without a frame (after "auth timeout").
//
// The library's lines name no peer: the parser attributes them to the BSS
// that "ap found, mac=X" (or "connected with ..., bssid = X") last named.
// This turns those lines into the typed events of the hostap texts they
// correspond to; the rest of the library's lines stay known or unknown.

#include <string>
#include <string_view>

#include "base/mac_address.h"
#include "parse/event.h"
#include "parse/event_parser.h"

namespace roamreplay {

class EspIdfParser {
 public:
  /// A "wifi" (Wi-Fi library) line's text after "wifi:". kNotEvent for the
  /// library's other lines (KnownWifiText tells which of those are known).
  BodyClass ParseWifi(std::string_view body, Event* ev, std::string_view* why);

  /// A "wpa" line that is not a hostap event: the port's own texts.
  BodyClass ParsePort(std::string_view body, Event* ev);

  /// Follows the events of "wpa" lines (the BSS they name, the SSID).
  void Note(const Event& ev);

  /// The Wi-Fi library's lines that carry nothing for the model (scan
  /// rounds, timers, filters, the init banner, ...).
  static bool KnownWifiText(std::string_view body);

 private:
  BodyClass StateLine(std::string_view rest, Event* ev, std::string_view* why);
  void Target(Event* ev) const;

  MacAddress bssid_;
  bool has_bssid_ = false;
  std::string ssid_;
  int auth_alg_ = -1;         // of the current authentication (-1: not known yet)
  bool deauth_received_ = false;  // "recv deauth/disassoc" before the state line
  MacAddress seen_bssid_;         // "BSS: Add new id N BSSID X SSID '...'"
  std::string seen_ssid_;
};

}  // namespace roamreplay
