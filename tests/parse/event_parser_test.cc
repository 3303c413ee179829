#include "parse/event_parser.h"

#include <gtest/gtest.h>

#include "parse/esp_idf.h"

namespace roamreplay {
namespace {

struct Case {
  const char* body;
  const char* expected;  // Event::ToDebugString()
};

// Every event shape, in each spelling the eras print (2011 = hostap 0.8.x,
// 2.x = current; texts from shared/reference/catalog).
const Case kEventCases[] = {
    {"   selected BSS 00:24:97:aa:bb:01 ssid='corp-secure'",
     "SelectedBss addr=00:24:97:aa:bb:01 text=corp-secure"},
    {"Request association: reassociate: 1  selected: 00:24:97:aa:bb:02  bssid: "
     "00:24:97:aa:bb:01  pending: 00:00:00:00:00:00  wpa_state: COMPLETED",
     "RequestAssociation addr=00:24:97:aa:bb:02 [2011]"},
    {"Request association with 00:24:97:aa:bb:02", "RequestAssociation addr=00:24:97:aa:bb:02 [2.x]"},
    {"SME: Trying to authenticate with 00:24:97:aa:bb:01 (SSID='corp secure' freq=2412 MHz)",
     "SmeTryAuthenticate addr=00:24:97:aa:bb:01 text=corp secure"},
    {"Trying to authenticate with 00:24:97:aa:bb:01 (SSID='x' freq=2412 MHz)",
     "SmeTryAuthenticate addr=00:24:97:aa:bb:01 text=x [0.7.3]"},
    {"Trying to associate with 00:24:97:aa:bb:01 (SSID='corp-secure' freq=5180 MHz)",
     "TryAssociate addr=00:24:97:aa:bb:01 text=corp-secure"},
    {"Associated with 00:24:97:aa:bb:01", "Associated addr=00:24:97:aa:bb:01"},
    {"Authentication with 00:24:97:aa:bb:01 timed out.", "AuthTimedOut addr=00:24:97:aa:bb:01"},
    {"State: COMPLETED -> AUTHENTICATING", "StateChange COMPLETED->AUTHENTICATING"},
    {"State: 4WAY_HANDSHAKE -> GROUP_HANDSHAKE", "StateChange 4WAY_HANDSHAKE->GROUP_HANDSHAKE"},
    {"CTRL-EVENT-CONNECTED - Connection to 00:24:97:aa:bb:01 completed (auth) [id=0 id_str=]",
     "Connected addr=00:24:97:aa:bb:01"},
    {"CTRL-EVENT-CONNECTED - Connection to 00:24:97:aa:bb:01 completed [id=0 id_str=]",
     "Connected addr=00:24:97:aa:bb:01"},
    {"CTRL-EVENT-DISCONNECTED bssid=00:24:97:aa:bb:01 reason=3",
     "Disconnected addr=00:24:97:aa:bb:01 number=3"},
    {"CTRL-EVENT-DISCONNECTED bssid=00:24:97:aa:bb:01 reason=3 locally_generated=1",
     "Disconnected addr=00:24:97:aa:bb:01 number=3 number2=1"},
    {"CTRL-EVENT-ASSOC-REJECT bssid=00:24:97:aa:bb:01 status_code=53",
     "AssocReject addr=00:24:97:aa:bb:01 number=53"},
    {"CTRL-EVENT-ASSOC-REJECT bssid=00:24:97:aa:bb:01 status_code=53 timeout",
     "AssocReject addr=00:24:97:aa:bb:01 number=53"},
    {"CTRL-EVENT-ASSOC-REJECT status_code=53", "AssocReject number=53"},
    {"CTRL-EVENT-EAP-STARTED EAP authentication started", "EapStarted"},
    {"CTRL-EVENT-EAP-SUCCESS EAP authentication completed successfully", "EapSuccess"},
    {"CTRL-EVENT-EAP-FAILURE EAP authentication failed", "EapFailure"},
    {"RX EAPOL from 00:24:97:aa:bb:01", "RxEapol addr=00:24:97:aa:bb:01"},
    {"RX EAPOL from 00:24:97:aa:bb:01 (encrypted=0)", "RxEapol addr=00:24:97:aa:bb:01"},
    {"WPA: RX message 1 of 4-Way Handshake from 00:24:97:aa:bb:01 (ver=2)",
     "RxMsg1of4 addr=00:24:97:aa:bb:01 number=2"},
    {"WPA: Key negotiation completed with 00:24:97:aa:bb:01 [PTK=CCMP GTK=CCMP]",
     "KeyNegCompleted addr=00:24:97:aa:bb:01"},
    {"wpa_supplicant v2.9", "VersionBanner text=2.9"},
    {"wpa_supplicant v0.8.x", "VersionBanner text=0.8.x"},
    {"Own MAC address: 00:1f:3b:5c:9e:71", "OwnMacAddress addr=00:1f:3b:5c:9e:71"},
    {"Using random MAC address 02:11:22:33:44:55", "OwnMacAddress addr=02:11:22:33:44:55 [2.x]"},
    {"nl80211: Own MAC address on ifindex 3 (wlan0) changed from 00:1f:3b:5c:9e:71 to "
     "02:11:22:33:44:55",
     "OwnMacChanged addr=02:11:22:33:44:55 addr2=00:1f:3b:5c:9e:71 [2.x]"},
    {"WPA: PTK derivation - A1=00:1f:3b:5c:9e:71 A2=00:24:97:aa:bb:01",
     "PtkDerivation addr=00:1f:3b:5c:9e:71 addr2=00:24:97:aa:bb:01"},
    {"CTRL_IFACE: SET_NETWORK id=0 name='bssid_hint'",
     "ConfigChange text=id=0 name='bssid_hint'"},
    {"CTRL_IFACE: REMOVE_NETWORK all", "ConfigChange text=all"},
    {"EAPOL: txStart", "EapolTxStart"},
    {"RSN: Timeout on waiting for the AP to initiate 4-way handshake for PMKSA caching or EAP "
     "authentication - try to force it to start EAP authentication",
     "StallFallback [2.x]"},
    {"EAP-PEAP: Derived key - hexdump(len=4): 0a 0b 0c 0d", "PeapDerivedKey key=0a0b0c0d"},
    {"RSN: PMKID from Authenticator - hexdump(len=16): 10 e0 49 cd 00 11 22 33 44 55 66 77 88 "
     "99 aa bb",
     "PmkidFromAuthenticator pmkid=10e049cd00112233445566778899aabb"},
    {"RSN: matched PMKID - hexdump(len=16): 10 e0 49 cd 00 11 22 33 44 55 66 77 88 99 aa bb",
     "MatchedPmkid pmkid=10e049cd00112233445566778899aabb"},
    {"RSN: Derived PMKID - hexdump(len=16): 10 e0 49 cd 00 11 22 33 44 55 66 77 88 99 aa bb",
     "PmkidDerived pmkid=10e049cd00112233445566778899aabb [2.x]"},
    {"RSN: found matching PMKID from PMKSA cache", "FoundMatchingPmkid"},
    {"RSN: no matching PMKID found", "NoMatchingPmkid"},
    {"RSN: the new PMK matches with the PMKID", "NewPmkMatchesPmkid"},
    {"RSN: Cancelled PMKSA caching attempt", "CachedAttemptCancelled"},
    {"RSN: no PMKSA entry found - trigger full EAP authentication", "TriggerFullEap"},
    {"RSN: PMKID mismatch - authentication server may have derived different MSK?!",
     "PmkidMismatch [2.x]"},
    {"EAPOL: PMKSA caching was used - skip EAPOL", "CachingUsed"},
    {"WPA: PMK from EAPOL state machines - hexdump(len=32): [REMOVED]", "PmkFromEapol"},
    {"WPA: PMK from EAPOL state machines - hexdump(len=4): 01 02 03 04",
     "PmkFromEapol key=01020304"},
    {"RSN: PMK from PMKSA cache - hexdump(len=32): [REMOVED]", "PmkFromCache"},
    {"RSN: added PMKSA cache entry for 00:24:97:aa:bb:01",
     "PmksaAdded addr=00:24:97:aa:bb:01 [2011]"},
    {"RSN: Added PMKSA cache entry for 00:24:97:aa:bb:01 spa=00:1f:3b:01:02:03 "
     "network_ctx=0x55d0c8a0 akmp=0x1",
     "PmksaAdded addr=00:24:97:aa:bb:01 addr2=00:1f:3b:01:02:03 number=1 [2.x]"},
    {"RSN: Added PMKSA cache entry for 02:f0:21:24:28:44 network_ctx=0x13d5430 akmp=0x400",
     "PmksaAdded addr=02:f0:21:24:28:44 number=1024 [2.x]"},
    {"WPA: reusing previous PMKSA entry", "PmksaReusing"},
    {"RSN: replacing current PMKSA entry", "PmksaReplacingCurrent [2011]"},
    {"RSN: Replace PMKSA entry for the current AP", "PmksaReplace [2011]"},
    {"RSN: Replace PMKSA entry for the current AP and any PMKSA cache entry that was based on "
     "the old PMK",
     "PmksaReplace narrow [2.x]"},
    {"RSN: Flush PMKSA cache entry for 00:24:97:aa:bb:01", "PmksaFlush addr=00:24:97:aa:bb:01"},
    {"RSN: expired PMKSA cache entry for 00:24:97:aa:bb:01",
     "PmksaExpired addr=00:24:97:aa:bb:01"},
    {"RSN: removed the oldest PMKSA cache entry (for 00:24:97:aa:bb:01) to make room for new one",
     "PmksaEvicted addr=00:24:97:aa:bb:01 [2011]"},
    {"RSN: removed the oldest idle PMKSA cache entry (for 00:24:97:aa:bb:01) to make room for "
     "new one",
     "PmksaEvicted addr=00:24:97:aa:bb:01 [2.x]"},
    {"RSN: PMKSA cache entry free_cb: 00:24:97:aa:bb:01 reason=1",
     "PmksaFreeCb addr=00:24:97:aa:bb:01 number=1 [2.x]"},
    {"RSN: Consider 00:24:97:aa:bb:02 for OKC", "OkcConsider addr=00:24:97:aa:bb:02"},
    {"RSN: added opportunistic PMKSA cache entry for 00:24:97:aa:bb:02",
     "OkcAdded addr=00:24:97:aa:bb:02"},
    {"RSN: Do not clone PMKSA cache entry for 00:24:97:aa:bb:01 since its reauth threshold has "
     "passed",
     "OkcNotCloned addr=00:24:97:aa:bb:01 [2.x]"},
    {"RSN: PMKSA cache search - network_ctx=0x13d5430 try_opportunistic=0 akmp=0x400",
     "PmksaSearch number=1024 [2.x]"},
    {"RSN: Search for BSSID 02:f0:21:24:28:44", "PmksaSearchBssid addr=02:f0:21:24:28:44 [2.x]"},
    {"RSN: PMKID - hexdump(len=16): 10 e0 49 cd 00 11 22 33 44 55 66 77 88 99 aa bb",
     "PmksaSelected pmkid=10e049cd00112233445566778899aabb [2011]"},
    {"RSN: PMKSA cache entry found - PMKID - hexdump(len=16): 64 ff 49 60 bf c9 8c 49 94 40 07 "
     "6c ff 28 45 75",
     "PmksaSelected pmkid=64ff4960bfc98c499440076cff284575 [2.x]"},
    {"RSN: No PMKSA cache entry found", "PmksaNotFound [2.x]"},
    {"RSN: Trying to use cached PMKSA", "TryingCachedPmksa"},
    {"RSN: Authenticator accepted opportunistic PMKSA entry - marking it valid", "OkcValidated"},
    {"RSN: Authenticator did not accept PMKID, doing full EAP authentication", "PmkidNotAccepted"},
    {"RSN: Cancelling PMKSA caching attempt", "CancellingCached"},
    {"RSN: Clear current PMKSA entry selection", "ClearCurrentPmksa [2.x]"},
    {"PMKSA caching attempt rejected - drop PMKSA cache entry and fall back to SAE "
     "authentication",
     "SaeCachingRejected [2.x]"},
    {"PMKSA-CACHE-ADDED 02:f0:21:24:28:44 0", "PmksaCacheAddedEvent addr=02:f0:21:24:28:44 [2.x]"},
    {"PMKSA-CACHE-REMOVED 02:f0:21:24:28:44 3",
     "PmksaCacheRemovedEvent addr=02:f0:21:24:28:44 number=3 [2.x]"},
    // Connection triggers and flows (issue 11).
    {"Control interface command 'ROAM 00:24:97:aa:bb:02'",
     "CtrlCommand text=ROAM 00:24:97:aa:bb:02"},
    {"CTRL_IFACE ROAM 00:24:97:aa:bb:02", "CtrlCommand text=ROAM 00:24:97:aa:bb:02"},
    {"CTRL_IFACE: SELECT_NETWORK id=0", "CtrlCommand text=SELECT_NETWORK id=0"},
    {"CTRL_IFACE: ENABLE_NETWORK id=1", "CtrlCommand text=ENABLE_NETWORK id=1"},
    {"bgscan simple: Request a background scan", "BgscanRequest"},
    {"Considering within-ESS reassociation", "RoamConsider"},
    {"CTRL-EVENT-SIGNAL-CHANGE above=0 signal=-68 noise=9999 txrate=29200",
     "SignalChange number=-68"},
    {"nl80211: Connection quality monitor event: RSSI low", "RssiLow"},
    {"CTRL-EVENT-BEACON-LOSS", "BeaconLoss"},
    {"WNM: BSS Transition Management Request: dialog_token=1 request_mode=0x1 "
     "disassoc_timer=0 validity_interval=100",
     "BtmRequest"},
    {"WNM: BSS Transition Management Request did not include candidates", "BtmNoCandidates"},
    {"WNM: Transition to BSS 00:24:97:aa:bb:02 based on BSS Transition Management Request "
     "(old BSSID 00:24:97:aa:bb:01 after_new_scan=1)",
     "BtmTransition addr=00:24:97:aa:bb:02"},
    {"WNM: Send BSS Transition Management Response to 00:24:97:aa:bb:01 dialog_token=1 "
     "status=7 reason=0 delay=0",
     "BtmResponse addr=00:24:97:aa:bb:01 number=7"},
    {"WPA: using KEY_MGMT FT/802.1X", "KeyMgmt text=FT/802.1X"},
    {"WPA: using KEY_MGMT WPA-PSK and proto 2", "KeyMgmt text=WPA-PSK"},
    {"RSN: using KEY_MGMT SAE", "KeyMgmt text=SAE"},
    {"WPA: Disable PMKSA caching for FT/802.1X connection", "PmksaCachingDisabled"},
    {"SME: Authentication response: peer=00:24:97:aa:bb:02 auth_type=2 auth_transaction=2 "
     "status_code=0",
     "SmeAuthResponse addr=00:24:97:aa:bb:02 number2=2"},
    {"CTRL-EVENT-AUTH-REJECT 00:24:97:aa:bb:02 auth_type=0 auth_transaction=2 status_code=1",
     "AuthReject addr=00:24:97:aa:bb:02 number=1"},
    {"FT: Completed successfully", "FtCompleted"},
    {"FT: Validation of Reassociation Response failed", "FtFailure"},
    {"Request to deauthenticate - bssid=00:24:97:aa:bb:02 pending_bssid=00:00:00:00:00:00 "
     "reason=13 (INVALID_IE) state=ASSOCIATING",
     "DeauthRequest addr=00:24:97:aa:bb:02 number=13"},
    {"WPA: 4-Way Handshake failed - pre-shared key may be incorrect", "FourWayFailed"},
    // SAE, FT and MLO key management (issue 13).
    {"SAE: PMKID - hexdump(len=16): 64 ff 49 60 bf c9 8c 49 94 40 07 6c ff 28 45 75",
     "SaePmkid pmkid=64ff4960bfc98c499440076cff284575 [2.x]"},
    {"SAE: Drop PMKSA cache entry", "SaeDropPmksa [2.x]"},
    {"SME: PMKSA caching attempt rejected with deauthentication - drop PMKSA cache entry",
     "SaeCachingRejected [2.x]"},
    {"RSN: postpone PMKSA cache entry expiration for SAE with 02:f0:21:24:28:44",
     "PmksaPostponed addr=02:f0:21:24:28:44 [2.x]"},
    {"RSN: Do not allow PMKSA cache entry for 02:f0:21:24:28:44 to be used for SAE since its "
     "reauth threshold has passed",
     "SaeReauthNotAllowed addr=02:f0:21:24:28:44 [2.x]"},
    {"FT: PMKR0Name - hexdump(len=16): 10 e0 49 cd 00 11 22 33 44 55 66 77 88 99 aa bb",
     "FtPmkr0Name pmkid=10e049cd00112233445566778899aabb [2.x]"},
    {"FT: PMKR1Name - hexdump(len=16): 10 e0 49 cd 00 11 22 33 44 55 66 77 88 99 aa bc",
     "FtPmkr1Name pmkid=10e049cd00112233445566778899aabc [2.x]"},
    {"FT: Do not add PMKID entry to the driver since FT-EAP PMKSA caching is not enabled in "
     "configuration",
     "FtEapNoDriverPmkid [2.x]"},
    {"nl80211: NL80211_CMD_SET_PMKSA failed: -95 (Operation not supported)",
     "DriverPmksaFailed [2.x]"},
    {"MLD: address: 02:24:97:aa:bb:00", "MldAddress addr=02:24:97:aa:bb:00 [2.x]"},
    {"RSN: remove reauth threshold passed PMKSA from the driver for SAE",
     "SaeReauthDriverRemoved [2.x]"},
    {"RSN: Search for FILS Cache Identifier 0a1f", "FilsCacheIdSearch number=2591 [2.x]"},
    {"nl80211: Add PMKSA for cache id 0a1f SSID corp-fils",
     "DriverPmksaCacheId number=2591 [2.x]"},
    {"nl80211: External auth action: 0, AKM: 0xfac08, SSID: home-wpa3, BSSID: 02:24:97:aa:bb:01",
     "ExternalAuth addr=02:24:97:aa:bb:01 number2=1027080 [2.x]"},
    // Scans, D-Bus, FT over the DS, mobility domain, ignore list, restarts.
    {"Starting AP scan for wildcard SSID", "ScanStart"},
    {"Scan requested (ret=0) - scan timeout 10 seconds", "ScanStart"},
    {"New scan results available (own=1 ext=0)", "ScanResults"},
    {"nl80211: Received scan results (12 BSSes)", "ScanResults"},
    {"dbus: fi.w1.wpa_supplicant1.Interface.Scan (/fi/w1/wpa_supplicant1/Interfaces/0) [a{sv}]",
     "DbusScan text=D-Bus Scan"},
    {"dbus: fi.w1.wpa_supplicant1.Interface.Reassociate (/fi/w1/wpa_supplicant1/Interfaces/0) []",
     "CtrlCommand text=D-Bus Reassociate"},
    {"dbus: fi.w1.wpa_supplicant1.Interface.SelectNetwork (/fi/w1/wpa_supplicant1/Interfaces/0) "
     "[o]",
     "CtrlCommand text=D-Bus SelectNetwork"},
    {"CTRL_IFACE FT_DS 00:24:97:aa:bb:02", "CtrlCommand text=FT_DS 00:24:97:aa:bb:02"},
    {"FT: Request over-the-DS with 00:24:97:aa:bb:02", "FtOverDs addr=00:24:97:aa:bb:02"},
    {"SME: FT mobility domain a1b2", "FtMobilityDomain text=a1b2"},
    {"Added BSSID 00:24:97:aa:bb:02 into ignore list, ignoring for 10 seconds",
     "IgnoreListAdd addr=00:24:97:aa:bb:02"},
    {"BSSID 00:24:97:aa:bb:02 ignore list count incremented to 2, ignoring for 10 seconds",
     "IgnoreListAdd addr=00:24:97:aa:bb:02"},
    {"Successfully initialized wpa_supplicant", "InterfaceStart"},
    {"nl80211: deinit ifname=wlp2s0 disabled_11b_rates=0", "InterfaceStart"},
    // The configuration dump (config_file.c, config.c; corpus 20 line 24).
    {"Line: 3 - start of a new network block", "NetworkBlock number=3"},
    {"proactive_key_caching=1 (0x1)", "NetworkOption number=1 text=proactive_key_caching"},
    {"proactive_key_caching=0 (0x0)", "NetworkOption text=proactive_key_caching"},
    {"ft_eap_pmksa_caching=1 (0x1)", "NetworkOption number=1 text=ft_eap_pmksa_caching"},
    {"okc=1", "NetworkOption number=1 text=okc"},
    {"   id=0 ssid='okc-test'", "NetworkListed text=okc-test"},
    {"   id=2 ssid='corp net'", "NetworkListed number=2 text=corp net"},
};

TEST(EventParserTest, ParsesEveryEventShape) {
  for (const Case& c : kEventCases) {
    Event ev;
    std::string_view why;
    ASSERT_EQ(ParseEventBody(c.body, &ev, &why), BodyClass::kEvent) << c.body << ": " << why;
    EXPECT_EQ(ev.ToDebugString(), c.expected) << c.body;
  }
}

TEST(EventParserTest, CoversEveryEventType) {
  std::vector<bool> seen(static_cast<size_t>(EventType::kCount));
  for (const Case& c : kEventCases) {
    Event ev;
    std::string_view why;
    if (ParseEventBody(c.body, &ev, &why) == BodyClass::kEvent)
      seen[static_cast<size_t>(ev.type)] = true;
  }
  // Types only the ESP-IDF Wi-Fi library's lines give (esp_idf_test.cc).
  EspIdfParser esp;
  for (const char* body : {"Association refused temporarily, comeback time 1000 (TUs)"}) {
    Event ev;
    std::string_view why;
    if (esp.ParseWifi(body, &ev, &why) == BodyClass::kEvent) seen[static_cast<size_t>(ev.type)] = true;
  }
  for (size_t i = 1; i < seen.size(); ++i)
    EXPECT_TRUE(seen[i]) << "no test case for " << EventTypeName(static_cast<EventType>(i));
}

struct BadCase {
  const char* body;
  const char* why;
};

const BadCase kMalformedCases[] = {
    {"RSN: added PMKSA cache entry for 00:24:97:aa", "expected a MAC address"},
    {"Associated with 00:24:97:zz:bb:01", "expected a MAC address"},
    {"State: COMPLETED -> NOWHERE", "unknown state name"},
    {"State: COMPLETED", "expected 'A -> B'"},
    {"CTRL-EVENT-ASSOC-REJECT bssid=00:24:97:aa:bb:01", "expected a number"},
    {"CTRL-EVENT-DISCONNECTED reason=3", "expected bssid=<MAC>"},
    {"RSN: PMKID - hexdump(len=16): 10 e0 49", "expected a 16-byte PMKID hexdump"},
    {"RSN: removed the oldest PMKSA cache entry for 00:24:97:aa:bb:01",
     "expected '(for <MAC>)'"},
    {"RSN: Search for FILS Cache Identifier 0x1", "expected a 4-digit FILS Cache Identifier"},
    {"nl80211: External auth action: 0, AKM: 0xfac08, SSID: x",
     "expected 'BSSID: <MAC>'"},
};

TEST(EventParserTest, ReportsMalformedEventsWithAReason) {
  for (const BadCase& c : kMalformedCases) {
    Event ev;
    std::string_view why;
    EXPECT_EQ(ParseEventBody(c.body, &ev, &why), BodyClass::kMalformed) << c.body;
    EXPECT_EQ(why, c.why) << c.body;
  }
}

TEST(EventParserTest, LeavesOtherLinesAlone) {
  for (const char* body :
       {"", "RSN: Do not try to use cached PMKSA", "EAPOL: SUPP_PAE entering state CONNECTING",
        "Trying to associate with SSID 'corp'", "RSN: Replace PMKSA entry for the current AP!",
        "WPA: PTK - hexdump(len=48): [REMOVED]", "RSN: PMKID candidate event - bssid=00:24:97:aa:bb:01",
        "dbus: org.freedesktop.DBus.Properties.Get (/fi/w1/wpa_supplicant1/Interfaces/0) [ss]",
        "dbus: fi.w1.wpa_supplicant1.Interface.Disconnect (/fi/w1/wpa_supplicant1/Interfaces/0) []",
        "BSSID not set when trying to send an EAPOL frame", "Scan requested (ret=-16)",
        "Line 7: invalid number \"x\"", "proactive_key_caching=1", "okc=1 (0x1)",
        "   id=0 ssid=corp"}) {
    Event ev;
    std::string_view why;
    EXPECT_EQ(ParseEventBody(body, &ev, &why), BodyClass::kNotEvent) << body;
  }
}

TEST(EventParserTest, SplitsHexdumpLines) {
  std::string_view title, payload;
  bool ascii = true;
  ASSERT_TRUE(SplitHexdump("RSN: PMKSA cache entry found - PMKID - hexdump(len=16): 01 02",
                           &title, &payload, &ascii));
  EXPECT_EQ(title, "RSN: PMKSA cache entry found - PMKID");
  EXPECT_EQ(payload, "01 02");
  EXPECT_FALSE(ascii);
  ASSERT_TRUE(SplitHexdump("EAP: using real identity - hexdump_ascii(len=10):", &title, &payload,
                           &ascii));
  EXPECT_TRUE(ascii);
  EXPECT_EQ(payload, "");
}

}  // namespace
}  // namespace roamreplay
