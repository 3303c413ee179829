#include "model/flush_policy.h"

#include <gtest/gtest.h>

namespace roamreplay {
namespace {

PmksaEntry Entry(uint8_t last, int generation, bool clone, bool opportunistic, int network = 1) {
  PmksaEntry e;
  std::string mac = "00:24:97:aa:bb:0" + std::to_string(last);
  EXPECT_TRUE(MacAddress::Parse(mac, &e.aa));
  e.generation = generation;
  e.clone = clone;
  e.opportunistic = opportunistic;
  e.network = network;
  return e;
}

std::vector<std::string> Names(const std::vector<MacAddress>& macs) {
  std::vector<std::string> out;
  for (const MacAddress& m : macs) out.push_back(m.ToString().substr(15));
  return out;
}

// Cache after B's entry (gen 1, validated clone) was taken out for replacement:
// A (gen 1, original), C (gen 1, unvalidated clone), D (gen 0, other lineage),
// E (other network).
PmksaCache CacheWithoutB() {
  PmksaCache cache;
  (void)cache.Insert(Entry(1, 1, false, false));
  (void)cache.Insert(Entry(3, 1, true, true));
  (void)cache.Insert(Entry(4, 0, false, false));
  (void)cache.Insert(Entry(5, 1, false, false, /*network=*/2));
  return cache;
}

TEST(FlushPolicyTest, Pre2011KeepsEveryOtherEntry) {
  EXPECT_TRUE(SupplicantFlushOnReplace(FlushPolicy::kPre2011, CacheWithoutB(),
                                       Entry(2, 1, true, false))
                  .empty());
}

TEST(FlushPolicyTest, C3fea272FlushesTheWholeNetwork) {
  EXPECT_EQ(Names(SupplicantFlushOnReplace(FlushPolicy::kC3fea272, CacheWithoutB(),
                                           Entry(2, 1, true, false))),
            (std::vector<std::string>{"01", "03", "04"}));
}

TEST(FlushPolicyTest, CurrentFlushesOnlyTheOldPmkOfAValidatedEntry) {
  EXPECT_EQ(Names(SupplicantFlushOnReplace(FlushPolicy::kCurrent, CacheWithoutB(),
                                           Entry(2, 1, true, false))),
            (std::vector<std::string>{"01", "03"}));
}

TEST(FlushPolicyTest, CurrentKeepsOldPmkSiblingsWhenTheReplacedEntryWasStillOpportunistic) {
  EXPECT_TRUE(SupplicantFlushOnReplace(FlushPolicy::kCurrent, CacheWithoutB(),
                                       Entry(2, 1, true, /*opportunistic=*/true))
                  .empty());
}

TEST(FlushPolicyTest, ParsesNames) {
  FlushPolicy p;
  ASSERT_TRUE(ParseFlushPolicy("c3fea272", &p));
  EXPECT_EQ(p, FlushPolicy::kC3fea272);
  EXPECT_FALSE(ParseFlushPolicy("2013", &p));
}

TEST(ReferenceRuleTest, UnvalidatedOldClonesAreStaleEvenWithoutPmkSharing) {
  PmksaEntry replaced = Entry(2, 1, true, false);
  MacAddress b = replaced.aa;
  auto verdicts = ReferenceStaleOnNewPmk(CacheWithoutB(), 1, 2, b, &replaced, {});
  ASSERT_EQ(verdicts.size(), 1u);
  EXPECT_EQ(verdicts[0].aa.ToString(), "00:24:97:aa:bb:03");
  EXPECT_EQ(verdicts[0].reason, StaleReason::kUnvalidatedCloneOfOldPmk);
}

// Bullet 2: an AP validated an OKC clone of the replaced PMK (gen 1) itself.
TEST(ReferenceRuleTest, SharedPmksMakeEveryHolderOfTheReplacedPmkStale) {
  PmksaEntry replaced = Entry(2, 1, true, false);
  auto verdicts = ReferenceStaleOnNewPmk(CacheWithoutB(), 1, 2, replaced.aa, &replaced, {1});
  ASSERT_EQ(verdicts.size(), 2u);
  EXPECT_EQ(verdicts[0].aa.ToString(), "00:24:97:aa:bb:01");
  EXPECT_EQ(verdicts[0].reason, StaleReason::kHoldsReplacedPmk);
  EXPECT_EQ(verdicts[1].reason, StaleReason::kUnvalidatedCloneOfOldPmk);
}

TEST(ReferenceRuleTest, FirstFullAuthenticationAtANewApRetiresNothingShared) {
  MacAddress c;
  ASSERT_TRUE(MacAddress::Parse("00:24:97:aa:bb:06", &c));
  PmksaCache cache;
  (void)cache.Insert(Entry(1, 1, false, false));
  EXPECT_TRUE(ReferenceStaleOnNewPmk(cache, 1, 2, c, nullptr, {1}).empty());
}

// Bullet 2, the other side: staleness is per PMK, not per network. A clone of
// another PMK (gen 5) was validated; the replaced PMK (gen 1) never was, so
// the entries holding gen 1 that are not unvalidated clones stay valid (the
// hostapd logs of such runs show the AP accepting them).
TEST(ReferenceRuleTest, ValidationOfAnotherPmkDoesNotMakeTheReplacedPmkShared) {
  PmksaEntry replaced = Entry(2, 1, true, false);
  auto verdicts = ReferenceStaleOnNewPmk(CacheWithoutB(), 1, 6, replaced.aa, &replaced, {5});
  ASSERT_EQ(verdicts.size(), 1u);  // only C, the unvalidated clone
  EXPECT_EQ(verdicts[0].aa.ToString(), "00:24:97:aa:bb:03");
  EXPECT_EQ(verdicts[0].reason, StaleReason::kUnvalidatedCloneOfOldPmk);
}

// Bullet 3: the replaced entry was an unvalidated clone (of A's own PMK,
// gen 1): A's own full-authentication entry stays valid although another PMK
// of the network was shared.
TEST(ReferenceRuleTest, OwnFullAuthEntryStaysValidWhenItsPmkWasNeverShared) {
  PmksaCache cache;
  (void)cache.Insert(Entry(1, 1, false, false));  // A: own full authentication, gen 1
  (void)cache.Insert(Entry(3, 2, false, false));  // C: own full authentication, gen 2
  PmksaEntry replaced = Entry(2, 1, true, true);  // B: clone of A, never used
  auto verdicts = ReferenceStaleOnNewPmk(cache, 1, 3, replaced.aa, &replaced, {2});
  EXPECT_TRUE(verdicts.empty());
}

// PMKs from before the log are all generation 0 but each has its own
// lineage: validating a clone of one says nothing about another.
TEST(ReferenceRuleTest, PmksFromBeforeTheLogAreDistinctByLineage) {
  PmksaCache cache;
  PmksaEntry a = Entry(1, 0, false, false);
  a.pmk_lineage = -1;
  PmksaEntry c = Entry(3, 0, true, false);
  c.pmk_lineage = -2;  // a validated clone of another pre-log PMK
  (void)cache.Insert(a);
  (void)cache.Insert(c);
  PmksaEntry replaced = Entry(2, 0, true, false);
  replaced.pmk_lineage = -2;
  auto verdicts = ReferenceStaleOnNewPmk(cache, 1, 1, replaced.aa, &replaced, {-2});
  ASSERT_EQ(verdicts.size(), 1u);
  EXPECT_EQ(verdicts[0].aa.ToString(), "00:24:97:aa:bb:03");
  EXPECT_EQ(verdicts[0].reason, StaleReason::kHoldsReplacedPmk);
}

TEST(PmksaCacheTest, InsertKeepsOneEntryPerAuthenticator) {
  PmksaCache cache;
  EXPECT_FALSE(cache.Insert(Entry(1, 1, false, false)).has_value());
  (void)cache.Insert(Entry(2, 1, false, false));
  auto replaced = cache.Insert(Entry(1, 2, false, false));
  ASSERT_TRUE(replaced.has_value());
  EXPECT_EQ(replaced->generation, 1);
  ASSERT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.entries()[1].generation, 2);  // re-added at the end
  EXPECT_EQ(cache.FirstOfNetwork(1, nullptr)->aa.ToString(), "00:24:97:aa:bb:02");
}

}  // namespace
}  // namespace roamreplay
