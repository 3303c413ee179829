// The synthesizer's SAE, OWE, FT-SAE and multi-link flows (synth_sae.cc),
// replayed: every entry gets the AKM and PMKID origin the flow implies, and
// a seeded property over random SAE scripts: the replay gives exactly the
// pmkid-rejected findings of the ground truth and never a stale-pmkid-reuse
// (SAE entries are not OKC lineages).

#include <cstdlib>
#include <random>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/replay.h"
#include "scenario/synth.h"

namespace roamreplay {
namespace {

MacAddress Mac(const std::string& s) {
  MacAddress m;
  EXPECT_TRUE(MacAddress::Parse(s, &m)) << s;
  return m;
}

Scenario Base(SynthAkm akm) {
  Scenario sc;
  sc.name = std::string(SynthAkmName(akm));
  sc.akm = akm;
  sc.okc = false;
  sc.own_mac = Mac("00:1f:3b:5c:9e:71");
  for (int i = 0; i < 2; ++i) {
    ApSpec ap;
    ap.name = std::string(1, static_cast<char>('A' + i));
    ap.bssid = Mac(fmt::format("00:24:97:aa:bb:{:02x}", i + 1));
    ap.channel = 36 + 4 * i;
    ap.okc = false;
    sc.aps.push_back(ap);
  }
  auto step = [&](StepKind k, const std::string& ap, double s = 0) {
    Step st;
    st.kind = k;
    st.ap = ap;
    st.seconds = s;
    sc.steps.push_back(st);
  };
  step(StepKind::kConnect, "A");
  step(StepKind::kRoam, "B");
  step(StepKind::kWait, "", 60);
  step(StepKind::kRoam, "A");  // PMKSA caching with A's entry
  return sc;
}

Report SynthAndReplay(const Scenario& sc, SynthResult* synth) {
  SynthOptions options;
  Synthesize(sc, options, synth);
  Report report;
  ReplayBuffer(sc.name, synth->log, ReplayOptions(), &report);
  return report;
}

std::string Kinds(const Report& r) {
  std::string out;
  for (const Finding& f : r.findings) out += f.kind + "@" + std::to_string(f.line) + " ";
  return out;
}

void ExpectCachedRoamBack(const Report& r, const char* akm) {
  ASSERT_EQ(r.cache_history.size(), 2u) << akm;
  for (const CacheEntryHistory& h : r.cache_history) {
    EXPECT_EQ(h.keys.akm, akm);
    EXPECT_EQ(h.removed_line, 0u);
  }
  ASSERT_FALSE(r.roams.empty());
  EXPECT_EQ(r.roams.back().offered_pmkid, r.cache_history[0].pmkid) << akm;
  EXPECT_FALSE(r.roams.back().refused);
  for (const Finding& f : r.findings)
    EXPECT_TRUE(f.kind != "pmkid-rejected" && f.kind != "stale-pmkid-reuse" &&
                f.kind != "pmkid-mismatch" && f.kind != "akmp-mismatch")
        << Kinds(r);
}

TEST(AkmSynthTest, SaeHuntingAndPeckingWithAntiClogging) {
  Scenario sc = Base(SynthAkm::kSae);
  sc.aps[1].anti_clogging = true;
  SynthResult synth;
  Report r = SynthAndReplay(sc, &synth);
  EXPECT_NE(synth.log.find("SAE: counter = 001"), std::string::npos);
  EXPECT_NE(synth.log.find("SME: SAE anti-clogging token requested (group 19)"),
            std::string::npos);
  ExpectCachedRoamBack(r, "SAE");
  for (const CacheEntryHistory& h : r.cache_history) EXPECT_EQ(h.keys.pmkid_source, "sae");
}

TEST(AkmSynthTest, SaeHashToElement) {
  SynthResult synth;
  Report r = SynthAndReplay(Base(SynthAkm::kSaeH2e), &synth);
  EXPECT_NE(synth.log.find("SAE: Derive PT - group 19"), std::string::npos);
  EXPECT_NE(synth.log.find("status_code=126"), std::string::npos);
  ExpectCachedRoamBack(r, "SAE");
}

TEST(AkmSynthTest, OweEntryAddedAfterAssociation) {
  SynthResult synth;
  Report r = SynthAndReplay(Base(SynthAkm::kOwe), &synth);
  ExpectCachedRoamBack(r, "OWE");
  EXPECT_EQ(synth.log.find("SAE: PMKID"), std::string::npos);
  for (const CacheEntryHistory& h : r.cache_history) EXPECT_EQ(h.keys.pmkid_source, "logged");
}

TEST(AkmSynthTest, FtSaeEntriesCarryTheirKeyNames) {
  SynthResult synth;
  Report r = SynthAndReplay(Base(SynthAkm::kFtSae), &synth);
  ExpectCachedRoamBack(r, "FT-SAE");
  for (const CacheEntryHistory& h : r.cache_history) {
    EXPECT_TRUE(h.keys.pmkr0_name.known);
    EXPECT_TRUE(h.keys.pmkr1_name.known);
  }
}

// Two links of one AP MLD: one entry, keyed by the AP MLD address, used for
// the roam to the other link.
TEST(AkmSynthTest, MloLinksShareTheApMldEntry) {
  Scenario sc = Base(SynthAkm::kSae);
  MacAddress mld = Mac("02:24:97:aa:bb:00");
  sc.aps[0].mld = mld;
  sc.aps[1].mld = mld;
  SynthResult synth;
  Report r = SynthAndReplay(sc, &synth);
  ASSERT_EQ(r.cache_history.size(), 1u) << Kinds(r);
  EXPECT_EQ(r.cache_history[0].aa, mld);
  EXPECT_TRUE(r.cache_history[0].keys.ap_mld);
  EXPECT_EQ(r.cache_history[0].keys.pmkid_source, "sae");
  int cached = 0;
  for (const RoamSummary& roam : r.roams) cached += roam.offered_pmkid.known && !roam.refused;
  EXPECT_EQ(cached, 2);  // to B and back to A, both with the AP MLD's entry
  EXPECT_TRUE(r.findings.empty() || Kinds(r).find("pmkid-rejected") == std::string::npos)
      << Kinds(r);
}

// Property: random SAE scripts (forgetting APs, status 53, waits past the
// reauth threshold, disconnects) replay to exactly the synthesizer's
// refusals, with no stale-pmkid-reuse and no PMKID proof failure.
// With `okc`: OKC on the station and on some APs (some of them hostapd
// before 114d1241), and some supplicants before 6f634b00, so SAE clones are
// made, accepted, refused and used past their source's reauth threshold.
void RandomSaeScripts(uint64_t base, bool okc) {
  int failures = 0, refusals = 0;
  for (uint64_t seed = base; seed < base + 150; ++seed) {
    std::mt19937_64 rng(seed);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
    Scenario sc = Base(static_cast<SynthAkm>(1 + pick(4)));
    sc.name = fmt::format("sae-random-{}", seed);
    sc.seed = seed;
    sc.policy = pick(2) == 0 ? SupplicantPolicy::kCurrent : SupplicantPolicy::kC3fea272;
    for (ApSpec& ap : sc.aps) {
      if (pick(3) == 0) ap.forget_after_s = 100 + pick(1000);
      ap.caching = pick(8) != 0;
      ap.anti_clogging = pick(4) == 0;
    }
    if (okc) {
      sc.okc = true;
      if (pick(2) == 0) sc.before.push_back("6f634b00");
      for (ApSpec& ap : sc.aps) {
        ap.okc = pick(4) != 0;
        ap.okc_pmkid_bug = pick(5) == 0;
      }
    }
    sc.steps.clear();
    for (int i = 0; i < 4 + pick(10); ++i) {
      Step st;
      int r = pick(10);
      if (i == 0 || r < 5) {
        st.kind = i == 0 ? StepKind::kConnect : StepKind::kRoam;
        st.ap = sc.aps[pick(2)].name;
      } else if (r < 8) {
        st.kind = StepKind::kWait;
        st.seconds = pick(5) == 0 ? 31000 : 10 + pick(2000);
      } else {
        st.kind = StepKind::kDisconnect;
      }
      sc.steps.push_back(st);
    }
    SynthResult synth;
    Report r = SynthAndReplay(sc, &synth);
    std::vector<std::string> want, got;
    for (const TruthFinding& t : synth.truth)
      want.push_back(fmt::format("{} {} {}", t.kind, t.bssid.ToString(), t.line));
    for (const Finding& f : r.findings) {
      if (f.kind == "stale-pmkid-reuse" || f.kind == "pmkid-mismatch")
        got.push_back(f.kind + " " + std::to_string(f.line));
      if (f.kind == "pmkid-rejected")
        got.push_back(fmt::format("{} {} {}", f.kind, f.bssid ? f.bssid->ToString() : "-", f.line));
    }
    refusals += static_cast<int>(want.size());
    if (want != got && ++failures <= 3) {
      ADD_FAILURE() << "seed " << seed << " akm " << SynthAkmName(sc.akm) << "\n  want: "
                    << fmt::format("{}", fmt::join(want, "; ")) << "\n  got:  "
                    << fmt::format("{}", fmt::join(got, "; "));
    }
  }
  EXPECT_EQ(failures, 0);
  EXPECT_GT(refusals, 10);  // the generator must exercise refusals
}

uint64_t SeedBase() {
  const char* env = std::getenv("ROAMREPLAY_SEED");
  return env != nullptr && *env != '\0' ? std::strtoull(env, nullptr, 10) : 2019;
}

TEST(AkmSynthTest, RandomSaeScriptsMatchGroundTruth) { RandomSaeScripts(SeedBase(), false); }

TEST(AkmSynthTest, RandomSaeOkcScriptsMatchGroundTruth) { RandomSaeScripts(SeedBase(), true); }

}  // namespace
}  // namespace roamreplay
