#include "model/pmksa_cache.h"

#include <gtest/gtest.h>

namespace roamreplay {
namespace {

PmksaEntry Entry(int n, int64_t expiration, int network = 1) {
  PmksaEntry e;
  std::array<uint8_t, 6> b{0x00, 0x24, 0x97, 0x00, static_cast<uint8_t>(n >> 8),
                           static_cast<uint8_t>(n)};
  std::string s;
  char buf[18];
  std::snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x", b[0], b[1], b[2], b[3], b[4],
                b[5]);
  EXPECT_TRUE(MacAddress::Parse(buf, &e.aa));
  e.expiration_us = expiration;
  e.network = network;
  e.generation = n;
  return e;
}

std::vector<int> Order(const PmksaCache& c) {
  std::vector<int> out;
  for (const PmksaEntry& e : c.entries()) out.push_back(e.generation);
  return out;
}

TEST(PmksaCacheOrderTest, InsertsByExpirationAfterEqualOnes) {
  PmksaCache c;
  (void)c.Insert(Entry(1, 300));
  (void)c.Insert(Entry(2, 100));
  (void)c.Insert(Entry(3, 300));
  (void)c.Insert(Entry(4, 200));
  EXPECT_EQ(Order(c), (std::vector<int>{2, 4, 1, 3}));
}

TEST(PmksaCacheOrderTest, EntriesWithoutTimesKeepInsertionOrder) {
  PmksaCache c;
  (void)c.Insert(Entry(1, 0));
  (void)c.Insert(Entry(2, 0));
  (void)c.Insert(Entry(3, 0));
  EXPECT_EQ(Order(c), (std::vector<int>{1, 2, 3}));
}

TEST(PmksaCacheOrderTest, EvictsTheHeadWhenFullButNotTheCurrentEntryAfter2012) {
  PmksaCache c;
  for (int i = 1; i <= 32; ++i) (void)c.Insert(Entry(i, i * 10));
  c.SetCurrent(Entry(1, 0).aa);
  std::optional<PmksaEntry> evicted;
  (void)c.Insert(Entry(33, 1000), &evicted);
  ASSERT_TRUE(evicted.has_value());
  EXPECT_EQ(evicted->generation, 2);  // entry 1 is current: the oldest idle one goes
  EXPECT_EQ(c.size(), 32u);

  PmksaCache old;
  old.set_evict_current(true);  // before hostap 0e502f97c
  for (int i = 1; i <= 32; ++i) (void)old.Insert(Entry(i, i * 10));
  old.SetCurrent(Entry(1, 0).aa);
  evicted.reset();
  (void)old.Insert(Entry(33, 1000), &evicted);
  ASSERT_TRUE(evicted.has_value());
  EXPECT_EQ(evicted->generation, 1);
}

TEST(PmksaCacheOrderTest, ExpireRemovesEntriesAtOrBeforeNow) {
  PmksaCache c;
  (void)c.Insert(Entry(1, 100));
  (void)c.Insert(Entry(2, 200));
  (void)c.Insert(Entry(3, 0));  // unknown: never expires by the model's clock
  std::vector<PmksaEntry> gone = c.ExpireUntil(150);
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].generation, 1);
  EXPECT_EQ(Order(c), (std::vector<int>{2, 3}));
}

}  // namespace
}  // namespace roamreplay
