// Seeded property test: thousands of random event sequences through the
// interface model, checking its invariants after every event. The seed is
// printed and can be set with ROAMREPLAY_SEED.

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <random>
#include <set>

#include "model/interface_model.h"

namespace roamreplay {
namespace {

// Checks what the model tells its observer as it happens.
class InvariantObserver : public ModelObserver {
 public:
  void OnStaleSelection(std::string_view, const Offer&, const StaleContext&) override {}
  void OnOfferRefused(std::string_view, const Offer&, RefusalSignal, const LineRef&,
                      const LineRef&) override {}
  void OnRoam(std::string_view, RoamRecord&&) override {}
  void OnEntryAdded(std::string_view, const PmksaEntry& e) override {
    if (e.generation == 0) return;  // from before the log
    if (e.clone) {
      if (expected_clone_generation >= 0)
        EXPECT_EQ(e.generation, expected_clone_generation) << "clone must keep its source's PMK";
    } else {
      EXPECT_GT(e.generation, max_generation) << "generations only grow";
      max_generation = e.generation;
    }
  }
  void OnEntryValidated(std::string_view, const PmksaEntry& e, const LineRef&) override {
    validated.insert(e.Lineage());
  }
  // The per-PMK rule: the reference never retires an entry whose PMK no AP
  // accepted as an OKC clone, unless it is an unvalidated clone itself.
  void OnEntryStale(std::string_view, const PmksaEntry& e, const LineRef&) override {
    ++stale_marks;
    EXPECT_TRUE((e.clone && e.opportunistic) || validated.count(e.Lineage()) > 0)
        << e.aa.ToString() << " gen " << e.generation << " marked stale although no clone of "
        << "its PMK was validated and it is not an unvalidated clone";
  }
  int max_generation = 0;
  int expected_clone_generation = -1;
  std::set<int> validated;
  int stale_marks = 0;
};

MacAddress Ap(int i) {
  MacAddress m;
  char buf[18];
  std::snprintf(buf, sizeof(buf), "00:24:97:aa:%02x:%02x", i >> 8, i & 0xff);
  EXPECT_TRUE(MacAddress::Parse(buf, &m));
  return m;
}

Event Ev(EventType type, const MacAddress* addr = nullptr) {
  Event e;
  e.type = type;
  if (addr != nullptr) {
    e.addr = *addr;
    e.has_addr = true;
  }
  return e;
}

class ModelPropertyTest : public ::testing::Test {
 protected:
  uint32_t Seed() {
    const char* env = std::getenv("ROAMREPLAY_SEED");
    uint32_t seed = env != nullptr ? static_cast<uint32_t>(std::strtoul(env, nullptr, 10)) : 20111002;
    std::cout << "ROAMREPLAY_SEED=" << seed << "\n";
    return seed;
  }

  void Apply(const Event& e) {
    ++line_;
    now_us_ += 1000 + static_cast<int64_t>(rng_() % 5'000'000);
    std::string time = std::to_string(now_us_ / 1'000'000) + "." + std::to_string(now_us_ % 1'000'000);
    model_->Apply(e, LineView{line_, time, now_us_, true, "event"});
  }

  void CheckInvariants() {
    for (const PmksaCache* cache : {&model_->observed(), &model_->reference()}) {
      ASSERT_LE(cache->size(), PmksaCache::kMaxEntries);
      std::set<MacAddress> seen;
      for (const PmksaEntry& e : cache->entries())
        ASSERT_TRUE(seen.insert(e.aa).second) << "one entry per AA";
    }
    for (const PmksaEntry& r : model_->reference().entries()) {
      const PmksaEntry* o = model_->observed().Find(r.aa);
      ASSERT_NE(o, nullptr) << "the reference holds only entries the supplicant holds";
      ASSERT_EQ(o->generation, r.generation);
    }
  }

  std::mt19937 rng_;
  InvariantObserver observer_;
  std::unique_ptr<InterfaceModel> model_;
  uint64_t line_ = 0;
  int64_t now_us_ = 1317158000'000000;
};

TEST_F(ModelPropertyTest, RandomSequencesKeepTheModelsInvariants) {
  uint32_t seed = Seed();
  constexpr int kSequences = 2000;
  constexpr int kSteps = 60;
  int stale_marks = 0;
  for (int seq = 0; seq < kSequences; ++seq) {
    rng_.seed(seed + seq);
    model_ = std::make_unique<InterfaceModel>("wlan0", &observer_);
    observer_ = InvariantObserver();
    int aps = 3 + static_cast<int>(rng_() % 40);  // > 32 exercises eviction
    for (int step = 0; step < kSteps; ++step) {
      MacAddress ap = Ap(1 + static_cast<int>(rng_() % aps));
      observer_.expected_clone_generation = -1;
      switch (rng_() % 8) {
        case 0:
        case 1: {  // full authentication at `ap`, sometimes replacing its entry
          Apply(Ev(EventType::kPmkFromEapol));
          if (rng_() % 2) Apply(Ev(EventType::kPmksaReplace));
          Apply(Ev(EventType::kPmksaAdded, &ap));
          break;
        }
        case 2: {  // OKC clone for `ap`
          if (model_->observed().Find(ap) != nullptr) break;
          const PmksaEntry* src = model_->observed().FirstOfNetwork(1, &ap);
          observer_.expected_clone_generation = src != nullptr ? src->generation : 0;
          Apply(Ev(EventType::kOkcConsider, &ap));
          Apply(Ev(EventType::kPmksaAdded, &ap));
          Apply(Ev(EventType::kOkcAdded, &ap));
          break;
        }
        case 3:
          Apply(Ev(EventType::kPmksaFlush, &ap));
          break;
        case 4:
          Apply(Ev(rng_() % 2 ? EventType::kPmksaExpired : EventType::kPmksaEvicted, &ap));
          break;
        case 5: {  // association attempt offering a random PMKID
          Apply(Ev(EventType::kSmeTryAuthenticate, &ap));
          Event sel = Ev(EventType::kPmksaSelected);
          sel.pmkid.known = true;
          sel.pmkid.bytes.fill(static_cast<uint8_t>(rng_() % 8));
          Apply(sel);
          Apply(Ev(EventType::kAssociated, &ap));
          break;
        }
        case 6:
          Apply(Ev(rng_() % 2 ? EventType::kOkcValidated : EventType::kPmkidNotAccepted));
          break;
        case 7:
          Apply(Ev(EventType::kKeyNegCompleted, &ap));
          break;
      }
      CheckInvariants();
      if (HasFatalFailure() || HasFailure()) {
        FAIL() << "seed " << seed + seq << " step " << step;
      }
    }
    model_->Finish();
    stale_marks += observer_.stale_marks;
  }
  EXPECT_GT(stale_marks, 100) << "the sequences must exercise the reference rule";
}

// Feed each era's flush at a PMK replacement: the model must recognise it as
// consistent with that era's rule, and the flushed entries must be gone.
TEST_F(ModelPropertyTest, EachErasFlushIsRecognisedAsThatEras) {
  uint32_t seed = Seed();
  for (int seq = 0; seq < 1000; ++seq) {
    rng_.seed(seed + seq);
    FlushPolicy policy = static_cast<FlushPolicy>(seq % 3);
    model_ = std::make_unique<InterfaceModel>("wlan0", &observer_);
    observer_ = InvariantObserver();
    int aps = 2 + static_cast<int>(rng_() % 10);
    for (int i = 1; i <= aps; ++i) {  // some full authentications, some clones
      MacAddress ap = Ap(i);
      if (i > 1 && rng_() % 2) {
        Apply(Ev(EventType::kOkcConsider, &ap));
        Apply(Ev(EventType::kPmksaAdded, &ap));
        Apply(Ev(EventType::kOkcAdded, &ap));
        if (rng_() % 2) {
          Apply(Ev(EventType::kSmeTryAuthenticate, &ap));
          Apply(Ev(EventType::kOkcValidated));
        }
      } else {
        Apply(Ev(EventType::kPmkFromEapol));
        Apply(Ev(EventType::kPmksaAdded, &ap));
      }
    }
    MacAddress target = Ap(1 + static_cast<int>(rng_() % aps));
    PmksaCache without = model_->observed();
    std::optional<PmksaEntry> replaced = without.Remove(target);
    ASSERT_TRUE(replaced.has_value());
    std::vector<MacAddress> flush = SupplicantFlushOnReplace(policy, without, *replaced);
    int before = model_->flush_evidence().consistent[static_cast<size_t>(policy)];
    Apply(Ev(EventType::kPmkFromEapol));
    Apply(Ev(EventType::kPmksaReplace));
    for (const MacAddress& aa : flush) Apply(Ev(EventType::kPmksaFlush, &aa));
    Apply(Ev(EventType::kPmksaAdded, &target));
    ASSERT_EQ(model_->flush_evidence().consistent[static_cast<size_t>(policy)], before + 1)
        << "seed " << seed + seq << " policy " << FlushPolicyName(policy);
    for (const MacAddress& aa : flush) ASSERT_EQ(model_->observed().Find(aa), nullptr);
    CheckInvariants();
  }
}

}  // namespace
}  // namespace roamreplay
