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
  auto verdicts = ReferenceStaleOnNewPmk(CacheWithoutB(), 1, 2, b, &replaced, false);
  ASSERT_EQ(verdicts.size(), 1u);
  EXPECT_EQ(verdicts[0].aa.ToString(), "00:24:97:aa:bb:03");
  EXPECT_EQ(verdicts[0].reason, StaleReason::kUnvalidatedCloneOfOldPmk);
}

TEST(ReferenceRuleTest, SharedPmksMakeEveryHolderOfTheReplacedPmkStale) {
  PmksaEntry replaced = Entry(2, 1, true, false);
  auto verdicts = ReferenceStaleOnNewPmk(CacheWithoutB(), 1, 2, replaced.aa, &replaced, true);
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
  EXPECT_TRUE(ReferenceStaleOnNewPmk(cache, 1, 2, c, nullptr, true).empty());
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
