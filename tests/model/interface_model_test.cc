#include "model/interface_model.h"

#include <gtest/gtest.h>

#include "parse/line_parser.h"
#include "testing/log_builder.h"

namespace roamreplay {
namespace {

using testing::kA;
using testing::kB;
using testing::kC;
using testing::LogBuilder;
using testing::PmkidCompact;

// Records what the model concludes, for direct model tests.
class Recorder : public ModelObserver {
 public:
  void OnStaleSelection(std::string_view, const Offer& offer, const StaleContext& s) override {
    stale.push_back({offer, s});
  }
  void OnOfferRefused(std::string_view, const Offer& offer, RefusalSignal signal, const LineRef&,
                      const LineRef&) override {
    refused.push_back({offer, signal});
  }
  void OnRoam(std::string_view, RoamRecord&& roam) override { roams.push_back(std::move(roam)); }

  std::vector<std::pair<Offer, StaleContext>> stale;
  std::vector<std::pair<Offer, RefusalSignal>> refused;
  std::vector<RoamRecord> roams;
};

void Feed(const std::string& log, InterfaceModel* model) {
  LineParser parser;
  ParsedLine p;
  uint64_t n = 0;
  size_t start = 0;
  while (start < log.size()) {
    size_t end = log.find('\n', start);
    std::string_view line(log.data() + start, end - start);
    parser.Parse(line, &p);
    ++n;
    if (p.kind == LineKind::kEvent)
      model->Apply(p.event, LineView{n, p.time_text, p.time_us, p.has_time, line});
    start = end + 1;
  }
  model->Finish();
}

MacAddress Mac(const char* s) {
  MacAddress m;
  EXPECT_TRUE(MacAddress::Parse(s, &m));
  return m;
}

// The 2011 report: full EAP at A, OKC roam to B, re-authentication at B
// changes the PMK, back to A with the old PMKID.
LogBuilder Report2011(bool fixed) {
  LogBuilder b;
  b.Associate(kA).FullEap(kA, 0x1a);
  b.Idle(60).Line("wlan0: SME: Trying to authenticate with " + std::string(kB) +
                  " (SSID='corp' freq=2437 MHz)");
  b.OkcClone(kB).Select(0x1b).Line("RSN: Trying to use cached PMKSA");
  b.Wlan(std::string("Trying to associate with ") + kB + " (SSID='corp' freq=2437 MHz)");
  b.Wlan(std::string("Associated with ") + kB).CachedHandshake(kB, 0x1b, /*okc=*/true);
  b.Idle(600).Reauth(kB, 0x2b, /*replace=*/true,
                     fixed ? std::vector<const char*>{kA} : std::vector<const char*>{});
  b.Idle(60).Line("wlan0: SME: Trying to authenticate with " + std::string(kA) +
                  " (SSID='corp' freq=2412 MHz)");
  if (fixed) b.OkcClone(kA);
  b.Select(fixed ? 0x2a : 0x1a).Line("RSN: Trying to use cached PMKSA");
  b.Wlan(std::string("Trying to associate with ") + kA + " (SSID='corp' freq=2412 MHz)");
  b.Wlan(std::string("Associated with ") + kA);
  if (fixed) {
    b.CachedHandshake(kA, 0x2a, /*okc=*/true);
  } else {
    b.RefuseWithEap(kA).FullEap(kA, 0x3a, /*replace=*/true);
  }
  return b;
}

TEST(InterfaceModelTest, FullAuthenticationStartsAGenerationAndClonesInheritIt) {
  LogBuilder b;
  b.Associate(kA).FullEap(kA, 0x1a).OkcClone(kB);
  Recorder rec;
  InterfaceModel model("wlan0", &rec);
  Feed(b.str(), &model);
  ASSERT_EQ(model.observed().size(), 2u);
  const PmksaEntry* a = model.observed().Find(Mac(kA));
  const PmksaEntry* clone = model.observed().Find(Mac(kB));
  ASSERT_TRUE(a && clone);
  EXPECT_EQ(a->generation, 1);
  EXPECT_FALSE(a->clone);
  EXPECT_EQ(a->pmkid.ToHex(), PmkidCompact(0x1a));  // learnt from "new PMK matches"
  EXPECT_EQ(clone->generation, 1);
  EXPECT_TRUE(clone->clone);
  EXPECT_TRUE(clone->opportunistic);
  EXPECT_FALSE(clone->pmkid.known);
}

TEST(InterfaceModelTest, ValidationClearsTheOpportunisticFlag) {
  LogBuilder b = Report2011(/*fixed=*/false);
  Recorder rec;
  InterfaceModel model("wlan0", &rec);
  // Only up to the OKC roam: cut before the re-authentication.
  std::string log = b.str();
  log = log.substr(0, log.find("did not accept"));
  log = log.substr(0, log.rfind('\n') + 1);
  Feed(log, &model);
  const PmksaEntry* clone = model.observed().Find(Mac(kB));
  ASSERT_NE(clone, nullptr);
  EXPECT_FALSE(clone->opportunistic);
  EXPECT_EQ(clone->pmkid.ToHex(), PmkidCompact(0x1b));
}

TEST(InterfaceModelTest, ReplacedPmkMakesSharedEntriesStaleInTheReferenceOnly) {
  Recorder rec;
  InterfaceModel model("wlan0", &rec);
  Feed(Report2011(/*fixed=*/false).str(), &model);
  // The supplicant kept A's old entry until the refusal replaced it (gen 3).
  EXPECT_EQ(model.generations(), 3);
  ASSERT_EQ(rec.stale.size(), 1u);
  const auto& [offer, stale] = rec.stale[0];
  EXPECT_EQ(offer.aa, Mac(kA));
  EXPECT_EQ(offer.pmkid.ToHex(), PmkidCompact(0x1a));
  EXPECT_EQ(offer.generation, 1);
  EXPECT_EQ(stale.reason, StaleReason::kHoldsReplacedPmk);
  EXPECT_EQ(stale.superseding_generation, 2);
  EXPECT_EQ(stale.superseding_aa, Mac(kB));
  EXPECT_TRUE(stale.superseding_replace.valid());
  ASSERT_EQ(rec.refused.size(), 1u);
  EXPECT_EQ(rec.refused[0].second, RefusalSignal::kDidNotAcceptPmkid);
  // The re-authentication at B while COMPLETED is not a refusal.
  EXPECT_EQ(rec.refused[0].first.aa, Mac(kA));
}

TEST(InterfaceModelTest, ObservedKeepsWhatTheReferenceRetires) {
  LogBuilder b = Report2011(/*fixed=*/false);
  std::string log = b.str();
  log = log.substr(0, log.find("SME: Trying to authenticate with 00:24:97:aa:bb:01 (SSID='corp' "
                               "freq=2412 MHz)",
                               log.find("Replace")));
  log = log.substr(0, log.rfind('\n') + 1);
  Recorder rec;
  InterfaceModel model("wlan0", &rec);
  Feed(log, &model);
  ASSERT_NE(model.observed().Find(Mac(kA)), nullptr);
  EXPECT_EQ(model.reference().Find(Mac(kA)), nullptr);
  ASSERT_NE(model.reference().Find(Mac(kB)), nullptr);
  EXPECT_EQ(model.reference().Find(Mac(kB))->generation, 2);
  ASSERT_EQ(model.stale().size(), 1u);
  EXPECT_EQ(model.stale()[0].entry.aa, Mac(kA));
}

TEST(InterfaceModelTest, PostFixFlushLeavesNothingStale) {
  Recorder rec;
  InterfaceModel model("wlan0", &rec);
  Feed(Report2011(/*fixed=*/true).str(), &model);
  EXPECT_TRUE(rec.stale.empty());
  EXPECT_TRUE(rec.refused.empty());
  const PmksaEntry* a = model.observed().Find(Mac(kA));
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->generation, 2);  // cloned from B's new PMK
}

TEST(InterfaceModelTest, RoamsAreClassifiedByHowTheyAuthenticated) {
  Recorder rec;
  InterfaceModel model("wlan0", &rec);
  Feed(Report2011(/*fixed=*/false).str(), &model);
  ASSERT_EQ(rec.roams.size(), 4u);
  EXPECT_EQ(rec.roams[0].method, AuthMethod::kFullEap);
  EXPECT_EQ(rec.roams[1].method, AuthMethod::kOkc);
  EXPECT_EQ(rec.roams[2].method, AuthMethod::kFullEap);
  EXPECT_TRUE(rec.roams[2].reauth);
  EXPECT_EQ(rec.roams[3].method, AuthMethod::kFullEap);
  EXPECT_TRUE(rec.roams[3].offered);
  EXPECT_TRUE(rec.roams[3].refused);
}

TEST(InterfaceModelTest, StandaloneEntriesStayValidWhenTheEssNeverAcceptedOkc) {
  LogBuilder b;
  b.Associate(kA).FullEap(kA, 0x1a).Idle(30).Associate(kB).FullEap(kB, 0x1b);
  b.Idle(30).Line("wlan0: SME: Trying to authenticate with " + std::string(kA) +
                  " (SSID='corp' freq=2412 MHz)");
  b.Select(0x1a).Line("RSN: Trying to use cached PMKSA");
  b.Wlan(std::string("Associated with ") + kA).RefuseWithEap(kA);
  Recorder rec;
  InterfaceModel model("wlan0", &rec);
  Feed(b.str(), &model);
  EXPECT_TRUE(rec.stale.empty());
  ASSERT_EQ(rec.refused.size(), 1u);
}

TEST(InterfaceModelTest, UnvalidatedCloneOfAnOlderPmkIsStale) {
  LogBuilder b;
  b.Associate(kA).FullEap(kA, 0x1a).OkcClone(kC);  // proactive clone, never used
  b.Idle(600).Reauth(kA, 0x2a, /*replace=*/true);
  b.Idle(10).Line("wlan0: SME: Trying to authenticate with " + std::string(kC) +
                  " (SSID='corp' freq=2412 MHz)");
  b.Select(0x1c);
  Recorder rec;
  InterfaceModel model("wlan0", &rec);
  Feed(b.str(), &model);
  ASSERT_EQ(rec.stale.size(), 1u);
  EXPECT_EQ(rec.stale[0].second.reason, StaleReason::kUnvalidatedCloneOfOldPmk);
  EXPECT_EQ(rec.stale[0].first.pmkid.ToHex(), PmkidCompact(0x1c));
}

// Pre-fix code clones the first entry of the list: after B's PMK changed that
// is still A's old entry, so an OKC clone for a new AP C carries the old PMK.
TEST(InterfaceModelTest, CloneFromAStaleSourceIsStale) {
  LogBuilder b = Report2011(/*fixed=*/false);
  std::string log = b.str();
  log = log.substr(0, log.find("SME: Trying to authenticate with 00:24:97:aa:bb:01 (SSID='corp' "
                               "freq=2412 MHz)",
                               log.find("Replace")));
  log = log.substr(0, log.rfind('\n') + 1);
  LogBuilder tail;
  tail.Idle(2000).Line("wlan0: SME: Trying to authenticate with " + std::string(kC) +
                       " (SSID='corp' freq=2462 MHz)");
  tail.OkcClone(kC).Select(0x1c);
  Recorder rec;
  InterfaceModel model("wlan0", &rec);
  Feed(log + tail.str(), &model);
  ASSERT_EQ(rec.stale.size(), 1u);
  EXPECT_EQ(rec.stale[0].first.aa, Mac(kC));
  EXPECT_EQ(rec.stale[0].first.generation, 1);
  EXPECT_EQ(rec.stale[0].second.reason, StaleReason::kUnvalidatedCloneOfOldPmk);
}

TEST(InterfaceModelTest, MessageOneWithAnotherPmkidIsARefusal) {
  LogBuilder b;
  b.Associate(kA).FullEap(kA, 0x1a).Idle(100);
  b.Line("wlan0: SME: Trying to authenticate with " + std::string(kA) + " (SSID='corp' freq=2412 MHz)");
  b.Select(0x1a).Wlan(std::string("Associated with ") + kA);
  b.Wlan(std::string("WPA: RX message 1 of 4-Way Handshake from ") + kA + " (ver=2)");
  b.Line("RSN: PMKID from Authenticator - hexdump(len=16): " + testing::PmkidHex(0x77));
  Recorder rec;
  InterfaceModel model("wlan0", &rec);
  Feed(b.str(), &model);
  ASSERT_EQ(rec.refused.size(), 1u);
  EXPECT_EQ(rec.refused[0].second, RefusalSignal::kOtherPmkidInMsg1);
}

TEST(InterfaceModelTest, AssocRejectWithStatus53IsARefusal) {
  LogBuilder b(LogBuilder::Era::k2x);
  b.Associate(kA).FullEap(kA, 0x1a).Idle(100);
  b.Line("RSN: PMKSA cache search - network_ctx=0x5581 try_opportunistic=0 akmp=0x1");
  b.Line(std::string("RSN: Search for BSSID ") + kA).Select(0x1a);
  b.Line("RSN: Trying to use cached PMKSA");
  b.Wlan(std::string("SME: Trying to authenticate with ") + kA + " (SSID='corp' freq=2412 MHz)");
  b.Wlan(std::string("Trying to associate with ") + kA + " (SSID='corp' freq=2412 MHz)");
  b.Wlan(std::string("CTRL-EVENT-ASSOC-REJECT bssid=") + kA + " status_code=53");
  Recorder rec;
  InterfaceModel model("wlan0", &rec);
  Feed(b.str(), &model);
  ASSERT_EQ(rec.refused.size(), 1u);
  EXPECT_EQ(rec.refused[0].second, RefusalSignal::kAssocRejectInvalidPmkid);
  ASSERT_FALSE(rec.roams.empty());
  EXPECT_EQ(rec.roams.back().method, AuthMethod::kFailed);
}

TEST(InterfaceModelTest, InfoLevelCacheEventsDriveTheModel) {
  LogBuilder b(LogBuilder::Era::k2x);
  b.Wlan(std::string("Trying to associate with ") + kA + " (SSID='corp' freq=2412 MHz)");
  b.Wlan(std::string("Associated with ") + kA);
  b.Wlan("CTRL-EVENT-EAP-STARTED EAP authentication started");
  b.Wlan("CTRL-EVENT-EAP-SUCCESS EAP authentication completed successfully");
  b.Wlan(std::string("PMKSA-CACHE-ADDED ") + kA + " 0");
  b.Wlan(std::string("PMKSA-CACHE-ADDED ") + kB + " 0");  // proactive OKC
  b.Wlan(std::string("PMKSA-CACHE-REMOVED ") + kB + " 0");
  Recorder rec;
  InterfaceModel model("wlan0", &rec);
  Feed(b.str(), &model);
  ASSERT_EQ(model.observed().size(), 1u);
  EXPECT_EQ(model.observed().entries()[0].aa, Mac(kA));
}

}  // namespace
}  // namespace roamreplay

namespace roamreplay {
namespace {

// 2.x logs the own address with each entry ("spa="): entries are keyed by
// (AA, own address), so a MAC change makes a second entry for the same AP
// instead of replacing the first; 2011 logs key by AA alone.
TEST(InterfaceModelIdentityTest, TwoXKeysEntriesByAaAndOwnAddress) {
  auto build = [](LogBuilder::Era era) {
    LogBuilder b(era);
    b.Wlan("Own MAC address: 00:1f:3b:01:02:03");
    b.Associate(kA).FullEap(kA, 0x1a).Idle(60);
    b.Wlan("Own MAC address: 02:00:00:00:00:09");
    std::string log = b.str();
    LogBuilder second(era);
    second.Idle(120).Associate(kA).FullEap(kA, 0x2a);
    std::string tail = second.str();
    if (era == LogBuilder::Era::k2x) {
      // The second entry is logged for the new address.
      size_t pos = tail.find("spa=00:1f:3b:01:02:03");
      tail.replace(pos, 21, "spa=02:00:00:00:00:09");
    }
    return log + tail;
  };
  Recorder rec_2x, rec_2011;
  InterfaceModel m2x("wlan0", &rec_2x), m2011("wlan0", &rec_2011);
  Feed(build(LogBuilder::Era::k2x), &m2x);
  Feed(build(LogBuilder::Era::k2011), &m2011);
  ASSERT_EQ(m2x.observed().size(), 2u);
  EXPECT_EQ(m2x.observed().Find(Mac(kA))->generation, 2);  // the current address's
  ASSERT_EQ(m2011.observed().size(), 1u);
  EXPECT_EQ(m2011.observed().entries()[0].generation, 2);
}

}  // namespace
}  // namespace roamreplay
