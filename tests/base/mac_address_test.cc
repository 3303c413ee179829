#include "base/mac_address.h"

#include <gtest/gtest.h>

#include "base/hex.h"

namespace roamreplay {
namespace {

TEST(MacAddressTest, ParsesEitherCaseAndPrintsLowercase) {
  MacAddress mac;
  ASSERT_TRUE(MacAddress::Parse("00:24:97:AA:bb:01", &mac));
  EXPECT_EQ(mac.ToString(), "00:24:97:aa:bb:01");
}

TEST(MacAddressTest, RejectsMalformedAddresses) {
  MacAddress mac;
  for (const char* bad : {"", "00:24:97:aa:bb", "00:24:97:aa:bb:0g", "00-24-97-aa-bb-01",
                          "00:24:97:aa:bb:01x", "0:24:97:aa:bb:01"}) {
    EXPECT_FALSE(MacAddress::Parse(bad, &mac)) << bad;
  }
}

TEST(MacAddressTest, ConsumeLeavesTheRest) {
  std::string_view s = "00:24:97:aa:bb:01 for OKC";
  MacAddress mac;
  ASSERT_TRUE(MacAddress::Consume(&s, &mac));
  EXPECT_EQ(s, " for OKC");
}

TEST(HexTest, ParsesHexdumpPayloads) {
  std::vector<uint8_t> bytes;
  ASSERT_TRUE(ParseHexBytes("10 e0 49 cd", &bytes));
  EXPECT_EQ(ToHex(bytes.data(), bytes.size()), "10e049cd");
  EXPECT_FALSE(ParseHexBytes("[REMOVED]", &bytes));
  EXPECT_FALSE(ParseHexBytes("[NULL]", &bytes));
  EXPECT_FALSE(ParseHexBytes("10 e0 4", &bytes));
  EXPECT_FALSE(ParseHexBytes("", &bytes));
}

}  // namespace
}  // namespace roamreplay
