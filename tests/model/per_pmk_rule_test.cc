// The reference rule is per PMK (README "How the model decides"): an entry
// holding a replaced PMK is stale only if an AP accepted an OKC clone of that
// very PMK. These logs are hand-written with LogBuilder; each mirrors a case
// read in real hostap test-driver runs (station and hostapd logs side by
// side), named in the test.

#include <gtest/gtest.h>

#include "testing/findings.h"
#include "testing/log_builder.h"

namespace roamreplay {
namespace {

using testing::Auth;
using testing::kA;
using testing::kB;
using testing::kC;
using testing::LogBuilder;
using testing::PmkidCompact;

int CountKind(const Report& r, const std::string& kind) {
  int n = 0;
  for (const Finding& f : r.findings) n += f.kind == kind;
  return n;
}

const Finding* FirstOf(const Report& r, const std::string& kind) {
  for (const Finding& f : r.findings)
    if (f.kind == kind) return &f;
  return nullptr;
}

// Roam to `ap` offering the entry whose PMKID is `pmkid`.
void RoamOffering(LogBuilder* b, const char* ap, int pmkid, bool clone) {
  b->Idle(20).Wlan(Auth(ap));
  if (clone) b->OkcClone(ap);
  b->Select(pmkid).Line("RSN: Trying to use cached PMKSA");
  b->Wlan(std::string("Trying to associate with ") + ap + " (SSID='corp' freq=2412 MHz)");
  b->Wlan(std::string("Associated with ") + ap);
}

// A full EAP at A (gen 1); an OKC roam to B that B accepts (gen 1 is shared);
// B's re-authentication (gen 2) with the justified flush of A; then a roam to
// a standalone AP C: the clone of B's gen 2 is refused and C's full EAP
// (gen 3) replaces that clone. `flush_b`: the supplicant flushes B there
// (c3fea272 flushes the whole network).
LogBuilder StandaloneRefusal(LogBuilder::Era era, bool flush_b) {
  LogBuilder b(era);
  b.Associate(kA).FullEap(kA, 0x1a);
  RoamOffering(&b, kB, 0x1b, /*clone=*/true);
  b.CachedHandshake(kB, 0x1b, /*okc=*/true);
  b.Idle(20).Reauth(kB, 0x2b, /*replace=*/true, {kA});
  RoamOffering(&b, kC, 0x2c, /*clone=*/true);
  b.RefuseWithEap(kC).FullEap(kC, 0x3c, /*replace=*/true,
                              flush_b ? std::vector<const char*>{kB} : std::vector<const char*>{});
  return b;
}

// Seen in a real run (pre-2011 and v2.0 stations, hostapd 0098ce6d): after a
// standalone AP refused a clone, B's entry from B's own re-authentication was
// reported stale, yet B's hostapd found that PMKID and accepted it. Gen 2 was
// never carried by a validated clone, so B's entry stays valid.
TEST(PerPmkRuleTest, StandaloneApRefusingACloneLeavesTheSourcesOwnEntryValid) {
  for (LogBuilder::Era era : {LogBuilder::Era::k2011, LogBuilder::Era::k2x}) {
    LogBuilder b = StandaloneRefusal(era, /*flush_b=*/false);
    RoamOffering(&b, kB, 0x2b, /*clone=*/false);
    b.CachedHandshake(kB, 0x2b, /*okc=*/false);
    Report r = b.Replay();
    EXPECT_EQ(CountKind(r, "stale-pmkid-reuse"), 0) << testing::Describe(r);
    EXPECT_EQ(CountKind(r, "over-flush"), 0) << testing::Describe(r);
    ASSERT_FALSE(r.roams.empty());
    EXPECT_EQ(r.roams.back().method, "pmksa-cache");
  }
}

// The same run on a c3fea272-era supplicant flushes B's valid entry with the
// whole network: an over-flush. Its cost is named: none when the log ends
// before the next visit, OKC when a fresh clone covers it, or the full EAP.
TEST(PerPmkRuleTest, WholeNetworkFlushOfAnOwnFullAuthEntryIsAnOverFlush) {
  LogBuilder b = StandaloneRefusal(LogBuilder::Era::k2011, /*flush_b=*/true);
  Report r = b.Replay();
  ASSERT_EQ(CountKind(r, "over-flush"), 1) << testing::Describe(r);
  const Finding* f = FirstOf(r, "over-flush");
  ASSERT_TRUE(f->bssid.has_value());
  EXPECT_EQ(f->bssid->ToString(), kB);
  EXPECT_NE(f->message.find("cost: none in this log (no later visit to " + std::string(kB)),
            std::string::npos)
      << f->message;

  LogBuilder okc = StandaloneRefusal(LogBuilder::Era::k2011, /*flush_b=*/true);
  RoamOffering(&okc, kB, 0x3b, /*clone=*/true);
  okc.CachedHandshake(kB, 0x3b, /*okc=*/true);
  r = okc.Replay();
  f = FirstOf(r, "over-flush");
  ASSERT_NE(f, nullptr) << testing::Describe(r);
  EXPECT_NE(f->message.find("cost: none, the next visit to " + std::string(kB)), std::string::npos)
      << f->message;
  EXPECT_NE(f->message.find("used OKC"), std::string::npos) << f->message;
}

// Seen in a real run: after A's full EAP replaced a clone made right after
// association and never used, C's entry from C's own re-authentication was
// reported stale, yet C's hostapd accepted it (twice). The replaced clone
// held gen 2, which no validated clone carried (the validated one was gen 1).
TEST(PerPmkRuleTest, ReplacingAnUnusedCloneLeavesItsSourceValid) {
  for (LogBuilder::Era era : {LogBuilder::Era::k2011, LogBuilder::Era::k2x}) {
    LogBuilder b(era);
    b.Associate(kB).FullEap(kB, 0x1b);
    RoamOffering(&b, kC, 0x1c, /*clone=*/true);
    b.CachedHandshake(kC, 0x1c, /*okc=*/true);            // gen 1 validated
    b.Idle(20).Reauth(kC, 0x2c, /*replace=*/true, {kB});  // gen 2 at C
    b.OkcClone(kA);                                       // proactive clone of gen 2
    b.Idle(20).Associate(kA).FullEap(kA, 0x3a, /*replace=*/true);  // gen 3 replaces it
    RoamOffering(&b, kC, 0x2c, /*clone=*/false);
    b.CachedHandshake(kC, 0x2c, /*okc=*/false);
    Report r = b.Replay();
    EXPECT_EQ(CountKind(r, "stale-pmkid-reuse"), 0) << testing::Describe(r);
    EXPECT_EQ(r.roams.back().method, "pmksa-cache");
  }
}

// The first bullet is unchanged: an OKC clone of an older PMK that no AP
// validated is stale whatever else happened (the 2011 report's second path).
TEST(PerPmkRuleTest, UnvalidatedCloneOfAnOlderPmkStaysStale) {
  LogBuilder b;
  b.Associate(kA).FullEap(kA, 0x1a).OkcClone(kC);
  b.Idle(20).Reauth(kA, 0x2a, /*replace=*/true);
  RoamOffering(&b, kC, 0x1c, /*clone=*/false);
  Report r = b.Replay();
  ASSERT_EQ(CountKind(r, "stale-pmkid-reuse"), 1) << testing::Describe(r);
  EXPECT_EQ(FirstOf(r, "stale-pmkid-reuse")->cause, "okc-clone-of-old-pmk");
}

// "RSN: Consider X for OKC" with nothing to clone (empty cache, or every
// entry skipped) leaves no clone behind: the entry that X's full EAP adds
// later is a new PMK, not an OKC clone of a PMK from before the log.
TEST(PerPmkRuleTest, ConsiderWithoutACloneIsNotAClone) {
  for (LogBuilder::Era era : {LogBuilder::Era::k2011, LogBuilder::Era::k2x}) {
    LogBuilder b(era);
    b.Line(std::string("RSN: Consider ") + kA + " for OKC");
    b.Associate(kA).FullEap(kA, 0x1a).OkcClone(kB);
    Report r = b.Replay();
    ASSERT_EQ(r.cache_history.size(), 2u);
    EXPECT_EQ(r.cache_history[0].aa.ToString(), kA);
    EXPECT_FALSE(r.cache_history[0].clone);
    EXPECT_EQ(r.cache_history[0].generation, 1);
    EXPECT_TRUE(r.cache_history[1].clone);
    EXPECT_EQ(r.cache_history[1].generation, 1);
  }
}

// Current hostap with FT-EAP adds the entry from the EAPOL callback right
// after EAP success ("RSN: Derived PMKID", "RSN: Added PMKSA cache entry ...
// akmp=0x20") and prints "WPA: PMK from EAPOL state machines" only at msg
// 1/4, after it (the order of a real v2.11 log). The entry is the new PMK of
// that full authentication, with the derived PMKID; clones of it carry it.
TEST(PerPmkRuleTest, EntryAddedBeforeItsPmkLineIsTheNewPmk) {
  LogBuilder b(LogBuilder::Era::k2x);
  b.Line("RSN: PMKSA cache search - network_ctx=0x5581 try_opportunistic=1 akmp=0x20");
  b.Line(std::string("RSN: Search for BSSID ") + kA);
  b.Line(std::string("RSN: Consider ") + kA + " for OKC");
  b.Line("RSN: No PMKSA cache entry found");
  b.Associate(kA);
  b.Wlan("CTRL-EVENT-EAP-STARTED EAP authentication started", 10);
  b.Wlan("CTRL-EVENT-EAP-SUCCESS EAP authentication completed successfully", 300);
  b.Line("RSN: Derive PMKID using HMAC-SHA-1");
  b.Line("RSN: Derived PMKID - hexdump(len=16): " + testing::PmkidHex(0xab));
  b.Line(std::string("RSN: Added PMKSA cache entry for ") + kA +
         " spa=00:1f:3b:01:02:03 network_ctx=0x5581 akmp=0x20");
  b.Wlan(std::string("PMKSA-CACHE-ADDED ") + kA + " 0");
  b.Wlan(std::string("WPA: RX message 1 of 4-Way Handshake from ") + kA + " (ver=2)");
  b.Wlan("RSN: no matching PMKID found");
  b.Line("WPA: PMK from EAPOL state machines - hexdump(len=32): [REMOVED]");
  b.Wlan(std::string("WPA: Key negotiation completed with ") + kA + " [PTK=CCMP GTK=CCMP]", 20);
  b.Idle(30).OkcClone(kB);
  // A later full authentication elsewhere must not pick up that PMK line.
  b.Idle(30).Associate(kC).FullEap(kC, 0x1c);
  Report r = b.Replay();
  ASSERT_EQ(r.cache_history.size(), 3u) << testing::Describe(r);
  const CacheEntryHistory& a = r.cache_history[0];
  EXPECT_FALSE(a.clone);
  EXPECT_EQ(a.generation, 1);
  EXPECT_EQ(a.pmkid.ToHex(), PmkidCompact(0xab));
  EXPECT_TRUE(r.cache_history[1].clone);
  EXPECT_EQ(r.cache_history[1].generation, 1);  // not a PMK from before the log
  EXPECT_EQ(r.cache_history[2].generation, 2);
  EXPECT_EQ(CountKind(r, "stale-pmkid-reuse"), 0);
}

}  // namespace
}  // namespace roamreplay
