// The per-attempt record (trigger, AKM, method, outcome, fallback, fast
// path) and the connection finding kinds, each with a trigger and a near
// miss. Hand-written 2.x-style sequences (LogBuilder), not captured logs.

#include <gtest/gtest.h>

#include <sstream>

#include <fmt/format.h>

#include "report/writers.h"
#include "testing/findings.h"
#include "testing/log_builder.h"

namespace roamreplay {
namespace {

using testing::kA;
using testing::kB;
using testing::kC;
using testing::Count;
using testing::First;
using testing::LogBuilder;

Report Replay(const LogBuilder& b) {
  Report report;
  ReplayBuffer("test.log", b.str(), ReplayOptions(), &report);
  return report;
}

// A PSK connection to `ap`: associate, 4-way handshake.
LogBuilder& PskConnect(LogBuilder& b, const char* ap, const char* akm = "WPA-PSK") {
  b.Wlan(std::string("WPA: using KEY_MGMT ") + akm);
  b.Associate(ap);
  b.Wlan(fmt::format("WPA: RX message 1 of 4-Way Handshake from {} (ver=2)", ap), 5);
  b.Wlan(fmt::format("WPA: Key negotiation completed with {} [PTK=CCMP GTK=CCMP]", ap), 10);
  return b;
}

// FT/802.1X connected at A; FT over the air to B fails (the AP's
// Reassociation Response RSNE differs from its beacon); the station falls
// back to a new connection to C where "Disable PMKSA caching for FT/802.1X
// connection" withdraws the entry it selected, and hostap's "did not accept
// PMKID" follows although no PMKID was offered (the issue's campus case,
// written as a script).
LogBuilder FtFailureWithFallback() {
  LogBuilder b(LogBuilder::Era::k2x);
  b.Wlan("WPA: using KEY_MGMT FT/802.1X");
  b.Associate(kA).FullEap(kA, 0x1a).Idle(30);
  b.Wlan("bgscan simple: Request a background scan", 100);
  b.Wlan("Considering within-ESS reassociation", 2000);
  b.Wlan(fmt::format("SME: Trying to authenticate with {} (SSID='corp' freq=5180 MHz)", kB));
  b.Wlan(fmt::format("SME: Authentication response: peer={} auth_type=2 auth_transaction=2 "
                     "status_code=0", kB), 5);
  b.Wlan(fmt::format("Trying to associate with {} (SSID='corp' freq=5180 MHz)", kB));
  b.Wlan("FT: RSNE mismatch between Beacon/ProbeResp and FT protocol Reassociation Response frame", 5);
  b.Wlan("FT: Validation of Reassociation Response failed");
  b.Wlan(fmt::format("Request to deauthenticate - bssid={} pending_bssid=00:00:00:00:00:00 "
                     "reason=13 (INVALID_IE) state=ASSOCIATING", kB));
  b.Wlan(fmt::format("CTRL-EVENT-DISCONNECTED bssid={} reason=13 locally_generated=1", kB), 50);
  // The fallback: a new connection to C with a held entry, withdrawn.
  b.Wlan("RSN: PMKSA cache search - network_ctx=0x55 try_opportunistic=0 akmp=0x3");
  b.Line("RSN: Search for BSSID " + std::string(kC));
  b.Line("RSN: PMKSA cache entry found - PMKID - hexdump(len=16): " + testing::PmkidHex(0x1c));
  b.Wlan("WPA: using KEY_MGMT FT/802.1X");
  b.Wlan("WPA: Disable PMKSA caching for FT/802.1X connection");
  b.Wlan(fmt::format("SME: Trying to authenticate with {} (SSID='corp' freq=2412 MHz)", kC));
  b.Wlan(fmt::format("SME: Authentication response: peer={} auth_type=0 auth_transaction=2 "
                     "status_code=0", kC), 5);
  b.Wlan(fmt::format("Trying to associate with {} (SSID='corp' freq=2412 MHz)", kC));
  b.Wlan(fmt::format("Associated with {}", kC), 5);
  b.Wlan("CTRL-EVENT-EAP-STARTED EAP authentication started", 10);
  b.Wlan("RSN: Authenticator did not accept PMKID, doing full EAP authentication");
  b.FullEap(kC, 0x2c);
  return b;
}

TEST(ConnectionRulesTest, FtFailureFallsBackToFullEapWithoutARefusal) {
  Report r = Replay(FtFailureWithFallback());
  ASSERT_EQ(r.roams.size(), 3u);
  const RoamSummary& first = r.roams[0];
  EXPECT_EQ(first.detail.trigger.kind, "startup");
  EXPECT_EQ(first.detail.akm, "FT/802.1X");
  const RoamSummary& ft = r.roams[1];
  EXPECT_EQ(ft.detail.trigger.kind, "bgscan");
  EXPECT_EQ(ft.detail.auth_algorithm, "ft");
  EXPECT_EQ(ft.method, "failed");
  EXPECT_EQ(ft.detail.outcome, "failed");
  ASSERT_TRUE(ft.detail.failure);
  EXPECT_EQ(ft.detail.failure->phase, "association");
  EXPECT_EQ(ft.detail.failure->reason_code, 13);
  EXPECT_EQ(ft.detail.failure->name, "INVALID_IE");
  EXPECT_EQ(ft.detail.failure->locally_generated, true);
  EXPECT_EQ(ft.detail.fast_path.expected, "ft");
  EXPECT_EQ(ft.detail.fast_path.why_not, "ft-failed");
  const RoamSummary& fb = r.roams[2];
  EXPECT_EQ(fb.detail.trigger.kind, "auth-failure-retry");
  EXPECT_EQ(fb.fallback_of, 1u);
  EXPECT_EQ(fb.method, "full-eap");
  EXPECT_EQ(fb.detail.auth_algorithm, "open");
  EXPECT_EQ(fb.detail.fast_path.expected, "pmksa");
  EXPECT_EQ(fb.detail.fast_path.why_not, "pmksa-disabled-by-config");
  EXPECT_FALSE(fb.refused);
  // The artefact "did not accept PMKID" is no refusal.
  EXPECT_EQ(Count(r, "pmkid-rejected"), 0);
  EXPECT_EQ(Count(r, "ap-forgot-pmksa"), 0);
  ASSERT_EQ(Count(r, "ft-failed"), 1);
  const Finding& f = First(r, "ft-failed");
  EXPECT_NE(f.message.find("INVALID_IE"), std::string::npos) << f.message;
  EXPECT_NE(f.message.find("by the station"), std::string::npos) << f.message;
  EXPECT_NE(f.message.find("cost: a new connection to 00:24:97:aa:bb:03 by full-eap"),
            std::string::npos) << f.message;
  ASSERT_EQ(Count(r, "pmksa-caching-disabled"), 1);
  const Finding& d = First(r, "pmksa-caching-disabled");
  EXPECT_NE(d.message.find("is an artefact"), std::string::npos) << d.message;
}

TEST(ConnectionRulesTest, FtCompletedIsMethodFtOnTheFastPath) {
  LogBuilder b(LogBuilder::Era::k2x);
  PskConnect(b, kA, "FT/PSK").Idle(20);
  b.Wlan(fmt::format("CTRL_IFACE ROAM {}", kB));
  b.Wlan(fmt::format("SME: Trying to authenticate with {} (SSID='corp' freq=5180 MHz)", kB));
  b.Wlan(fmt::format("SME: Authentication response: peer={} auth_type=2 auth_transaction=2 "
                     "status_code=0", kB), 5);
  b.Wlan(fmt::format("Trying to associate with {} (SSID='corp' freq=5180 MHz)", kB));
  b.Wlan(fmt::format("Associated with {}", kB), 5);
  b.Wlan("FT: Completed successfully");
  b.Wlan(fmt::format("CTRL-EVENT-CONNECTED - Connection to {} completed [id=0 id_str=]", kB));
  Report r = Replay(b);
  ASSERT_EQ(r.roams.size(), 2u);
  EXPECT_EQ(r.roams[0].method, "psk");
  EXPECT_EQ(r.roams[0].detail.fast_path.expected, "none");
  EXPECT_EQ(r.roams[0].detail.fast_path.why_not, "first-connection");
  const RoamSummary& ft = r.roams[1];
  EXPECT_EQ(ft.method, "ft");
  EXPECT_EQ(ft.detail.outcome, "success");
  EXPECT_EQ(ft.detail.trigger.kind, "ctrl-command");
  EXPECT_EQ(ft.detail.akm, "FT/PSK");
  EXPECT_EQ(ft.detail.fast_path.expected, "ft");
  EXPECT_TRUE(ft.detail.fast_path.used);
  EXPECT_EQ(Count(r, "ft-failed"), 0);  // near miss
}

TEST(ConnectionRulesTest, BeaconLossThenReconnectIsLinkLoss) {
  LogBuilder b(LogBuilder::Era::k2x);
  PskConnect(b, kA).Idle(10);
  for (int i = 0; i < 3; ++i) b.Wlan("CTRL-EVENT-BEACON-LOSS", 100);
  b.Wlan(fmt::format("CTRL-EVENT-DISCONNECTED bssid={} reason=4 locally_generated=1", kA), 500);
  PskConnect(b, kB);
  Report r = Replay(b);
  ASSERT_EQ(r.roams.size(), 2u);
  const AttemptTrigger& t = r.roams[1].detail.trigger;
  EXPECT_EQ(t.kind, "beacon-loss");
  EXPECT_EQ(t.reason_code, 4);
  EXPECT_EQ(t.reason, "DISASSOC_DUE_TO_INACTIVITY");
  EXPECT_EQ(t.locally_generated, true);
  ASSERT_EQ(Count(r, "link-loss"), 1);
  EXPECT_NE(First(r, "link-loss").message.find("reconnected to 00:24:97:aa:bb:02 after"),
            std::string::npos) << First(r, "link-loss").message;
}

TEST(ConnectionRulesTest, DeauthFromTheApIsLinkLossAndLocalDisconnectIsNot) {
  LogBuilder b(LogBuilder::Era::k2x);
  PskConnect(b, kA).Idle(10);
  b.Wlan(fmt::format("CTRL-EVENT-DISCONNECTED bssid={} reason=2", kA), 500);
  PskConnect(b, kB).Idle(10);
  b.Wlan(fmt::format("CTRL-EVENT-DISCONNECTED bssid={} reason=3 locally_generated=1", kB), 500);
  PskConnect(b, kA);
  Report r = Replay(b);
  ASSERT_EQ(r.roams.size(), 3u);
  EXPECT_EQ(r.roams[1].detail.trigger.kind, "deauth-from-ap");
  EXPECT_EQ(r.roams[1].detail.trigger.reason, "PREV_AUTH_NOT_VALID");
  EXPECT_EQ(r.roams[2].detail.trigger.kind, "disconnect");
  EXPECT_EQ(Count(r, "link-loss"), 1);
}

TEST(ConnectionRulesTest, BtmRequestRejectedIsNotFollowed) {
  LogBuilder b(LogBuilder::Era::k2x);
  PskConnect(b, kA).Idle(10);
  b.Wlan("WNM: BSS Transition Management Request: dialog_token=1 request_mode=0x1 "
         "disassoc_timer=0 validity_interval=100");
  b.Wlan(fmt::format("WNM: Send BSS Transition Management Response to {} dialog_token=1 "
                     "status=7 reason=0 delay=0", kA));
  b.Idle(5);
  b.Wlan("WNM: BSS Transition Management Request: dialog_token=2 request_mode=0x1 "
         "disassoc_timer=0 validity_interval=100");
  b.Wlan(fmt::format("WNM: Transition to BSS {} based on BSS Transition Management Request "
                     "(old BSSID {} after_new_scan=1)", kB, kA));
  b.Wlan(fmt::format("WNM: Send BSS Transition Management Response to {} dialog_token=2 "
                     "status=0 reason=0 delay=0", kA));
  PskConnect(b, kB);
  Report r = Replay(b);
  ASSERT_EQ(Count(r, "btm-not-followed"), 1);
  EXPECT_NE(First(r, "btm-not-followed").message.find("no suitable candidates"),
            std::string::npos);
  ASSERT_EQ(r.roams.size(), 2u);
  EXPECT_EQ(r.roams[1].detail.trigger.kind, "btm-request");
}

TEST(ConnectionRulesTest, AssocRejectIsGroupedPerApButStatus53WithAPmkidIsNot) {
  LogBuilder b(LogBuilder::Era::k2x);
  for (int i = 0; i < 2; ++i) {
    b.Wlan(fmt::format("SME: Trying to authenticate with {} (SSID='corp' freq=2412 MHz)", kA));
    b.Wlan(fmt::format("Trying to associate with {} (SSID='corp' freq=2412 MHz)", kA));
    b.Wlan(fmt::format("CTRL-EVENT-ASSOC-REJECT bssid={} status_code=17", kA), 20);
  }
  b.Wlan(fmt::format("SME: Trying to authenticate with {} (SSID='corp' freq=2412 MHz)", kB));
  b.Wlan(fmt::format("CTRL-EVENT-AUTH-REJECT {} auth_type=0 auth_transaction=2 status_code=1",
                     kB), 20);
  Report r = Replay(b);
  ASSERT_EQ(Count(r, "assoc-rejected"), 1);
  const Finding& f = First(r, "assoc-rejected");
  EXPECT_NE(f.message.find("status 17 (AP_UNABLE_TO_HANDLE_NEW_STA)"), std::string::npos)
      << f.message;
  EXPECT_EQ(f.evidence.size(), 3u);  // attempt, reject, reject again
  ASSERT_EQ(Count(r, "auth-rejected"), 1);
  EXPECT_EQ(r.roams[1].fallback_of, 0u);
  EXPECT_EQ(r.roams[1].detail.trigger.kind, "auth-failure-retry");
  EXPECT_EQ(r.roams[2].detail.failure->phase, "authentication");
  EXPECT_EQ(r.roams[2].detail.failure->status_code, 1);
}

// A day-long rejection loop (corpus 03-like, tiled: 29,000 "rejected again"
// lines on one finding made the JSON 24 MB and the evidence scan
// quadratic): a finding keeps its first 64 evidence lines and counts the
// rest, in JSON ("evidence_omitted") and text.
TEST(ConnectionRulesTest, EvidenceOfARepeatedRejectionIsBounded) {
  LogBuilder b(LogBuilder::Era::k2x);
  for (int i = 0; i < 100; ++i) {
    b.Wlan(fmt::format("SME: Trying to authenticate with {} (SSID='corp' freq=2412 MHz)", kA));
    b.Wlan(fmt::format("Trying to associate with {} (SSID='corp' freq=2412 MHz)", kA));
    b.Wlan(fmt::format("CTRL-EVENT-ASSOC-REJECT bssid={} status_code=17", kA), 20);
    b.Idle(1);
  }
  Report r = Replay(b);
  ASSERT_EQ(Count(r, "assoc-rejected"), 1);
  const Finding& f = First(r, "assoc-rejected");
  EXPECT_EQ(f.evidence.size(), Finding::kMaxEvidence);
  EXPECT_EQ(f.evidence_omitted, 101u - Finding::kMaxEvidence);  // attempt + 100 rejects
  EXPECT_EQ(f.evidence.front().role, "attempt started");
  std::ostringstream json, text;
  WriteJsonReport(r, false, json);
  EXPECT_NE(json.str().find("\"evidence_omitted\":37"), std::string::npos);
  WriteTextReport(r, TextStyle(), text);
  EXPECT_NE(text.str().find("... and 37 more evidence lines (the first 64 are listed)"),
            std::string::npos);
}

TEST(ConnectionRulesTest, PskFourWayTimeoutLoopIsAStormOfFailures) {
  LogBuilder b(LogBuilder::Era::k2x);
  for (int i = 0; i < 6; ++i) {
    b.Wlan("WPA: using KEY_MGMT WPA-PSK");
    b.Associate(kA);
    b.Wlan(fmt::format("WPA: RX message 1 of 4-Way Handshake from {} (ver=2)", kA), 5);
    b.Wlan(fmt::format("CTRL-EVENT-DISCONNECTED bssid={} reason=15", kA), 5000);
    b.Wlan("WPA: 4-Way Handshake failed - pre-shared key may be incorrect");
    b.Idle(10);
  }
  Report r = Replay(b);
  ASSERT_EQ(r.roams.size(), 6u);
  for (const RoamSummary& roam : r.roams) {
    EXPECT_EQ(roam.detail.outcome, "failed");
    ASSERT_TRUE(roam.detail.failure);
    EXPECT_EQ(roam.detail.failure->phase, "4way");
    EXPECT_EQ(roam.detail.failure->reason_code, 15);
    EXPECT_EQ(roam.detail.failure->name, "4WAY_HANDSHAKE_TIMEOUT");
  }
  EXPECT_EQ(r.roams[3].detail.trigger.kind, "auth-failure-retry");
  ASSERT_EQ(Count(r, "roam-storm"), 1);
  EXPECT_NE(First(r, "roam-storm").message.find("6 of them failed"), std::string::npos)
      << First(r, "roam-storm").message;
  EXPECT_EQ(Count(r, "link-loss"), 0);  // near miss: the AP did not end a link
}

TEST(ConnectionRulesTest, PingPongNamesTheCycleAndFiveRoamsAreNoStorm) {
  LogBuilder b(LogBuilder::Era::k2x);
  const char* path[] = {kA, kB, kA, kC, kB};
  for (const char* ap : path) {
    PskConnect(b, ap);
    b.Idle(20);
  }
  Report r = Replay(b);
  ASSERT_EQ(r.roams.size(), 5u);
  ASSERT_GE(Count(r, "roam-ping-pong"), 1);
  EXPECT_NE(First(r, "roam-ping-pong").message.find(
                "00:24:97:aa:bb:01 -> 00:24:97:aa:bb:02 -> 00:24:97:aa:bb:01"),
            std::string::npos)
      << First(r, "roam-ping-pong").message;
  EXPECT_EQ(Count(r, "roam-storm"), 0);  // near miss: 5 < 6
}

TEST(ConnectionRulesTest, SlowReturnIsNoPingPong) {
  LogBuilder b(LogBuilder::Era::k2x);
  const char* path[] = {kA, kB, kA};
  for (const char* ap : path) {
    PskConnect(b, ap);
    b.Idle(40);
  }
  Report r = Replay(b);
  EXPECT_EQ(Count(r, "roam-ping-pong"), 0);
}

// A monotonic clock that restarts (a reboot between two runs, journald's
// "[  73.470842]" kernel-style stamps): the time between the attempts before
// and after is unknown, so three failed attempts before the restart and
// three after are not one storm, and A -> B before with A after is no
// ping-pong. Without the restart the same six attempts are a storm.
TEST(ConnectionRulesTest, ClockRestartEndsPingPongAndStormWindows) {
  auto build = [](bool restart) {
    LogBuilder b(LogBuilder::Era::k2x);
    auto failing = [&b](int n) {
      for (int i = 0; i < n; ++i) {
        b.Wlan("WPA: using KEY_MGMT WPA-PSK");
        b.Associate(kB);
        b.Wlan(fmt::format("WPA: RX message 1 of 4-Way Handshake from {} (ver=2)", kB), 5);
        b.Wlan(fmt::format("CTRL-EVENT-DISCONNECTED bssid={} reason=15", kB), 5000);
        b.Idle(1);
      }
    };
    PskConnect(b, kA);
    b.Idle(5);
    PskConnect(b, kC);
    b.Idle(5);
    failing(3);
    std::string first_half = b.str();
    size_t cut = first_half.size();
    failing(3);
    PskConnect(b, kA);
    // "1317158000.123456: msg" -> "[  12.123456] wpa_supplicant[42]: msg",
    // restarting at 3 s after the cut when asked.
    std::string out;
    std::string text = b.str();
    int64_t base = 1317158000, offset = 0;
    size_t pos = 0;
    while (pos < text.size()) {
      size_t nl = text.find('\n', pos);
      std::string line = text.substr(pos, nl - pos);
      size_t colon = line.find(": ");
      int64_t sec = std::stoll(line.substr(0, line.find('.')));
      std::string frac = line.substr(line.find('.') + 1, colon - line.find('.') - 1);
      if (restart && pos == cut) offset = (sec - base) - 3;
      out += fmt::format("[{:>4}.{}] wpa_supplicant[42]: {}\n", sec - base - offset, frac,
                         line.substr(colon + 2));
      pos = nl + 1;
    }
    Report r;
    ReplayBuffer("test.log", out, ReplayOptions(), &r);
    return r;
  };
  Report continuous = build(false);
  EXPECT_EQ(Count(continuous, "roam-storm"), 1);
  EXPECT_EQ(Count(continuous, "roam-ping-pong"), 1);
  Report restarted = build(true);
  EXPECT_EQ(restarted.roams.size(), continuous.roams.size());
  ASSERT_FALSE(restarted.diagnostics.empty());
  EXPECT_NE(restarted.diagnostics[0].message.find("clock restarted"), std::string::npos);
  EXPECT_EQ(Count(restarted, "roam-storm"), 0);
  EXPECT_EQ(Count(restarted, "roam-ping-pong"), 0);
}

}  // namespace
}  // namespace roamreplay

namespace roamreplay {
namespace {

// D-Bus method calls as dbus_new_helpers.c logs them at -dd: Reassociate,
// Reconnect, SelectNetwork and Roam start an attempt; a Scan whose results
// lead to a within-ESS reassociation is the trigger of that roam. Other
// calls (property reads) are no trigger (near miss).
TEST(ConnectionRulesTest, DbusCallsAreCtrlCommandTriggers) {
  LogBuilder b(LogBuilder::Era::k2x);
  PskConnect(b, kA).Idle(10);
  b.Line("dbus: fi.w1.wpa_supplicant1.Interface.Roam (/fi/w1/wpa_supplicant1/Interfaces/0) [s]");
  PskConnect(b, kB).Idle(10);
  b.Line("dbus: fi.w1.wpa_supplicant1.Interface.Scan (/fi/w1/wpa_supplicant1/Interfaces/0) "
         "[a{sv}]");
  b.Wlan("Starting AP scan for wildcard SSID");
  b.Wlan("New scan results available (own=1 ext=0)", 1500);
  b.Wlan("Considering within-ESS reassociation");
  PskConnect(b, kA).Idle(10);
  b.Line("dbus: org.freedesktop.DBus.Properties.Get (/fi/w1/wpa_supplicant1/Interfaces/0) [ss]");
  PskConnect(b, kC);
  Report r = Replay(b);
  ASSERT_EQ(r.roams.size(), 4u);
  EXPECT_EQ(r.roams[1].detail.trigger.kind, "ctrl-command");
  EXPECT_EQ(r.roams[1].detail.trigger.detail, "control interface: D-Bus Roam");
  EXPECT_EQ(r.roams[2].detail.trigger.kind, "ctrl-command");
  EXPECT_NE(r.roams[2].detail.trigger.detail.find("D-Bus"), std::string::npos)
      << r.roams[2].detail.trigger.detail;
  EXPECT_EQ(r.roams[3].detail.trigger.kind, "unknown");
}

// phases_ms.scan: from the start of the scan whose results chose the BSS to
// the selection. A selection of another BSS, or one without scan results,
// gives null (near misses).
TEST(ConnectionRulesTest, ScanPhaseRunsFromScanStartToSelection) {
  LogBuilder b(LogBuilder::Era::k2x);
  b.Wlan("Starting AP scan for wildcard SSID");
  b.Wlan("New scan results available (own=1 ext=0)", 1800);
  b.Wlan(fmt::format("   selected BSS {} ssid='corp'", kA), 7);
  PskConnect(b, kA).Idle(10);
  b.Wlan(fmt::format("CTRL-EVENT-DISCONNECTED bssid={} reason=4 locally_generated=1", kA));
  b.Wlan("Starting AP scan for wildcard SSID");
  b.Wlan("New scan results available (own=1 ext=0)", 1800);
  b.Wlan(fmt::format("   selected BSS {} ssid='corp'", kC), 7);
  PskConnect(b, kB).Idle(10);  // not the BSS the scan chose
  b.Wlan(fmt::format("CTRL-EVENT-DISCONNECTED bssid={} reason=4 locally_generated=1", kB));
  b.Wlan("Starting AP scan for wildcard SSID");
  b.Wlan(fmt::format("   selected BSS {} ssid='corp'", kA), 7);  // no results yet
  PskConnect(b, kA);
  Report r = Replay(b);
  ASSERT_EQ(r.roams.size(), 3u);
  ASSERT_TRUE(r.roams[0].detail.phases.scan);
  EXPECT_EQ(RoundedMs(*r.roams[0].detail.phases.scan), 1807);
  EXPECT_FALSE(r.roams[1].detail.phases.scan);
  EXPECT_FALSE(r.roams[2].detail.phases.scan);
}

// FT/802.1X: FT is possible only within the mobility domain the station is
// associated in ("SME: FT mobility domain" names it for each attempt).
TEST(ConnectionRulesTest, RoamToAnotherMobilityDomainIsWhyNotFt) {
  for (const char* md : {"c3d4", "a1b2"}) {
    LogBuilder b(LogBuilder::Era::k2x);
    b.Wlan("WPA: using KEY_MGMT FT/802.1X");
    b.Wlan("SME: FT mobility domain a1b2");
    b.Associate(kA).FullEap(kA, 0x1a).Idle(30);
    b.Line("bgscan simple: Request a background scan", 100);
    b.Wlan("Considering within-ESS reassociation", 2000);
    b.Wlan(std::string("SME: FT mobility domain ") + md);
    b.Wlan(fmt::format("SME: Trying to authenticate with {} (SSID='corp' freq=5180 MHz)", kB));
    b.Wlan(fmt::format("SME: Authentication response: peer={} auth_type=0 auth_transaction=2 "
                       "status_code=0", kB), 5);
    b.Wlan(fmt::format("Trying to associate with {} (SSID='corp' freq=5180 MHz)", kB));
    b.Wlan(fmt::format("Associated with {}", kB), 5);
    b.FullEap(kB, 0x2b);
    Report r = Replay(b);
    ASSERT_EQ(r.roams.size(), 2u) << md;
    const FastPath& fp = r.roams[1].detail.fast_path;
    EXPECT_EQ(fp.expected, "ft") << md;
    EXPECT_FALSE(fp.used) << md;
    if (std::string(md) == "c3d4") {
      EXPECT_EQ(fp.why_not, "other-mobility-domain");
      EXPECT_NE(fp.detail.find("c3d4"), std::string::npos) << fp.detail;
    } else {
      EXPECT_EQ(fp.why_not, "unknown");  // same domain: FT was possible, not used
    }
  }
}

// OKC off: the PMKSA cache search runs with try_opportunistic=0 while the
// cache holds another AP's entry that OKC could have cloned (okc-disabled);
// with try_opportunistic=1 and nothing cloned it is no-cache-entry (near miss).
TEST(ConnectionRulesTest, SearchWithoutOkcIsOkcDisabled) {
  for (int okc : {0, 1}) {
    LogBuilder b(LogBuilder::Era::k2x);
    b.Wlan("WPA: using KEY_MGMT 802.1X");
    b.Associate(kA).FullEap(kA, 0x1a).Idle(30);
    b.Line(fmt::format("RSN: PMKSA cache search - network_ctx=0x55 try_opportunistic={} akmp=0x1",
                       okc));
    b.Line(fmt::format("RSN: Search for BSSID {}", kB));
    b.Line("RSN: No PMKSA cache entry found");
    b.Associate(kB).FullEap(kB, 0x2b);
    Report r = Replay(b);
    ASSERT_EQ(r.roams.size(), 2u) << okc;
    const FastPath& fp = r.roams[1].detail.fast_path;
    EXPECT_EQ(fp.expected, okc ? "none" : "okc") << okc;
    EXPECT_EQ(fp.why_not, okc ? "no-cache-entry" : "okc-disabled") << okc;
  }
}

// The configuration dump (-dd) says whether OKC is on: a 2011 log prints no
// "PMKSA cache search ... try_opportunistic=" line, so only
// "proactive_key_caching=0 (0x0)" of the network's block (config.c) makes the
// roam to B without a clone okc-disabled. Near misses: OKC on, no dump, and
// the option set for another network of a two-network configuration.
TEST(ConnectionRulesTest, ConfigDumpTellsOkcOff) {
  struct Case {
    std::vector<std::string> config;
    const char* why_not;
  } cases[] = {
      {{"Line: 3 - start of a new network block", "proactive_key_caching=0 (0x0)",
        "Priority group 0", "   id=0 ssid='corp'"},
       "okc-disabled"},
      {{"Line: 3 - start of a new network block", "proactive_key_caching=1 (0x1)",
        "Priority group 0", "   id=0 ssid='corp'"},
       "no-cache-entry"},
      {{}, "no-cache-entry"},
      {{"Line: 3 - start of a new network block", "proactive_key_caching=0 (0x0)",
        "Line: 9 - start of a new network block", "Priority group 0", "   id=0 ssid='guest'",
        "   id=1 ssid='corp'"},
       "no-cache-entry"},
  };
  for (const Case& c : cases) {
    LogBuilder b(LogBuilder::Era::k2011);
    for (const std::string& line : c.config) b.Line(line);
    b.Associate(kA).FullEap(kA, 0x1a).Idle(30);
    b.Associate(kB).FullEap(kB, 0x2b);
    Report r = Replay(b);
    ASSERT_EQ(r.roams.size(), 2u) << c.config.size();
    const FastPath& fp = r.roams[1].detail.fast_path;
    EXPECT_EQ(fp.why_not, c.why_not) << c.config.size();
    if (std::string(c.why_not) == "okc-disabled") {
      EXPECT_EQ(fp.expected, "okc");
      EXPECT_NE(fp.detail.find("proactive_key_caching=0 in the configuration, line 2"),
                std::string::npos)
          << fp.detail;
    }
  }
}

// ft_eap_pmksa_caching in the configuration dump: FT/802.1X reconnecting to
// A after a disconnect holds A's entry but runs full EAP. Without the option
// in the log that is pmksa-disabled-by-config by inference (the default 0);
// "ft_eap_pmksa_caching=0" says so from the line; with "=1" the
// configuration allowed caching, so it is no longer the explanation.
TEST(ConnectionRulesTest, FtEapPmksaCachingFromTheConfigDump) {
  for (int option : {-1, 0, 1}) {
    LogBuilder b(LogBuilder::Era::k2x);
    b.Line("Line: 3 - start of a new network block");
    if (option >= 0) b.Line(fmt::format("ft_eap_pmksa_caching={} (0x{})", option, option));
    b.Line("   id=0 ssid='corp'");
    b.Wlan("WPA: using KEY_MGMT FT/802.1X");
    b.Wlan("SME: FT mobility domain a1b2");
    b.Associate(kA).FullEap(kA, 0x1a).Idle(30);
    b.Wlan(fmt::format("CTRL-EVENT-DISCONNECTED bssid={} reason=3 locally_generated=1", kA));
    b.Wlan("SME: FT mobility domain a1b2");
    b.Associate(kA).FullEap(kA, 0x2b);
    Report r = Replay(b);
    ASSERT_EQ(r.roams.size(), 2u) << option;
    const FastPath& fp = r.roams[1].detail.fast_path;
    EXPECT_EQ(fp.expected, "pmksa") << option;
    EXPECT_FALSE(fp.used) << option;
    EXPECT_EQ(fp.why_not, option == 1 ? "unknown" : "pmksa-disabled-by-config") << option;
    if (option == 0)
      EXPECT_NE(fp.detail.find("ft_eap_pmksa_caching=0 (line 2)"), std::string::npos) << fp.detail;
    if (option == -1)
      EXPECT_NE(fp.detail.find("unless ft_eap_pmksa_caching=1"), std::string::npos) << fp.detail;
  }
}

// FT over the DS: the FT_DS command, "FT: Request over-the-DS with X", then
// the reassociation (no SME authentication): auth_algorithm ft.
TEST(ConnectionRulesTest, FtOverTheDsIsFtAuthentication) {
  LogBuilder b(LogBuilder::Era::k2x);
  PskConnect(b, kA, "FT/PSK").Idle(20);
  b.Line(fmt::format("CTRL_IFACE FT_DS {}", kB));
  b.Line(fmt::format("FT: Request over-the-DS with {}", kB));
  b.Wlan(fmt::format("Trying to associate with {} (SSID='corp' freq=5180 MHz)", kB), 20);
  b.Wlan(fmt::format("Associated with {}", kB), 5);
  b.Line("FT: Completed successfully");
  b.Wlan(fmt::format("CTRL-EVENT-CONNECTED - Connection to {} completed [id=0 id_str=]", kB));
  Report r = Replay(b);
  ASSERT_EQ(r.roams.size(), 2u);
  EXPECT_EQ(r.roams[1].method, "ft");
  EXPECT_EQ(r.roams[1].detail.auth_algorithm, "ft");
  EXPECT_EQ(r.roams[1].detail.trigger.kind, "ctrl-command");
  EXPECT_EQ(r.roams[1].detail.trigger.detail, "control interface: FT_DS 00:24:97:aa:bb:02");
}

}  // namespace
}  // namespace roamreplay

namespace roamreplay {
namespace {

// The batch form of the ping-pong and storm rules, over a finished roam
// list (how PmksaRules decided them before they became streaming): the
// reference the streaming rules must match.
std::vector<std::pair<uint64_t, std::string>> BatchPingPongAndStorms(const Report& r,
                                                                     const RulesConfig& c) {
  std::vector<std::pair<uint64_t, std::string>> out;  // (line, "kind: message")
  std::vector<const RoamSummary*> idx;
  for (const RoamSummary& x : r.roams)
    if (!x.reauth && x.start_time_us) idx.push_back(&x);
  auto triggers = [](const std::vector<const RoamSummary*>& v) {
    std::map<std::string, int> count;
    for (const RoamSummary* x : v) ++count[x->detail.trigger.kind];
    std::string s;
    for (const auto& [k, n] : count) s += fmt::format("{}{} {}", s.empty() ? "" : ", ", n, k);
    return s;
  };
  std::vector<const RoamSummary*> ok;
  for (const RoamSummary* x : idx)
    if (x->detail.outcome == "success") ok.push_back(x);
  size_t next_allowed = 0;
  for (size_t k = 2; k < ok.size(); ++k) {
    if (k < next_allowed) continue;
    for (size_t j = k - 1; j-- > 0;) {
      if (*ok[k]->start_time_us - *ok[j]->start_time_us > c.ping_pong_s * 1'000'000) break;
      if (ok[j]->bssid != ok[k]->bssid || ok[k - 1]->bssid == ok[k]->bssid) continue;
      std::vector<const RoamSummary*> cycle(ok.begin() + j, ok.begin() + k + 1);
      std::string path;
      for (const RoamSummary* x : cycle) path += (path.empty() ? "" : " -> ") + x->bssid.ToString();
      out.push_back({ok[k]->start_line,
                     fmt::format("roam-ping-pong: roamed {} within {:.1f} s (limit {} s); "
                                 "triggers: {}",
                                 path, (*ok[k]->start_time_us - *ok[j]->start_time_us) / 1e6,
                                 c.ping_pong_s, triggers(cycle))});
      next_allowed = k + 2;
      break;
    }
  }
  size_t n = static_cast<size_t>(c.storm_count);
  auto at = [&](size_t i) { return *idx[i]->start_time_us; };
  for (size_t k = 0; k + n <= idx.size();) {
    if (at(k + n - 1) - at(k) > c.storm_s * 1'000'000) {
      ++k;
      continue;
    }
    size_t end = k + n;
    while (end < idx.size() && at(end) - at(end - n + 1) <= c.storm_s * 1'000'000) ++end;
    std::vector<const RoamSummary*> burst(idx.begin() + k, idx.begin() + end);
    int failed = 0;
    for (const RoamSummary* x : burst) failed += x->detail.outcome == "failed";
    out.push_back({idx[k]->start_line,
                   fmt::format("roam-storm: {} connection attempts in {:.1f} s (at least {} "
                               "within {} s), {} of them failed; triggers: {}",
                               burst.size(), (at(end - 1) - at(k)) / 1e6, c.storm_count,
                               c.storm_s, failed, triggers(burst))});
    k = end;
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

// Property: on random PSK connection sequences (three APs, successes and
// 4-way failures, random gaps around the ping-pong and storm windows), the
// streaming rules report exactly what the batch rules report on the full
// roam list. Hand-built sequences, not captured logs.
TEST(ConnectionRulesTest, StreamingPingPongAndStormsMatchTheBatchRules) {
  const char* aps[] = {kA, kB, kC};
  uint32_t seed = 12345;
  auto next = [&seed](uint32_t mod) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % mod;
  };
  int pongs = 0, storms = 0;
  for (int run = 0; run < 60; ++run) {
    LogBuilder b(LogBuilder::Era::k2x);
    int attempts = 5 + static_cast<int>(next(40));
    for (int i = 0; i < attempts; ++i) {
      const char* ap = aps[next(3)];
      if (next(4) == 0) {  // a 4-way timeout
        b.Wlan("WPA: using KEY_MGMT WPA-PSK");
        b.Associate(ap);
        b.Wlan(fmt::format("WPA: RX message 1 of 4-Way Handshake from {} (ver=2)", ap), 5);
        b.Wlan(fmt::format("CTRL-EVENT-DISCONNECTED bssid={} reason=15", ap), 5000);
      } else {
        PskConnect(b, ap);
      }
      int gaps[] = {1, 10, 25, 45, 70, 200, 400};
      b.Idle(gaps[next(7)]);
    }
    Report r = Replay(b);
    std::vector<std::pair<uint64_t, std::string>> got;
    for (const Finding& f : r.findings)
      if (f.kind == "roam-ping-pong" || f.kind == "roam-storm")
        got.push_back({f.line, f.kind + ": " + f.message});
    EXPECT_EQ(got, BatchPingPongAndStorms(r, RulesConfig())) << "run " << run;
    pongs += Count(r, "roam-ping-pong");
    storms += Count(r, "roam-storm");
  }
  // The sequences exercise both rules.
  EXPECT_GT(pongs, 10);
  EXPECT_GT(storms, 5);
}

// Past the roam list's limit the attempts are not kept, but the rules
// still see them: a ping-pong and a storm among attempts 21.. of a log
// replayed with a list of 20.
TEST(ConnectionRulesTest, PingPongAndStormsPastTheRoamListLimit) {
  LogBuilder b(LogBuilder::Era::k2x);
  for (int i = 0; i < 20; ++i) {
    PskConnect(b, i % 2 ? kB : kA);
    b.Idle(400);  // no ping-pong, no storm
  }
  const char* path[] = {kC, kA, kC};
  for (const char* ap : path) {
    PskConnect(b, ap);
    b.Idle(20);
  }
  for (int i = 0; i < 6; ++i) {
    b.Wlan("WPA: using KEY_MGMT WPA-PSK");
    b.Associate(kB);
    b.Wlan(fmt::format("WPA: RX message 1 of 4-Way Handshake from {} (ver=2)", kB), 5);
    b.Wlan(fmt::format("CTRL-EVENT-DISCONNECTED bssid={} reason=15", kB), 5000);
    b.Idle(10);
  }
  ReplayOptions options;
  options.rules.max_roams = 20;
  Report r;
  ReplayBuffer("test.log", b.str(), options, &r);
  ASSERT_EQ(r.roams.size(), 20u);
  EXPECT_EQ(r.truncated["roams"], 9u);
  ASSERT_EQ(Count(r, "roam-ping-pong"), 1);
  EXPECT_NE(First(r, "roam-ping-pong").message.find(
                "00:24:97:aa:bb:03 -> 00:24:97:aa:bb:01 -> 00:24:97:aa:bb:03"),
            std::string::npos)
      << First(r, "roam-ping-pong").message;
  ASSERT_EQ(Count(r, "roam-storm"), 1);
  EXPECT_NE(First(r, "roam-storm").message.find("6 of them failed"), std::string::npos)
      << First(r, "roam-storm").message;
}

}  // namespace
}  // namespace roamreplay
