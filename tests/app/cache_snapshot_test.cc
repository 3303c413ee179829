#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app/policy_inference.h"
#include "app/replay.h"
#include "report/writers.h"

namespace roamreplay {
namespace {

std::string ReadLog(const std::string& name) {
  std::ifstream in(std::string(ROAMREPLAY_SOURCE_DIR) + "/logs/" + name);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const SnapshotEntry* Find(const std::vector<SnapshotEntry>& v, const std::string& bssid) {
  for (const SnapshotEntry& e : v)
    if (e.bssid.ToString() == bssid) return &e;
  return nullptr;
}

// Just before the stale selection (line 1198) of the 2011 reconstruction.
TEST(CacheSnapshotTest, ShowsTheStaleEntryTheSupplicantStillHolds) {
  ReplayOptions options;
  options.snapshot = true;
  options.snapshot_line = 1197;
  Report report;
  ReplayBuffer("stale.log", ReadLog("2011-okc-stale-pmkid.log"), options, &report);
  ASSERT_TRUE(report.snapshot.has_value());
  const CacheSnapshot& s = *report.snapshot;
  EXPECT_EQ(s.at_line, 1197u);
  ASSERT_EQ(s.observed.size(), 3u);
  // List order: A (gen 1), the C clone (gen 1, clone position), B (gen 2).
  EXPECT_EQ(s.observed[0].bssid.ToString(), "00:24:97:aa:bb:01");
  const SnapshotEntry* a = Find(s.observed, "00:24:97:aa:bb:01");
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->stale);
  EXPECT_EQ(a->generation, 1);
  EXPECT_EQ(a->pmkid.ToHex(), "3aa2b43c74a05f5efdd57a830ecbe14f");
  EXPECT_EQ(a->created_line, 413u);
  ASSERT_TRUE(a->expiration_us.has_value());
  EXPECT_EQ(*a->expiration_us - *a->reauth_us, 43200LL * 300'000);  // 30 % of the lifetime
  const SnapshotEntry* c = Find(s.observed, "00:24:97:aa:bb:03");
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->clone && c->opportunistic && c->stale);
  const SnapshotEntry* b = Find(s.observed, "00:24:97:aa:bb:02");
  ASSERT_NE(b, nullptr);
  EXPECT_FALSE(b->stale);
  EXPECT_EQ(b->generation, 2);
  ASSERT_EQ(s.reference.size(), 1u);
  EXPECT_EQ(s.reference[0].bssid.ToString(), "00:24:97:aa:bb:02");
}

TEST(CacheSnapshotTest, TimeSelectsTheLastLineAtOrBeforeIt) {
  ReplayOptions options;
  options.snapshot = true;
  options.snapshot_time_us = 1317158771'726844;  // the Replace line (1045)
  Report report;
  ReplayBuffer("stale.log", ReadLog("2011-okc-stale-pmkid.log"), options, &report);
  ASSERT_TRUE(report.snapshot.has_value());
  EXPECT_EQ(report.snapshot->at_line, 1045u);
  EXPECT_EQ(report.snapshot->time, "1317158771.726844");
  // B's old entry is still there: the new one is added on line 1046.
  const SnapshotEntry* b = Find(report.snapshot->observed, "00:24:97:aa:bb:02");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->generation, 1);
}

TEST(CacheSnapshotTest, JsonHasTheDocumentedShape) {
  ReplayOptions options;
  options.snapshot = true;
  Report report;
  ReplayBuffer("post.log", ReadLog("2011-okc-postfix.log"), options, &report);
  std::ostringstream out;
  WriteCacheSnapshotJson(*report.snapshot, false, out);
  std::string json = out.str();
  for (const char* key : {"\"at_line\":1396", "\"observed\":[", "\"reference\":[", "\"bssid\":",
                          "\"pmkid\":", "\"generation\":", "\"opportunistic\":", "\"stale\":false",
                          "\"created_line\":"})
    EXPECT_NE(json.find(key), std::string::npos) << key << " in " << json;
}

TEST(PolicyInferenceTest, ObservedFlushesDecideBetweenTheEras) {
  PolicyClues clues;
  clues.version = "0.8.x";
  clues.replace_2011_texts = 1;
  clues.flushes.replacements = 1;
  clues.flushes.consistent = {1, 0, 0};
  std::string why;
  EXPECT_EQ(InferPolicy(clues, &why), FlushPolicy::kPre2011);
  EXPECT_NE(why.find("flushes seen"), std::string::npos);
  clues.flushes.consistent = {0, 1, 1};
  EXPECT_EQ(InferPolicy(clues, &why), FlushPolicy::kC3fea272);
}

TEST(PolicyInferenceTest, BannerAndTextsAloneLeaveOlderEraWithANote) {
  PolicyClues clues;
  clues.replace_2011_texts = 2;
  std::string why;
  EXPECT_EQ(InferPolicy(clues, &why), FlushPolicy::kPre2011);
  EXPECT_NE(why.find("not excluded: c3fea272"), std::string::npos) << why;
  clues = PolicyClues();
  clues.version = "2.9";
  EXPECT_EQ(InferPolicy(clues, &why), FlushPolicy::kCurrent);
  clues.version = "2.0";
  EXPECT_EQ(InferPolicy(clues, &why), FlushPolicy::kC3fea272);
  EXPECT_EQ(InferPolicy(PolicyClues(), &why), std::nullopt);
}

TEST(PolicyInferenceTest, ContradictingClueIsIgnoredAndSaid) {
  PolicyClues clues;
  clues.version = "2.10";
  clues.replace_2011_texts = 1;  // a patched or forked 2.10: the text decides
  std::string why;
  EXPECT_EQ(InferPolicy(clues, &why), FlushPolicy::kPre2011);
  EXPECT_NE(why.find("banner v2.10 (its release predates or postdates"), std::string::npos) << why;
}

// v2.0 with 4033935d backported (distributions did): the long Replace text
// and narrow flushes outweigh the banner's version number.
TEST(PolicyInferenceTest, BackportedNarrowFlushOnV20IsCurrent) {
  PolicyClues clues;
  clues.version = "2.0";
  clues.replace_narrow_texts = 2;
  std::string why;
  EXPECT_EQ(InferPolicy(clues, &why), FlushPolicy::kCurrent);
  EXPECT_NE(why.find("the 4033935d text"), std::string::npos) << why;
  EXPECT_NE(why.find("banner v2.0 ("), std::string::npos) << why;
  EXPECT_NE(why.find("a backport; ignored"), std::string::npos) << why;
  // Narrow flushes seen (a replaced validated entry flushed only its own PMK).
  clues.flushes.replacements = 2;
  clues.flushes.consistent = {0, 0, 2};
  EXPECT_EQ(InferPolicy(clues, &why), FlushPolicy::kCurrent);
  EXPECT_NE(why.find("flushes seen at 2"), std::string::npos) << why;
  // The flushes outweigh the text too.
  clues.replace_narrow_texts = 0;
  clues.replace_2011_texts = 2;
  EXPECT_EQ(InferPolicy(clues, &why), FlushPolicy::kCurrent);
  EXPECT_NE(why.find("contradicts the flushes seen"), std::string::npos) << why;
}

}  // namespace
}  // namespace roamreplay
