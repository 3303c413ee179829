#include "parse/hostapd_parser.h"

#include <gtest/gtest.h>

#include "parse/message_catalog.h"

namespace roamreplay {
namespace {

ApParsedLine ParseOne(HostapdLineParser* p, std::string_view line) {
  ApParsedLine out;
  p->Parse(line, &out);
  return out;
}

TEST(HostapdParserTest, LoggerLinesCarryInterfaceStationAndEvent) {
  HostapdLineParser p;
  ApParsedLine l = ParseOne(&p, "1795645408.286526: apA: STA 02:f0:bc:44:87:62 IEEE 802.11: associated");
  ASSERT_EQ(l.kind, ApLineKind::kEvent);
  EXPECT_EQ(l.event.type, ApEventType::kAssociated);
  EXPECT_EQ(l.ifname, "apA");
  EXPECT_EQ(l.event.sta.ToString(), "02:f0:bc:44:87:62");
  EXPECT_EQ(l.time_us, 1795645408286526);
  l = ParseOne(&p, "1795645410.358572: apB: STA 02:f0:bc:44:87:62 WPA: PMKID found from PMKSA cache "
                   "eap_type=0 vlan_id=0");
  EXPECT_EQ(l.event.type, ApEventType::kPmkidFound);
  l = ParseOne(&p, "1795645410.358553: apB: STA 02:f0:bc:44:87:62 WPA: OKC match for PMKID");
  EXPECT_EQ(l.event.type, ApEventType::kOkcMatch);
  l = ParseOne(&p, "1795645408.296527: apA: STA 02:f0:bc:44:87:62 WPA: sending 1/4 msg of 4-Way "
                   "Handshake");
  EXPECT_EQ(l.event.type, ApEventType::kEapolSent);
  EXPECT_EQ(l.event.number, 1);
  l = ParseOne(&p, "1795645430.379386: apB: STA 02:f0:bc:44:87:62 WPA: event 5 notification");
  EXPECT_EQ(l.event.type, ApEventType::kWpaEvent);
  EXPECT_EQ(l.event.number, 5);
  l = ParseOne(&p, "1.000000: apB: STA 02:f0:bc:44:87:62 IEEE 802.11: deauthenticated due to "
                   "inactivity");
  EXPECT_EQ(l.event.type, ApEventType::kInactivity);
  l = ParseOne(&p, "1.000000: apB: STA 02:f0:bc:44:87:62 MLME: MLME-DEAUTHENTICATE.indication("
                   "02:f0:bc:44:87:62, 1)");
  EXPECT_EQ(l.event.type, ApEventType::kDeauthSent);
  EXPECT_EQ(l.event.number, 1);
}

TEST(HostapdParserTest, StartupPmksaAndHexdumpLines) {
  HostapdLineParser p;
  ApParsedLine l = ParseOne(&p, "1795645405.255620: Configuration file: /run/apA.conf");
  EXPECT_EQ(l.event.type, ApEventType::kConfigFile);
  EXPECT_EQ(l.event.text, "/run/apA.conf");
  l = ParseOne(&p, "1795645405.255851: Using interface apA with hwaddr 02:a9:5d:f9:fe:cb and ssid "
                   "'okc-test'");
  EXPECT_EQ(l.event.type, ApEventType::kInterface);
  EXPECT_EQ(l.event.ifname2, "apA");
  EXPECT_EQ(l.event.bssid.ToString(), "02:a9:5d:f9:fe:cb");
  EXPECT_EQ(l.event.text, "okc-test");
  // A known interface name without a logger prefix ("%s: disassociate STA").
  l = ParseOne(&p, "1795645410.358579: apA: disassociate STA 02:f0:bc:44:87:62");
  EXPECT_EQ(l.ifname, "apA");
  EXPECT_EQ(l.event.type, ApEventType::kDisassocSent);
  l = ParseOne(&p, "1795645408.297185: RSN: added PMKSA cache entry for 02:f0:bc:44:87:62");
  EXPECT_EQ(l.event.type, ApEventType::kPmksaAdded);
  EXPECT_TRUE(l.ifname.empty());
  l = ParseOne(&p, "1795645729.221026: RSN: added PMKID - hexdump(len=16): 4b 00 bf 31 b3 1f 02 ac "
                   "cb 39 6a cc 84 16 a2 b2");
  EXPECT_EQ(l.event.type, ApEventType::kPmksaAddedPmkid);
  EXPECT_EQ(l.event.pmkid.ToHex(), "4b00bf31b31f02accb396acc8416a2b2");
  l = ParseOne(&p, "1795645731.275127: RSN IE: STA PMKID - hexdump(len=16): af 9a 53 0a 84 70 07 "
                   "98 3a 68 23 31 a2 af 1e f2");
  EXPECT_EQ(l.event.type, ApEventType::kStaPmkid);
  l = ParseOne(&p, "1.0: RSN: expired PMKSA cache entry for 02:f0:bc:44:87:62");
  EXPECT_NE(l.event.type, ApEventType::kPmksaExpired);  // "1.0: " is no -t stamp
  l = ParseOne(&p, "1.000000: RSN: expired PMKSA cache entry for 02:f0:bc:44:87:62");
  EXPECT_EQ(l.event.type, ApEventType::kPmksaExpired);
  l = ParseOne(&p, "1795645756.038602: Signal 15 received - terminating");
  EXPECT_EQ(l.event.type, ApEventType::kTerminating);
}

TEST(HostapdParserTest, CatalogueTellsKnownFromUnknown) {
  HostapdLineParser p;
  ApParsedLine l = ParseOne(&p, "1.000000: WPA: Use EAPOL-Key timeout of 1000 ms (retry counter 1)");
  EXPECT_EQ(l.kind, ApLineKind::kKnown);
  l = ParseOne(&p, "1.000000: apA: STA 02:f0:bc:44:87:62 IEEE 802.1X: unauthorizing port");
  EXPECT_EQ(l.kind, ApLineKind::kKnown);
  l = ParseOne(&p, "1.000000: Frobnicated the flux capacitor");
  EXPECT_EQ(l.kind, ApLineKind::kUnknown);
  EXPECT_GT(MessageCatalog::Hostapd().size(), 2000u);
}

// Real lines of corpus pairs 20-22 the src/ap catalogue alone misses (and
// that the synthesizer writes, tests/scenario/ap_synth_test.cc).
TEST(HostapdParserTest, IndentedInterfaceAndCachedAuthLinesAreKnown) {
  HostapdLineParser p;
  ParseOne(&p, "1.000000: Using interface apA with hwaddr 02:a9:5d:f9:fe:cb and ssid 'okc-test'");
  EXPECT_EQ(ParseOne(&p, "1795645408.286575:   New STA").kind, ApLineKind::kKnown);
  EXPECT_EQ(ParseOne(&p, "1795645405.256441: apA: Setup of interface done.").kind,
            ApLineKind::kKnown);
  EXPECT_EQ(ParseOne(&p, "1795645432.459275: apA: STA 02:f0:bc:44:87:62 IEEE 802.1X: "
                         "authenticated - EAP type: 0 ((null)) (PMKSA cache)")
                .kind,
            ApLineKind::kKnown);
  ApParsedLine l = ParseOne(&p, "1795645408.297170: apA: STA 02:f0:bc:44:87:62 IEEE 802.1X: "
                                "authenticated - EAP type: 0 ((null))");
  ASSERT_EQ(l.kind, ApLineKind::kEvent);
  EXPECT_EQ(l.event.type, ApEventType::kEapSuccess);
  // 2.x quotes the SSID with double quotes.
  l = ParseOne(&p, "1.000000: Using interface apB with hwaddr 02:d8:1e:6b:8b:11 and ssid \"corp\"");
  ASSERT_EQ(l.kind, ApLineKind::kEvent);
  EXPECT_EQ(l.event.text, "corp");
}

TEST(HostapdParserTest, SyslogWrapperWithHostapdTag) {
  HostapdLineParser p(InputFormat::kSyslog, 2026);
  ApParsedLine l = ParseOne(&p, "Nov 27 10:00:01 gw hostapd[812]: wlan1: STA 02:f0:bc:44:87:62 "
                                "IEEE 802.11: associated (aid 1)");
  ASSERT_EQ(l.kind, ApLineKind::kEvent);
  EXPECT_EQ(l.event.type, ApEventType::kAssociated);
  EXPECT_EQ(l.event.number, 1);
  EXPECT_EQ(l.ifname, "wlan1");
  EXPECT_TRUE(l.has_time);
  l = ParseOne(&p, "Nov 27 10:00:01 gw kernel: wlan1: associated");
  EXPECT_EQ(l.kind, ApLineKind::kOther);
}

TEST(HostapdParserTest, LooksLikeHostapdLog) {
  EXPECT_TRUE(LooksLikeHostapdLog(
      {"1.000000: Configuration file: /a.conf", "1.000001: Using interface apA with hwaddr "
                                                "02:a9:5d:f9:fe:cb and ssid 'x'"}));
  EXPECT_TRUE(LooksLikeHostapdLog(
      {"Nov 27 10:00:01 gw hostapd[812]: wlan1: STA 02:f0:bc:44:87:62 IEEE 802.11: associated",
       "Nov 27 10:00:02 gw hostapd[812]: wlan1: STA 02:f0:bc:44:87:62 WPA: pairwise key "
       "handshake completed (RSN)"}));
  // A journal with both programs is a station's log.
  EXPECT_FALSE(LooksLikeHostapdLog(
      {"Nov 27 10:00:01 gw hostapd[812]: wlan1: STA 02:f0:bc:44:87:62 IEEE 802.11: associated",
       "Nov 27 10:00:02 gw hostapd[812]: wlan1: STA 02:f0:bc:44:87:62 WPA: pairwise key "
       "handshake completed (RSN)",
       "Nov 27 10:00:03 gw wpa_supplicant[900]: wlan0: State: SCANNING -> ASSOCIATING"}));
  EXPECT_FALSE(LooksLikeHostapdLog({"1.000000: wlan0: State: SCANNING -> ASSOCIATING"}));
}

}  // namespace
}  // namespace roamreplay
