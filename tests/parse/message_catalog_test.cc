// The catalogue matcher (radix tree of literal prefixes, floating-pattern
// index, per-thread memo) must find every entry of the generated dictionary.

#include "parse/message_catalog.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace roamreplay {
namespace {

struct Instance {
  std::string text;
  int kind;
};

// Reads lib/parse/catalog/message_catalog.inc and instantiates each pattern:
// wildcards become "7", hexdump titles get a hexdump payload.
std::vector<Instance> CatalogueInstances() {
  std::ifstream in(std::string(ROAMREPLAY_SOURCE_DIR) + "/lib/parse/catalog/message_catalog.inc");
  std::vector<Instance> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("{\"", 0) != 0) continue;
    std::string text;
    size_t i = 2;
    for (; i < line.size() && line[i] != '"'; ++i) {
      if (line[i] != '\\') {
        text += line[i];
      } else if (line.compare(i, 4, "\\037") == 0) {
        text += '7';
        i += 3;
      } else {
        text += line[++i];
      }
    }
    int kind = line[line.size() - 3] - '0';  // "..., eras, kind},"
    if (kind >= 2) text += kind == 2 ? " - hexdump(len=2): 01 02" : " - hexdump_ascii(len=0):";
    out.push_back({text, kind});
  }
  return out;
}

TEST(MessageCatalogTest, EveryEntryMatchesItsOwnText) {
  std::vector<Instance> all = CatalogueInstances();
  ASSERT_GT(all.size(), 4000u);
  size_t missed = 0;
  for (const Instance& inst : all) {
    if (MessageCatalog::Default().Match(inst.text) == 0) {
      ++missed;
      ADD_FAILURE() << "not matched: \"" << inst.text << "\"";
      if (missed > 10) break;
    }
  }
  EXPECT_EQ(missed, 0u);
}

TEST(MessageCatalogTest, MemoAndThreadsGiveTheSameAnswers) {
  std::vector<Instance> all = CatalogueInstances();
  std::vector<std::string> texts = {"EAP: EAP entering state IDLE", "no such message at all",
                                    "RX EAPOL - hexdump(len=3): 01 02 03"};
  for (size_t i = 0; i < all.size(); i += 37) texts.push_back(all[i].text);
  std::vector<uint8_t> first;
  for (const std::string& t : texts) first.push_back(MessageCatalog::Default().Match(t));
  EXPECT_NE(first[0], 0);
  EXPECT_EQ(first[1], 0);
  EXPECT_NE(first[2], 0);
  std::vector<uint8_t> other(texts.size());
  std::thread worker([&] {
    for (int round = 0; round < 2; ++round)  // second round: from the memo
      for (size_t i = 0; i < texts.size(); ++i) other[i] = MessageCatalog::Default().Match(texts[i]);
  });
  worker.join();
  EXPECT_EQ(other, first);
  for (size_t i = 0; i < texts.size(); ++i)
    EXPECT_EQ(MessageCatalog::Default().Match(texts[i]), first[i]) << texts[i];
}

TEST(MessageCatalogTest, MatchKeyEqualsMatchOnTheSplitLine) {
  EXPECT_EQ(MessageCatalog::Default().MatchKey("RX EAPOL", true),
            MessageCatalog::Default().Match("RX EAPOL - hexdump(len=1): 00"));
  EXPECT_EQ(MessageCatalog::Default().MatchKey("EAPOL: disable timer tick", false),
            MessageCatalog::Default().Match("EAPOL: disable timer tick"));
  EXPECT_NE(MessageCatalog::Default().MatchKey("EAPOL: disable timer tick", false), 0);
}

}  // namespace
}  // namespace roamreplay
