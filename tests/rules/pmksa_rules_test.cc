#include "rules/pmksa_rules.h"

#include <gtest/gtest.h>

#include "testing/log_builder.h"

namespace roamreplay {
namespace {

using testing::kA;
using testing::kB;
using testing::LogBuilder;
using testing::PmkidCompact;

// The findings of `report` whose kind is one of `kinds`, in order.
std::vector<Finding> OfKind(const Report& report, std::initializer_list<const char*> kinds) {
  std::vector<Finding> out;
  for (const Finding& f : report.findings)
    for (const char* k : kinds)
      if (f.kind == k) out.push_back(f);
  return out;
}

struct Marks {
  std::string stale_time;
  int stale_line = 0;
  int refusal_line = 0;
};

// 2011 report sequence; returns where the stale selection and refusal are.
LogBuilder Build(Marks* marks, bool fixed = false) {
  LogBuilder b;
  b.Associate(kA).FullEap(kA, 0x1a);
  b.Idle(60).Wlan(std::string("SME: Trying to authenticate with ") + kB +
                  " (SSID='corp' freq=2437 MHz)");
  b.OkcClone(kB).Select(0x1b).Line("RSN: Trying to use cached PMKSA");
  b.Wlan(std::string("Associated with ") + kB).CachedHandshake(kB, 0x1b, true);
  b.Idle(600).Reauth(kB, 0x2b, true, fixed ? std::vector<const char*>{kA}
                                          : std::vector<const char*>{});
  b.Idle(60).Wlan(std::string("SME: Trying to authenticate with ") + kA +
                  " (SSID='corp' freq=2412 MHz)");
  if (fixed) b.OkcClone(kA);
  b.Select(fixed ? 0x2a : 0x1a);
  marks->stale_time = b.last_time();
  marks->stale_line = b.lines();
  b.Line("RSN: Trying to use cached PMKSA").Wlan(std::string("Associated with ") + kA);
  if (fixed) {
    b.CachedHandshake(kA, 0x2a, true);
  } else {
    b.Wlan(std::string("RX EAPOL from ") + kA);
    b.Line("RSN: Authenticator did not accept PMKID, doing full EAP authentication");
    marks->refusal_line = b.lines();
    b.Wlan("RSN: Cancelling PMKSA caching attempt").FullEap(kA, 0x3a, true);
  }
  return b;
}

TEST(PmksaRulesTest, StaleReuseAndItsRejectionAreReportedWithEvidence) {
  Marks m;
  Report report = Build(&m).Replay();
  std::vector<Finding> findings = OfKind(report, {"stale-pmkid-reuse", "pmkid-rejected"});
  ASSERT_EQ(findings.size(), 2u);
  const Finding& stale = findings[0];
  EXPECT_EQ(stale.kind, "stale-pmkid-reuse");
  EXPECT_EQ(stale.severity, Severity::kError);
  EXPECT_EQ(stale.time, m.stale_time);
  EXPECT_EQ(stale.line, static_cast<uint64_t>(m.stale_line));
  EXPECT_EQ(stale.interface, "wlan0");
  EXPECT_EQ(stale.bssid->ToString(), kA);
  EXPECT_EQ(stale.pmkid.ToHex(), PmkidCompact(0x1a));
  EXPECT_EQ(stale.cause, "replaced-pmk");
  // Creation of A's entry, the new PMK at B, the Replace line, B's new entry,
  // the selection, and the AP's refusal.
  ASSERT_EQ(stale.evidence.size(), 6u);
  EXPECT_NE(stale.evidence[0].text.find("RSN: added PMKSA cache entry for 00:24:97:aa:bb:01"),
            std::string::npos);
  EXPECT_NE(stale.evidence[1].text.find("WPA: PMK from EAPOL state machines"), std::string::npos);
  EXPECT_NE(stale.evidence[2].text.find("RSN: Replace PMKSA entry"), std::string::npos);
  EXPECT_NE(stale.evidence[3].text.find("for 00:24:97:aa:bb:02"), std::string::npos);
  EXPECT_EQ(stale.evidence[4].line, static_cast<uint64_t>(m.stale_line));
  EXPECT_EQ(stale.evidence[5].line, static_cast<uint64_t>(m.refusal_line));

  const Finding& rejected = findings[1];
  EXPECT_EQ(rejected.kind, "pmkid-rejected");
  EXPECT_EQ(rejected.cause, "stale-entry");
  EXPECT_EQ(rejected.line, static_cast<uint64_t>(m.refusal_line));
  EXPECT_EQ(rejected.pmkid.ToHex(), PmkidCompact(0x1a));
}

TEST(PmksaRulesTest, PostFixSequenceHasNoFindings) {
  Marks m;
  Report report = Build(&m, /*fixed=*/true).Replay();
  EXPECT_TRUE(report.findings.empty());
}

TEST(PmksaRulesTest, ReauthenticationWhileCompletedIsNotARejection) {
  LogBuilder b;
  b.Associate(kA).FullEap(kA, 0x1a);
  b.Idle(60).Wlan(std::string("SME: Trying to authenticate with ") + kB +
                  " (SSID='corp' freq=2437 MHz)");
  b.OkcClone(kB).Select(0x1b).Wlan(std::string("Associated with ") + kB);
  b.CachedHandshake(kB, 0x1b, true);
  // hostap 2011 prints "did not accept PMKID" for the first AP-initiated
  // re-authentication after a cached association.
  b.Idle(600).Reauth(kB, 0x2b, true);
  Report report = b.Replay();
  EXPECT_TRUE(report.findings.empty());
  ASSERT_EQ(report.roams.size(), 3u);
  EXPECT_TRUE(report.roams[2].reauth);
}

TEST(PmksaRulesTest, RefusalOfACurrentEntryIsCausedByTheAp) {
  LogBuilder b;
  b.Associate(kA).FullEap(kA, 0x1a).Idle(100);
  b.Wlan(std::string("SME: Trying to authenticate with ") + kA + " (SSID='corp' freq=2412 MHz)");
  b.Select(0x1a).Wlan(std::string("Associated with ") + kA);
  b.Wlan("CTRL-EVENT-EAP-STARTED EAP authentication started");
  Report report = b.Replay();
  ASSERT_EQ(report.findings.size(), 2u);
  EXPECT_EQ(report.findings[0].kind, "pmkid-rejected");
  EXPECT_EQ(report.findings[0].cause, "ap-refused");
  EXPECT_EQ(report.findings[1].kind, "ap-forgot-pmksa");
  EXPECT_EQ(report.findings[1].line, report.findings[0].line);
}

TEST(PmksaRulesTest, TwoXLineOrderLinksSelectionAndRefusal) {
  LogBuilder b(LogBuilder::Era::k2x);
  b.Associate(kA).FullEap(kA, 0x1a);
  b.Idle(60).Line("RSN: PMKSA cache search - network_ctx=0x5581 try_opportunistic=1 akmp=0x1");
  b.Line(std::string("RSN: Search for BSSID ") + kB);
  b.Line(std::string("RSN: Consider ") + kB + " for OKC");
  b.Line(std::string("RSN: Added PMKSA cache entry for ") + kB +
         " spa=00:1f:3b:01:02:03 network_ctx=0x5581 akmp=0x1");
  b.Line(std::string("RSN: added opportunistic PMKSA cache entry for ") + kB);
  b.Select(0x1b).Line("RSN: Trying to use cached PMKSA");
  b.Wlan(std::string("SME: Trying to authenticate with ") + kB + " (SSID='corp' freq=2437 MHz)");
  b.Wlan(std::string("Trying to associate with ") + kB + " (SSID='corp' freq=2437 MHz)");
  b.Wlan(std::string("Associated with ") + kB).CachedHandshake(kB, 0x1b, true);
  // Re-auth at B, but this 2.x supplicant's flush is missing (a defect).
  b.Idle(600).Reauth(kB, 0x2b, true);
  b.Idle(60).Line("RSN: PMKSA cache search - network_ctx=0x5581 try_opportunistic=1 akmp=0x1");
  b.Line(std::string("RSN: Search for BSSID ") + kA).Select(0x1a);
  b.Line("RSN: Trying to use cached PMKSA");
  b.Wlan(std::string("SME: Trying to authenticate with ") + kA + " (SSID='corp' freq=2412 MHz)");
  b.Wlan(std::string("Trying to associate with ") + kA + " (SSID='corp' freq=2412 MHz)");
  b.Wlan(std::string("CTRL-EVENT-ASSOC-REJECT bssid=") + kA + " status_code=53");
  Report report = b.Replay();
  ASSERT_EQ(report.findings.size(), 2u);
  EXPECT_EQ(report.findings[0].kind, "stale-pmkid-reuse");
  EXPECT_EQ(report.findings[1].kind, "pmkid-rejected");
  EXPECT_EQ(report.findings[1].cause, "stale-entry");
}

}  // namespace
}  // namespace roamreplay
