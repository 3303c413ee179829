// Round-trip property: for random roam scripts, synth -> replay gives
// exactly the stale-pmkid-reuse and pmkid-rejected findings the
// synthesizer's ground truth implies (same kind, BSSID, cause and line).
// A disagreement is a bug in the parser, the model or the synthesizer.
// Seeded: ROAMREPLAY_SEED overrides the base seed, ROAMREPLAY_ROUNDTRIPS
// the number of scenarios.

#include <cstdlib>
#include <random>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/replay.h"
#include "scenario/scenario.h"
#include "scenario/synth.h"

namespace roamreplay {
namespace {

uint64_t EnvOr(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtoull(v, nullptr, 10) : fallback;
}

MacAddress Mac(int a, int b) {
  MacAddress m;
  MacAddress::Parse(fmt::format("00:24:97:aa:{:02x}:{:02x}", a, b), &m);
  return m;
}

Scenario RandomScenario(uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto pct = [&](int p) { return static_cast<int>(rng() % 100) < p; };
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  Scenario sc;
  sc.name = fmt::format("random-{}", seed);
  sc.seed = seed;
  sc.policy = static_cast<SupplicantPolicy>(pick(3));
  sc.texts = pct(50) ? TextEra::k2011 : TextEra::k2x;
  sc.okc = pct(80);
  MacAddress::Parse("00:1f:3b:5c:9e:71", &sc.own_mac);
  int n_aps = 2 + pick(4);
  for (int i = 0; i < n_aps; ++i) {
    ApSpec ap;
    ap.name = std::string(1, static_cast<char>('A' + i));
    ap.bssid = Mac(0xbb, i + 1);
    ap.channel = 1 + 5 * (i % 3);
    ap.okc = pct(75);
    ap.caching = pct(92);
    if (pct(15)) ap.forget_after_s = 100 + pick(2000);
    if (pct(10)) ap.refusal = Refusal::kStatus53;
    if (pct(4)) ap.stall_s = 1.5;
    if (pct(4)) ap.msk_mismatch = true;
    if (pct(4)) ap.okc_pmkid_bug = true;
    sc.aps.push_back(ap);
  }
  int n_steps = 3 + pick(12);
  for (int i = 0; i < n_steps; ++i) {
    Step s;
    int r = i == 0 ? 0 : pick(100);
    if (r < 50) {
      s.kind = i == 0 ? StepKind::kConnect : StepKind::kRoam;
      s.ap = sc.aps[pick(n_aps)].name;
    } else if (r < 65) {
      s.kind = StepKind::kReauth;
    } else if (r < 85) {
      s.kind = StepKind::kWait;
      s.seconds = pct(10) ? 30000 + pick(20000) : 10 + pick(3000);
    } else if (r < 90) {
      s.kind = StepKind::kConfigChange;
    } else if (r < 95) {
      s.kind = StepKind::kMacChange;
      MacAddress::Parse(fmt::format("02:00:00:00:00:{:02x}", pick(3)), &s.mac);
    } else {
      s.kind = StepKind::kDisconnect;
    }
    sc.steps.push_back(s);
  }
  return sc;
}

std::string Describe(const Scenario& sc) {
  std::string s = fmt::format("policy={} texts={} okc={} aps:", SupplicantPolicyName(sc.policy),
                              TextEraName(sc.texts), sc.okc);
  for (const ApSpec& ap : sc.aps)
    s += fmt::format(" {}(okc={} caching={} forget={} 53={} stall={} msk={} bug={})", ap.name,
                     ap.okc, ap.caching, ap.forget_after_s.value_or(-1),
                     ap.refusal == Refusal::kStatus53, ap.stall_s, ap.msk_mismatch,
                     ap.okc_pmkid_bug);
  s += " steps:";
  for (const Step& st : sc.steps) {
    s += " " + std::string(StepKindName(st.kind));
    if (!st.ap.empty()) s += ":" + st.ap;
    if (st.kind == StepKind::kWait) s += fmt::format(":{}", st.seconds);
  }
  return s;
}

std::vector<std::string> Expected(const SynthResult& synth) {
  std::vector<std::string> out;
  for (const TruthFinding& t : synth.truth)
    out.push_back(fmt::format("{} {} {} line {}", t.kind, t.bssid.ToString(), t.cause, t.line));
  return out;
}

std::vector<std::string> Actual(const Report& report) {
  std::vector<std::string> out;
  for (const Finding& f : report.findings) {
    if (f.kind != "stale-pmkid-reuse" && f.kind != "pmkid-rejected") continue;
    out.push_back(fmt::format("{} {} {} line {}", f.kind, f.bssid ? f.bssid->ToString() : "-",
                              f.cause, f.line));
  }
  return out;
}

TEST(ScenarioRoundTripTest, SynthesizedFindingsMatchGroundTruth) {
  const uint64_t base = EnvOr("ROAMREPLAY_SEED", 20111002);
  const uint64_t count = EnvOr("ROAMREPLAY_ROUNDTRIPS", 400);
  int failures = 0, stale_total = 0, rejected_total = 0;
  for (uint64_t i = 0; i < count; ++i) {
    Scenario sc = RandomScenario(base + i);
    SynthResult synth;
    SynthOptions options;
    options.shape = LogShape::kT;
    Synthesize(sc, options, &synth);
    Report report;
    ReplayBuffer(sc.name, synth.log, ReplayOptions(), &report);
    std::vector<std::string> want = Expected(synth), got = Actual(report);
    for (const TruthFinding& t : synth.truth) (t.kind == "pmkid-rejected" ? rejected_total : stale_total)++;
    if (want == got) continue;
    if (++failures <= 5) {
      ADD_FAILURE() << "seed " << base + i << " (" << Describe(sc) << ")\n  want:\n    "
                    << fmt::format("{}", fmt::join(want, "\n    ")) << "\n  got:\n    "
                    << fmt::format("{}", fmt::join(got, "\n    "));
    }
  }
  EXPECT_EQ(failures, 0) << "of " << count << " seeded scenarios (base seed " << base << ")";
  // The generator must exercise both kinds, or the property says little.
  EXPECT_GT(stale_total, 10);
  EXPECT_GT(rejected_total, 10);
  std::printf("round trip: %llu scenarios, %d stale offers, %d rejections, %d disagreements\n",
              static_cast<unsigned long long>(count), stale_total, rejected_total, failures);
}

}  // namespace
}  // namespace roamreplay

namespace roamreplay {
namespace {

// The connection flows the synthesizer writes (issue 11: FT, PSK, BTM,
// beacon loss, AP deauth, triggers) use only message texts of the hostap
// catalogue (shared/reference/catalog): every line is known, none is
// malformed; and the attempts are those the script asked for.
TEST(ScenarioRoundTripTest, ConnectionFlowsUseCatalogueTexts) {
  const char* kScenarios[] = {"conn-ft-success",      "conn-ft-failure-fallback",
                              "conn-ft-eap-after-disconnect", "conn-btm-roam",
                              "conn-btm-rejected",    "conn-beacon-loss",
                              "conn-psk-4way-loop",   "conn-dbus-triggers"};
  for (const char* name : kScenarios) {
    Scenario sc;
    ASSERT_TRUE(LoadScenario(std::string(ROAMREPLAY_SOURCE_DIR) + "/scenarios/" + name + ".json",
                             &sc)
                    .ok())
        << name;
    SynthResult synth;
    Synthesize(sc, SynthOptions(), &synth);
    Report r;
    ReplayBuffer(std::string(name) + ".log", synth.log, ReplayOptions(), &r);
    EXPECT_EQ(r.counts.unknown, 0u) << name;
    EXPECT_EQ(r.counts.malformed, 0u) << name;
    int joins = 0;
    for (const Step& s : sc.steps)
      joins += (s.kind == StepKind::kConnect || s.kind == StepKind::kRoam ||
                (s.kind == StepKind::kBtmRequest && s.status == 0)) *
               s.repeat;
    EXPECT_EQ(r.roams.size(), static_cast<size_t>(joins)) << name;
  }
}

}  // namespace
}  // namespace roamreplay
