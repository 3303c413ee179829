// The ESP-IDF Wi-Fi station's lines (parse/esp_idf.h) through the line
// parser: the Wi-Fi library's "wifi:" lines and the wpa_supplicant port's
// own texts become the typed events of the hostap texts they correspond to.
// The lines follow the shapes of corpus 05 (ESP-IDF v5.1.2); hand-written.

#include "parse/esp_idf.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parse/line_parser.h"

namespace roamreplay {
namespace {

constexpr const char* kAp = "3c:a0:67:80:99:a3";

// "<kind> <event>" per line: "event Associated addr=..", "known", "unknown".
std::vector<std::string> Parse(const std::vector<std::string>& lines) {
  LineParser parser(InputFormat::kEspIdf);
  ParsedLine p;
  std::vector<std::string> out;
  for (const std::string& line : lines) {
    parser.Parse(line, &p);
    switch (p.kind) {
      case LineKind::kEvent:
        out.push_back("event " + p.event.ToDebugString());
        break;
      case LineKind::kKnown:
        out.push_back("known");
        break;
      case LineKind::kUnknown:
        out.push_back("unknown");
        break;
      case LineKind::kMalformed:
        out.push_back("malformed " + std::string(p.why));
        break;
      case LineKind::kOtherSource:
        out.push_back("other-source");
        break;
      case LineKind::kOther:
        out.push_back("other");
        break;
    }
  }
  return out;
}

TEST(EspIdfTest, WifiLibraryTagIsTheStationNotAnotherProgram) {
  OuterPrefix p;
  SplitOuterPrefix(InputFormat::kEspIdf, "I (1788) wifi:state: init -> auth (b0)", &p);
  EXPECT_EQ(p.source, LineSource::kSupplicant);
  EXPECT_EQ(p.tag, "wifi");
  EXPECT_EQ(p.rest, "state: init -> auth (b0)");
  EXPECT_EQ(p.stamp.value_us, 1788000);
  // The application's tag holds a space; it is another program.
  SplitOuterPrefix(InputFormat::kEspIdf, "I (10858) wifi station: connect to the AP fail", &p);
  EXPECT_EQ(p.source, LineSource::kOtherSource);
  EXPECT_EQ(p.tag, "wifi station");
  SplitOuterPrefix(InputFormat::kEspIdf, "D (10718) event: running post WIFI_EVENT:5 with", &p);
  EXPECT_EQ(p.source, LineSource::kOtherSource);
}

// A full SAE connection, the AP's deauthentication, then the cached-PMK
// attempt the AP rejects with status 53 (corpus 05 lines 264-1045).
TEST(EspIdfTest, ConnectionFlowBecomesTypedEvents) {
  std::string ap(kAp);
  std::vector<std::string> got = Parse({
      "I (968) wifi:wifi driver task: 3ffbfc00, prio:23, stack:6656, core=0",
      "I (1538) wifi:mode : sta (94:b5:55:19:1c:e8)",
      "I (1688) wpa: BSS: Add new id 0 BSSID " + ap + " SSID 'Hostapd-AP-P' chan 1",
      "D (1728) wifi:ap found, mac=" + ap,
      "D (1758) wifi:connect_op: status=0, auth=9, cipher=3 ",
      "I (1788) wifi:state: init -> auth (b0)",
      "D (3088) wifi:recv auth: seq=1, status=126",
      "D (3768) wifi:recv auth: seq=2, status=0",
      "I (3798) wifi:state: auth -> assoc (0)",
      "I (3808) wifi:state: assoc -> run (10)",
      "D (3928) wpa: WPA 1/4-Way Handshake",
      "D (4768) wpa: WPA: Key negotiation completed with " + ap + " [PTK=CCMP GTK=CCMP]",
      "I (4778) wifi:connected with Hostapd-AP-P, aid = 1, channel 1, BW20, bssid = " + ap,
      "D (10678) wifi:recv deauth, reason=0x3",
      "I (10678) wifi:state: run -> init (3c0)",
      "D (10708) wifi:Send disconnect event, reason=3, AP number=0",
      "D (13458) wifi:ap found, mac=" + ap,
      "I (13528) wifi:state: init -> auth (b0)",
      "I (14178) wpa: wpa3: Skip SAE and use cached PMK instead",
      "D (14178) wifi:recv auth: seq=2, status=0",
      "I (14178) wifi:state: auth -> assoc (0)",
      "I (14198) wifi:state: assoc -> init (3510)",
      "D (14228) wifi:reason: Invalid PMKID(49)",
      "D (14228) wifi:perform scan: ss_state=0x9, chan<1,0>, dur<0,120>",
      "D (14229) wifi:something new",
  });
  std::vector<std::string> want = {
      "event InterfaceStart number=1",
      "event OwnMacAddress addr=94:b5:55:19:1c:e8",
      "unknown",  // the port's "BSS: Add new" ends in "chan N", hostap's in "freq N"
      "event RequestAssociation addr=" + ap,
      "event KeyMgmt text=SAE",
      "event SmeTryAuthenticate addr=" + ap + " text=Hostapd-AP-P",
      "event SmeAuthResponse addr=" + ap + " number=126 number2=3",
      "event SmeAuthResponse addr=" + ap + " number2=3",
      "event TryAssociate addr=" + ap + " text=Hostapd-AP-P",
      "event Associated addr=" + ap,
      "event RxMsg1of4 addr=" + ap,
      "event KeyNegCompleted addr=" + ap,
      "event Connected addr=" + ap,
      "known",
      // Received from the AP: not locally generated.
      "event Disconnected addr=" + ap + " number=3",
      "known",
      "event RequestAssociation addr=" + ap,
      "event SmeTryAuthenticate addr=" + ap + " text=Hostapd-AP-P",
      "event TryingCachedPmksa",
      // Open System with the cached PMKSA.
      "event SmeAuthResponse addr=" + ap,
      "event TryAssociate addr=" + ap + " text=Hostapd-AP-P",
      "event AssocReject addr=" + ap + " number=53",
      "known",
      "known",
      "unknown",
  };
  EXPECT_EQ(got, want);
}

// Boot 2 of corpus 05 (lines 3069-3084, 3375-3381): a temporary rejection
// with a comeback time, then the library's timer; an SAE commit unanswered.
TEST(EspIdfTest, ComebackAndTimeouts) {
  std::string ap(kAp);
  std::vector<std::string> got = Parse({
      "D (1728) wifi:ap found, mac=" + ap,
      "I (1788) wifi:state: init -> auth (b0)",
      "I (3798) wifi:state: auth -> assoc (0)",
      "I (3798) wifi:Association refused temporarily, comeback time 1000 (TUs)",
      "I (4828) wifi:state: assoc -> assoc (0)",
      "D (5828) wifi:auth timeout",
      "I (5828) wifi:state: assoc -> init (200)",
      "I (8688) wifi:state: init -> auth (b0)",
      "I (13978) wifi:state: auth -> init (200)",
      "I (20000) wifi:state: run -> init (fc0)",  // no "recv deauth" before: local
      "I (20001) wifi:state: init -> auth",
  });
  std::vector<std::string> want = {
      "event RequestAssociation addr=" + ap,
      "event SmeTryAuthenticate addr=" + ap,
      "event TryAssociate addr=" + ap,
      "event AssocComeback addr=" + ap + " number=30 number2=1000",
      "known",
      "known",
      "event AuthTimedOut addr=" + ap,
      "event SmeTryAuthenticate addr=" + ap,
      "event AuthTimedOut addr=" + ap,
      "event Disconnected addr=" + ap + " number=15 number2=1",
      "malformed expected 'state: A -> B (code)'",
  };
  EXPECT_EQ(got, want);
}

// Outside esp-idf input the "wifi:" text is nothing special, and in it the
// hostap lines of the "wpa" tag parse as before.
TEST(EspIdfTest, PortLinesKeepHostapEvents) {
  std::vector<std::string> got = Parse({
      "D (3788) wpa: RSN: Added PMKSA cache entry for 3c:a0:67:80:99:a3 network_ctx=0x0",
      "D (14228) wpa: RSN: Flush PMKSA cache entry for 3c:a0:67:80:99:a3",
      "D (3858) wpa: IEEE 802.1X RX: version=2 type=3 length=117",
  });
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0], "event PmksaAdded addr=3c:a0:67:80:99:a3 [2.x]");
  EXPECT_EQ(got[1], "event PmksaFlush addr=3c:a0:67:80:99:a3");
  EXPECT_EQ(got[2], "event RxEapol");  // no BSS named yet
  LineParser plain(InputFormat::kDashT);
  ParsedLine p;
  plain.Parse("1317159147.145598: wifi:state: init -> auth (b0)", &p);
  EXPECT_NE(p.kind, LineKind::kEvent);
}

}  // namespace
}  // namespace roamreplay
