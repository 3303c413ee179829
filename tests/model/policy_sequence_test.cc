// The observable difference between the three flush eras, on small
// hand-written sequences (LogBuilder: invented logs).

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


// Full EAP at A, an accepted OKC roam to B, then a re-authentication at B
// that replaces B's PMK, flushing `flush`; back to A offering its old entry.
LogBuilder Sequence(LogBuilder::Era era, const std::vector<const char*>& flush) {
  LogBuilder b(era);
  b.Associate(kA).FullEap(kA, 0x1a).Idle(60);
  b.Wlan(Auth(kB)).OkcClone(kB).Select(0x1b).Wlan(std::string("Associated with ") + kB);
  b.CachedHandshake(kB, 0x1b, true);
  b.Idle(600).Reauth(kB, 0x2b, true, flush);
  b.Idle(60).Wlan(Auth(kA));
  // By content: the same literal may sit at two addresses (Debug builds).
  bool kept = std::none_of(flush.begin(), flush.end(),
                           [](const char* f) { return std::string_view(f) == kA; });
  if (kept) {
    b.Select(0x1a).Wlan(std::string("Associated with ") + kA).RefuseWithEap(kA);
    b.FullEap(kA, 0x3a, true);
  } else {
    b.OkcClone(kA).Select(0x2a).Wlan(std::string("Associated with ") + kA);
    b.CachedHandshake(kA, 0x2a, true);
  }
  return b;
}

TEST(PolicySequenceTest, Pre2011KeepsTheStaleEntryAndOffersIt) {
  Report r = Sequence(LogBuilder::Era::k2011, {}).Replay();
  EXPECT_EQ(r.policy, "pre-2011");
  EXPECT_EQ(Count(r, "stale-pmkid-reuse"), 1);
  EXPECT_EQ(Count(r, "over-flush"), 0);
}

TEST(PolicySequenceTest, C3fea272FlushesTheNetworkIncludingOtherLineages) {
  // A standalone AP C with its own PMK is flushed too: over-flush.
  LogBuilder b;
  b.Associate(kC).FullEap(kC, 0x1c).Idle(60);
  b.Associate(kA).FullEap(kA, 0x1a).Idle(60);
  b.Wlan(Auth(kB)).OkcClone(kB).Select(0x1b).Wlan(std::string("Associated with ") + kB);
  b.CachedHandshake(kB, 0x1b, true);  // clone of C's PMK: C is first in the list
  b.Idle(600).Reauth(kB, 0x2b, true, {kC, kA});
  Report r = b.Replay();
  EXPECT_EQ(r.policy, "c3fea272");
  ASSERT_EQ(Count(r, "over-flush"), 1);  // A had its own PMK; C held the replaced one
  EXPECT_EQ(First(r, "over-flush").bssid->ToString(), kA);
  EXPECT_EQ(Count(r, "stale-pmkid-reuse"), 0);
}

TEST(PolicySequenceTest, CurrentFlushesOnlyTheReplacedPmk) {
  Report r = Sequence(LogBuilder::Era::k2x, {kA}).Replay();
  EXPECT_EQ(r.policy, "current");
  EXPECT_EQ(Count(r, "over-flush"), 0);
  EXPECT_EQ(Count(r, "stale-pmkid-reuse"), 0);
  EXPECT_EQ(Count(r, "pmkid-rejected"), 0);
}

// 4033935d skips the flush when the replaced entry was itself an
// unvalidated OKC clone: old-PMK siblings survive in current hostap, and the
// reference still retires the unvalidated ones.
TEST(PolicySequenceTest, CurrentKeepsOldPmkSiblingsWhenTheReplacedEntryWasOpportunistic) {
  LogBuilder b(LogBuilder::Era::k2x);
  b.Associate(kA).FullEap(kA, 0x1a).OkcClone(kC).Idle(60);  // proactive clone for C
  b.Wlan(Auth(kB)).OkcClone(kB).Select(0x1b).Wlan(std::string("Associated with ") + kB);
  b.RefuseWithEap(kB).FullEap(kB, 0x2b, true);  // B's clone replaced, still opportunistic
  b.Idle(60).Wlan(Auth(kC)).Select(0x1c).Wlan(std::string("Associated with ") + kC);
  b.RefuseWithEap(kC).FullEap(kC, 0x2c, true);
  Report r = b.Replay();
  EXPECT_EQ(r.policy, "current");
  ASSERT_EQ(Count(r, "stale-pmkid-reuse"), 1);
  for (const Finding& f : r.findings) {
    if (f.kind != "stale-pmkid-reuse") continue;
    EXPECT_EQ(f.bssid->ToString(), kC);
    EXPECT_EQ(f.cause, "okc-clone-of-old-pmk");
    EXPECT_NE(f.message.find("expected in a 4033935d-era supplicant when the replaced entry was "
                             "itself an unvalidated OKC clone"),
              std::string::npos)
        << f.message;
  }
  // C's refusal is explained by the stale PMK, so it is no evidence against
  // OKC support: one refused attempt (B) is not enough for okc-unsupported.
  EXPECT_EQ(Count(r, "okc-unsupported"), 0);
  EXPECT_EQ(Count(r, "pmkid-rejected"), 2);
}

}  // namespace
}  // namespace roamreplay
