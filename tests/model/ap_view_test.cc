// The AP-side view and the AP rules on hand-written hostapd lines (shapes
// as in corpus pairs 20-22): processes, the AP's answer and each AP-side
// cause of a refused PMKID.

#include "model/ap_view.h"

#include <gtest/gtest.h>

#include "rules/ap_rules.h"

namespace roamreplay {
namespace {

const char kSta[] = "02:f0:bc:44:87:62";
const char kPmk1[] = "4b 00 bf 31 b3 1f 02 ac cb 39 6a cc 84 16 a2 b2";
const char kPmk2[] = "6e 9c 45 a6 f5 09 7f 9f 96 59 44 b1 bf 73 83 1d";

class ApViewTest : public ::testing::Test {
 protected:
  void Line(const std::string& text) {
    ApParsedLine p;
    parser_.Parse(text, &p);
    view_.Apply(p, ++number_, text);
  }
  void Start(const std::string& t, const char* iface, const char* bssid) {
    Line(t + ": Configuration file: /run/" + iface + ".conf");
    Line(t + ": Using interface " + iface + " with hwaddr " + bssid + " and ssid 'x'");
  }
  void Assoc(const std::string& t, const char* iface, const char* offered) {
    Line(t + ": " + iface + ": STA " + kSta + " IEEE 802.11: associated");
    if (offered) Line(t + ": RSN IE: STA PMKID - hexdump(len=16): " + offered);
  }
  void FullEap(const std::string& t, const char* iface, const char* pmkid) {
    Line(t + ": " + iface + ": STA " + kSta + " IEEE 802.1X: authenticated - EAP type: 25 (PEAP)");
    Line(t + ": RSN: added PMKSA cache entry for " + kSta);
    Line(t + ": RSN: added PMKID - hexdump(len=16): " + pmkid);
  }
  // A station report with one refused offer of `pmkid` to `bssid` at `t_us`.
  std::string Cause(const char* bssid, const char* pmkid, int64_t t_us,
                    const char* kind = "pmkid-rejected") {
    view_.Finish();
    Report report;
    report.clock = "utc";
    Finding f;
    f.kind = kind;
    MacAddress b;
    MacAddress::Parse(bssid, &b);
    f.bssid = b;
    std::vector<uint8_t> bytes;
    ParseHexBytes(std::string(" ") + pmkid, &bytes);
    std::copy(bytes.begin(), bytes.end(), f.pmkid.bytes.begin());
    f.pmkid.known = true;
    f.time_us = t_us;
    report.findings.push_back(f);
    ApLogInput in;
    in.path = "ap.log";
    in.view = &view_;
    in.epoch_clock = true;
    ApJoinOptions options;
    options.station_epoch_clock = true;
    JoinApLogs({in}, {}, options, &report);
    evidence_ = report.findings[0].ap_evidence.size();
    return report.findings[0].ap_cause;
  }
  HostapdLineParser parser_;
  ApView view_{0};
  uint64_t number_ = 0;
  size_t evidence_ = 0;
};

TEST_F(ApViewTest, OneStartupBlockIsOneProcessAndARestartIsAnother) {
  Start("10.000000", "apA", "02:a9:5d:f9:fe:cb");
  Start("10.000001", "apB", "02:d8:1e:6b:8b:11");
  Assoc("11.000000", "apA", nullptr);
  Line("20.000000: Signal 15 received - terminating");
  Start("21.000000", "apA", "02:a9:5d:f9:fe:cb");
  view_.Finish();
  ASSERT_EQ(view_.processes().size(), 2u);
  EXPECT_EQ(view_.processes()[0].bss.size(), 2u);
  EXPECT_EQ(view_.processes()[1].bss.size(), 1u);
  ASSERT_EQ(view_.side_events().size(), 1u);
  EXPECT_EQ(view_.side_events()[0].kind, "restart");
}

TEST_F(ApViewTest, SamePmkidReAddedIsNoReplacement) {
  Start("10.000000", "apA", "02:a9:5d:f9:fe:cb");
  Assoc("11.000000", "apA", nullptr);
  FullEap("11.100000", "apA", kPmk1);
  Line(std::string("12.000000: RSN: added PMKSA cache entry for ") + kSta);
  Line(std::string("12.000000: RSN: added PMKID - hexdump(len=16): ") + kPmk1);
  view_.Finish();
  ASSERT_EQ(view_.entries().size(), 1u);
  EXPECT_FALSE(view_.entries()[0].removed.has_value());
}

TEST_F(ApViewTest, ExpiredEntry) {
  Start("10.000000", "apA", "02:a9:5d:f9:fe:cb");
  Assoc("11.000000", "apA", nullptr);
  FullEap("11.100000", "apA", kPmk1);
  Line(std::string("50.000000: RSN: expired PMKSA cache entry for ") + kSta);
  Assoc("60.000000", "apA", kPmk1);
  EXPECT_EQ(Cause("02:a9:5d:f9:fe:cb", kPmk1, 60'010'000), "ap-entry-expired");
  EXPECT_GE(evidence_, 4u);  // added, expired, associated, offered
}

// ap-forgot-pmksa is confirmed by an AP-side expiry ...
TEST_F(ApViewTest, ForgotPmksaConfirmedByExpiry) {
  Start("10.000000", "apA", "02:a9:5d:f9:fe:cb");
  Assoc("11.000000", "apA", nullptr);
  FullEap("11.100000", "apA", kPmk1);
  Line(std::string("50.000000: RSN: expired PMKSA cache entry for ") + kSta);
  Assoc("60.000000", "apA", kPmk1);
  EXPECT_EQ(Cause("02:a9:5d:f9:fe:cb", kPmk1, 60'010'000, "ap-forgot-pmksa"), "confirmed");
}

// ... and dismissed when the AP log shows it found the PMKID.
TEST_F(ApViewTest, ForgotPmksaDismissedWhenTheApFoundIt) {
  Start("10.000000", "apA", "02:a9:5d:f9:fe:cb");
  Assoc("11.000000", "apA", nullptr);
  FullEap("11.100000", "apA", kPmk1);
  Assoc("60.000000", "apA", kPmk1);
  Line(std::string("60.000001: apA: STA ") + kSta +
       " WPA: PMKID found from PMKSA cache eap_type=25 vlan_id=0");
  EXPECT_EQ(Cause("02:a9:5d:f9:fe:cb", kPmk1, 60'010'000, "ap-forgot-pmksa"), "dismissed");
}

TEST_F(ApViewTest, RestartedProcess) {
  Start("10.000000", "apA", "02:a9:5d:f9:fe:cb");
  Assoc("11.000000", "apA", nullptr);
  FullEap("11.100000", "apA", kPmk1);
  Line("20.000000: Signal 15 received - terminating");
  Start("21.000000", "apA", "02:a9:5d:f9:fe:cb");
  Assoc("30.000000", "apA", kPmk1);
  EXPECT_EQ(Cause("02:a9:5d:f9:fe:cb", kPmk1, 30'010'000), "ap-restarted");
}

TEST_F(ApViewTest, ApHasNewerPmk) {
  Start("10.000000", "apA", "02:a9:5d:f9:fe:cb");
  Assoc("11.000000", "apA", nullptr);
  FullEap("11.100000", "apA", kPmk1);
  Assoc("20.000000", "apA", nullptr);
  FullEap("20.100000", "apA", kPmk2);
  Assoc("30.000000", "apA", kPmk1);
  EXPECT_EQ(Cause("02:a9:5d:f9:fe:cb", kPmk1, 30'010'000), "ap-has-newer-pmk");
}

TEST_F(ApViewTest, NeverHadPmk) {
  Start("10.000000", "apA", "02:a9:5d:f9:fe:cb");
  Assoc("30.000000", "apA", kPmk1);
  EXPECT_EQ(Cause("02:a9:5d:f9:fe:cb", kPmk1, 30'010'000), "ap-never-had-pmk");
}

TEST_F(ApViewTest, FoundAnswerAndEapolToADepartedStation) {
  Start("10.000000", "apA", "02:a9:5d:f9:fe:cb");
  Start("10.000001", "apB", "02:d8:1e:6b:8b:11");
  Assoc("11.000000", "apA", nullptr);
  FullEap("11.100000", "apA", kPmk1);
  Assoc("12.000000", "apB", kPmk1);
  Line(std::string("12.000001: apB: STA ") + kSta + " WPA: OKC match for PMKID");
  Line(std::string("12.000002: apA: disassociate STA ") + kSta);
  Line(std::string("13.000000: apA: STA ") + kSta + " WPA: sending 1/4 msg of 4-Way Handshake");
  view_.Finish();
  ASSERT_EQ(view_.associations().size(), 2u);
  EXPECT_EQ(view_.associations()[0].answer, "no-pmkid-offered");
  EXPECT_EQ(view_.associations()[1].answer, "okc-match");
  EXPECT_EQ(view_.processes()[0].moves_within, 1u);
  ASSERT_EQ(view_.side_events().size(), 1u);
  EXPECT_EQ(view_.side_events()[0].kind, "eapol-to-departed-station");
}

// The AP's clock runs 100 s behind: the association and message 1/4 pairs
// give the offset (station - AP) and its spread; "estimated", not same-clock.
TEST_F(ApViewTest, EstimatedOffsetFromMatchedFrames) {
  Start("10.000000", "apA", "02:a9:5d:f9:fe:cb");
  Assoc("11.000000", "apA", nullptr);
  Line(std::string("11.002000: apA: STA ") + kSta + " WPA: sending 1/4 msg of 4-Way Handshake");
  Assoc("40.000000", "apA", kPmk1);
  view_.Finish();
  MacAddress a;
  MacAddress::Parse("02:a9:5d:f9:fe:cb", &a);
  std::vector<StationAnchor> anchors = {
      {StationAnchor::kAssociated, a, 111'000'400, 10},
      {StationAnchor::kMsg1, a, 111'002'600, 12},
      {StationAnchor::kAssociated, a, 140'000'300, 40},
  };
  Report report;
  report.clock = "utc";
  ApLogInput in;
  in.path = "ap.log";
  in.view = &view_;
  in.epoch_clock = true;
  ApJoinOptions options;
  options.station_epoch_clock = true;
  JoinApLogs({in}, anchors, options, &report);
  ASSERT_EQ(report.ap_logs.size(), 1u);
  EXPECT_EQ(report.ap_logs[0].offset_source, "estimated");
  EXPECT_NEAR(report.ap_logs[0].offset_s, 100.0004, 1e-6);  // the median of 300, 400, 600 us
  ASSERT_TRUE(report.ap_logs[0].offset_spread_ms.has_value());
  EXPECT_NEAR(*report.ap_logs[0].offset_spread_ms, 0.3, 1e-9);
  EXPECT_EQ(report.ap_logs[0].matched_frames, 3u);
}

}  // namespace
}  // namespace roamreplay
