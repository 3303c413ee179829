#include "model/pmkid.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app/replay.h"
#include "testing/findings.h"

namespace roamreplay {
namespace {

using testing::Count;

MacAddress Mac(const char* s) {
  MacAddress m;
  EXPECT_TRUE(MacAddress::Parse(s, &m));
  return m;
}

// Values of logs/gen/reconstruct_2011.json (computed there with Python's hmac).
constexpr const char* kPmk1 = "55baf2078cda7169478b3d5b002a2c8a43c55b8cbb46a3312646842f11b558e5";
constexpr const char* kSta = "00:1f:3b:5c:9e:71";

TEST(PmkidTest, MatchesAnIndependentHmacSha1) {
  Pmkid p;
  ASSERT_TRUE(ComputePmkid(kPmk1, Mac("00:24:97:aa:bb:01"), Mac(kSta), PmkidHash::kSha1, &p));
  EXPECT_EQ(p.ToHex(), "3aa2b43c74a05f5efdd57a830ecbe14f");
  ASSERT_TRUE(ComputePmkid(kPmk1, Mac("00:24:97:aa:bb:02"), Mac(kSta), PmkidHash::kSha1, &p));
  EXPECT_EQ(p.ToHex(), "a17eb8778930c716351e299c5c586cc6");
}

TEST(PmkidTest, Sha256AkmsGiveAnotherPmkid) {
  Pmkid sha1, sha256;
  ASSERT_TRUE(ComputePmkid(kPmk1, Mac("00:24:97:aa:bb:01"), Mac(kSta), PmkidHash::kSha1, &sha1));
  ASSERT_TRUE(
      ComputePmkid(kPmk1, Mac("00:24:97:aa:bb:01"), Mac(kSta), PmkidHash::kSha256, &sha256));
  EXPECT_NE(sha1, sha256);
  EXPECT_EQ(PmkidHashForAkmp(0x80), PmkidHash::kSha256);
  EXPECT_EQ(PmkidHashForAkmp(0x400), PmkidHash::kUnsupported);  // SAE
  EXPECT_EQ(PmkidHashForAkmp(0), PmkidHash::kSha1);              // 2011: not logged
}

TEST(PmkidTest, RejectsBadKeys) {
  Pmkid p;
  EXPECT_FALSE(ComputePmkid("", Mac(kSta), Mac(kSta), PmkidHash::kSha1, &p));
  EXPECT_FALSE(ComputePmkid("abc", Mac(kSta), Mac(kSta), PmkidHash::kSha1, &p));
  EXPECT_FALSE(ComputePmkid("zz", Mac(kSta), Mac(kSta), PmkidHash::kSha1, &p));
  EXPECT_FALSE(ComputePmkid(kPmk1, Mac(kSta), Mac(kSta), PmkidHash::kUnsupported, &p));
}

std::string ReadKeysLog() {
  std::ifstream in(std::string(ROAMREPLAY_SOURCE_DIR) + "/logs/2011-okc-stale-pmkid-keys.log");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}


TEST(PmkidProofTest, KeysLogVerifiesEveryPmkidItShows) {
  std::string log = ReadKeysLog();
  ASSERT_FALSE(log.empty());
  Report report;
  ReplayBuffer("keys.log", log, ReplayOptions(), &report);
  // PMKIDs of A/gen1, B/gen1 (clone), B/gen2, A/gen3 are printed.
  EXPECT_EQ(report.pmkids_verified, 4u);
  EXPECT_EQ(Count(report, "pmkid-mismatch"), 0);
  EXPECT_EQ(Count(report, "msk-mismatch"), 0);
  EXPECT_EQ(Count(report, "stale-pmkid-reuse"), 1);
}

TEST(PmkidProofTest, TamperedPmkidIsReportedWithThePmkAndPmkidLines) {
  std::string log = ReadKeysLog();
  // The stale selection of A (gen 1) with one byte changed.
  const std::string original = "3a a2 b4 3c 74 a0 5f 5e fd d5 7a 83 0e cb e1 4f";
  size_t pos = log.find("RSN: PMKID - hexdump(len=16): " + original);
  ASSERT_NE(pos, std::string::npos);
  log.replace(log.find(original, pos), 2, "3b");
  Report report;
  ReplayBuffer("tampered.log", log, ReplayOptions(), &report);
  ASSERT_EQ(Count(report, "pmkid-mismatch"), 1);
  const Finding* f = nullptr;
  for (const Finding& x : report.findings)
    if (x.kind == "pmkid-mismatch") f = &x;
  EXPECT_EQ(f->severity, Severity::kError);
  EXPECT_EQ(f->pmkid.ToHex(), "3ba2b43c74a05f5efdd57a830ecbe14f");
  bool pmk_line = false, pmkid_line = false;
  for (const EvidenceLine& e : f->evidence) {
    pmk_line |= e.text.find("WPA: PMK from EAPOL state machines") != std::string::npos;
    pmkid_line |= e.text.find("RSN: PMKID - hexdump(len=16): 3b a2") != std::string::npos;
  }
  EXPECT_TRUE(pmk_line);
  EXPECT_TRUE(pmkid_line);
  EXPECT_NE(f->message.find("3aa2b43c74a05f5efdd57a830ecbe14f"), std::string::npos);
}

}  // namespace
}  // namespace roamreplay
