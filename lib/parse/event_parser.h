#pragma once

// Turns one message body (the text after the timestamp and interface
// prefixes) into a typed Event. Stateless and allocation-free for lines that
// are not events.
//
// Shapes handled (2011 = hostap 0.8.x as of c3fea272^, 2.x = current):
//   "   selected BSS <bssid> ssid='<ssid>'"
//   "Request association: reassociate: 0  selected: <bssid>  bssid: ..."  (2011)
//   "Request association with <bssid>"                                    (2.x)
//   "SME: Trying to authenticate with <bssid> (SSID='..' freq=N MHz)"
//   "Trying to authenticate with <bssid> ..."                              (0.7.3)
//   "Trying to associate with <bssid> (SSID='..' freq=N MHz)"
//   "Associated with <bssid>"
//   "State: <STATE> -> <STATE>"
//   "CTRL-EVENT-CONNECTED - Connection to <bssid> completed ..."
//   "CTRL-EVENT-DISCONNECTED bssid=<bssid> reason=N[ locally_generated=1]"
//   "CTRL-EVENT-ASSOC-REJECT bssid=<bssid> status_code=N ..."
//   "CTRL-EVENT-EAP-STARTED ...", "CTRL-EVENT-EAP-SUCCESS ...", "CTRL-EVENT-EAP-FAILURE ..."
//   "Authentication with <bssid> timed out."
//   "RX EAPOL from <bssid>[ (encrypted=N)]"
//   "WPA: RX message 1 of 4-Way Handshake from <bssid> (ver=N)"
//   "WPA: Key negotiation completed with <bssid> [PTK=.. GTK=..]"
//   "wpa_supplicant v<version>"
//   "Own MAC address: <mac>", "Using random MAC address <mac>"               (2.x)
//   "nl80211: Own MAC address on ifindex N (ifname) changed from <mac> to <mac>" (2.x)
//   "WPA: PTK derivation - A1=<own mac> A2=<bssid>"
//   "CTRL_IFACE: SET_NETWORK id=N name='<field>'", "CTRL_IFACE: REMOVE_NETWORK ..."
//   "EAPOL: txStart"
//   "RSN: Timeout on waiting for the AP to initiate 4-way handshake ..."      (2.x)
//   "RSN: added PMKSA cache entry for <aa>"                                (2011)
//   "RSN: Added PMKSA cache entry for <aa>[ spa=<spa>] network_ctx=.. akmp=0x.." (2.x)
//   "WPA: reusing previous PMKSA entry"
//   "RSN: replacing current PMKSA entry"                                   (2011)
//   "RSN: Replace PMKSA entry for the current AP"                          (2011)
//   "RSN: Replace PMKSA entry for the current AP and any PMKSA cache entry that was
//    based on the old PMK"                                                 (2.1+)
//   "RSN: Flush PMKSA cache entry for <aa>"
//   "RSN: expired PMKSA cache entry for <aa>"
//   "RSN: removed the oldest PMKSA cache entry (for <aa>) to make room ..." (2011)
//   "RSN: removed the oldest idle PMKSA cache entry (for <aa>) ..."          (2.x)
//   "RSN: PMKSA cache entry free_cb: <aa> reason=N"                          (2.x)
//   "RSN: Consider <aa> for OKC"
//   "RSN: added opportunistic PMKSA cache entry for <aa>"
//   "RSN: Do not clone PMKSA cache entry for <aa> since its reauth threshold has passed" (2.x)
//   "RSN: PMKSA cache search - network_ctx=.. try_opportunistic=N akmp=0x.." (2.x)
//   "RSN: Search for BSSID <bssid>"                                        (2.x)
//   "RSN: No PMKSA cache entry found"                                       (2.x)
//   "RSN: Trying to use cached PMKSA"
//   "RSN: Authenticator accepted opportunistic PMKSA entry - marking it valid"
//   "RSN: Authenticator did not accept PMKID, doing full EAP authentication"
//   "RSN: Cancelling PMKSA caching attempt", "RSN: Cancelled PMKSA caching attempt"
//   "RSN: Clear current PMKSA entry selection"
//   "RSN: found matching PMKID from PMKSA cache", "RSN: no matching PMKID found"
//   "RSN: the new PMK matches with the PMKID"
//   "RSN: no PMKSA entry found - trigger full EAP authentication"
//   "RSN: PMKID mismatch - authentication server may have derived different MSK?!"
//   "EAPOL: PMKSA caching was used - skip EAPOL"
//   "PMKSA caching attempt rejected - drop PMKSA cache entry and fall back to SAE ..."
//   "PMKSA-CACHE-ADDED <aa> <network id>", "PMKSA-CACHE-REMOVED <aa> <network id>"
// The configuration dump of -dd (config_file.c / config.c, every era):
//   "Line: N - start of a new network block", "   id=N ssid='<ssid>'",
//   "proactive_key_caching=N (0xN)", "ft_eap_pmksa_caching=N (0xN)" (2.10+), "okc=N" (global)
// Hexdumps ("<title> - hexdump(len=N): xx xx ..." or "[REMOVED]"/"[NULL]"):
//   "RSN: PMKID" (2011 selection), "RSN: PMKSA cache entry found - PMKID" (2.x),
//   "RSN: PMKID from Authenticator", "RSN: matched PMKID",
//   "WPA: PMK from EAPOL state machines", "RSN: PMK from PMKSA cache",
//   "EAP-PEAP: Derived key" (the MSK in clear with PEAP crypto binding)

#include <string_view>

#include "parse/event.h"

namespace roamreplay {

enum class BodyClass : uint8_t {
  kEvent,      ///< `*event` filled.
  kMalformed,  ///< An event's text with arguments that do not parse.
  kNotEvent,   ///< Not one of the event shapes (may still be a known line).
};

/// Parses `body`. On kMalformed, `*why` says what was wrong.
BodyClass ParseEventBody(std::string_view body, Event* event, std::string_view* why);

/// If `body` is a wpa_hexdump line, returns true and splits it into title
/// and payload (text after "): ", e.g. "10 e0 ..", "[REMOVED]").
/// `*ascii` is set for hexdump_ascii headers (continuation lines follow).
bool SplitHexdump(std::string_view body, std::string_view* title, std::string_view* payload,
                  bool* ascii);

}  // namespace roamreplay
