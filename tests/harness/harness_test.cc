// The test harness (issue 17): trace extraction, the reference cache, the
// protocol, the subprocess adapter's faults and Drive.

#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "app/replay.h"
#include "harness/drive.h"
#include "harness/protocol.h"
#include "harness/reference_cache.h"
#include "harness/subprocess_cache.h"
#include "harness/trace.h"

namespace roamreplay {
namespace {

const std::string kSrc = ROAMREPLAY_SOURCE_DIR;
const std::string k2011 = kSrc + "/logs/2011-okc-stale-pmkid.log";

MacAddress Mac(const char* s) {
  MacAddress m;
  EXPECT_TRUE(MacAddress::Parse(s, &m)) << s;
  return m;
}

std::vector<Trace> Traces(const std::string& path) {
  std::vector<Trace> traces;
  Status s = ExtractTraces(path, TraceOptions(), &traces);
  EXPECT_TRUE(s.ok()) << s.message();
  return traces;
}

// The shipped 2011 log (README "The founding case"): A's full EAP gives PMK
// 1 (line 413); the roam to B offers an OKC clone of it, which B accepts
// (line 733, "marking it valid"); B's full re-authentication gives PMK 2
// (line 1046); the roam back to A offers A's entry of PMK 1 at line 1198
// (1317159147.145598), the AP refuses it and full EAP gives PMK 3 (line 1548).
TEST(TraceTest, Founding2011LogSteps) {
  std::vector<Trace> traces = Traces(k2011);
  ASSERT_EQ(traces.size(), 1u);
  const Trace& t = traces[0];
  EXPECT_EQ(t.ifname, "wlan0");
  ASSERT_GE(t.steps.size(), 3u);
  EXPECT_EQ(t.steps.front().type, StepType::kHello);
  EXPECT_EQ(t.steps.back().type, StepType::kEnd);
  std::vector<std::pair<StepType, uint64_t>> got;
  for (const TraceStep& s : t.steps) got.emplace_back(s.type, s.line.line);
  const TraceStep* pmk1 = nullptr;
  const TraceStep* pmk2 = nullptr;
  const TraceStep* stale_offer = nullptr;
  const TraceStep* validated = nullptr;
  for (const TraceStep& s : t.steps) {
    if (s.type == StepType::kPmk && s.pmk == 1) pmk1 = &s;
    if (s.type == StepType::kPmk && s.pmk == 2) pmk2 = &s;
    if (s.type == StepType::kOffer && s.line.time_text == "1317159147.145598") stale_offer = &s;
    if (s.type == StepType::kValidated) validated = &s;
  }
  ASSERT_NE(pmk1, nullptr);
  EXPECT_EQ(pmk1->line.line, 413u);
  EXPECT_EQ(pmk1->aa, Mac("00:24:97:aa:bb:01"));
  ASSERT_NE(pmk2, nullptr);
  EXPECT_EQ(pmk2->line.line, 1046u);
  EXPECT_EQ(pmk2->aa, Mac("00:24:97:aa:bb:02"));
  ASSERT_NE(validated, nullptr);
  EXPECT_EQ(validated->line.line, 733u);
  EXPECT_EQ(validated->aa, Mac("00:24:97:aa:bb:02"));
  ASSERT_NE(stale_offer, nullptr);
  EXPECT_EQ(stale_offer->line.line, 1198u);
  EXPECT_EQ(stale_offer->aa, Mac("00:24:97:aa:bb:01"));
  EXPECT_TRUE(stale_offer->okc);  // the log shows OKC clones
  EXPECT_TRUE(stale_offer->logged_known);
  EXPECT_TRUE(stale_offer->logged_offered);
  EXPECT_EQ(stale_offer->logged_pmk, 1);  // the stale entry
  // Every step is in line order (hello and end aside), and each new PMK
  // is followed by a cache decision.
  for (size_t i = 2; i + 1 < t.steps.size(); ++i)
    EXPECT_LE(t.steps[i - 1].line.line, t.steps[i].line.line) << "step " << i;
  for (size_t i = 0; i + 1 < t.steps.size(); ++i) {
    if (t.steps[i].type != StepType::kPmk) continue;
    EXPECT_EQ(t.steps[i + 1].type, StepType::kCache);
    EXPECT_EQ(t.steps[i + 1].how, "after-pmk");
  }
}

TraceStep Step(StepType type, const char* aa, int pmk = 0, int64_t time_s = 0) {
  TraceStep s;
  s.type = type;
  if (aa != nullptr) {
    s.aa = Mac(aa);
    s.has_aa = true;
  }
  s.pmk = pmk;
  s.network = 1;
  if (time_s != 0) {
    s.line.line = 1;
    s.line.has_time = true;
    s.line.time_us = time_s * 1'000'000;
  }
  return s;
}

StepAnswer Apply(ReferenceCache* ref, const Trace& trace, const TraceStep& s) {
  StepAnswer a;
  EXPECT_TRUE(ref->Handle(trace, s, &a).ok());
  return a;
}

TEST(ReferenceCacheTest, OkcCloneFromFirstEntryAndSharedPmkRetired) {
  Trace trace;
  ReferenceCache ref;
  Apply(&ref, trace, Step(StepType::kHello, nullptr));
  Apply(&ref, trace, Step(StepType::kPmk, "00:00:00:00:00:0a", 1, 100));
  TraceStep offer_b = Step(StepType::kOffer, "00:00:00:00:00:0b", 0, 200);
  offer_b.okc = true;
  StepAnswer a = Apply(&ref, trace, offer_b);
  ASSERT_TRUE(a.offered);
  EXPECT_EQ(a.offer.pmk, 1);
  EXPECT_TRUE(a.offer.opportunistic);
  Apply(&ref, trace, Step(StepType::kValidated, "00:00:00:00:00:0b"));
  // B's full re-authentication: PMK 1 is shared (B accepted its clone), so
  // A's entry of PMK 1 is retired.
  Apply(&ref, trace, Step(StepType::kPmk, "00:00:00:00:00:0b", 2, 300));
  StepAnswer cache = Apply(&ref, trace, Step(StepType::kCache, nullptr));
  ASSERT_EQ(cache.cache.size(), 1u);
  EXPECT_EQ(cache.cache[0].aa, Mac("00:00:00:00:00:0b"));
  EXPECT_EQ(cache.cache[0].pmk, 2);
  // Back to A: a clone of PMK 2.
  TraceStep offer_a = Step(StepType::kOffer, "00:00:00:00:00:0a", 0, 400);
  offer_a.okc = true;
  a = Apply(&ref, trace, offer_a);
  ASSERT_TRUE(a.offered);
  EXPECT_EQ(a.offer.pmk, 2);
  // Without OKC nothing is offered for an AP without an entry.
  TraceStep offer_c = Step(StepType::kOffer, "00:00:00:00:00:0c", 0, 500);
  EXPECT_FALSE(Apply(&ref, trace, offer_c).offered);
}

TEST(ReferenceCacheTest, StandaloneEntryKeptAndLifetimeEnds) {
  Trace trace;
  trace.params.pmk_lifetime_s = 1000;
  ReferenceCache ref;
  Apply(&ref, trace, Step(StepType::kHello, nullptr));
  Apply(&ref, trace, Step(StepType::kPmk, "00:00:00:00:00:0a", 1, 100));
  // C's own full authentication: no AP validated a clone of PMK 1, so A
  // keeps its entry.
  Apply(&ref, trace, Step(StepType::kPmk, "00:00:00:00:00:0c", 2, 200));
  EXPECT_EQ(Apply(&ref, trace, Step(StepType::kCache, nullptr)).cache.size(), 2u);
  // A's entry ends at 1100 s: not offered at 1200 s.
  EXPECT_TRUE(Apply(&ref, trace, Step(StepType::kOffer, "00:00:00:00:00:0a", 0, 1000)).offered);
  EXPECT_FALSE(Apply(&ref, trace, Step(StepType::kOffer, "00:00:00:00:00:0a", 0, 1200)).offered);
}

TEST(ReferenceCacheTest, ThirtyTwoEntriesAtMost) {
  Trace trace;
  ReferenceCache ref;
  Apply(&ref, trace, Step(StepType::kHello, nullptr));
  for (int i = 1; i <= 40; ++i) {
    std::string aa = fmt::format("00:00:00:00:01:{:02x}", i);
    Apply(&ref, trace, Step(StepType::kPmk, aa.c_str(), i, 100 + i));
  }
  StepAnswer cache = Apply(&ref, trace, Step(StepType::kCache, nullptr));
  ASSERT_EQ(cache.cache.size(), 32u);
  EXPECT_EQ(cache.cache.front().pmk, 9);  // the oldest eight went
}

TEST(ProtocolTest, RequestsCarryNoKeyBytes) {
  // The -K log prints its PMKs; no request may carry them.
  std::vector<Trace> traces = Traces(kSrc + "/logs/2011-okc-stale-pmkid-keys.log");
  ASSERT_EQ(traces.size(), 1u);
  std::ifstream in(kSrc + "/logs/2011-okc-stale-pmkid-keys.log");
  std::string line;
  std::vector<std::string> keys;
  while (std::getline(in, line)) {
    size_t at = line.find("PMK from EAPOL state machines - hexdump(len=32): ");
    if (at == std::string::npos) continue;
    std::string hex;
    for (char c : line.substr(at + 49))
      if (c != ' ') hex += c;
    keys.push_back(hex.substr(0, 16));  // 8-byte windows, contiguous
    keys.push_back(line.substr(at + 49, 23));  // and as printed
  }
  ASSERT_EQ(keys.size(), 6u);
  std::string all;
  for (const TraceStep& s : traces[0].steps) all += EncodeRequest(traces[0], s) + "\n";
  for (const std::string& k : keys) EXPECT_EQ(all.find(k), std::string::npos) << k;
  EXPECT_NE(all.find("\"type\":\"pmk\""), std::string::npos);
  EXPECT_NE(all.find("\"okc\":true"), std::string::npos);
}

TEST(ProtocolTest, MalformedAnswers) {
  TraceStep offer = Step(StepType::kOffer, "00:00:00:00:00:0a");
  offer.index = 7;
  StepAnswer a;
  EXPECT_TRUE(DecodeAnswer(offer, R"({"offer":null})", &a).ok());
  EXPECT_FALSE(a.offered);
  EXPECT_TRUE(DecodeAnswer(offer, R"({"offer":{"aa":"00:00:00:00:00:0a","pmk":-1}})", &a).ok());
  EXPECT_TRUE(a.offered);
  EXPECT_EQ(a.offer.pmk, -1);
  for (const char* bad : {"nonsense", "[]", "{}", R"({"offer":{"aa":"x","pmk":1}})",
                          R"({"offer":{"aa":"00:00:00:00:00:0a"}})",
                          R"({"offer":{"aa":"00:00:00:00:00:0a","pmk":1,"opportunistic":3}})",
                          R"({"error":"out of memory"})"}) {
    Status s = DecodeAnswer(offer, bad, &a);
    EXPECT_FALSE(s.ok()) << bad;
    EXPECT_NE(s.message().find("step 7"), std::string::npos) << s.message();
  }
  TraceStep cache = Step(StepType::kCache, nullptr);
  EXPECT_FALSE(DecodeAnswer(cache, R"({"cache":{}})", &a).ok());
  EXPECT_TRUE(DecodeAnswer(cache, R"({"cache":[{"aa":"00:00:00:00:00:0a","pmk":2}]})", &a).ok());
  ASSERT_EQ(a.cache.size(), 1u);
}

// An in-process implementation under test: the reference, except that it
// never offers anything.
class OfferNothing : public CacheUnderTest {
 public:
  Status Handle(const Trace& trace, const TraceStep& step, StepAnswer* answer) override {
    Status s = inner_.Handle(trace, step, answer);
    if (step.type == StepType::kOffer) answer->offered = false;
    return s;
  }

 private:
  ReferenceCache inner_;
};

// Where the logged supplicant's own offer differs from the reference's, the
// model must have found a stale-pmkid-reuse at that line, and the reverse:
// the harness's steps and the model's verdicts come from one replay. Read in
// the logs: the 2011 logs offer A's entry of PMK 1 at line 1198 after B's
// re-authentication; corpus 20 (hostap test driver, OKC shared between two
// hostapd BSSs of one process, supplicant before c3fea272) offers the
// first AP's entry of the old PMK again at line 1276, which the AP refuses.
// logs/conn-ft-failure-fallback.log is left out: there the supplicant
// withdraws its selection for FT-EAP (ft_eap_pmksa_caching=0), which the
// reference does not model.
TEST(DriveTest, LoggedDifferencesAreTheStaleFindings) {
  std::vector<std::string> logs = {kSrc + "/logs/2011-okc-stale-pmkid.log",
                                   kSrc + "/logs/2011-okc-stale-pmkid-keys.log",
                                   kSrc + "/logs/2011-okc-postfix.log"};
  std::string corpus = kSrc + "/../shared/corpus";
  for (const char* name : {"02-harvard-eaptls-okc-flush-roam-journald.log",
                           "06-eduroam-ttls-okc-flush-journal-monotonic-wrapped.log",
                           "20-hostap-testdrv-okc-shared-pre-sta.log",
                           "21-hostap-testdrv-okc-split-pre-sta.log",
                           "22-hostap-testdrv-pmksa-hit-v2_0-sta.log"}) {
    std::string path = corpus + "/" + name;
    if (std::ifstream(path).good()) logs.push_back(path);
  }
  size_t differences = 0;
  for (const std::string& path : logs) {
    std::set<uint64_t> stale;
    Report report;
    ASSERT_TRUE(ReplayFile(path, ReplayOptions(), &report).ok()) << path;
    for (const Finding& f : report.findings)
      if (f.kind == "stale-pmkid-reuse") stale.insert(f.line);
    std::set<uint64_t> differs;
    for (const Trace& t : Traces(path)) {
      ReferenceCache sut;
      DriveResult r = Drive(t, &sut);
      EXPECT_FALSE(r.fault) << path;
      EXPECT_TRUE(r.divergences.empty()) << path;
      for (const auto& d : r.logged_differences) differs.insert(d.line.line);
    }
    EXPECT_EQ(differs, stale) << path;
    differences += differs.size();
  }
  EXPECT_GE(differences, 2u);  // the two 2011 logs at least
}

TEST(DriveTest, InProcessDivergencesAtEachOffer) {
  std::vector<Trace> traces = Traces(k2011);
  ASSERT_EQ(traces.size(), 1u);
  OfferNothing sut;
  DriveResult r = Drive(traces[0], &sut);
  EXPECT_FALSE(r.fault);
  // The reference offers at the roam to B (a clone of PMK 1) and at the
  // roam back to A (a clone of PMK 2); the first connection has no entry.
  std::vector<uint64_t> lines;
  for (const Divergence& d : r.divergences)
    if (d.decision == StepType::kOffer) lines.push_back(d.line.line);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1], 1198u);
  const Divergence& last = r.divergences.back();
  EXPECT_TRUE(last.reference.offered);
  EXPECT_EQ(last.reference.offer.pmk, 2);
  EXPECT_TRUE(last.has_logged);
  EXPECT_EQ(last.logged.pmk, 1);
  EXPECT_EQ(r.logged_differs, 1u);  // the stale offer itself
  std::ostringstream text, json, junit;
  WriteDriveText({r}, DriveOutputOptions(), text);
  EXPECT_NE(text.str().find("DIVERGED"), std::string::npos);
  WriteDriveJson({r}, "in-process", DriveOutputOptions(), json);
  EXPECT_NE(json.str().find("\"kind\": \"sut-divergence\""), std::string::npos);
  WriteDriveJunit({r}, junit);
  EXPECT_NE(junit.str().find("<failure"), std::string::npos);
  EXPECT_EQ(DriveExitCode({r}), 1);
}

TEST(SubprocessTest, FaultsNameTheStep) {
  std::vector<Trace> traces = Traces(k2011);
  ASSERT_EQ(traces.size(), 1u);
  // Generous timeouts (a loaded CI machine starts sh slowly) except for
  // the hang itself.
  struct Case {
    const char* command;
    int timeout_ms;
    const char* expect;
  } cases[] = {
      {"exit 3", 10000, "exited with status 3"},
      {"read x; echo nope", 10000, "not JSON"},
      {"read x; echo '{\"ok\":true}'; read y; kill -9 $$", 10000, "killed by signal 9"},
      {"sleep 20", 1000, "no answer within 1000 ms"},
      {"echo oops >&2; exit 1", 10000, "its last stderr line: oops"},
  };
  for (const Case& c : cases) {
    SubprocessCache sut(c.command, c.timeout_ms);
    DriveResult r = Drive(traces[0], &sut);
    EXPECT_TRUE(r.fault) << c.command;
    EXPECT_NE(r.error.find(c.expect), std::string::npos) << c.command << ": " << r.error;
    EXPECT_NE(r.error.find("step "), std::string::npos) << r.error;
    EXPECT_EQ(DriveExitCode({r}), 3);
  }
}

}  // namespace
}  // namespace roamreplay
