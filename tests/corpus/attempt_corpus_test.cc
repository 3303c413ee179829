// Per-attempt records (trigger, method, outcome, failure codes) of the real
// corpus logs in ../shared/corpus, each checked against the log by reading
// it (the comments say what). Skips when the corpus is absent.

#include <gtest/gtest.h>

#include <filesystem>

#include "app/replay.h"

namespace roamreplay {
namespace {

std::string CorpusDir() { return std::string(ROAMREPLAY_SOURCE_DIR) + "/../shared/corpus/"; }

class AttemptCorpusTest : public ::testing::Test {
 protected:
  bool Load(const std::string& name) {
    std::string path = CorpusDir() + name;
    if (!std::filesystem::exists(path)) return false;
    return ReplayFile(path, ReplayOptions(), &report_).ok();
  }
  std::vector<std::string> Triggers() const {
    std::vector<std::string> out;
    for (const RoamSummary& r : report_.roams) out.push_back(r.detail.trigger.kind);
    return out;
  }
  std::vector<std::string> Methods() const {
    std::vector<std::string> out;
    for (const RoamSummary& r : report_.roams) out.push_back(r.method);
    return out;
  }
  int Count(const char* kind) const {
    int n = 0;
    for (const Finding& f : report_.findings) n += f.kind == kind;
    return n;
  }
  Report report_;
};

#define LOAD_OR_SKIP(name) \
  if (!Load(name)) GTEST_SKIP() << "corpus absent: " << CorpusDir() << name

// 02 (INFO, journald): the log starts inside an FT roam to b7:d3 (line 3):
// "FT: RSNE mismatch ..." (19), the kernel deauthenticates with reason 13,
// CTRL-EVENT-DISCONNECTED reason=13 locally_generated=1 (25). The station
// tries b8:03 (34), which the kernel log shows rejected with status 30 and
// wpa_supplicant prints nothing for (superseded at 55), then b1:a0 with
// full EAP (93). After CTRL-EVENT-SIGNAL-CHANGE above=0 (96) it tries FT to
// b8:03 (110): RSNE mismatch again, reason 13 (131); falls back to b1:a0
// (163). Then two locally generated disconnects with reason 2 (179, 252)
// each followed by a full EAP elsewhere (238, 307).
TEST_F(AttemptCorpusTest, HarvardFtFailuresAndFallbacks02) {
  LOAD_OR_SKIP("02-harvard-eaptls-okc-flush-roam-journald.log");
  EXPECT_EQ(Triggers(), (std::vector<std::string>{"startup", "auth-failure-retry",
                                                  "auth-failure-retry", "signal",
                                                  "auth-failure-retry", "disconnect",
                                                  "disconnect"}));
  EXPECT_EQ(Methods(), (std::vector<std::string>{"failed", "failed", "full-eap", "failed",
                                                 "full-eap", "full-eap", "full-eap"}));
  for (size_t i : {0u, 3u}) {
    const RoamSummary& r = report_.roams[i];
    ASSERT_TRUE(r.detail.failure) << i;
    EXPECT_EQ(r.detail.failure->phase, "association");
    EXPECT_EQ(r.detail.failure->reason_code, 13);
    EXPECT_EQ(r.detail.failure->name, "INVALID_IE");
    EXPECT_EQ(r.detail.failure->locally_generated, true);
    EXPECT_EQ(r.detail.fast_path.why_not, "ft-failed");
  }
  EXPECT_EQ(report_.roams[4].fallback_of, 3u);
  EXPECT_EQ(report_.roams[5].detail.trigger.reason, "PREV_AUTH_NOT_VALID");
  EXPECT_EQ(report_.roams[5].detail.trigger.locally_generated, true);
  EXPECT_EQ(Count("ft-failed"), 2);
  EXPECT_EQ(Count("link-loss"), 0);  // the station ended every link itself
}

// 16 (-t, INFO): two attempts at c0:ee:40:da:39:d6, both failed. First:
// "WPA: RSNXE mismatch between Beacon/ProbeResp and EAPOL-Key msg 3/4", then
// CTRL-EVENT-DISCONNECTED reason=17 locally_generated=1 (line 12); the
// second ends with reason=6 from the AP (27).
TEST_F(AttemptCorpusTest, BrcmfmacRsnxeMismatch16) {
  LOAD_OR_SKIP("16-brcmfmac-sae-t-timestamps.log");
  ASSERT_EQ(report_.roams.size(), 2u);
  EXPECT_EQ(Triggers(), (std::vector<std::string>{"startup", "auth-failure-retry"}));
  const AttemptFailure& a = *report_.roams[0].detail.failure;
  EXPECT_EQ(a.phase, "4way");
  EXPECT_EQ(a.reason_code, 17);
  EXPECT_EQ(a.name, "IE_IN_4WAY_DIFFERS");
  EXPECT_EQ(a.locally_generated, true);
  const AttemptFailure& b = *report_.roams[1].detail.failure;
  EXPECT_EQ(b.reason_code, 6);
  EXPECT_EQ(b.name, "CLASS2_FRAME_FROM_NONAUTH_STA");
  EXPECT_EQ(b.locally_generated, false);
  EXPECT_EQ(report_.roams[1].fallback_of, 0u);
}

// 22 (v2.0 -dd): "WPA: using KEY_MGMT 802.1X" (97), full EAP (613); the
// DISCONNECT command (628) makes the supplicant "Request to deauthenticate
// ... reason=3 state=COMPLETED" (631), CTRL-EVENT-DISCONNECTED reason=0 (634,
// v2.0 has no locally_generated); the test driver then sends RECONNECT
// (694), and the station reconnects with PMKSA caching (879).
TEST_F(AttemptCorpusTest, PmksaHitV20Reconnect22) {
  LOAD_OR_SKIP("22-hostap-testdrv-pmksa-hit-v2_0-sta.log");
  ASSERT_EQ(report_.roams.size(), 2u);
  EXPECT_EQ(Methods(), (std::vector<std::string>{"full-eap", "pmksa-cache"}));
  EXPECT_EQ(report_.roams[0].detail.akm, "802.1X");
  EXPECT_EQ(report_.roams[0].detail.trigger.kind, "startup");
  const AttemptTrigger& t = report_.roams[1].detail.trigger;
  EXPECT_EQ(t.kind, "ctrl-command");
  EXPECT_EQ(t.line, 694u);
  EXPECT_EQ(t.detail, "control interface: RECONNECT");
  EXPECT_EQ(report_.roams[1].detail.fast_path.expected, "pmksa");
  EXPECT_TRUE(report_.roams[1].detail.fast_path.used);
  EXPECT_EQ(report_.roams[1].detail.outcome, "success");
  EXPECT_EQ(Count("link-loss"), 0);
}

// 18 (INFO, journald, PSK to a printer's Wi-Fi Direct AP d8:44): no
// attempt ever completes. The first (60) associates (67) and is disconnected
// by the AP with reason=2 (77, no locally_generated); the INFO log shows
// nothing of the 4-way handshake, so the phase is unknown. The second (114)
// associates and is superseded by the next attempt (390) with nothing in
// between. The third (390) is ended during association by the station:
// reason=3 locally_generated=1 (399). Attempts come 15-25 s apart in
// bursts of at most four, so there is no storm (6 within 300 s).
TEST_F(AttemptCorpusTest, PskFailLoop18) {
  LOAD_OR_SKIP("18-ath11k-journal-psk-fail-loop.log");
  ASSERT_GE(report_.roams.size(), 5u);
  for (const RoamSummary& r : report_.roams) EXPECT_EQ(r.detail.outcome, "failed");
  EXPECT_EQ(report_.roams[0].detail.trigger.kind, "startup");
  for (size_t i = 1; i < report_.roams.size(); ++i) {
    EXPECT_EQ(report_.roams[i].detail.trigger.kind, "auth-failure-retry") << i;
    EXPECT_EQ(report_.roams[i].fallback_of, i - 1) << i;
  }
  const AttemptFailure& a = *report_.roams[0].detail.failure;
  EXPECT_EQ(a.phase, "unknown");
  EXPECT_EQ(a.reason_code, 2);
  EXPECT_EQ(a.name, "PREV_AUTH_NOT_VALID");
  EXPECT_EQ(a.locally_generated, false);
  EXPECT_EQ(a.line, 77u);
  const AttemptFailure& c = *report_.roams[2].detail.failure;
  EXPECT_EQ(c.phase, "association");
  EXPECT_EQ(c.reason_code, 3);
  EXPECT_EQ(c.name, "DEAUTH_LEAVING");
  EXPECT_EQ(c.locally_generated, true);
  EXPECT_EQ(c.line, 399u);
  EXPECT_EQ(Count("roam-storm"), 0);
}

// 20 (2011 -dd, hostap test driver): "CTRL_IFACE: ENABLE_NETWORK id=0" (51)
// starts the first connection (full EAP at fe:cb); "CTRL_IFACE ROAM
// 02:d8:1e:6b:8b:11" (632) the OKC roam; the AP starts a re-authentication
// (794); "CTRL_IFACE ROAM 02:a9:5d:f9:fe:cb" (1270) the roam back, which
// offers the stale PMKID (1276) and the AP accepts it.
TEST_F(AttemptCorpusTest, OkcSharedPre20CommandTriggers) {
  LOAD_OR_SKIP("20-hostap-testdrv-okc-shared-pre-sta.log");
  ASSERT_EQ(report_.roams.size(), 4u);
  EXPECT_EQ(Triggers(), (std::vector<std::string>{"ctrl-command", "ctrl-command", "unknown",
                                                  "ctrl-command"}));
  EXPECT_EQ(report_.roams[0].detail.trigger.line, 51u);
  EXPECT_EQ(report_.roams[0].detail.trigger.detail, "control interface: ENABLE_NETWORK id=0");
  EXPECT_EQ(report_.roams[1].detail.trigger.line, 632u);
  EXPECT_EQ(report_.roams[3].detail.trigger.line, 1270u);
  EXPECT_TRUE(report_.roams[2].reauth);
  EXPECT_EQ(report_.roams[1].detail.fast_path.expected, "okc");
  EXPECT_TRUE(report_.roams[1].detail.fast_path.used);
  EXPECT_EQ(report_.roams[3].detail.fast_path.expected, "pmksa");
  EXPECT_TRUE(report_.roams[3].detail.fast_path.used);
  for (const RoamSummary& r : report_.roams) {
    EXPECT_EQ(r.detail.akm, "802.1X");
    EXPECT_EQ(r.detail.outcome, "success");
  }
  for (const Finding& f : report_.findings)
    if (f.kind == "stale-pmkid-reuse") EXPECT_EQ(f.offered, true);  // it reached the AP
}

// 21 (2011 -dd): ENABLE_NETWORK (51), "CTRL_IFACE ROAM 02:d8:1e:6b:8b:11"
// (632): the OKC clone is refused (698) and full EAP follows; the AP's
// re-authentication (1190); "CTRL_IFACE ROAM 02:a9:5d:f9:fe:cb" (1652) uses
// PMKSA caching.
TEST_F(AttemptCorpusTest, OkcSplitPre21RefusedOkcIsTheMissedFastPath) {
  LOAD_OR_SKIP("21-hostap-testdrv-okc-split-pre-sta.log");
  ASSERT_EQ(report_.roams.size(), 4u);
  EXPECT_EQ(Triggers(), (std::vector<std::string>{"ctrl-command", "ctrl-command", "unknown",
                                                  "ctrl-command"}));
  EXPECT_EQ(report_.roams[3].detail.trigger.line, 1652u);
  const FastPath& refused = report_.roams[1].detail.fast_path;
  EXPECT_EQ(refused.expected, "okc");
  EXPECT_FALSE(refused.used);
  EXPECT_EQ(refused.why_not, "ap-refused");
  EXPECT_EQ(report_.roams[3].method, "pmksa-cache");
  EXPECT_TRUE(report_.roams[3].detail.fast_path.used);
}


// 03 (v2.9 -d, journald, whole-second clock; b43 without working MFP): the
// station never connects. 15 attempts at 02:f0:21:24:28:44, each ended by
// CTRL-EVENT-ASSOC-REJECT status_code=31 (ROBUST_MGMT_FRAME_POLICY_VIOLATION:
// 477, 679, 1022, ... 4427). Read from the SME lines, the authentication of
// each alternates: SAE commit/confirm (auth_type=3 transaction 1 and 2), then
// a PMKSA caching try with open authentication (auth_type=0, after "PMKSA
// cache entry found - try to use PMKSA caching instead of new SAE"), whose
// reject prints "PMKSA caching attempt rejected - drop PMKSA cache entry";
// the two TEMP-DISABLED pauses (2135, 2697) break the pattern: attempts 8/9
// and 11/12 are SAE twice. Every attempt after the first retries the failed
// one before it. Whole-second clock: every phase is null.
TEST_F(AttemptCorpusTest, B43SaeAssocRejectLoop03) {
  LOAD_OR_SKIP("03-b43-sae-pmksa-caching-rejected-loop-journald-dd.log");
  ASSERT_EQ(report_.roams.size(), 15u);
  const std::vector<std::string> algs = {"sae", "open", "sae", "open", "sae", "open", "sae", "open",
                                         "sae", "sae",  "open", "sae", "sae", "open", "sae"};
  for (size_t i = 0; i < report_.roams.size(); ++i) {
    const RoamSummary& r = report_.roams[i];
    EXPECT_EQ(r.detail.trigger.kind, i == 0 ? "startup" : "auth-failure-retry") << i;
    EXPECT_EQ(r.method, "failed") << i;
    EXPECT_EQ(r.detail.auth_algorithm, algs[i]) << i;
    EXPECT_EQ(r.detail.akm, "SAE") << i;
    ASSERT_TRUE(r.detail.failure) << i;
    EXPECT_EQ(r.detail.failure->phase, "association") << i;
    EXPECT_EQ(r.detail.failure->status_code, 31) << i;
    EXPECT_EQ(r.detail.failure->name, "ROBUST_MGMT_FRAME_POLICY_VIOLATION") << i;
    if (i > 0) EXPECT_EQ(r.fallback_of, i - 1);
    EXPECT_FALSE(r.detail.phases.scan || r.detail.phases.authentication || r.detail.phases.total)
        << i;
  }
  EXPECT_EQ(report_.roams[0].detail.failure->line, 477u);
  EXPECT_EQ(report_.roams[14].detail.failure->line, 4770u);
  EXPECT_EQ(report_.roams[1].detail.fast_path.expected, "sae-pmksa");
  EXPECT_FALSE(report_.roams[1].detail.fast_path.used);
}

// 07 (v2.9 -d, journald, whole-second clock; rt2800, the working case): one
// attempt at 02:f0:21:24:28:44 (startup, 364): "RSN: using KEY_MGMT SAE"
// (181), SAE commit and confirm (auth_type=3, 383 and 445), association
// (492), msg 1/4 carries the PMKID SAE just added, "PMKSA caching was used -
// skip EAPOL" (534), key negotiation (608), CONNECTED (613). A full SAE: the
// "PMKSA caching" line refers to the entry the SAE exchange created.
TEST_F(AttemptCorpusTest, Rt2800FullSae07) {
  LOAD_OR_SKIP("07-rt2800-sae-pmkid-msg1-match-journald-dd.log");
  ASSERT_EQ(report_.roams.size(), 1u);
  const RoamSummary& r = report_.roams[0];
  EXPECT_EQ(r.detail.trigger.kind, "startup");
  EXPECT_EQ(r.detail.akm, "SAE");
  EXPECT_EQ(r.detail.auth_algorithm, "sae");
  EXPECT_EQ(r.method, "sae");
  EXPECT_EQ(r.detail.outcome, "success");
  EXPECT_FALSE(r.detail.failure);
  EXPECT_EQ(r.detail.fast_path.why_not, "first-connection");
  EXPECT_FALSE(r.detail.phases.scan || r.detail.phases.authentication || r.detail.phases.total);
}

// 15 (INFO, full-boot journald; only 97 wpa_supplicant lines): four attempts.
// f2:09:0d:27:eb:1a at 2432 MHz (1956, startup): two "SME: Trying to
// authenticate" (SAE commit/confirm), PMKSA-CACHE-ADDED, CONNECTED (1985).
// Five minutes later a roam to f2:09:0d:87:eb:1a (2753) with nothing logged
// that says why (unknown): CTRL-EVENT-AUTH-REJECT auth_type=3 status_code=30
// (2770, ASSOC_REJECTED_TEMPORARILY, phase authentication); the retry goes
// to f2:09:0d:87:d3:26 (2775) and connects (2794). Another roam without a
// logged cause to 87:eb:1a (2822) connects (2853). The INFO log names no
// AKM, so the successes are full-auth. The later CTRL-EVENT-DISCONNECTED
// reason=4 locally_generated=1 (5419) is followed by no attempt (the driver
// fails every scan).
TEST_F(AttemptCorpusTest, Rtw88SaeBandRoam15) {
  LOAD_OR_SKIP("15-rtw88-journal-sae-band-roam.log");
  ASSERT_EQ(report_.roams.size(), 4u);
  EXPECT_EQ(Triggers(), (std::vector<std::string>{"startup", "unknown", "auth-failure-retry",
                                                  "unknown"}));
  EXPECT_EQ(Methods(), (std::vector<std::string>{"full-auth", "failed", "full-auth", "full-auth"}));
  const RoamSummary& rejected = report_.roams[1];
  EXPECT_EQ(rejected.bssid.ToString(), "f2:09:0d:87:eb:1a");
  EXPECT_EQ(rejected.detail.auth_algorithm, "sae");
  ASSERT_TRUE(rejected.detail.failure);
  EXPECT_EQ(rejected.detail.failure->phase, "authentication");
  EXPECT_EQ(rejected.detail.failure->status_code, 30);
  EXPECT_EQ(rejected.detail.failure->name, "ASSOC_REJECTED_TEMPORARILY");
  EXPECT_EQ(rejected.detail.failure->line, 2770u);
  EXPECT_EQ(report_.roams[2].fallback_of, 1u);
  EXPECT_EQ(report_.roams[2].bssid.ToString(), "f2:09:0d:87:d3:26");
  for (const RoamSummary& r : report_.roams) EXPECT_FALSE(r.detail.phases.total);
}


// 08 (INFO, full-system journald; SAE roaming among a4:9b:cd:...): 28
// attempts, read line by line. Ten connect (key negotiation at 77, 197,
// 338, 469, 711, 847, 912, 960, 1345, 1579; CONNECTED right after). Seven end with
// CTRL-EVENT-ASSOC-REJECT status_code=53 (446, 889, 1010, 1063, 1183, 1295,
// 1408). Nine end when the supplicant puts the BSS on its ignore list after
// two "SME: Trying to authenticate" without an association (an SAE timeout;
// "Added BSSID ... into ignore list" 174, 290, 813, 1034, 1087, 1232, 1438;
// "... ignore list count incremented" 307, 565). One associates and is
// ended by the station (603, reason=3 locally_generated=1; INFO shows no
// phase), one is deauthenticated by the AP during the 4-way handshake (1476,
// reason=15). The attempts after CTRL-EVENT-DISCONNECTED reason=4
// locally_generated=1 (426, 532, 780, 868, 929, 986, 1383) have that
// disconnect as trigger; the two roams while connected (148, 263) log no
// cause. Single-authentication successes without PMKSA-CACHE-ADDED (180,
// 321) used the cached PMKSA.
TEST_F(AttemptCorpusTest, Rtw89SaeMultiApRoam08) {
  LOAD_OR_SKIP("08-rtw89-sae-multi-ap-roam-pmksa-journald.log");
  ASSERT_EQ(report_.roams.size(), 28u);
  std::vector<uint64_t> connected, rejected53, ignored;
  for (const RoamSummary& r : report_.roams) {
    if (r.detail.outcome == "success") connected.push_back(r.end_line);
    if (!r.detail.failure) continue;
    const AttemptFailure& f = *r.detail.failure;
    if (f.status_code == 53) {
      EXPECT_EQ(f.phase, "association");
      EXPECT_EQ(f.name, "INVALID_PMKID");
      EXPECT_EQ(r.detail.fast_path.why_not, "ap-refused");
      rejected53.push_back(f.line);
    }
    if (f.detail == "the supplicant put the BSS on its ignore list") {
      EXPECT_EQ(f.phase, "authentication") << f.line;
      ignored.push_back(f.line);
    }
  }
  EXPECT_EQ(connected, (std::vector<uint64_t>{77, 197, 338, 469, 711, 847, 912, 960, 1345, 1579}));
  EXPECT_EQ(rejected53, (std::vector<uint64_t>{446, 889, 1010, 1063, 1183, 1295, 1408}));
  EXPECT_EQ(ignored, (std::vector<uint64_t>{174, 290, 307, 565, 813, 1034, 1087, 1232, 1438}));
  const AttemptFailure& local = *report_.roams[9].detail.failure;
  EXPECT_EQ(local.line, 603u);
  EXPECT_EQ(local.reason_code, 3);
  EXPECT_EQ(local.locally_generated, true);
  const AttemptFailure& fourway = *report_.roams[26].detail.failure;
  EXPECT_EQ(fourway.line, 1476u);
  EXPECT_EQ(fourway.phase, "4way");
  EXPECT_EQ(fourway.reason_code, 15);
  EXPECT_EQ(fourway.locally_generated, false);
  std::vector<uint64_t> after_disconnect;
  for (const RoamSummary& r : report_.roams) {
    if (r.detail.trigger.kind != "disconnect") continue;
    EXPECT_EQ(r.detail.trigger.reason_code, 4);
    EXPECT_EQ(r.detail.trigger.locally_generated, true);
    after_disconnect.push_back(r.detail.trigger.line);
  }
  EXPECT_EQ(after_disconnect, (std::vector<uint64_t>{426, 532, 780, 868, 929, 986, 1383}));
  EXPECT_EQ(report_.roams[1].detail.trigger.kind, "unknown");
  EXPECT_EQ(report_.roams[3].detail.trigger.kind, "unknown");
  EXPECT_EQ(report_.roams[2].method, "pmksa-cache");
  EXPECT_EQ(report_.roams[5].method, "pmksa-cache");
}


// 05 (ESP-IDF v5.1.2 ESP32 station, esp-idf console, two boots): read in the
// Wi-Fi library's "wifi:" lines and the port's "wpa:" lines. Boot 1: "ap
// found" (321), "connect_op: ... auth=9" (SAE), "state: init -> auth" (335),
// "recv auth: seq=1, status=126" (480, the H2E commit, an accept), seq=2
// (510), "RSN: Added PMKSA cache entry" (518), "assoc -> run (10)" (522),
// key negotiation (708). The AP deauthenticates: "recv deauth, reason=0x3"
// and "run -> init (3c0)" (765-766). Reconnection (893): "PMKSA cache entry
// found - PMKID" (902), "wpa3: Skip SAE and use cached PMK instead" (1021),
// Open System "recv auth: seq=2, status=0" (1024), then "assoc -> init
// (3510)" (1029): the association response's status 0x35 = 53, INVALID_PMKID
// ("reason: Invalid PMKID(49)" 1037, "RSN: Flush PMKSA cache entry" 1038).
// A full SAE follows (1174, with SAE-PK: status 127 at 1338) and succeeds
// (1643). The same again: deauth (1698-1699), cached PMK rejected with 53
// (1829 -> 1965, flush 1974), full SAE (2113 -> 2500). Boot 2 ("rst:0x1
// (POWERON_RESET)" 2557; "wifi:wifi driver task" 2699: the cache, in RAM, is
// empty; "No PMKSA cache entry found" 2880): SAE (2871), then "Association
// refused temporarily, comeback time 1000 (TUs)" (3071), "assoc -> assoc"
// (3074) and the library's timeout "assoc -> init (200)" (3076); an SAE
// commit never answered ("auth timeout", "auth -> init (200)" 3377-3378);
// then SAE succeeds (3525 -> 3912). The AP deauthenticates once more (3970)
// and the log ends in scans that find no AP (reason=201).
TEST_F(AttemptCorpusTest, Esp32CachedPmkRejectedTwice05) {
  LOAD_OR_SKIP("05-wpa3platform-esp32-sae-cached-pmk-invalid-pmkid.log");
  ASSERT_EQ(report_.roams.size(), 8u);
  std::vector<uint64_t> starts;
  for (const RoamSummary& r : report_.roams) starts.push_back(r.start_line);
  EXPECT_EQ(starts, (std::vector<uint64_t>{321, 893, 1174, 1829, 2113, 2871, 3218, 3525}));
  EXPECT_EQ(Triggers(), (std::vector<std::string>{"startup", "deauth-from-ap", "auth-failure-retry",
                                                  "deauth-from-ap", "auth-failure-retry", "startup",
                                                  "auth-failure-retry", "auth-failure-retry"}));
  EXPECT_EQ(Methods(), (std::vector<std::string>{"sae", "failed", "sae", "failed", "sae", "failed",
                                                 "failed", "sae"}));
  for (const RoamSummary& r : report_.roams) EXPECT_EQ(r.detail.akm, "SAE") << r.start_line;
  for (size_t i : {1u, 3u}) {
    const RoamSummary& r = report_.roams[i];
    const AttemptTrigger& t = r.detail.trigger;
    EXPECT_EQ(t.line, i == 1 ? 766u : 1699u);
    EXPECT_EQ(t.reason_code, 3);
    EXPECT_EQ(t.reason, "DEAUTH_LEAVING");
    EXPECT_EQ(t.locally_generated, false);
    EXPECT_EQ(r.detail.auth_algorithm, "open");  // the cached PMK: no SAE exchange
    EXPECT_TRUE(r.refused);
    ASSERT_TRUE(r.detail.failure) << i;
    EXPECT_EQ(r.detail.failure->phase, "association");
    EXPECT_EQ(r.detail.failure->status_code, 53);
    EXPECT_EQ(r.detail.failure->name, "INVALID_PMKID");
    EXPECT_EQ(r.detail.failure->line, i == 1 ? 1029u : 1965u);
    EXPECT_EQ(r.detail.fast_path.expected, "sae-pmksa");
    EXPECT_FALSE(r.detail.fast_path.used);
    EXPECT_EQ(r.detail.fast_path.why_not, "ap-refused");
    EXPECT_EQ(report_.roams[i + 1].fallback_of, i);
    EXPECT_EQ(report_.roams[i + 1].detail.auth_algorithm, "sae");
  }
  EXPECT_EQ(report_.roams[0].detail.auth_algorithm, "sae");
  EXPECT_EQ(report_.roams[0].detail.outcome, "success");
  EXPECT_EQ(report_.roams[0].detail.fast_path.why_not, "first-connection");
  // Boot 2: the temporary rejection, then the library's association timeout.
  const AttemptFailure& comeback = *report_.roams[5].detail.failure;
  EXPECT_EQ(comeback.phase, "association");
  EXPECT_EQ(comeback.status_code, 30);
  EXPECT_EQ(comeback.name, "ASSOC_REJECTED_TEMPORARILY");
  EXPECT_EQ(comeback.line, 3071u);
  EXPECT_EQ(report_.roams[5].detail.fast_path.why_not, "first-connection");  // not the boot-1 entry
  const AttemptFailure& timeout = *report_.roams[6].detail.failure;
  EXPECT_EQ(timeout.phase, "authentication");
  EXPECT_EQ(timeout.line, 3378u);
  EXPECT_EQ(report_.roams[7].detail.outcome, "success");
  EXPECT_EQ(report_.roams[7].fallback_of, 6u);
  // Findings: the two refusals of the cached PMKID (an AP that no longer
  // holds the PMKSA: the platform's downgrade AP took over the BSSID).
  std::vector<uint64_t> rejected;
  for (const Finding& f : report_.findings)
    if (f.kind == "pmkid-rejected") rejected.push_back(f.line);
  EXPECT_EQ(rejected, (std::vector<uint64_t>{1029, 1965}));
  EXPECT_EQ(Count("ap-forgot-pmksa"), 2);
  EXPECT_EQ(Count("link-loss"), 2);
  EXPECT_EQ(Count("assoc-rejected"), 1);  // status 30 (3071); status 53 stays pmkid-rejected
  EXPECT_EQ(Count("stale-pmkid-reuse"), 0);
  // No roam-storm: boot 1 has 5 attempts (321-2113, 1.7 s to 42.5 s on the
  // ESP clock) and boot 2 has 3; the clock restarts at 2699 ("I (968)"), so
  // the gap between the boots is unknown and the window ends there. Before
  // the clock break the 8 attempts read as "8 in 59.7 s" on the continued
  // axis.
  EXPECT_EQ(Count("roam-storm"), 0);
  EXPECT_EQ(Count("roam-ping-pong"), 0);
}

// 09 (INFO, full-system journald; a scripted NetworkManager / module reload
// loop on an SAE network): 44 attempts. wpa_supplicant starts three times
// ("Successfully initialized wpa_supplicant" 1523, 2336, 2616) and the
// interface is removed 20 times ("nl80211: deinit ifname=wlp2s0", 2223 ...
// 7320) and re-added silently: the first attempt after each is a startup
// (21 of them). 21 connect (key negotiation at 1658 ... 7231). The station
// ends eleven attempts itself before they associate (CTRL-EVENT-DISCONNECTED
// reason=3 locally_generated=1 at 3017, 3560, 4270, 4794, 5055, 5313, 5576,
// 5848, 6126, 7179, 7440: NetworkManager's deauthentication); the AP ends
// one after association with reason=2 (2406) and one in the 4-way handshake
// with reason=15 (2773). One roam while connected (2511, d4:b1 -> 08:39)
// logs no cause.
TEST_F(AttemptCorpusTest, Mt7921eReloadLoop09) {
  LOAD_OR_SKIP("09-mt7921e-nm-sae-pmksa-cycles-journald.log");
  ASSERT_EQ(report_.roams.size(), 44u);
  std::vector<uint64_t> connected, local_deauth;
  int startups = 0;
  for (const RoamSummary& r : report_.roams) {
    if (r.detail.outcome == "success") connected.push_back(r.end_line);
    startups += r.detail.trigger.kind == "startup";
    if (r.detail.failure && r.detail.failure->reason_code == 3) {
      EXPECT_EQ(r.detail.failure->phase, "authentication") << r.start_line;
      EXPECT_EQ(r.detail.failure->locally_generated, true) << r.start_line;
      EXPECT_EQ(r.detail.failure->name, "DEAUTH_LEAVING");
      local_deauth.push_back(r.detail.failure->line);
    }
  }
  EXPECT_EQ(startups, 21);
  EXPECT_EQ(connected, (std::vector<uint64_t>{1658, 2452, 2544, 2803, 3065, 3321, 3612, 3833,
                                              4059, 4324, 4575, 4848, 5107, 5365, 5649, 5900,
                                              6249, 6482, 6761, 6967, 7231}));
  EXPECT_EQ(local_deauth, (std::vector<uint64_t>{3017, 3560, 4270, 4794, 5055, 5313, 5576, 5848,
                                                 6126, 7179, 7440}));
  const AttemptFailure& from_ap = *report_.roams[1].detail.failure;
  EXPECT_EQ(from_ap.line, 2406u);
  EXPECT_EQ(from_ap.reason_code, 2);
  EXPECT_EQ(from_ap.name, "PREV_AUTH_NOT_VALID");
  EXPECT_EQ(from_ap.locally_generated, false);
  const AttemptFailure& fourway = *report_.roams[4].detail.failure;
  EXPECT_EQ(fourway.line, 2773u);
  EXPECT_EQ(fourway.phase, "4way");
  EXPECT_EQ(report_.roams[1].detail.trigger.kind, "startup");
  EXPECT_EQ(report_.roams[2].detail.trigger.kind, "auth-failure-retry");
  EXPECT_EQ(report_.roams[3].detail.trigger.kind, "unknown");
  EXPECT_EQ(report_.roams[3].kind, "roam");
}

}  // namespace
}  // namespace roamreplay
