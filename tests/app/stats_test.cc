#include "app/stats.h"

#include "app/replay.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <cmath>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace roamreplay {
namespace {

MacAddress Mac(const char* text) {
  MacAddress mac;
  EXPECT_TRUE(MacAddress::Parse(text, &mac));
  return mac;
}

Pmkid PmkidOf(uint8_t first) {
  Pmkid p;
  p.known = true;
  p.bytes[0] = first;
  return p;
}

RoamSummary Roam(const char* bssid, const char* ssid, const char* method, int64_t ms) {
  RoamSummary r;
  r.bssid = Mac(bssid);
  r.ssid = ssid;
  r.method = method;
  r.duration_us = ms * 1000;
  return r;
}

TEST(RoamTimeHistogramTest, ExactBelow128AndWithinOnePercentAbove) {
  RoamTimeHistogram h;
  for (int64_t v = 1; v <= 100; ++v) h.Add(v);
  EXPECT_EQ(h.count(), 100u);
  EXPECT_EQ(h.Percentile(50), 50);  // nearest rank, exact in the linear range
  EXPECT_EQ(h.Percentile(90), 90);
  EXPECT_EQ(h.Percentile(100), 100);
  EXPECT_EQ(RoamTimeHistogram().Percentile(50), 0);
  // Every value's bucket reports it within the stated bound.
  for (int64_t v : {int64_t{0}, int64_t{127}, int64_t{128}, int64_t{129}, int64_t{255},
                    int64_t{256}, int64_t{1000}, int64_t{30000}, int64_t{397000},
                    int64_t{1} << 40, INT64_MAX}) {
    uint32_t b = RoamTimeHistogram::BucketOf(v);
    EXPECT_LE(RoamTimeHistogram::BucketLow(b), v);
    EXPECT_GT(RoamTimeHistogram::BucketLow(b) + (RoamTimeHistogram::BucketWidth(b) - 1), v - 1);
    double rep = static_cast<double>(RoamTimeHistogram::Representative(b));
    double err = v == 0 ? rep : std::abs(rep - static_cast<double>(v)) / static_cast<double>(v);
    EXPECT_LE(err, RoamTimeHistogram::kMaxRelativeError) << v;
    EXPECT_LE(b, RoamTimeHistogram::MaxBucket());
  }
  for (int64_t v = 128; v < 5'000'000; v = v * 17 / 16 + 1) {
    double rep = static_cast<double>(RoamTimeHistogram::Representative(RoamTimeHistogram::BucketOf(v)));
    EXPECT_LE(std::abs(rep - static_cast<double>(v)) / static_cast<double>(v), 0.01) << v;
  }
  EXPECT_EQ(RoamTimeHistogram::BucketOf(-5), 0u);
}

TEST(RoamTimeHistogramTest, MergeIsTheHistogramOfAll) {
  RoamTimeHistogram all, a, b;
  for (int64_t v = 0; v < 200000; v += 997) {
    all.Add(v);
    (v % 3 ? a : b).Add(v);
  }
  a.Merge(b);
  EXPECT_EQ(a.buckets(), all.buckets());
  EXPECT_EQ(a.count(), all.count());
  for (double p : {1.0, 50.0, 90.0, 99.0}) EXPECT_EQ(a.Percentile(p), all.Percentile(p));
}

Report TwoApReport() {
  Report r;
  r.counts.lines = 1000;
  RoamSummary first = Roam("00:24:97:aa:bb:01", "corp", "full-eap", 400);
  first.first = true;
  r.roams.push_back(first);
  RoamSummary okc = Roam("00:24:97:aa:bb:02", "corp", "okc", 30);
  okc.offered = true;
  okc.offered_pmkid = PmkidOf(2);
  r.roams.push_back(okc);
  RoamSummary reauth = Roam("00:24:97:aa:bb:02", "corp", "full-eap", 330);
  reauth.reauth = true;
  r.roams.push_back(reauth);
  RoamSummary refused = Roam("00:24:97:aa:bb:01", "corp", "full-eap", 397);
  refused.offered = true;
  refused.refused = true;
  refused.offered_pmkid = PmkidOf(1);
  r.roams.push_back(refused);
  RoamSummary clone_refused = Roam("00:24:97:aa:bb:03", "", "full-eap", 500);
  clone_refused.offered = true;
  clone_refused.refused = true;
  clone_refused.offered_pmkid = PmkidOf(3);
  r.roams.push_back(clone_refused);
  r.roams.push_back(Roam("00:24:97:aa:bb:03", "", "unfinished", 1));
  CacheEntryHistory clone;
  clone.clone = true;
  clone.pmkid = PmkidOf(3);
  r.cache_history.push_back(clone);
  Finding stale;
  stale.kind = "stale-pmkid-reuse";
  stale.bssid = Mac("00:24:97:aa:bb:01");
  Finding rejected = stale;
  rejected.kind = "pmkid-rejected";
  r.findings = {stale, rejected};
  return r;
}

TEST(StatsTest, CountsPerApPerEssAndTotal) {
  StatsAggregator agg;
  agg.Add(TwoApReport());
  agg.Add(TwoApReport());
  FleetStats& s = agg.Finish();
  EXPECT_EQ(s.traces, 2u);
  EXPECT_EQ(s.lines, 2000u);
  EXPECT_EQ(s.findings, 4u);
  // Per trace: 3 roams (okc, refused, clone refused); 1 first connection,
  // 1 re-authentication, 1 unfinished attempt that is not counted.
  EXPECT_EQ(s.total.roams, 6u);
  EXPECT_EQ(s.total.connections, 2u);
  EXPECT_EQ(s.total.reauths, 2u);
  EXPECT_EQ(s.total.full_eap, 4u);
  EXPECT_NEAR(s.total.FullEapPer100(), 66.67, 0.01);
  EXPECT_EQ(s.total.okc_attempts, 4u);  // the okc roam + the refused clone offer
  EXPECT_EQ(s.total.okc_accepted, 2u);
  EXPECT_DOUBLE_EQ(s.total.OkcAcceptancePercent(), 50.0);
  EXPECT_EQ(s.total.offers, 6u);
  EXPECT_EQ(s.total.refused, 4u);
  EXPECT_EQ(s.total.stale_offers, 2u);
  EXPECT_EQ(s.total.rejections, 2u);

  ASSERT_EQ(s.by_ess.size(), 2u);
  EXPECT_EQ(s.by_ess["corp"].roams, 4u);
  EXPECT_EQ(s.by_ess["unknown"].roams, 2u);
  EXPECT_EQ(s.by_ess["corp"].stale_offers, 2u);
  EXPECT_EQ(s.by_ess["unknown"].stale_offers, 0u);

  ASSERT_EQ(s.by_ap.size(), 3u);
  const StatsBucket& a = s.by_ap["00:24:97:aa:bb:01"];
  EXPECT_EQ(a.roams, 2u);
  EXPECT_EQ(a.connections, 2u);
  EXPECT_EQ(a.refused, 2u);
  EXPECT_EQ(a.stale_offers, 2u);
  EXPECT_EQ(a.rejections, 2u);
  EXPECT_EQ(a.okc_attempts, 0u);
  EXPECT_LT(a.OkcAcceptancePercent(), 0);  // no attempts: undefined
  EXPECT_EQ(s.by_ap["00:24:97:aa:bb:02"].okc_accepted, 2u);
  EXPECT_EQ(s.by_ap["00:24:97:aa:bb:02"].reauths, 2u);
}

TEST(StatsTest, RoamTimesByMethod) {
  StatsAggregator agg;
  agg.Add(TwoApReport());
  FleetStats& s = agg.Finish();
  ASSERT_EQ(s.total.durations_us.size(), 2u);  // reauth and first connection excluded
  EXPECT_EQ(s.total.durations_us["full-eap"].count(), 2u);
  EXPECT_EQ(s.total.durations_us["okc"].count(), 1u);

  std::ostringstream out;
  WriteStatsJson(s, false, out);
  auto doc = nlohmann::json::parse(out.str());
  // Within 1 % of the exact 397 and 500 ms (the histogram's bucket middles).
  EXPECT_NEAR(doc["total"]["roam_time_ms"]["full-eap"]["p50"].get<double>(), 397.0, 3.97);
  EXPECT_NEAR(doc["total"]["roam_time_ms"]["full-eap"]["p99"].get<double>(), 500.0, 5.0);
  EXPECT_EQ(doc["total"]["roam_time_ms"]["full-eap"]["p50"].get<double>(),
            RoamTimeHistogram::Representative(RoamTimeHistogram::BucketOf(397000)) / 1000.0);
  EXPECT_EQ(doc["total"]["roam_time_ms"]["okc"]["count"], 1);
  EXPECT_EQ(doc["aps"]["00:24:97:aa:bb:01"]["okc_acceptance_percent"], nullptr);
  EXPECT_EQ(doc["ess"]["corp"]["full_eap_per_100"], 50.0);

  std::ostringstream text;
  WriteStatsText(s, text);
  EXPECT_NE(text.str().find("1 traces, 1000 lines, 3 roams, 1 re-authentications, 2 findings"),
            std::string::npos)
      << text.str();
  EXPECT_NE(text.str().find("00:24:97:aa:bb:03"), std::string::npos);
}

TEST(StatsTest, EmptyAggregateIsZero) {
  StatsAggregator agg;
  FleetStats& s = agg.Finish();
  EXPECT_EQ(s.traces, 0u);
  EXPECT_EQ(s.total.FullEapPer100(), 0.0);
  std::ostringstream out;
  WriteStatsJson(s, false, out);
  EXPECT_EQ(nlohmann::json::parse(out.str())["total"]["roams"], 0);
}

// Only the first offer of a clone is an OKC attempt: later offers of the
// validated entry are PMKSA-cache offers (18 % "acceptance" before, for a
// network that accepted every OKC offer).
TEST(StatsTest, LaterOffersOfAValidatedCloneAreNotOkcAttempts) {
  Report r;
  RoamSummary first = Roam("00:24:97:aa:bb:01", "corp", "full-eap", 400);
  first.first = true;
  r.roams.push_back(first);
  for (int i = 0; i < 5; ++i) {
    RoamSummary roam = Roam(i % 2 ? "00:24:97:aa:bb:01" : "00:24:97:aa:bb:02", "corp",
                            i == 0 ? "okc" : "pmksa-cache", 30);
    roam.offered = true;
    roam.offered_pmkid = PmkidOf(i % 2 ? 1 : 2);  // B's clone, then A's own entry in turn
    r.roams.push_back(roam);
  }
  CacheEntryHistory clone;
  clone.clone = true;
  clone.pmkid = PmkidOf(2);
  r.cache_history.push_back(clone);
  StatsAggregator aggregator;
  aggregator.Add(r);
  const StatsBucket& t = aggregator.Finish().total;
  EXPECT_EQ(t.roams, 5u);
  EXPECT_EQ(t.okc_attempts, 1u);
  EXPECT_EQ(t.okc_accepted, 1u);
  EXPECT_EQ(t.pmksa_cache, 4u);
  EXPECT_DOUBLE_EQ(t.OkcAcceptancePercent(), 100.0);
}

// OKC on one basis, checked against the AP's own log: corpus pair 20 is a
// real wpa_supplicant and hostapd (one process, two BSSs sharing their
// PMKSA cache) run against each other. Every "OKC match for PMKID" in the
// hostapd log is an OKC attempt the AP accepted; later offers of the
// validated entry are plain PMKSA-cache hits, not OKC attempts.
TEST(StatsTest, OkcAcceptanceMatchesTheHostapdLogOfCorpusPair20) {
  const std::string dir = std::string(ROAMREPLAY_SOURCE_DIR) + "/../shared/corpus/";
  const std::string sta = dir + "20-hostap-testdrv-okc-shared-pre-sta.log";
  const std::string ap = dir + "20-hostap-testdrv-okc-shared-pre-hostapd.log";
  std::ifstream ap_in(ap);
  if (!std::filesystem::exists(sta) || !ap_in) GTEST_SKIP() << "corpus absent: " << dir;
  uint64_t okc_matches = 0;
  for (std::string line; std::getline(ap_in, line);)
    okc_matches += line.find("OKC match for PMKID") != std::string::npos;
  ASSERT_GT(okc_matches, 0u);
  Report report;
  ASSERT_TRUE(ReplayFile(sta, ReplayOptions(), &report).ok());
  StatsAggregator aggregator;
  aggregator.Add(report);
  const StatsBucket& t = aggregator.Finish().total;
  EXPECT_EQ(t.okc_accepted, okc_matches);
  EXPECT_EQ(t.okc_attempts, okc_matches);  // the AP refused no OKC offer
  EXPECT_DOUBLE_EQ(t.OkcAcceptancePercent(), 100.0);
}

TEST(StatsPartialTest, RoundTripAndMerge) {
  StatsAggregator agg({"ess", "ap", "firmware"});
  Report r = TwoApReport();
  r.firmware = "7.45.1";
  agg.Add(r);
  FleetStats& s = agg.Finish();
  std::ostringstream partial;
  WriteStatsPartial(s, partial);
  FleetStats merged;
  bool first = true;
  for (int i = 0; i < 2; ++i) {
    std::istringstream in(partial.str());
    ASSERT_TRUE(MergeStatsPartial("p", in, &merged, &first).ok());
  }
  EXPECT_EQ(merged.group_by, (std::vector<std::string>{"ess", "ap", "firmware"}));
  EXPECT_EQ(merged.traces, 2u);
  EXPECT_EQ(merged.total.roams, 2 * s.total.roams);
  EXPECT_EQ(merged.by_firmware["7.45.1"].roams, 2 * s.total.roams);
  EXPECT_EQ(merged.total.durations_us["full-eap"].count(), 4u);

  std::istringstream bad("{\"format\":\"roamreplay-stats-partial\",\"version\":2}");
  Status st = MergeStatsPartial("old.json", bad, &merged, &first);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("old.json: partial version 2"), std::string::npos) << st.message();
}

TEST(StatsTest, GroupByParsing) {
  std::vector<std::string> dims;
  ASSERT_TRUE(ParseGroupBy("firmware,ess", &dims).ok());
  EXPECT_EQ(dims, (std::vector<std::string>{"ess", "firmware"}));
  EXPECT_FALSE(ParseGroupBy("ess,", &dims).ok());
  EXPECT_FALSE(ParseGroupBy("channel", &dims).ok());
}

}  // namespace
}  // namespace roamreplay

namespace roamreplay {
namespace {

std::string StatsJsonOf(const StatsAggregator& aggregator) {
  std::ostringstream out;
  WriteStatsJson(aggregator.stats(), false, out);
  return out.str();
}

// Issue 18: `stats` takes its figures from a TraceTally while the replay
// runs, keeping no lists; the figures are those of the full lists, for
// every log of the tree and the real corpus (skipped when absent), one by
// one and all together.
TEST(StatsTest, StreamedTallyEqualsTheFullLists) {
  std::vector<std::string> logs;
  const std::string src = ROAMREPLAY_SOURCE_DIR;
  for (const std::string& dir : {src + "/logs", src + "/../shared/corpus"}) {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
      if (e.path().extension() == ".log") logs.push_back(e.path().string());
  }
  std::sort(logs.begin(), logs.end());
  ASSERT_GE(logs.size(), 5u);
  StatsAggregator all_lists({"ess", "ap", "supplicant"}), all_tally({"ess", "ap", "supplicant"});
  for (const std::string& log : logs) {
    ReplayOptions lists;
    lists.rules.max_roams = SIZE_MAX;
    lists.rules.max_cache_history = SIZE_MAX;
    ReplayOptions tally;  // what `stats` does
    tally.make_sink = [] { return std::make_shared<TraceTally>(); };
    tally.rules.max_cache_history = 0;
    tally.rules.max_findings = 0;
    Report a, b;
    (void)ReplayFile(log, lists, &a);
    (void)ReplayFile(log, tally, &b);
    ASSERT_NE(b.sink, nullptr);
    EXPECT_TRUE(b.cache_history.empty());
    EXPECT_EQ(b.FindingsTotal(), a.findings.size()) << log;
    StatsAggregator one_lists, one_tally;
    one_lists.Add(a);
    one_tally.AddTally(b);
    EXPECT_EQ(StatsJsonOf(one_tally), StatsJsonOf(one_lists)) << log;
    all_lists.Add(a);
    all_tally.AddTally(b);
  }
  EXPECT_EQ(StatsJsonOf(all_tally), StatsJsonOf(all_lists));
  EXPECT_GT(all_tally.stats().total.roams, 0u);
}

// Roams past the roam list's limit still count.
TEST(StatsTest, TallyCountsRoamsPastTheListLimit) {
  std::string log;
  int64_t t = 1317158000000000;
  auto line = [&](const std::string& text) {
    t += 1000;
    log += fmt::format("{}.{:06d}: {}\n", t / 1000000, t % 1000000, text);
  };
  for (int i = 0; i < 30; ++i) {
    std::string ap = fmt::format("02:00:00:00:00:{:02x}", i % 3);
    line("wlan0: Trying to associate with " + ap + " (SSID='corp' freq=2412 MHz)");
    line("wlan0: Associated with " + ap);
    line("wlan0: CTRL-EVENT-EAP-STARTED EAP authentication started");
    line("wlan0: CTRL-EVENT-EAP-SUCCESS EAP authentication completed successfully");
    line("wlan0: WPA: Key negotiation completed with " + ap + " [PTK=CCMP GTK=CCMP]");
    line("wlan0: CTRL-EVENT-CONNECTED - Connection to " + ap + " completed (auth) [id=0 id_str=]");
  }
  ReplayOptions options;
  options.make_sink = [] { return std::make_shared<TraceTally>(); };
  options.rules.max_roams = 4;
  Report report;
  ReplayBuffer("roams", log, options, &report);
  EXPECT_EQ(report.roams.size(), 4u);
  StatsAggregator aggregator;
  aggregator.AddTally(report);
  const FleetStats& s = aggregator.stats();
  EXPECT_EQ(s.total.connections, 1u);
  EXPECT_EQ(s.total.roams, 29u);
  EXPECT_EQ(s.total.full_eap, 29u);
  EXPECT_EQ(s.total.reconnects, 0u);
  EXPECT_EQ(s.by_ap.size(), 3u);
}

}  // namespace
}  // namespace roamreplay
