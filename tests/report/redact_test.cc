// Redaction of key material and identities, anonymisation of MACs and SSIDs.

#include "report/redact.h"

#include <gtest/gtest.h>

namespace roamreplay {
namespace {

TEST(RedactTest, SecretLinesKeepTheirShape) {
  struct Case {
    const char* line;
    const char* want;  // nullptr: unchanged
  };
  static const Case kCases[] = {
      {"1.000001: WPA: PMK from EAPOL state machines - hexdump(len=32): 55 ba f2 07",
       "1.000001: WPA: PMK from EAPOL state machines - hexdump(len=32): [REDACTED]"},
      {"1.000001: RSN: PMK from PMKSA cache - hexdump(len=32): 55 ba",
       "1.000001: RSN: PMK from PMKSA cache - hexdump(len=32): [REDACTED]"},
      {"1.000001: WPA: PTK - hexdump(len=48): 7f 31", "1.000001: WPA: PTK - hexdump(len=48): [REDACTED]"},
      {"1.000001: WPA: GTK in EAPOL-Key - hexdump(len=24): dd 16",
       "1.000001: WPA: GTK in EAPOL-Key - hexdump(len=24): [REDACTED]"},
      {"1.000001: WPA: Group Key - hexdump(len=16): 87 80", "1.000001: WPA: Group Key - hexdump(len=16): [REDACTED]"},
      {"1.000001: EAP-PEAP: Derived key - hexdump(len=64): 55 ba",
       "1.000001: EAP-PEAP: Derived key - hexdump(len=64): [REDACTED]"},
      {"1.000001: EAP-PEAP: Encrypting Phase 2 data - hexdump(len=28): 02 05 00 1c 01 6a",
       "1.000001: EAP-PEAP: Encrypting Phase 2 data - hexdump(len=28): [REDACTED]"},
      {"1.000001: EAP-MSCHAPV2: master_key - hexdump(len=16): 01 02",
       "1.000001: EAP-MSCHAPV2: master_key - hexdump(len=16): [REDACTED]"},
      {"1.000001: network: psk=\"hunter2 x\" key_mgmt=WPA-PSK",
       "1.000001: network: psk=[REDACTED] key_mgmt=WPA-PSK"},
      {"password=secret", "password=[REDACTED]"},
      // Not secret: PMKIDs, PMKSA lines, [REMOVED] payloads, RSN IEs.
      {"1.000001: RSN: PMKID - hexdump(len=16): 3a a2 b4 3c", nullptr},
      {"1.000001: RSN: PMKSA cache entry found - PMKID - hexdump(len=16): 3a a2", nullptr},
      {"1.000001: WPA: PMK - hexdump(len=32): [REMOVED]", nullptr},
      {"1.000001: WPA: set AP RSN IE - hexdump(len=22): 30 14 01 00", nullptr},
      {"1.000001: wlan0: Associated with 00:24:97:aa:bb:01", nullptr},
  };
  for (const Case& c : kCases) {
    std::string got = RedactIsolated(c.line);
    EXPECT_EQ(c.want ? c.want : c.line, got) << c.line;
  }
}

TEST(RedactTest, IdentityDumpAndItsContinuationLines) {
  const char* kLines[] = {
      "1.000001: EAP: using real identity - hexdump_ascii(len=23):",
      "     6a 73 6d 69 74 68 40 63 6f 72 70 2e 65 78 61 6d   jsmith@corp.exam",
      "     70 6c 65 2e 63 6f 6d                              ple.com         ",
      "1.000002: EAP: EAP entering state SEND_RESPONSE",
      "     63 6f 72 70                                       corp            ",
  };
  Redactor r;
  std::vector<std::string> out;
  for (const char* l : kLines) {
    std::string red;
    out.push_back(r.Redact(l, &red) ? red : std::string(l));
  }
  EXPECT_EQ(kLines[0], out[0]);  // the header has no payload
  EXPECT_EQ("     [REDACTED]", out[1]);
  EXPECT_EQ("     [REDACTED]", out[2]);
  EXPECT_EQ(kLines[3], out[3]);
  EXPECT_EQ(kLines[4], out[4]);  // after a non-continuation line: not secret any more
}

// The report redacts only the lines it shows and follows the others with
// Observe: a secret dump whose header is not shown still has its shown
// continuation lines redacted, and Observe ends the dump where Redact does.
TEST(RedactTest, ObservedHeaderStillRedactsShownContinuations) {
  Redactor r;
  std::string red;
  r.Observe("1.000001: EAP: using real identity - hexdump_ascii(len=23):");
  r.Observe("     6a 73 6d 69 74 68 40 63 6f 72 70 2e 65 78 61 6d   jsmith@corp.exam");
  ASSERT_TRUE(r.Redact("     70 6c 65 2e 63 6f 6d                              ple.com", &red));
  EXPECT_EQ("     [REDACTED]", red);
  r.Observe("1.000002: EAP: EAP entering state SEND_RESPONSE");
  EXPECT_FALSE(r.Redact("     63 6f 72 70                                       corp", &red));
  r.Observe("1.0: SSID - hexdump_ascii(len=4):");  // not secret
  EXPECT_FALSE(r.Redact("     63 6f 72 70    corp", &red));
}

TEST(RedactTest, SsidDumpIsNotSecret) {
  Redactor r;
  std::string red;
  EXPECT_FALSE(r.Redact("1.0: SSID - hexdump_ascii(len=4):", &red));
  EXPECT_FALSE(r.Redact("     63 6f 72 70    corp", &red));
}

TEST(AnonymizeTest, MacsAreConsistentAndKindsAreDistinct) {
  Anonymizer a;
  MacAddress ap, sta;
  ASSERT_TRUE(MacAddress::Parse("00:24:97:aa:bb:01", &ap));
  ASSERT_TRUE(MacAddress::Parse("00:1f:3b:5c:9e:71", &sta));
  a.AddAccessPoint(ap);
  a.Learn("1.0: wlan0: Own MAC address: 00:1f:3b:5c:9e:71");
  EXPECT_EQ("02:00:00:01:00:01", a.Map(ap).ToString());
  EXPECT_EQ("02:00:00:00:00:01", a.Map(sta).ToString());
  std::string text =
      "A1=00:1F:3B:5C:9E:71 A2=00:24:97:aa:bb:01 frame: b0 00 00 24 97 aa bb 01 00 1f 3b 5c 9e 71 "
      "other 00:24:97:aa:bb:09 again 00:24:97:aa:bb:01";
  EXPECT_EQ(
      "A1=02:00:00:00:00:01 A2=02:00:00:01:00:01 frame: b0 00 02 00 00 01 00 01 02 00 00 00 00 01 "
      "other 02:00:00:02:00:01 again 02:00:00:01:00:01",
      a.Apply(text));
}

TEST(AnonymizeTest, StandInsNeverEqualAnOriginal) {
  Anonymizer a;
  MacAddress ap, taken;
  ASSERT_TRUE(MacAddress::Parse("02:00:00:01:00:01", &taken));
  ASSERT_TRUE(MacAddress::Parse("00:24:97:aa:bb:01", &ap));
  a.Learn("x 02:00:00:01:00:01 y");
  a.AddAccessPoint(ap);
  EXPECT_NE(taken, a.Map(ap));
}

TEST(AnonymizeTest, SsidsAreReplacedAsWordsAndInQuotes) {
  Anonymizer a;
  a.Learn("1.0: wlan0: SME: Trying to authenticate with 00:24:97:aa:bb:01 (SSID='corp-secure' freq=2412 MHz)");
  a.Learn("1.0: wlan0: BSS: Add new id 0 BSSID 00:24:97:aa:bb:01 SSID 'ab'");
  EXPECT_EQ("ssid='ssid-1' and ssid-1 here, but corp-securex stays",
            a.Apply("ssid='corp-secure' and corp-secure here, but corp-securex stays"));
  EXPECT_EQ("SSID 'ssid-2' but about stays", a.Apply("SSID 'ab' but about stays"));
  // The hexdump byte form too ("corp-secure" / "ssid-1").
  EXPECT_EQ("     73 73 69 64 2d 31   ssid-1",
            a.Apply("     63 6f 72 70 2d 73 65 63 75 72 65   corp-secure"));
}

// --anonymize also hides the syslog/journald host name and user names.
TEST(RedactTest, AnonymizerHidesHostAndUserNames) {
  Anonymizer anon;
  anon.Learn("Jul 15 22:47:44 strephon.rowland.org wpa_supplicant[5906]: wlan0: State: "
             "COMPLETED -> DISCONNECTED");
  anon.Learn("2024-08-27T14:48:56+0200 laptop-7 NetworkManager[812]: <info> "
             "/home/alice/.config/x USER=bob");
  EXPECT_EQ(anon.Apply("Jul 15 22:47:44 strephon.rowland.org wpa_supplicant[5906]: x"),
            "Jul 15 22:47:44 host-1 wpa_supplicant[5906]: x");
  EXPECT_EQ(anon.Apply("2024-08-27T14:48:56+0200 laptop-7 NetworkManager[812]: /home/alice/a"),
            "2024-08-27T14:48:56+0200 host-2 NetworkManager[812]: /home/user-1/a");
  EXPECT_EQ(anon.Apply("sudo: USER=bob; host strephon.rowland.org."),
            "sudo: USER=user-2; host host-1.");
  // Parts of other words stay.
  EXPECT_EQ(anon.Apply("mybob bobby alice2"), "mybob bobby alice2");
}

}  // namespace
}  // namespace roamreplay
