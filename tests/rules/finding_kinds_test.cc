// One hand-written sequence per finding kind that triggers it, and a near
// miss that must not (built with LogBuilder: invented, not captured, logs).

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "testing/findings.h"
#include "testing/log_builder.h"

namespace roamreplay {
namespace {

using testing::kA;
using testing::kB;
using testing::kC;
using testing::Count;
using testing::First;
using testing::Auth;
using testing::LogBuilder;



Report Replay(const LogBuilder& b, ReplayOptions options = ReplayOptions()) {
  Report report;
  ReplayBuffer("test.log", b.str(), options, &report);
  return report;
}

// A full EAP at A (gen 1) and B; B's re-authentication replaces its PMK and
// the supplicant flushes A. With `okc_at_b` B's entry was an accepted OKC
// clone of A's PMK, so the flush is right; otherwise A had its own PMK.
LogBuilder FlushAtReauth(bool okc_at_b) {
  LogBuilder b;
  b.Associate(kA).FullEap(kA, 0x1a).Idle(60);
  if (okc_at_b) {
    b.Wlan(Auth(kB)).OkcClone(kB).Select(0x1b);
    b.Wlan(std::string("Associated with ") + kB).CachedHandshake(kB, 0x1b, true);
  } else {
    b.Associate(kB).FullEap(kB, 0x1b);
  }
  b.Idle(600).Reauth(kB, 0x2b, true, {kA});
  b.Idle(60).Associate(kA).FullEap(kA, 0x3a);
  return b;
}

TEST(FindingKindsTest, OverFlushNamesItsCost) {
  Report r = Replay(FlushAtReauth(false));
  ASSERT_EQ(Count(r, "over-flush"), 1);
  const Finding& f = First(r, "over-flush");
  EXPECT_EQ(f.bssid->ToString(), kA);
  EXPECT_NE(f.message.find("cost: full EAP at 00:24:97:aa:bb:01"), std::string::npos) << f.message;
  EXPECT_NE(f.message.find("fixed upstream by 4033935d"), std::string::npos) << f.message;
  EXPECT_EQ(r.policy, "c3fea272");
}

TEST(FindingKindsTest, FlushOfTheReplacedPmkIsNotAnOverFlush) {
  Report r = Replay(FlushAtReauth(true));
  EXPECT_EQ(Count(r, "over-flush"), 0);
}

LogBuilder BackToA(bool refused, bool stale) {
  LogBuilder b;
  b.Associate(kA).FullEap(kA, 0x1a).Idle(60);
  b.Wlan(Auth(kB)).OkcClone(kB).Select(0x1b).Wlan(std::string("Associated with ") + kB);
  b.CachedHandshake(kB, 0x1b, true);
  if (stale) b.Idle(600).Reauth(kB, 0x2b, true);
  b.Idle(60).Wlan(Auth(kA)).Select(0x1a).Wlan(std::string("Associated with ") + kA);
  if (refused) {
    b.RefuseWithEap(kA).FullEap(kA, 0x3a, true);
  } else {
    b.CachedHandshake(kA, 0x1a, false);
  }
  return b;
}

TEST(FindingKindsTest, ApForgotPmksaWhenACurrentEntryIsRefused) {
  Report r = Replay(BackToA(/*refused=*/true, /*stale=*/false));
  ASSERT_EQ(Count(r, "ap-forgot-pmksa"), 1);
  EXPECT_EQ(First(r, "ap-forgot-pmksa").bssid->ToString(), kA);
  EXPECT_EQ(Count(r, "stale-pmkid-reuse"), 0);
}

TEST(FindingKindsTest, StaleRefusalIsNotApForgot) {
  Report r = Replay(BackToA(/*refused=*/true, /*stale=*/true));
  EXPECT_EQ(Count(r, "ap-forgot-pmksa"), 0);
  EXPECT_EQ(Count(r, "stale-pmkid-reuse"), 1);
  EXPECT_EQ(Count(r, "pmkid-rejected"), 1);
}

LogBuilder OkcTwice(bool second_accepted) {
  LogBuilder b;
  b.Associate(kA).FullEap(kA, 0x1a).Idle(60);
  b.Wlan(Auth(kB)).OkcClone(kB).Select(0x1b).Wlan(std::string("Associated with ") + kB);
  b.RefuseWithEap(kB).FullEap(kB, 0x2b, true).Idle(60);
  b.Wlan(Auth(kC)).OkcClone(kC).Select(0x1c).Wlan(std::string("Associated with ") + kC);
  if (second_accepted) {
    b.CachedHandshake(kC, 0x1c, true);
  } else {
    b.RefuseWithEap(kC).FullEap(kC, 0x2c, true);
  }
  return b;
}

TEST(FindingKindsTest, OkcUnsupportedWhenEveryOkcAttemptIsRefused) {
  Report r = Replay(OkcTwice(false));
  ASSERT_EQ(Count(r, "okc-unsupported"), 1);
  EXPECT_EQ(First(r, "okc-unsupported").evidence.size(), 2u);
  EXPECT_EQ(Count(r, "ap-forgot-pmksa"), 0);  // unvalidated clones are not "forgotten"
}

TEST(FindingKindsTest, OneAcceptedOkcAttemptMeansOkcWorks) {
  EXPECT_EQ(Count(Replay(OkcTwice(true)), "okc-unsupported"), 0);
}

LogBuilder Silence(int silence_ms) {
  LogBuilder b;
  b.Associate(kA).FullEap(kA, 0x1a).Idle(60);
  b.Wlan(Auth(kA)).Select(0x1a).Wlan(std::string("Associated with ") + kA);
  b.Line("RSN: PMKSA caching - do not send EAPOL-Start", silence_ms / 2);
  b.Wlan(std::string("RX EAPOL from ") + kA, silence_ms / 2);
  b.Wlan(std::string("WPA: RX message 1 of 4-Way Handshake from ") + kA + " (ver=2)");
  b.Line("RSN: PMKID from Authenticator - hexdump(len=16): " + testing::PmkidHex(0x1a));
  b.Line("RSN: matched PMKID - hexdump(len=16): " + testing::PmkidHex(0x1a));
  b.Wlan(std::string("WPA: Key negotiation completed with ") + kA + " [PTK=CCMP GTK=CCMP]");
  return b;
}

TEST(FindingKindsTest, PmksaStallAfterALongSilence) {
  Report r = Replay(Silence(1500));
  ASSERT_EQ(Count(r, "pmksa-stall"), 1);
  EXPECT_NE(First(r, "pmksa-stall").message.find("no EAPOL for 150"), std::string::npos)
      << First(r, "pmksa-stall").message;
}

TEST(FindingKindsTest, PromptAnswerIsNoStall) { EXPECT_EQ(Count(Replay(Silence(40)), "pmksa-stall"), 0); }

TEST(FindingKindsTest, MskMismatchWhenTheSupplicantSaysSo) {
  LogBuilder b(LogBuilder::Era::k2x);
  b.Associate(kA).Wlan("CTRL-EVENT-EAP-STARTED EAP authentication started");
  b.Wlan("CTRL-EVENT-EAP-SUCCESS EAP authentication completed successfully");
  b.Wlan(std::string("WPA: RX message 1 of 4-Way Handshake from ") + kA + " (ver=2)");
  b.Line("RSN: PMKID from Authenticator - hexdump(len=16): " + testing::PmkidHex(0x1a));
  b.Wlan("RSN: PMKID mismatch - authentication server may have derived different MSK?!");
  Report r = Replay(b);
  ASSERT_EQ(Count(r, "msk-mismatch"), 1);
  EXPECT_EQ(First(r, "msk-mismatch").severity, Severity::kError);
  LogBuilder fine(LogBuilder::Era::k2x);
  fine.Associate(kA).FullEap(kA, 0x1a);
  EXPECT_EQ(Count(Replay(fine), "msk-mismatch"), 0);
}

LogBuilder Evicted(bool needed_again) {
  LogBuilder b;
  b.Associate(kA).FullEap(kA, 0x1a).Idle(60).Associate(kB).FullEap(kB, 0x1b);
  b.Line(std::string("RSN: removed the oldest PMKSA cache entry (for ") + kA +
         ") to make room for new one");
  b.Idle(60);
  if (needed_again) {
    b.Associate(kA).FullEap(kA, 0x2a);
  } else {
    b.Associate(kC).FullEap(kC, 0x1c);
  }
  return b;
}

TEST(FindingKindsTest, EvictionChurnWhenAnEvictedEntryIsNeededAgain) {
  Report r = Replay(Evicted(true));
  ASSERT_EQ(Count(r, "eviction-churn"), 1);
  EXPECT_EQ(First(r, "eviction-churn").bssid->ToString(), kA);
}

TEST(FindingKindsTest, EvictionOfAnEntryNeverNeededIsNoChurn) {
  EXPECT_EQ(Count(Replay(Evicted(false)), "eviction-churn"), 0);
}

LogBuilder OfferAfter(int seconds, LogBuilder::Era era = LogBuilder::Era::k2011) {
  LogBuilder b(era);
  b.Associate(kA).FullEap(kA, 0x1a).Idle(seconds);
  b.Wlan(Auth(kA)).Select(0x1a).Wlan(std::string("Associated with ") + kA);
  b.CachedHandshake(kA, 0x1a, false);
  return b;
}

TEST(FindingKindsTest, ExpiredEntryOfferedAfterItsLifetime) {
  ReplayOptions options;
  options.model.pmk_lifetime_s = 100;
  Report r = Replay(OfferAfter(250), options);
  ASSERT_EQ(Count(r, "expired-entry-offered"), 1);
  EXPECT_EQ(Count(Replay(OfferAfter(50), options), "expired-entry-offered"), 0);
  EXPECT_EQ(Count(Replay(OfferAfter(250)), "expired-entry-offered"), 0);  // 43200 s default
}

// hostap's reauth-threshold rules (bb93ea23, 74db49d7) are SAE-only
// (wpa_key_mgmt_sae()): an 802.1X entry past 70 % of its lifetime is selected
// normally, only its lifetime ends it. Neither a 2011 entry (no akmp=, which
// predates SAE) nor a 2.x one with akmp=0x1 is judged by the threshold.
TEST(FindingKindsTest, EapEntryPastItsReauthThresholdIsNoFinding) {
  ReplayOptions options;
  options.model.pmk_lifetime_s = 100;  // reauth threshold at 70 s
  for (LogBuilder::Era era : {LogBuilder::Era::k2011, LogBuilder::Era::k2x}) {
    EXPECT_EQ(Count(Replay(OfferAfter(80, era), options), "expired-entry-offered"), 0);
    EXPECT_EQ(Count(Replay(OfferAfter(250, era), options), "expired-entry-offered"), 1);
  }
}

LogBuilder FlushAfter(int config_to_flush_s) {
  LogBuilder b;
  b.Associate(kA).FullEap(kA, 0x1a).Idle(60).Associate(kB).FullEap(kB, 0x1b);
  b.Line("CTRL_IFACE: SET_NETWORK id=0 name='bssid_hint'").Idle(config_to_flush_s);
  b.Line(std::string("RSN: Flush PMKSA cache entry for ") + kA);
  b.Idle(30).Associate(kA).FullEap(kA, 0x2a);
  return b;
}

TEST(FindingKindsTest, ConfigFlushRightAfterAConfigurationChange) {
  Report r = Replay(FlushAfter(0));
  ASSERT_EQ(Count(r, "config-flush"), 1);
  const Finding& f = First(r, "config-flush");
  EXPECT_NE(f.message.find("cost: full EAP at 00:24:97:aa:bb:01"), std::string::npos);
  EXPECT_EQ(Count(r, "over-flush"), 0);
}

TEST(FindingKindsTest, FlushLongAfterAConfigurationChangeIsNotBlamedOnIt) {
  EXPECT_EQ(Count(Replay(FlushAfter(600)), "config-flush"), 0);
}

LogBuilder MacChange(bool changed) {
  LogBuilder b;
  b.Wlan("Own MAC address: 00:1f:3b:5c:9e:71");
  b.Associate(kA).FullEap(kA, 0x1a).Idle(60);
  b.Wlan(changed ? "Own MAC address: 02:11:22:33:44:55" : "Own MAC address: 00:1f:3b:5c:9e:71");
  b.Wlan(Auth(kA)).Select(0x1a).Wlan(std::string("Associated with ") + kA);
  b.RefuseWithEap(kA).FullEap(kA, 0x2a, true);
  return b;
}

TEST(FindingKindsTest, OwnMacChangedMakesEntriesUnusable) {
  Report r = Replay(MacChange(true));
  ASSERT_EQ(Count(r, "own-mac-changed"), 1);
  EXPECT_NE(First(r, "own-mac-changed").message.find("02:11:22:33:44:55"), std::string::npos);
  EXPECT_EQ(Count(Replay(MacChange(false)), "own-mac-changed"), 0);
}

TEST(FindingKindsTest, FullEapOnRoamIsCountedButNotOnTheFirstConnection) {
  LogBuilder b;
  b.Associate(kA).FullEap(kA, 0x1a);
  EXPECT_EQ(Count(Replay(b), "full-eap-on-roam"), 0);
  b.Idle(60).Associate(kB).FullEap(kB, 0x1b).Idle(60).Wlan(Auth(kA)).Select(0x1a);
  b.Wlan(std::string("Associated with ") + kA).CachedHandshake(kA, 0x1a, false);
  Report r = Replay(b);
  ASSERT_EQ(Count(r, "full-eap-on-roam"), 1);
  const Finding& f = First(r, "full-eap-on-roam");
  EXPECT_EQ(f.severity, Severity::kInfo);
  EXPECT_NE(f.message.find("(1 of 2 roams used full EAP)"), std::string::npos) << f.message;
}

TEST(FindingKindsTest, SlowRoamAboveTheLimit) {
  LogBuilder b;
  b.Associate(kA).FullEap(kA, 0x1a).Idle(60).Associate(kB).FullEap(kB, 0x1b);
  Report r = Replay(b);
  ASSERT_EQ(Count(r, "slow-roam"), 1);  // ~350 ms of EAP; the first connection is not a roam
  ReplayOptions generous;
  generous.rules.slow_roam_ms = 1000;
  EXPECT_EQ(Count(Replay(b, generous), "slow-roam"), 0);
  LogBuilder fast;
  fast.Associate(kA).FullEap(kA, 0x1a).Idle(60).Wlan(Auth(kA)).Select(0x1a);
  fast.Wlan(std::string("Associated with ") + kA).CachedHandshake(kA, 0x1a, false);
  EXPECT_EQ(Count(Replay(fast), "slow-roam"), 0);
}

}  // namespace
}  // namespace roamreplay

namespace roamreplay {
namespace {

// Not a finding: a re-authentication after the PMK's reauth threshold is the
// supplicant's own timer (pmksa_cache_reauth), earlier ones are the AP's.
TEST(ReauthCauseTest, ReauthAfterTheThresholdIsTheSupplicantsTimer) {
  ReplayOptions options;
  options.model.pmk_lifetime_s = 100;  // reauth at 70 s
  for (int idle : {30, 80}) {
    LogBuilder b;
    b.Associate(kA).FullEap(kA, 0x1a).Idle(idle).Reauth(kA, 0x2a, true);
    Report r = Replay(b, options);
    ASSERT_EQ(r.roams.size(), 2u);
    EXPECT_TRUE(r.roams[1].reauth);
    EXPECT_EQ(r.roams[1].reauth_cause, idle > 70 ? "pmk-reauth-timer" : "ap-initiated");
  }
}

}  // namespace
}  // namespace roamreplay

namespace roamreplay {
namespace {

// INFO-level logs show neither the selection nor the PMKID, but status 53
// (invalid PMKID) says one was offered.
TEST(InfoLevelTest, StatusFiftyThreeImpliesAnOfferAndItsRefusal) {
  LogBuilder b(LogBuilder::Era::k2x);
  b.Wlan(std::string("Trying to associate with ") + kA + " (SSID='corp' freq=2412 MHz)");
  b.Wlan(std::string("Associated with ") + kA);
  b.Wlan(std::string("PMKSA-CACHE-ADDED ") + kA + " 0");
  b.Wlan(std::string("WPA: Key negotiation completed with ") + kA + " [PTK=CCMP GTK=CCMP]");
  b.Idle(60).Wlan(std::string("Trying to associate with ") + kA + " (SSID='corp' freq=2412 MHz)");
  b.Wlan("CTRL-EVENT-ASSOC-REJECT status_code=53");
  Report r = Replay(b);
  ASSERT_EQ(Count(r, "pmkid-rejected"), 1);
  const Finding& f = First(r, "pmkid-rejected");
  EXPECT_EQ(f.bssid->ToString(), kA);
  EXPECT_NE(f.evidence.front().role.find("not logged at this level"), std::string::npos);
  EXPECT_EQ(Count(r, "ap-forgot-pmksa"), 1);
  ASSERT_FALSE(r.roams.empty());
  EXPECT_EQ(r.roams.front().method, "full-auth");  // no EAP seen: SAE or PSK
}

TEST(InfoLevelTest, OtherAssocRejectsImplyNothing) {
  LogBuilder b(LogBuilder::Era::k2x);
  b.Wlan(std::string("Trying to associate with ") + kA + " (SSID='corp' freq=2412 MHz)");
  b.Wlan("CTRL-EVENT-ASSOC-REJECT bssid=00:24:97:aa:bb:01 status_code=17");
  EXPECT_EQ(Count(Replay(b), "pmkid-rejected"), 0);
}

}  // namespace
}  // namespace roamreplay

#include <regex>

namespace roamreplay {
namespace {

// Whole-second clocks (syslog) make every roam that spans a second boundary
// look like 1000 ms: slow-roam needs a finer clock.
TEST(SlowRoamClockTest, WholeSecondTimestampsGiveNoSlowRoam) {
  LogBuilder b;
  b.Associate(kA).FullEap(kA, 0x1a).Idle(60).Associate(kB).FullEap(kB, 0x1b);
  std::string coarse = std::regex_replace(b.str(), std::regex(R"(\.\d{6}: )"), ".000000: ");
  Report fine_report, coarse_report;
  ReplayBuffer("fine.log", b.str(), ReplayOptions(), &fine_report);
  ReplayBuffer("coarse.log", coarse, ReplayOptions(), &coarse_report);
  EXPECT_EQ(Count(fine_report, "slow-roam"), 1);
  EXPECT_EQ(Count(coarse_report, "slow-roam"), 0);
}

}  // namespace
}  // namespace roamreplay
