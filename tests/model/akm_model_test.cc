// The PMKSA model across AKMs: SAE, OWE, FT and MLO entries, and the
// findings of issue 13 (pmksa-retry-loop, akmp-mismatch, sae-pmk-outdated),
// each with a trigger and a near miss. The logs are hand-written sequences in
// current hostap texts (sme.c, events.c, src/rsn_supp/pmksa_cache.c of 2.11),
// not captured ones.

#include <gtest/gtest.h>

#include <sstream>

#include <fmt/format.h>

#include "report/writers.h"
#include "testing/findings.h"
#include "testing/log_builder.h"

namespace roamreplay {
namespace {

using testing::Count;
using testing::Describe;
using testing::First;
using testing::kA;
using testing::kB;
using testing::LogBuilder;
using testing::PmkidCompact;
using testing::PmkidHex;

constexpr const char* kOwn = "00:1f:3b:01:02:03";
constexpr const char* kMld = "02:24:97:aa:bb:00";  // an AP MLD address

Report Replay(const LogBuilder& b, ReplayOptions options = ReplayOptions()) {
  Report report;
  ReplayBuffer("test.log", b.str(), options, &report);
  return report;
}

void Search(LogBuilder* b, int akmp) {
  b->Line(fmt::format("RSN: PMKSA cache search - network_ctx=0x5581 try_opportunistic=0 "
                      "akmp=0x{:x}",
                      akmp));
}

// Full SAE with `ap` (sme.c): commit, confirm, the entry with the PMKID of
// the exchange, association and the 4-way handshake that matches it. With an
// AP MLD the exchange runs on link `ap` and the entry is keyed by `entry_aa`.
void SaeFull(LogBuilder* b, const char* ap, int pmkid, int akmp = 0x400,
             const char* entry_aa = nullptr) {
  const char* aa = entry_aa != nullptr ? entry_aa : ap;
  b->Wlan(fmt::format("SME: Trying to authenticate with {} (SSID='home' freq=5180 MHz)", ap));
  Search(b, akmp);
  b->Line("RSN: No PMKSA cache entry found");
  b->Wlan("State: DISCONNECTED -> AUTHENTICATING");
  b->Wlan(fmt::format("SME: Authentication response: peer={} auth_type=3 auth_transaction=1 "
                      "status_code=0",
                      ap), 20);
  b->Line("SAE: PMKID - hexdump(len=16): " + PmkidHex(pmkid));
  b->Line("SAE: PMK - hexdump(len=32): [REMOVED]");
  b->Wlan(fmt::format("SME: Authentication response: peer={} auth_type=3 auth_transaction=2 "
                      "status_code=0",
                      ap), 20);
  b->Line(fmt::format("RSN: Added PMKSA cache entry for {} spa={} network_ctx=0x5581 akmp=0x{:x}",
                      aa, kOwn, akmp));
  b->Wlan(fmt::format("PMKSA-CACHE-ADDED {} 0", aa));
  b->Wlan(fmt::format("Trying to associate with {} (SSID='home' freq=5180 MHz)", ap));
  b->Wlan("State: AUTHENTICATING -> ASSOCIATING");
}

// The association of an attempt is accepted: 4-way handshake with the
// entry's PMKID in msg 1/4, connection completed.
void Accepted(LogBuilder* b, const char* ap, int pmkid) {
  b->Wlan(fmt::format("Associated with {}", ap), 5);
  b->Wlan("State: ASSOCIATING -> ASSOCIATED");
  b->Wlan(fmt::format("WPA: RX message 1 of 4-Way Handshake from {} (ver=2)", ap));
  b->Line("RSN: PMKID from Authenticator - hexdump(len=16): " + PmkidHex(pmkid));
  b->Wlan("RSN: found matching PMKID from PMKSA cache");
  b->Wlan(fmt::format("WPA: Key negotiation completed with {} [PTK=CCMP GTK=CCMP]", ap), 10);
  b->Wlan(fmt::format("CTRL-EVENT-CONNECTED - Connection to {} completed [id=0 id_str=]", ap));
}

void Disconnect(LogBuilder* b, const char* ap) {
  b->Wlan(fmt::format("CTRL-EVENT-DISCONNECTED bssid={} reason=3 locally_generated=1", ap));
  b->Wlan("State: COMPLETED -> DISCONNECTED");
}

// SAE PMKSA caching: the entry found, Open System authentication instead of
// SAE, association with the PMKID.
void SaeCached(LogBuilder* b, const char* ap, int pmkid, int akmp = 0x400) {
  Search(b, akmp);
  b->Line("RSN: PMKSA cache entry found - PMKID - hexdump(len=16): " + PmkidHex(pmkid));
  b->Wlan("PMKSA cache entry found - try to use PMKSA caching instead of new SAE authentication");
  b->Wlan(fmt::format("SME: Trying to authenticate with {} (SSID='home' freq=5180 MHz)", ap));
  b->Wlan("State: DISCONNECTED -> AUTHENTICATING");
  b->Wlan(fmt::format("SME: Authentication response: peer={} auth_type=0 auth_transaction=2 "
                      "status_code=0",
                      ap), 10);
  b->Wlan(fmt::format("Trying to associate with {} (SSID='home' freq=5180 MHz)", ap));
  b->Wlan("State: AUTHENTICATING -> ASSOCIATING");
}

// sme_event_assoc_reject(): the AP rejected the association that carried the
// PMKID; hostap drops the entry and falls back to SAE.
void Rejected(LogBuilder* b, const char* ap, int status) {
  b->Wlan(fmt::format("CTRL-EVENT-ASSOC-REJECT bssid={} status_code={}", ap, status), 10);
  b->Wlan("PMKSA caching attempt rejected - drop PMKSA cache entry and fall back to SAE "
          "authentication");
  b->Wlan("RSN: Cancelling PMKSA caching attempt");
  b->Line(fmt::format("RSN: Flush PMKSA cache entry for {}", ap));
  b->Wlan(fmt::format("PMKSA-CACHE-REMOVED {} 0", ap));
  b->Wlan(fmt::format("RSN: PMKSA cache entry free_cb: {} reason=0", ap));
  b->Wlan("State: ASSOCIATING -> DISCONNECTED");
}

const CacheEntryHistory* HistoryFor(const Report& r, const char* aa, size_t nth = 0) {
  for (const CacheEntryHistory& h : r.cache_history)
    if (h.aa.ToString() == aa && nth-- == 0) return &h;
  return nullptr;
}

// --- entry fields ------------------------------------------------------------

TEST(AkmModelTest, SaeEntryTakesThePmkidOfTheExchange) {
  LogBuilder b(LogBuilder::Era::k2x);
  SaeFull(&b, kA, 0x5a);
  Accepted(&b, kA, 0x5a);
  Report r = Replay(b);
  const CacheEntryHistory* h = HistoryFor(r, kA);
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->pmkid.ToHex(), PmkidCompact(0x5a));
  EXPECT_EQ(h->keys.akmp, 0x400);
  EXPECT_EQ(h->keys.akm, "SAE");
  EXPECT_EQ(h->keys.pmkid_source, "sae");
  EXPECT_FALSE(h->keys.ap_mld);
  EXPECT_EQ(h->keys.pmkid_learned_line, 0u);  // shown before the entry was added
  EXPECT_EQ(r.pmkids_verified, 0u);           // no HMAC proof attempted on SAE
  EXPECT_TRUE(r.findings.empty()) << Describe(r);

  std::ostringstream json;
  WriteJsonReport(r, false, json);
  EXPECT_NE(json.str().find("\"akmp\":\"0x400\",\"akm\":\"SAE\",\"ap_mld\":false,"
                            "\"pmkid_source\":\"sae\",\"pmkid_learned_line\":null"),
            std::string::npos)
      << json.str();
}

TEST(AkmModelTest, SaePmksaCachingAcceptedGivesNoFinding) {
  LogBuilder b(LogBuilder::Era::k2x);
  SaeFull(&b, kA, 0x5a);
  Accepted(&b, kA, 0x5a);
  Disconnect(&b, kA);
  b.Idle(30);
  SaeCached(&b, kA, 0x5a);
  Accepted(&b, kA, 0x5a);
  Report r = Replay(b);
  EXPECT_TRUE(r.findings.empty()) << Describe(r);
  ASSERT_EQ(r.cache_history.size(), 1u);
  EXPECT_EQ(r.cache_history[0].removed_line, 0u);
}

TEST(AkmModelTest, Status53RemovesTheSaeEntryAndFallsBackToSae) {
  LogBuilder b(LogBuilder::Era::k2x);
  SaeFull(&b, kA, 0x5a);
  Accepted(&b, kA, 0x5a);
  Disconnect(&b, kA);
  b.Idle(30);
  SaeCached(&b, kA, 0x5a);
  int reject_line = b.lines() + 1;
  Rejected(&b, kA, 53);
  SaeFull(&b, kA, 0x6a);
  Accepted(&b, kA, 0x6a);
  Report r = Replay(b);
  ASSERT_EQ(Count(r, "pmkid-rejected"), 1) << Describe(r);
  EXPECT_EQ(First(r, "pmkid-rejected").line, static_cast<uint64_t>(reject_line));
  EXPECT_NE(First(r, "pmkid-rejected").message.find("status 53"), std::string::npos);
  EXPECT_EQ(Count(r, "stale-pmkid-reuse"), 0);
  EXPECT_EQ(Count(r, "pmksa-retry-loop"), 0);
  ASSERT_EQ(r.cache_history.size(), 2u);
  EXPECT_EQ(r.cache_history[0].removed_how, "flushed");
  EXPECT_EQ(r.cache_history[1].pmkid.ToHex(), PmkidCompact(0x6a));
  EXPECT_EQ(r.cache_history[1].keys.pmkid_source, "sae");
}

// Separate SAE exchanges give separate PMKs: a new SAE at A does not make
// B's entry stale and the current flush rule keeps it (not an OKC lineage).
// pmksa_cache_get_opportunistic() for SAE (OKC enabled): the clone for B is
// added with the source's PMKID (pmksa_cache_clone_entry() keeps an SAE
// PMKID), and the selection printed right after it is B's.
void SaeOkcClone(LogBuilder* b, const char* ap, int pmkid) {
  b->Wlan(fmt::format("Request association with {}", ap));
  b->Line("RSN: PMKSA cache search - network_ctx=0x5581 try_opportunistic=1 akmp=0x0");
  b->Line(fmt::format("RSN: Search for BSSID {}", ap));
  b->Line(fmt::format("RSN: Consider {} for OKC", ap));
  b->Line(fmt::format("RSN: Added PMKSA cache entry for {} spa={} network_ctx=0x5581 akmp=0x400",
                      ap, kOwn));
  b->Wlan(fmt::format("PMKSA-CACHE-ADDED {} 0", ap));
  b->Line(fmt::format("RSN: added opportunistic PMKSA cache entry for {}", ap));
  b->Line("RSN: PMKSA cache entry found - PMKID - hexdump(len=16): " + PmkidHex(pmkid));
}

// Two entries hold the same SAE PMKID (A's and its OKC clone for B): a
// selection for B is B's entry, so a finding about it names B (hostap
// before 6f634b00 gave the clone a fresh reauth time and offered it past the
// threshold of the PMK it copied).
TEST(AkmModelTest, SaeOkcCloneSelectionIsTheJoinedApsEntry) {
  LogBuilder b(LogBuilder::Era::k2x);
  SaeFull(&b, kA, 0x5a);
  Accepted(&b, kA, 0x5a);
  Disconnect(&b, kA);
  b.Idle(20000);
  SaeOkcClone(&b, kB, 0x5a);
  SaeCached(&b, kB, 0x5a);
  Accepted(&b, kB, 0x5a);
  Disconnect(&b, kB);
  b.Idle(11000);
  b.Wlan(fmt::format("Request association with {}", kB));
  SaeCached(&b, kB, 0x5a);
  Accepted(&b, kB, 0x5a);
  Report r = Replay(b);
  ASSERT_EQ(Count(r, "expired-entry-offered"), 1) << Describe(r);
  const Finding& f = First(r, "expired-entry-offered");
  ASSERT_TRUE(f.bssid.has_value());
  EXPECT_EQ(f.bssid->ToString(), kB) << Describe(r);
  EXPECT_EQ(Count(r, "pmkid-mismatch"), 0) << Describe(r);
}

// hostap 74db49d7: an SAE entry past its reauth threshold (70 % of 43200 s =
// 30240 s) is not used; a supplicant that still offers it gets a finding
// (the 802.1X counterpart gives none: FindingKindsTest).
TEST(AkmModelTest, SaeEntryOfferedPastItsReauthThreshold) {
  for (int idle : {29000, 31000}) {
    LogBuilder b(LogBuilder::Era::k2x);
    SaeFull(&b, kA, 0x5a);
    Accepted(&b, kA, 0x5a);
    Disconnect(&b, kA);
    b.Idle(idle);
    b.Wlan(fmt::format("Request association with {}", kA));
    SaeCached(&b, kA, 0x5a);
    Accepted(&b, kA, 0x5a);
    Report r = Replay(b);
    ASSERT_EQ(Count(r, "expired-entry-offered"), idle > 30240 ? 1 : 0) << idle << Describe(r);
    if (idle > 30240) {
      const Finding& f = First(r, "expired-entry-offered");
      EXPECT_NE(f.message.find("reauth threshold"), std::string::npos) << f.message;
    }
  }
}

// A supplicant before bb93ea23 clones an SAE entry past its reauth
// threshold; sme.c selects the clone twice in one attempt (the OKC search,
// then the SAE search): one offer, one expired-entry-offered.
TEST(AkmModelTest, SaeOkcCloneOfAnEntryPastItsThresholdIsOneFinding) {
  LogBuilder b(LogBuilder::Era::k2x);
  SaeFull(&b, kA, 0x5a);
  Accepted(&b, kA, 0x5a);
  Disconnect(&b, kA);
  b.Idle(32000);
  SaeOkcClone(&b, kB, 0x5a);
  SaeCached(&b, kB, 0x5a);
  Rejected(&b, kB, 53);
  Report r = Replay(b);
  ASSERT_EQ(Count(r, "expired-entry-offered"), 1) << Describe(r);
  EXPECT_EQ(First(r, "expired-entry-offered").bssid->ToString(), kB) << Describe(r);
  EXPECT_EQ(Count(r, "pmkid-rejected"), 1) << Describe(r);
}

// Near miss: the clone is used before the source PMK passes its threshold.
TEST(AkmModelTest, SaeOkcCloneUsedInTimeGivesNoFinding) {
  LogBuilder b(LogBuilder::Era::k2x);
  SaeFull(&b, kA, 0x5a);
  Accepted(&b, kA, 0x5a);
  Disconnect(&b, kA);
  b.Idle(20000);
  SaeOkcClone(&b, kB, 0x5a);
  SaeCached(&b, kB, 0x5a);
  Accepted(&b, kB, 0x5a);
  Disconnect(&b, kB);
  b.Idle(600);
  b.Wlan(fmt::format("Request association with {}", kB));
  SaeCached(&b, kB, 0x5a);
  Accepted(&b, kB, 0x5a);
  Report r = Replay(b);
  EXPECT_TRUE(r.findings.empty()) << Describe(r);
}

TEST(AkmModelTest, SaeEntriesOfOtherApsAreNotOkcClones) {
  LogBuilder b(LogBuilder::Era::k2x);
  SaeFull(&b, kA, 0x1a);
  Accepted(&b, kA, 0x1a);
  b.Idle(60);
  SaeFull(&b, kB, 0x1b);
  Accepted(&b, kB, 0x1b);
  b.Idle(60);
  b.Wlan(fmt::format("SME: Trying to authenticate with {} (SSID='home' freq=5180 MHz)", kA));
  b.Line("RSN: Replace PMKSA entry for the current AP and any PMKSA cache entry that was based "
         "on the old PMK");
  SaeFull(&b, kA, 0x2a);
  Accepted(&b, kA, 0x2a);
  b.Idle(60);
  SaeCached(&b, kB, 0x1b);
  Accepted(&b, kB, 0x1b);
  Report r = Replay(b);
  EXPECT_EQ(Count(r, "stale-pmkid-reuse"), 0) << Describe(r);
  EXPECT_EQ(Count(r, "over-flush"), 0) << Describe(r);
  EXPECT_EQ(Count(r, "pmkid-rejected"), 0) << Describe(r);
}

TEST(AkmModelTest, MloEntryIsKeyedByTheApMldAddress) {
  LogBuilder b(LogBuilder::Era::k2x);
  SaeFull(&b, kA, 0x5a, 0x400, kMld);
  b.Line(fmt::format("MLD: address: {}", kMld));
  Accepted(&b, kA, 0x5a);
  Report r = Replay(b);
  const CacheEntryHistory* h = HistoryFor(r, kMld);
  ASSERT_NE(h, nullptr) << Describe(r);
  EXPECT_TRUE(h->keys.ap_mld);
  EXPECT_EQ(h->keys.pmkid_source, "sae");
  EXPECT_EQ(h->pmkid.ToHex(), PmkidCompact(0x5a));
}

TEST(AkmModelTest, FtKeyNamesAreTiedToTheirEntry) {
  LogBuilder b(LogBuilder::Era::k2x);
  SaeFull(&b, kA, 0x5a, 0x800);
  b.Wlan(fmt::format("Associated with {}", kA), 5);
  b.Wlan(fmt::format("WPA: RX message 1 of 4-Way Handshake from {} (ver=2)", kA));
  b.Line("FT: PMKR0Name - hexdump(len=16): " + PmkidHex(0x70));
  b.Line("FT: PMKR1Name - hexdump(len=16): " + PmkidHex(0x71));
  b.Wlan(fmt::format("WPA: Key negotiation completed with {} [PTK=CCMP GTK=CCMP]", kA), 10);
  Report r = Replay(b);
  const CacheEntryHistory* h = HistoryFor(r, kA);
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->keys.akm, "FT-SAE");
  EXPECT_EQ(h->keys.pmkr0_name.ToHex(), PmkidCompact(0x70));
  EXPECT_EQ(h->keys.pmkr1_name.ToHex(), PmkidCompact(0x71));
}

// Driver-held PMKSA: what the driver did is recorded, never judged.
TEST(AkmModelTest, DriverRefusingThePmksaIsRecordedNotAFinding) {
  LogBuilder b(LogBuilder::Era::k2x);
  SaeFull(&b, kA, 0x5a);
  Report r0 = Replay(b);
  LogBuilder c(LogBuilder::Era::k2x);
  c.Wlan(fmt::format("SME: Trying to authenticate with {} (SSID='home' freq=5180 MHz)", kA));
  c.Line("SAE: PMKID - hexdump(len=16): " + PmkidHex(0x5a));
  c.Line(fmt::format("RSN: Added PMKSA cache entry for {} spa={} network_ctx=0x5581 akmp=0x400",
                     kA, kOwn));
  c.Line(fmt::format("nl80211: Add PMKID for {}", kA));
  c.Line("nl80211: NL80211_CMD_SET_PMKSA failed: -95 (Operation not supported)");
  Accepted(&c, kA, 0x5a);
  Report r = Replay(c);
  ASSERT_FALSE(r.cache_history.empty());
  EXPECT_EQ(r.cache_history[0].keys.driver_pmksa, "refused");
  EXPECT_EQ(r0.cache_history[0].keys.driver_pmksa, "unknown");
  EXPECT_TRUE(r.findings.empty()) << Describe(r);
}

// A driver that roams in firmware (brcmfmac-like offload): the supplicant
// hears only the result ("nl80211: Roam event", "Associated with B", the
// driver's "Connection authorized by device", CTRL-EVENT-CONNECTED), no
// PMKSA search, no EAP, no 4-way handshake of its own. Nothing about the
// PMKSA it may have used is known, so no finding may come from it: no
// missed OKC, no full-EAP roam, no stale offer. Hand-written 2.x texts
// (catalogue: driver_nl80211_event.c mlme_event_connect, events.c
// wpa_supplicant_event_assoc_auth).
TEST(AkmModelTest, FirmwareRoamingGivesNoFinding) {
  for (bool sae : {false, true}) {
    LogBuilder b(LogBuilder::Era::k2x);
    if (sae) {
      SaeFull(&b, kA, 0x5a);
      b.Wlan(fmt::format("Associated with {}", kA), 5);
      b.Wlan(fmt::format("WPA: RX message 1 of 4-Way Handshake from {} (ver=2)", kA));
      b.Line("RSN: PMKID from Authenticator - hexdump(len=16): " + PmkidHex(0x5a));
      b.Wlan(fmt::format("WPA: Key negotiation completed with {} [PTK=CCMP GTK=CCMP]", kA), 10);
      b.Wlan(fmt::format("CTRL-EVENT-CONNECTED - Connection to {} completed [id=0 id_str=]", kA));
    } else {
      b.Wlan("RSN: PMKSA cache search - network_ctx=0x55 try_opportunistic=1 akmp=0x1");
      b.Associate(kA).FullEap(kA, 0x1a);
    }
    b.Idle(60);
    for (const char* ap : {kB, testing::kC, kA}) {
      b.Line("nl80211: Roam event");
      b.Wlan(fmt::format("Associated with {}", ap));
      b.Wlan("Connection authorized by device, previous state 9", 2);
      b.Wlan(fmt::format("WPA: Key negotiation completed with {} [PTK=CCMP GTK=CCMP]", ap));
      b.Wlan(fmt::format("CTRL-EVENT-CONNECTED - Connection to {} completed [id=0 id_str=]", ap),
             5);
      b.Idle(120);
    }
    Report r = Replay(b);
    EXPECT_TRUE(r.findings.empty()) << (sae ? "sae: " : "eap: ") << Describe(r);
    // The three roams: the driver's, how it authenticated unknown.
    ASSERT_EQ(r.roams.size(), 4u) << Describe(r);
    EXPECT_EQ(r.roams[0].method, sae ? "sae" : "full-eap");
    for (size_t i = 1; i < 4; ++i) {
      EXPECT_EQ(r.roams[i].method, "driver") << i;
      EXPECT_EQ(r.roams[i].detail.outcome, "success") << i;
      EXPECT_EQ(r.roams[i].detail.fast_path.expected, "unknown") << i;
      EXPECT_EQ(r.roams[i].detail.fast_path.why_not, "driver-roam") << i;
    }
    for (const CacheEntryHistory& h : r.cache_history)
      EXPECT_EQ(h.keys.driver_pmksa, "unknown") << h.aa.ToString();
  }
  // A log that begins at an "Associated with" lost the attempt's start: not
  // a driver roam.
  LogBuilder c(LogBuilder::Era::k2x);
  c.Wlan(fmt::format("Associated with {}", kA));
  c.Wlan(fmt::format("WPA: Key negotiation completed with {} [PTK=CCMP GTK=CCMP]", kA));
  c.Wlan(fmt::format("CTRL-EVENT-CONNECTED - Connection to {} completed [id=0 id_str=]", kA), 5);
  Report r = Replay(c);
  ASSERT_EQ(r.roams.size(), 1u);
  EXPECT_NE(r.roams[0].method, "driver");
}

TEST(AkmModelTest, FtEapEntryNotAddedToTheDriver) {
  LogBuilder b(LogBuilder::Era::k2x);
  b.Associate(kA);
  b.Line("WPA: PMK from EAPOL state machines - hexdump(len=32): [REMOVED]");
  b.Line(fmt::format("RSN: Added PMKSA cache entry for {} spa={} network_ctx=0x5581 akmp=0x20",
                     kA, kOwn));
  b.Line("FT: Do not add PMKID entry to the driver since FT-EAP PMKSA caching is not enabled "
         "in configuration");
  Report r = Replay(b);
  ASSERT_FALSE(r.cache_history.empty());
  EXPECT_EQ(r.cache_history[0].keys.akm, "FT-802.1X");
  EXPECT_EQ(r.cache_history[0].keys.driver_pmksa, "not-added");
}

// --- pmksa-retry-loop ----------------------------------------------------------

// The b43 loop of corpus 03: every SAE association fails (status 31), the
// next attempt offers the new entry, the AP rejects it, hostap drops it.
LogBuilder RetryLoop(int cycles, bool success_between) {
  LogBuilder b(LogBuilder::Era::k2x);
  for (int i = 0; i < cycles; ++i) {
    SaeFull(&b, kA, 0x10 + i);
    if (success_between && i == 2) {  // after two refusals, before the third
      Accepted(&b, kA, 0x10 + i);
      Disconnect(&b, kA);
    } else {
      b.Wlan(fmt::format("CTRL-EVENT-ASSOC-REJECT bssid={} status_code=31", kA), 10);
      b.Wlan("State: ASSOCIATING -> DISCONNECTED");
    }
    b.Idle(2);
    SaeCached(&b, kA, 0x10 + i);
    Rejected(&b, kA, 31);
    b.Idle(2);
  }
  return b;
}

TEST(AkmModelTest, RetryLoopAfterThreeRefusals) {
  Report r = Replay(RetryLoop(4, false));
  EXPECT_EQ(Count(r, "pmkid-rejected"), 4) << Describe(r);
  ASSERT_EQ(Count(r, "pmksa-retry-loop"), 1) << Describe(r);
  const Finding& f = First(r, "pmksa-retry-loop");
  EXPECT_EQ(f.severity, Severity::kWarning);
  EXPECT_EQ(f.bssid->ToString(), kA);
  EXPECT_NE(f.message.find("4 times"), std::string::npos) << f.message;
  EXPECT_EQ(f.evidence.size(), 4u);
}

TEST(AkmModelTest, NoRetryLoopAfterTwoRefusals) {
  Report r = Replay(RetryLoop(2, false));
  EXPECT_EQ(Count(r, "pmkid-rejected"), 2) << Describe(r);
  EXPECT_EQ(Count(r, "pmksa-retry-loop"), 0) << Describe(r);
}

TEST(AkmModelTest, NoRetryLoopWhenAConnectionSucceedsBetween) {
  Report r = Replay(RetryLoop(4, true));
  EXPECT_EQ(Count(r, "pmkid-rejected"), 4) << Describe(r);
  EXPECT_EQ(Count(r, "pmksa-retry-loop"), 0) << Describe(r);
}

// --- akmp-mismatch ---------------------------------------------------------

// An SAE entry offered for an FT-SAE connection (a supplicant whose lookup
// ignores the AKMP): the AP cannot accept it.
LogBuilder AkmpChange(bool withdrawn) {
  LogBuilder b(LogBuilder::Era::k2x);
  SaeFull(&b, kA, 0x5a, 0x400);
  Accepted(&b, kA, 0x5a);
  Disconnect(&b, kA);
  b.Idle(30);
  SaeCached(&b, kA, 0x5a, 0x800);
  if (withdrawn) b.Line("RSN: Disable PMKSA caching due to incompatible AKMP");
  Accepted(&b, kA, 0x5a);
  return b;
}

TEST(AkmModelTest, AkmpMismatchWhenTheEntryReachesTheAp) {
  Report r = Replay(AkmpChange(false));
  ASSERT_EQ(Count(r, "akmp-mismatch"), 1) << Describe(r);
  const Finding& f = First(r, "akmp-mismatch");
  EXPECT_NE(f.message.find("akmp=0x400 (SAE)"), std::string::npos) << f.message;
  EXPECT_NE(f.message.find("akmp=0x800 (FT-SAE)"), std::string::npos) << f.message;
  EXPECT_EQ(f.evidence.size(), 3u);
}

TEST(AkmModelTest, NoAkmpMismatchWhenTheSupplicantWithdrawsTheEntry) {
  Report r = Replay(AkmpChange(true));
  EXPECT_EQ(Count(r, "akmp-mismatch"), 0) << Describe(r);
}

TEST(AkmModelTest, NoAkmpMismatchForTheSameAkmp) {
  LogBuilder b(LogBuilder::Era::k2x);
  SaeFull(&b, kA, 0x5a, 0x800);
  Accepted(&b, kA, 0x5a);
  Disconnect(&b, kA);
  SaeCached(&b, kA, 0x5a, 0x800);
  Accepted(&b, kA, 0x5a);
  Report r = Replay(b);
  EXPECT_EQ(Count(r, "akmp-mismatch"), 0) << Describe(r);
}

// --- sae-pmk-outdated ------------------------------------------------------

LogBuilder PasswordChange(const char* field, bool flushed) {
  LogBuilder b(LogBuilder::Era::k2x);
  SaeFull(&b, kA, 0x5a);
  Accepted(&b, kA, 0x5a);
  Disconnect(&b, kA);
  b.Idle(30);
  b.Line(fmt::format("CTRL_IFACE: SET_NETWORK id=0 name='{}'", field));
  if (flushed) {
    b.Line(fmt::format("RSN: Flush PMKSA cache entry for {}", kA));
    b.Wlan(fmt::format("PMKSA-CACHE-REMOVED {} 0", kA));
    b.Idle(30);
    SaeFull(&b, kA, 0x6a);
    Accepted(&b, kA, 0x6a);
    return b;
  }
  b.Idle(30);
  SaeCached(&b, kA, 0x5a);
  Rejected(&b, kA, 53);
  return b;
}

TEST(AkmModelTest, SaePmkOutdatedWhenThePasswordChangedWithoutAFlush) {
  Report r = Replay(PasswordChange("sae_password", false));
  ASSERT_EQ(Count(r, "sae-pmk-outdated"), 1) << Describe(r);
  const Finding& f = First(r, "sae-pmk-outdated");
  EXPECT_EQ(f.bssid->ToString(), kA);
  EXPECT_EQ(f.evidence.size(), 3u);
  EXPECT_EQ(Count(r, "pmkid-rejected"), 1);
}

TEST(AkmModelTest, NoSaePmkOutdatedWhenTheChangeFlushedTheEntry) {
  Report r = Replay(PasswordChange("sae_password", true));
  EXPECT_EQ(Count(r, "sae-pmk-outdated"), 0) << Describe(r);
  EXPECT_EQ(Count(r, "config-flush"), 1) << Describe(r);
}

TEST(AkmModelTest, NoSaePmkOutdatedForOtherFields) {
  Report r = Replay(PasswordChange("bssid_hint", false));
  EXPECT_EQ(Count(r, "sae-pmk-outdated"), 0) << Describe(r);
}

// --- PMKID learned later -----------------------------------------------------

// A 2.x OKC clone's PMKID shows only at its selection: the snapshot at the
// clone's creation shows it, marked with the line it was learned at.
TEST(AkmModelTest, ClonePmkidLearnedLaterIsShownForEarlierPoints) {
  LogBuilder b(LogBuilder::Era::k2x);
  b.Associate(kA).FullEap(kA, 0x1a).Idle(60);
  b.Wlan(testing::Auth(kB)).OkcClone(kB);
  int clone_line = b.lines();
  b.Wlan("State: AUTHENTICATING -> ASSOCIATING");
  b.Select(0x1b);
  int select_line = b.lines();
  ReplayOptions options;
  options.snapshot = true;
  options.snapshot_line = static_cast<uint64_t>(clone_line);
  Report r = Replay(b, options);
  const CacheEntryHistory* h = HistoryFor(r, kB);
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->keys.pmkid_learned_line, static_cast<uint64_t>(select_line));
  EXPECT_EQ(h->keys.pmkid_source, "logged");
  ASSERT_TRUE(r.snapshot);
  const SnapshotEntry* clone = nullptr;
  for (const SnapshotEntry& e : r.snapshot->observed)
    if (e.bssid.ToString() == kB) clone = &e;
  ASSERT_NE(clone, nullptr);
  EXPECT_EQ(clone->pmkid.ToHex(), PmkidCompact(0x1b));
  EXPECT_EQ(clone->keys.pmkid_learned_line, static_cast<uint64_t>(select_line));
  std::ostringstream text;
  WriteCacheSnapshotText(*r.snapshot, text);
  EXPECT_NE(text.str().find(fmt::format("PMKID learned later (line {})", select_line)),
            std::string::npos)
      << text.str();
}

// --- expiration, driver, FILS cache id, external auth, SAE PMKID origin ------

TEST(AkmModelTest, PostponedExpirationIsShownOnTheEntry) {
  LogBuilder b(LogBuilder::Era::k2x);
  SaeFull(&b, kA, 0x5a);
  Accepted(&b, kA, 0x5a);
  Report before = Replay(b);  // near miss: never postponed
  b.Idle(43300);
  b.Line(fmt::format("RSN: postpone PMKSA cache entry expiration for SAE with {}", kA));
  uint64_t postponed = static_cast<uint64_t>(b.lines());
  Report r = Replay(b);
  const CacheEntryHistory* h = HistoryFor(r, kA);
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->keys.expiration_postponed_line, postponed);
  EXPECT_EQ(h->removed_line, 0u);  // kept past its lifetime while associated
  EXPECT_EQ(HistoryFor(before, kA)->keys.expiration_postponed_line, 0u);
  EXPECT_TRUE(r.findings.empty()) << Describe(r);
  std::ostringstream json;
  WriteJsonReport(r, false, json);
  EXPECT_NE(json.str().find(fmt::format("\"expiration_postponed_line\":{}", postponed)),
            std::string::npos)
      << json.str();
}

TEST(AkmModelTest, ReauthThresholdRemovalFromTheDriverIsRecorded) {
  LogBuilder b(LogBuilder::Era::k2x);
  SaeFull(&b, kA, 0x5a);
  Accepted(&b, kA, 0x5a);
  Report before = Replay(b);
  b.Idle(30300);
  b.Line("RSN: remove reauth threshold passed PMKSA from the driver for SAE");
  b.Line(fmt::format("nl80211: Delete PMKID for {}", kA));
  Report r = Replay(b);
  const CacheEntryHistory* h = HistoryFor(r, kA);
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->keys.driver_pmksa, "removed-reauth");
  EXPECT_EQ(h->removed_line, 0u);  // the supplicant keeps it
  EXPECT_EQ(HistoryFor(before, kA)->keys.driver_pmksa, "unknown");
  EXPECT_TRUE(r.findings.empty()) << Describe(r);
}

TEST(AkmModelTest, ReauthThresholdRemovalIgnoresNonSaeEntries) {
  LogBuilder b(LogBuilder::Era::k2x);
  b.Associate(kA);
  b.Line("WPA: PMK from EAPOL state machines - hexdump(len=32): [REMOVED]");
  b.Line(fmt::format("RSN: Added PMKSA cache entry for {} spa={} network_ctx=0x5581 akmp=0x1",
                     kA, kOwn));
  b.Line("RSN: remove reauth threshold passed PMKSA from the driver for SAE");
  Report r = Replay(b);
  ASSERT_FALSE(r.cache_history.empty());
  EXPECT_EQ(r.cache_history[0].keys.driver_pmksa, "unknown");
}

TEST(AkmModelTest, FilsCacheIdentifierOfTheDriverAdd) {
  LogBuilder b(LogBuilder::Era::k2x);
  b.Associate(kA);
  b.Line(fmt::format("RSN: Added PMKSA cache entry for {} spa={} network_ctx=0x5581 akmp=0x40000",
                     kA, kOwn));
  b.Line(fmt::format("nl80211: Add PMKID for {}", kA));
  b.Line("nl80211: Add PMKSA for cache id 0a1f SSID corp-fils");
  Report r = Replay(b);
  ASSERT_FALSE(r.cache_history.empty());
  EXPECT_EQ(r.cache_history[0].keys.fils_cache_id, 0x0a1f);
  EXPECT_EQ(r.cache_history[0].keys.akm, "FILS-SHA256");
  std::ostringstream json;
  WriteJsonReport(r, false, json);
  EXPECT_NE(json.str().find("\"fils_cache_id\":\"0a1f\""), std::string::npos) << json.str();

  LogBuilder c(LogBuilder::Era::k2x);  // near miss: no cache id logged
  SaeFull(&c, kA, 0x5a);
  Report none = Replay(c);
  EXPECT_EQ(none.cache_history[0].keys.fils_cache_id, -1);
  std::ostringstream json2;
  WriteJsonReport(none, false, json2);
  EXPECT_NE(json2.str().find("\"fils_cache_id\":null"), std::string::npos);
}

TEST(AkmModelTest, ExternalAuthSaeEntryHasTheDriversOrigin) {
  LogBuilder b(LogBuilder::Era::k2x);
  // Driver SME (nl80211 connect): the driver asks for SAE after the connect.
  b.Wlan(fmt::format("Trying to associate with {} (SSID='home' freq=5180 MHz)", kA));
  b.Line(fmt::format("nl80211: External auth action: 0, AKM: 0xfac08, SSID: home, BSSID: {}", kA));
  b.Line("SAE: PMKID - hexdump(len=16): " + PmkidHex(0x5a));
  b.Line(fmt::format("RSN: Added PMKSA cache entry for {} spa={} network_ctx=0x5581 akmp=0x400",
                     kA, kOwn));
  Accepted(&b, kA, 0x5a);
  Disconnect(&b, kA);
  SaeFull(&b, kB, 0x6b);  // an SAE the supplicant ran itself
  Report r = Replay(b);
  ASSERT_NE(HistoryFor(r, kA), nullptr);
  ASSERT_NE(HistoryFor(r, kB), nullptr);
  EXPECT_EQ(HistoryFor(r, kA)->keys.origin, "external-auth");
  EXPECT_EQ(HistoryFor(r, kA)->keys.pmkid_source, "sae");
  EXPECT_EQ(HistoryFor(r, kB)->keys.origin, "supplicant");
  EXPECT_TRUE(r.findings.empty()) << Describe(r);
}

TEST(AkmModelTest, SaeEntryHoldingAnHmacPmkidIsAMismatch) {
  // hostap before ca974ae5: pmksa_cache_add() derived an HMAC PMKID for the
  // SAE entry instead of keeping the exchange's.
  LogBuilder b(LogBuilder::Era::k2x);
  b.Wlan(fmt::format("SME: Trying to authenticate with {} (SSID='home' freq=5180 MHz)", kA));
  b.Line("SAE: PMKID - hexdump(len=16): " + PmkidHex(0x5a));
  b.Line("RSN: Derive PMKID using HMAC-SHA-1");
  b.Line("RSN: Derived PMKID - hexdump(len=16): " + PmkidHex(0x77));
  b.Line(fmt::format("RSN: Added PMKSA cache entry for {} spa={} network_ctx=0x5581 akmp=0x400",
                     kA, kOwn));
  Report r = Replay(b);
  EXPECT_EQ(Count(r, "pmkid-mismatch"), 1) << Describe(r);
  ASSERT_EQ(Count(r, "pmkid-mismatch"), 1);
  EXPECT_NE(First(r, "pmkid-mismatch").message.find("ca974ae5"), std::string::npos)
      << First(r, "pmkid-mismatch").message;
  EXPECT_EQ(HistoryFor(r, kA)->keys.pmkid_source, "hmac");

  LogBuilder c(LogBuilder::Era::k2x);  // near miss: the exchange's PMKID kept
  SaeFull(&c, kA, 0x5a);
  EXPECT_EQ(Count(Replay(c), "pmkid-mismatch"), 0);

  // Offered later and refused: the PMKID never named the AP's PMKSA, so it
  // is not an AP that forgot it.
  b.Wlan(fmt::format("Trying to associate with {} (SSID='home' freq=5180 MHz)", kA));
  b.Wlan(fmt::format("Associated with {}", kA), 5);
  b.Wlan(fmt::format("WPA: RX message 1 of 4-Way Handshake from {} (ver=2)", kA));
  b.Line("RSN: PMKID from Authenticator - hexdump(len=16): " + PmkidHex(0x5a));
  b.Wlan("RSN: no matching PMKID found");
  b.Wlan(fmt::format("WPA: Key negotiation completed with {} [PTK=CCMP GTK=CCMP]", kA), 10);
  b.Wlan(fmt::format("CTRL-EVENT-CONNECTED - Connection to {} completed [id=0 id_str=]", kA));
  Disconnect(&b, kA);
  b.Idle(60);
  b.Wlan(fmt::format("Request association with {}", kA));
  SaeCached(&b, kA, 0x77);
  Rejected(&b, kA, 53);
  Report later = Replay(b);
  ASSERT_EQ(Count(later, "pmkid-rejected"), 1) << Describe(later);
  EXPECT_EQ(First(later, "pmkid-rejected").cause, "sae-pmkid-mismatch");
  EXPECT_EQ(Count(later, "ap-forgot-pmksa"), 0) << Describe(later);
}

TEST(AkmModelTest, ApMldRefusingOnAnotherLinkIsNotAnApThatForgot) {
  // SAE on link A keys the entry by the AP MLD address; PMKSA caching with it
  // on link B is refused (hostapd before 799cc8ec kept the PMKSA per link).
  LogBuilder b(LogBuilder::Era::k2x);
  SaeFull(&b, kA, 0x5a, 0x400, kMld);
  Accepted(&b, kA, 0x5a);
  Disconnect(&b, kA);
  b.Idle(60);
  b.Wlan(fmt::format("Request association with {}", kB));
  SaeCached(&b, kB, 0x5a);
  Rejected(&b, kB, 53);
  Report r = Replay(b);
  ASSERT_EQ(Count(r, "pmkid-rejected"), 1) << Describe(r);
  EXPECT_EQ(First(r, "pmkid-rejected").cause, "mld-other-link");
  EXPECT_NE(First(r, "pmkid-rejected").message.find("799cc8ec"), std::string::npos);
  EXPECT_EQ(Count(r, "ap-forgot-pmksa"), 0) << Describe(r);

  // Near miss: refused on the link the SAE ran on.
  LogBuilder c(LogBuilder::Era::k2x);
  SaeFull(&c, kA, 0x5a, 0x400, kMld);
  Accepted(&c, kA, 0x5a);
  Disconnect(&c, kA);
  c.Idle(60);
  c.Wlan(fmt::format("Request association with {}", kA));
  SaeCached(&c, kA, 0x5a);
  Rejected(&c, kA, 53);
  Report same = Replay(c);
  ASSERT_EQ(Count(same, "pmkid-rejected"), 1) << Describe(same);
  EXPECT_EQ(First(same, "pmkid-rejected").cause, "ap-refused");
}

}  // namespace
}  // namespace roamreplay
