// The SAE / WPA3 files of ../shared/corpus (SOURCES.md there) through the
// per-AKM PMKSA model (issue 13): their cache entries (AKMP, PMKID origin,
// driver answer) and the PMKSA findings, as verified by reading each log.
// The logs are read in place, never copied; every test skips without them.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "app/replay.h"
#include "report/writers.h"

namespace roamreplay {
namespace {

std::string CorpusDir() { return std::string(ROAMREPLAY_SOURCE_DIR) + "/../shared/corpus/"; }

class AkmCorpusTest : public ::testing::Test {
 protected:
  bool Load(const std::string& name, ReplayOptions options = ReplayOptions()) {
    std::string path = CorpusDir() + name;
    if (!std::filesystem::exists(path)) return false;
    std::ifstream in(path, std::ios::binary);
    data_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    ReplayBuffer(name, data_, options, &report_);
    return true;
  }

  std::vector<const Finding*> Findings(const char* kind) const {
    std::vector<const Finding*> out;
    for (const Finding& f : report_.findings)
      if (f.kind == kind) out.push_back(&f);
    return out;
  }

  // "line:cause" of each finding of `kind`.
  std::vector<std::string> LinesAndCauses(const char* kind) const {
    std::vector<std::string> out;
    for (const Finding* f : Findings(kind)) out.push_back(std::to_string(f->line) + ":" + f->cause);
    return out;
  }

  std::string SnapshotText(uint64_t line, const std::string& name) {
    ReplayOptions options;
    options.snapshot = true;
    options.snapshot_line = line;
    Report r;
    ReplayBuffer(name, data_, options, &r);
    std::ostringstream out;
    if (r.snapshot) WriteCacheSnapshotText(*r.snapshot, out);
    return out.str();
  }

  std::string data_;
  Report report_;
};

#define LOAD_OR_SKIP(name) \
  if (!Load(name)) GTEST_SKIP() << "corpus absent: " << CorpusDir() << name

// 03 (b43, -d, v2.9): nine SAE exchanges with one AP, each giving
// "SAE: PMKID" then "RSN: Added PMKSA cache entry ... akmp=0x400" and
// "NL80211_CMD_SET_PMKSA failed: -95" (the driver keeps no PMKSA). Every
// association fails (status 31, no working MFP); six times the next attempt
// offers the entry, gets status 31 again and "PMKSA caching attempt rejected
// - drop PMKSA cache entry and fall back to SAE authentication" flushes it.
TEST_F(AkmCorpusTest, B43SaeEntriesAndTheRetryLoop03) {
  const std::string name = "03-b43-sae-pmksa-caching-rejected-loop-journald-dd.log";
  LOAD_OR_SKIP(name);
  ASSERT_EQ(report_.cache_history.size(), 9u);
  for (const CacheEntryHistory& h : report_.cache_history) {
    EXPECT_EQ(h.keys.akmp, 0x400);
    EXPECT_EQ(h.keys.akm, "SAE");
    EXPECT_EQ(h.keys.pmkid_source, "sae");  // from the exchange, no HMAC proof
    EXPECT_EQ(h.keys.driver_pmksa, "refused");
    EXPECT_FALSE(h.keys.ap_mld);
    EXPECT_EQ(h.removed_how, "flushed");
  }
  EXPECT_EQ(report_.cache_history[0].pmkid.ToHex(), "64ff4960bfc98c499440076cff284575");
  EXPECT_EQ(report_.cache_history[0].created_line, 448u);
  EXPECT_EQ(report_.cache_history[0].removed_line, 683u);
  EXPECT_EQ(report_.cache_history[1].pmkid.ToHex(), "7c0f6d9ae0ded9016e942b87c2f46dac");
  EXPECT_EQ(LinesAndCauses("pmkid-rejected"),
            (std::vector<std::string>{"681:ap-refused", "1232:ap-refused", "1785:ap-refused",
                                      "2347:ap-refused", "3362:ap-refused", "4429:ap-refused"}));
  auto loop = Findings("pmksa-retry-loop");
  ASSERT_EQ(loop.size(), 1u);
  EXPECT_EQ(loop[0]->line, 1785u);  // the third refusal
  EXPECT_EQ(loop[0]->evidence.size(), 6u);
  EXPECT_NE(loop[0]->message.find("6 times"), std::string::npos) << loop[0]->message;
  EXPECT_TRUE(Findings("stale-pmkid-reuse").empty());
  EXPECT_TRUE(Findings("pmkid-mismatch").empty());
  EXPECT_TRUE(Findings("ap-forgot-pmksa").empty());  // SAE drops after any failure
  std::string cache = SnapshotText(1000, name);
  EXPECT_NE(cache.find("7c0f6d9ae0ded9016e942b87c2f46dac"), std::string::npos) << cache;
  EXPECT_NE(cache.find("akm SAE (akmp=0x400), PMKID from sae, driver PMKSA refused"),
            std::string::npos)
      << cache;
}

// 04 (INFO, harness prefix, 2.10): SAE, PMKSA-CACHE-ADDED, connected,
// disconnected; the reconnection to the downgrade AP with the same BSSID is
// rejected with status 53 (line 56, no SAE in that attempt: the cached
// entry), PMKSA-CACHE-REMOVED, fresh SAE, connected. INFO lines print no
// akmp: the AKM stays unknown.
TEST_F(AkmCorpusTest, Wpa3Platform04Status53OnTheCachedEntry) {
  const std::string name = "04-wpa3platform-sae-assocreject53-pmksa-removed.log";
  LOAD_OR_SKIP(name);
  ASSERT_EQ(report_.cache_history.size(), 2u);
  EXPECT_EQ(report_.cache_history[0].keys.akmp, 0);
  EXPECT_EQ(report_.cache_history[0].keys.akm, "");
  EXPECT_EQ(report_.cache_history[0].removed_line, 57u);
  EXPECT_EQ(LinesAndCauses("pmkid-rejected"), std::vector<std::string>{"56:ap-refused"});
  EXPECT_EQ(Findings("ap-forgot-pmksa").size(), 1u);
  EXPECT_TRUE(Findings("pmksa-retry-loop").empty());
  EXPECT_TRUE(Findings("sae-pmk-outdated").empty());  // no password change in the log
}

// 05 (ESP-IDF v5.1.2 port): five SAE entries ("SAE: PMKID" then "RSN: Added
// PMKSA cache entry ... network_ctx=0x0" without akmp); the ESP32 prints the
// PMK bytes, which must not be taken for a broken HMAC PMKID (SAE). After
// "wpa3: Skip SAE and use cached PMK instead" the AP rejects the association
// with status 53 (the Wi-Fi library's "state: assoc -> init (3510)", lines
// 1029, 1965), "Invalid PMKID(49)", and the entry is flushed (1038, 1974).
// The third entry (2310) is lost when the ESP32 reboots ("wifi driver task"
// 2699 of boot 2), not replaced by boot 2's first SAE (3068).
TEST_F(AkmCorpusTest, Esp32SaeEntriesKeepTheirExchangePmkid05) {
  LOAD_OR_SKIP("05-wpa3platform-esp32-sae-cached-pmk-invalid-pmkid.log");
  ASSERT_EQ(report_.cache_history.size(), 5u);
  for (const CacheEntryHistory& h : report_.cache_history) EXPECT_EQ(h.keys.pmkid_source, "sae");
  EXPECT_EQ(report_.cache_history[0].pmkid.ToHex(), "f5817c6bb1652a12cb4374bc35ba415d");
  EXPECT_EQ(report_.cache_history[0].removed_line, 1038u);
  EXPECT_EQ(report_.cache_history[1].removed_line, 1974u);
  EXPECT_EQ(report_.cache_history[2].removed_line, 2699u);
  EXPECT_EQ(report_.cache_history[2].removed_how, "reboot");
  EXPECT_EQ(LinesAndCauses("pmkid-rejected"),
            (std::vector<std::string>{"1029:ap-refused", "1965:ap-refused"}));
  EXPECT_TRUE(Findings("pmkid-mismatch").empty());
  EXPECT_TRUE(Findings("pmksa-retry-loop").empty());  // a full SAE succeeds after each
}

// 07 (rt2800, -d, v2.9): the working case. One SAE entry (PMKID b6a33d32...,
// akmp=0x400, SET_PMKSA refused by the driver), the AP's msg 1/4 carries the
// same PMKID ("found matching PMKID from PMKSA cache"), connected.
TEST_F(AkmCorpusTest, Rt2800SaePmkidMatchedInMsg1_07) {
  const std::string name = "07-rt2800-sae-pmkid-msg1-match-journald-dd.log";
  LOAD_OR_SKIP(name);
  ASSERT_EQ(report_.cache_history.size(), 1u);
  const CacheEntryHistory& h = report_.cache_history[0];
  EXPECT_EQ(h.pmkid.ToHex(), "b6a33d3240ecfef34de47179b14a205a");
  EXPECT_EQ(h.keys.akm, "SAE");
  EXPECT_EQ(h.keys.pmkid_source, "sae");
  EXPECT_EQ(h.keys.pmkid_learned_line, 0u);  // "SAE: PMKID" (392) before the add (451)
  EXPECT_EQ(h.keys.driver_pmksa, "refused");
  EXPECT_EQ(h.removed_line, 0u);
  EXPECT_TRUE(report_.findings.empty());
  // A full SAE: the msg 1/4 match is of the entry this SAE made, not caching.
  ASSERT_EQ(report_.roams.size(), 1u);
  EXPECT_EQ(report_.roams[0].method, "sae");
  std::string cache = SnapshotText(460, name);
  EXPECT_NE(cache.find("b6a33d3240ecfef34de47179b14a205a"), std::string::npos) << cache;
  EXPECT_NE(cache.find("akm SAE (akmp=0x400), PMKID from sae"), std::string::npos) << cache;
}

// 08 (rtw89, INFO): SAE across five APs. Seven status-53 rejections at
// c3:c1, c6:a1 and c5:c1; reading the attempts: three (446, 889, 1010) come
// without an SAE exchange in the attempt (the cached entry offered), the
// other four (1063, 1183, 1295, 1408) right after "PMKSA-CACHE-ADDED" of a
// fresh SAE in the same attempt: the AP rejected the PMKSA it had just made.
// A success follows each cached refusal, so no retry loop.
TEST_F(AkmCorpusTest, Rtw89CachedAndFreshStatus53_08) {
  LOAD_OR_SKIP("08-rtw89-sae-multi-ap-roam-pmksa-journald.log");
  EXPECT_EQ(report_.cache_history.size(), 12u);
  EXPECT_EQ(LinesAndCauses("pmkid-rejected"),
            (std::vector<std::string>{"446:ap-refused", "889:ap-refused", "1010:ap-refused",
                                      "1063:fresh-pmksa", "1183:fresh-pmksa", "1295:fresh-pmksa",
                                      "1408:fresh-pmksa"}));
  EXPECT_EQ(Findings("ap-forgot-pmksa").size(), 3u);
  EXPECT_TRUE(Findings("pmksa-retry-loop").empty());
  EXPECT_TRUE(Findings("stale-pmkid-reuse").empty());
  for (const CacheEntryHistory& h : report_.cache_history) EXPECT_EQ(h.keys.akm, "");
}

// 09 (mt7921e, INFO, NM): 28 SAE entries added and removed around module
// reloads, each a fresh SAE; no PMKID is ever offered or refused.
TEST_F(AkmCorpusTest, Mt7921eSaeCyclesGiveNoPmksaFinding09) {
  LOAD_OR_SKIP("09-mt7921e-nm-sae-pmksa-cycles-journald.log");
  EXPECT_EQ(report_.cache_history.size(), 28u);
  for (const char* kind : {"pmkid-rejected", "stale-pmkid-reuse", "pmksa-retry-loop",
                           "akmp-mismatch", "sae-pmk-outdated", "ap-forgot-pmksa"})
    EXPECT_TRUE(Findings(kind).empty()) << kind;
}

// 10 (RPi brcmfmac, -ddt, wrapped): the SAE network is never selected
// ("No PMKSA cache entry found" only): an empty cache, no finding.
TEST_F(AkmCorpusTest, BrcmfmacNeverConnects10) {
  LOAD_OR_SKIP("10-rpi-brcmfmac-wpa3-ddt-wrapped.log");
  EXPECT_TRUE(report_.cache_history.empty());
  EXPECT_TRUE(Findings("pmkid-rejected").empty());
}

// 15 (rtw88, INFO, needle in a haystack): three SAE entries on 2.4/5 GHz
// BSSIDs, removed together at lines 5732-5734; nothing offered.
TEST_F(AkmCorpusTest, Rtw88ThreeEntriesRemovedTogether15) {
  LOAD_OR_SKIP("15-rtw88-journal-sae-band-roam.log");
  ASSERT_EQ(report_.cache_history.size(), 3u);
  EXPECT_EQ(report_.cache_history[0].removed_line, 5732u);
  EXPECT_EQ(report_.cache_history[2].removed_line, 5734u);
  EXPECT_TRUE(Findings("pmkid-rejected").empty());
  EXPECT_TRUE(Findings("over-flush").empty());
}

// 16 (brcmfmac external SAE, -t, v2.11): one PMKSA-CACHE-ADDED (line 3),
// then an RSNXE mismatch and disconnects; no PMKID offered.
TEST_F(AkmCorpusTest, BrcmfmacExternalSaeEntry16) {
  LOAD_OR_SKIP("16-brcmfmac-sae-t-timestamps.log");
  ASSERT_EQ(report_.cache_history.size(), 1u);
  EXPECT_EQ(report_.cache_history[0].created_line, 3u);
  EXPECT_EQ(report_.cache_history[0].removed_line, 0u);
  EXPECT_TRUE(Findings("pmkid-rejected").empty());
  EXPECT_TRUE(Findings("pmksa-retry-loop").empty());
}

}  // namespace
}  // namespace roamreplay
