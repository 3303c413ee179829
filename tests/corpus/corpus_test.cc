// The real third-party logs of ../shared/corpus (see SOURCES.md there): one
// test per file asserting the detected input shape, era, evidence tier and
// the events SOURCES.md describes. The logs are read in place, never copied
// into the project; every test skips when the corpus is absent.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "app/replay.h"
#include "parse/line_parser.h"
#include "parse/unwrap.h"
#include "report/writers.h"

namespace roamreplay {
namespace {

std::string CorpusDir() { return std::string(ROAMREPLAY_SOURCE_DIR) + "/../shared/corpus/"; }

// Supplicant event types in log order, through the same front end.
class Sequence : public LineSink {
 public:
  void OnInput(const InputDetection& d) override { parser_ = LineParser(d.format); }
  void OnLogicalLine(const LogicalLine& line) override {
    parser_.Parse(line.text, &parsed_);
    if (parsed_.kind == LineKind::kEvent) events.push_back(parsed_.event.type);
  }
  std::vector<EventType> events;

 private:
  LineParser parser_;
  ParsedLine parsed_;
};

class CorpusTest : public ::testing::Test {
 protected:
  // Replays `name`; false (and the test skips) when the corpus is absent.
  bool Load(const std::string& name) {
    std::string path = CorpusDir() + name;
    if (!std::filesystem::exists(path)) return false;
    std::ifstream in(path, std::ios::binary);
    data_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    ReplayBuffer(name, data_, ReplayOptions(), &report_);
    InputFrontEnd front(FrontEndOptions(), &sequence_);
    ForEachLineInBuffer(data_, [&](const LineReader::Line& l) { front.Push(l); });
    front.Finish();
    return true;
  }

  uint64_t Count(const char* event) {
    auto it = report_.event_counts.find(event);
    return it == report_.event_counts.end() ? 0 : it->second;
  }

  // The longest run of PMKSA-CACHE-REMOVED events right after an EAP success
  // (other events in between are skipped; PMKSA-CACHE-ADDED ends the run).
  size_t RemovedBurstAfterEapSuccess() const {
    size_t best = 0;
    const std::vector<EventType>& ev = sequence_.events;
    for (size_t i = 0; i < ev.size(); ++i) {
      if (ev[i] != EventType::kEapSuccess) continue;
      size_t run = 0;
      for (size_t j = i + 1; j < ev.size() && ev[j] != EventType::kPmksaCacheAddedEvent; ++j)
        if (ev[j] == EventType::kPmksaCacheRemovedEvent) ++run;
      best = std::max(best, run);
    }
    return best;
  }

  bool HasFinding(const char* kind) const { return !Findings(kind).empty(); }

  std::vector<const Finding*> Findings(const char* kind) const {
    std::vector<const Finding*> out;
    for (const Finding& f : report_.findings)
      if (f.kind == kind) out.push_back(&f);
    return out;
  }

  void ExpectShape(const char* format, const char* era, const char* tier) {
    EXPECT_EQ(report_.input_format, format);
    EXPECT_EQ(report_.era, era);
    EXPECT_EQ(report_.evidence_tier, tier);
    const LineCounts& c = report_.counts;
    EXPECT_EQ(c.lines, c.events + c.known + c.unknown + c.malformed + c.other + c.other_sources +
                           c.rejoined);
    // INFO logs cannot show a stale selection, and must not claim one.
    if (std::string(tier) == "INFO") EXPECT_FALSE(HasFinding("stale-pmkid-reuse"));
  }

  std::string data_;
  Report report_;
  Sequence sequence_;
};

#define LOAD_OR_SKIP(name) \
  if (!Load(name)) GTEST_SKIP() << "corpus absent: " << CorpusDir() << name

TEST_F(CorpusTest, Harvard02BulkFlushAfterEapSuccess) {
  LOAD_OR_SKIP("02-harvard-eaptls-okc-flush-roam-journald.log");
  ExpectShape("syslog", "2.x", "INFO");
  EXPECT_EQ(Count("PmksaCacheAddedEvent"), 32u);
  EXPECT_EQ(Count("PmksaCacheRemovedEvent"), 33u);
  EXPECT_EQ(Count("EapSuccess"), 4u);
  EXPECT_EQ(Count("Connected"), 4u);
  EXPECT_GE(RemovedBurstAfterEapSuccess(), 30u);
  EXPECT_EQ(report_.counts.other_sources, 158u);  // kernel + NetworkManager + systemd
  EXPECT_EQ(report_.tier_supports, std::vector<std::string>{"pmkid-rejected"});
}

TEST_F(CorpusTest, B43SaeCachingRejected03) {
  LOAD_OR_SKIP("03-b43-sae-pmksa-caching-rejected-loop-journald-dd.log");
  ExpectShape("syslog", "2.x", "-d");
  EXPECT_EQ(report_.supplicant_version, "2.9");
  EXPECT_EQ(Count("PmksaCacheAddedEvent"), 9u);
  EXPECT_EQ(Count("PmksaCacheRemovedEvent"), 9u);
  EXPECT_EQ(Count("SaeCachingRejected"), 6u);
  EXPECT_EQ(Count("PmksaFreeCb"), 9u);
  EXPECT_EQ(Findings("pmkid-rejected").size(), 6u);  // one per SAE caching rejection
  ASSERT_FALSE(report_.cache_history.empty());
  EXPECT_EQ(report_.cache_history[0].created_time.substr(0, 7), "mai 20 ");  // localised month
}

TEST_F(CorpusTest, Wpa3Platform04AssocReject53) {
  LOAD_OR_SKIP("04-wpa3platform-sae-assocreject53-pmksa-removed.log");
  ExpectShape("harness", "2.x", "INFO");
  EXPECT_EQ(Count("PmksaCacheAddedEvent"), 2u);
  EXPECT_EQ(Count("PmksaCacheRemovedEvent"), 1u);
  // "CTRL-EVENT-ASSOC-REJECT status_code=53" has no bssid=: an event once the
  // event parser accepts that, a malformed-line diagnostic until then.
  size_t diagnosed = 0;
  for (const Diagnostic& d : report_.diagnostics)
    if (d.message.find("status_code=53") != std::string::npos) ++diagnosed;
  EXPECT_EQ(Count("AssocReject") + diagnosed, 1u);
  std::vector<const Finding*> rejected = Findings("pmkid-rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0]->line, 56u);
  EXPECT_EQ(rejected[0]->time, "20:14:12.866");
  EXPECT_GT(report_.counts.other_sources, 0u);  // script output and config dump
}

TEST_F(CorpusTest, Esp32Idf05CachedPmkAndTwoBoots) {
  LOAD_OR_SKIP("05-wpa3platform-esp32-sae-cached-pmk-invalid-pmkid.log");
  ExpectShape("esp-idf", "2.x", "-dd -K");  // the ESP-IDF port prints PMK bytes
  EXPECT_EQ(Count("FoundMatchingPmkid"), 4u);
  EXPECT_EQ(Count("PmkidFromAuthenticator"), 4u);  // hexdump bytes joined to their header
  EXPECT_EQ(Count("PmksaFlush"), 3u);
  EXPECT_TRUE(report_.interfaces.empty());  // "wpa3: Skip SAE ..." is not an interface
  EXPECT_EQ(report_.counts.malformed, 0u);
  bool restart = false;
  for (const Diagnostic& d : report_.diagnostics)
    restart |= d.message.find("monotonic clock restarted") != std::string::npos;
  EXPECT_TRUE(restart);  // two boots
}

TEST_F(CorpusTest, Eduroam06WrappedMonotonicFlush) {
  LOAD_OR_SKIP("06-eduroam-ttls-okc-flush-journal-monotonic-wrapped.log");
  ExpectShape("short-monotonic", "2.x", "INFO");
  EXPECT_GT(report_.wrap_column, 0u);
  EXPECT_EQ(report_.counts.rejoined, 44u);
  EXPECT_EQ(report_.counts.unknown, 0u);
  EXPECT_EQ(Count("PmksaCacheRemovedEvent"), 11u);
  EXPECT_EQ(Count("PmksaCacheAddedEvent"), 10u);  // 1 for the current BSSID + 9 OKC entries
  EXPECT_EQ(RemovedBurstAfterEapSuccess(), 11u);
}

TEST_F(CorpusTest, Rt2800PmkidInMsg1Matched07) {
  LOAD_OR_SKIP("07-rt2800-sae-pmkid-msg1-match-journald-dd.log");
  ExpectShape("syslog", "2.x", "-d");
  EXPECT_EQ(report_.supplicant_version, "2.9");
  EXPECT_EQ(Count("PmkidFromAuthenticator"), 1u);
  EXPECT_EQ(Count("FoundMatchingPmkid"), 1u);
  EXPECT_EQ(Count("CachingUsed"), 1u);
  EXPECT_EQ(Count("Connected"), 1u);
  EXPECT_TRUE(report_.findings.empty());  // the clean positive control
}

TEST_F(CorpusTest, Rtw89MultiApStatus53_08) {
  LOAD_OR_SKIP("08-rtw89-sae-multi-ap-roam-pmksa-journald.log");
  ExpectShape("syslog", "2.x", "INFO");
  EXPECT_EQ(Count("AssocReject"), 7u);
  std::vector<const Finding*> rejected = Findings("pmkid-rejected");  // one per status 53
  ASSERT_EQ(rejected.size(), 7u);
  EXPECT_EQ(rejected[0]->time, "Jul 15 22:47:44");  // the log's own stamp text
  EXPECT_EQ(rejected[0]->line, 446u);
  EXPECT_EQ(Count("PmksaCacheAddedEvent"), 12u);
  EXPECT_EQ(Count("PmksaCacheRemovedEvent"), 12u);
  EXPECT_EQ(Count("Connected"), 10u);
  EXPECT_GT(report_.counts.other_sources, 1000u);
}

TEST_F(CorpusTest, Mt7921eSaeCycles09) {
  LOAD_OR_SKIP("09-mt7921e-nm-sae-pmksa-cycles-journald.log");
  ExpectShape("syslog", "2.x", "INFO");
  EXPECT_EQ(Count("PmksaCacheAddedEvent"), 28u);
  EXPECT_EQ(Count("PmksaCacheRemovedEvent"), 28u);
  EXPECT_EQ(Count("Connected"), 21u);
  EXPECT_EQ(Count("Disconnected"), 33u);
}

TEST_F(CorpusTest, RpiBrcmfmacWrappedDashT10) {
  LOAD_OR_SKIP("10-rpi-brcmfmac-wpa3-ddt-wrapped.log");
  ExpectShape("dash-t", "2.x", "-dd");
  EXPECT_EQ(report_.supplicant_version, "2.10");
  EXPECT_GT(report_.counts.rejoined, 200u);
  EXPECT_EQ(Count("PmksaNotFound"), 1u);
  EXPECT_EQ(report_.interfaces, (std::vector<std::string>{"wlan0", "p2p-dev-wlan0"}));
}

TEST_F(CorpusTest, Rt3562staPmkidNoMatch11) {
  LOAD_OR_SKIP("11-ubuntuforums-rt3562sta-pmkid-msg1-nomatch-d.log");
  ExpectShape("plain", "0.7.3", "-d");
  EXPECT_EQ(Count("PmkidFromAuthenticator"), 1u);
  EXPECT_EQ(Count("NoMatchingPmkid"), 1u);
  EXPECT_EQ(Count("Connected"), 1u);
  EXPECT_TRUE(report_.interfaces.empty());  // "0: <bssid> ssid=..." is a scan list
}

TEST_F(CorpusTest, Android71Logcat12) {
  LOAD_OR_SKIP("12-android71-logcat-threadtime-pmkid-msg1.log");
  ExpectShape("logcat-threadtime", "2.x", "-dd");
  EXPECT_EQ(report_.counts.other_sources, 4584u);  // other Android tags, chatty
  EXPECT_EQ(Count("PmksaSearch"), 1u);
  EXPECT_EQ(Count("PmksaNotFound"), 1u);
  EXPECT_EQ(Count("PmkidFromAuthenticator"), 1u);
  EXPECT_EQ(Count("NoMatchingPmkid"), 1u);
  EXPECT_EQ(Count("Connected"), 1u);
}

TEST_F(CorpusTest, Wpa3PlatformRogueEapFailure13) {
  LOAD_OR_SKIP("13-wpa3platform-peap-pmksa-then-rogue-eapfail.log");
  ExpectShape("harness", "2.x", "INFO");
  EXPECT_EQ(Count("EapSuccess"), 1u);
  EXPECT_EQ(Count("EapFailure"), 1u);
  EXPECT_FALSE(HasFinding("pmkid-rejected"));  // the rogue AP got no PMKSA attempt
  EXPECT_EQ(Count("PmksaCacheAddedEvent"), 1u);
  EXPECT_EQ(Count("Connected"), 1u);
}

TEST_F(CorpusTest, EapolTestPeap14) {
  LOAD_OR_SKIP("14-eapol_test-peap-mschapv2-dd.log");
  ExpectShape("plain", "2.x", "-dd -K");
  EXPECT_EQ(Count("EapSuccess"), 1u);
  EXPECT_EQ(Count("Associated"), 0u);  // no 802.11 association
}

TEST_F(CorpusTest, Rtw88NeedleInHaystack15) {
  LOAD_OR_SKIP("15-rtw88-journal-sae-band-roam.log");
  ExpectShape("syslog", "2.x", "INFO");
  EXPECT_GT(report_.counts.other_sources, 7000u);
  EXPECT_EQ(Count("PmksaCacheAddedEvent"), 3u);
  EXPECT_EQ(Count("PmksaCacheRemovedEvent"), 3u);
}

TEST_F(CorpusTest, BrcmfmacWrappedDashT16) {
  LOAD_OR_SKIP("16-brcmfmac-sae-t-timestamps.log");
  ExpectShape("dash-t", "2.x", "INFO");
  EXPECT_EQ(report_.counts.rejoined, 11u);
  EXPECT_EQ(Count("PmksaCacheAddedEvent"), 1u);
  EXPECT_EQ(Count("Disconnected"), 2u);  // reason 17, then 6
  EXPECT_EQ(report_.counts.unknown, 0u);
}

TEST_F(CorpusTest, StarbucksWrappedSyslog17) {
  LOAD_OR_SKIP("17-starbucks-open-syslog-dd-wrapped.log");
  ExpectShape("syslog", "2.x", "-dd");
  EXPECT_GT(report_.counts.rejoined, 1000u);
  EXPECT_EQ(Count("PmksaCacheAddedEvent") + Count("PmksaAdded"), 0u);  // open network
  EXPECT_TRUE(report_.findings.empty());
}

TEST_F(CorpusTest, Ath11kPskFailLoop18) {
  LOAD_OR_SKIP("18-ath11k-journal-psk-fail-loop.log");
  ExpectShape("syslog", "2.x", "INFO");
  EXPECT_EQ(Count("PmksaCacheAddedEvent") + Count("PmksaCacheRemovedEvent"), 0u);
  EXPECT_EQ(Count("Disconnected"), 9u);
  EXPECT_EQ(report_.counts.unknown, 0u);  // SSID-TEMP-DISABLED etc. are known
}

TEST_F(CorpusTest, CauseyQuotedSnippet19) {
  LOAD_OR_SKIP("19-hostap-2011-causey-okc-snippet.log");
  ExpectShape("plain", "unknown", "INFO");
  EXPECT_EQ(Count("PmkidNotAccepted"), 1u);  // after the mail quote "> " is dropped
  EXPECT_EQ(report_.counts.unknown, 0u);
}

// Pairs 20-22: real wpa_supplicant and hostapd logs of the same runs. Each
// verdict below was checked in both logs.
std::vector<std::string> Methods(const Report& r) {
  std::vector<std::string> out;
  for (const RoamSummary& roam : r.roams) out.push_back(roam.method);
  return out;
}

// Station: full EAP at A (line 551, PMKID ce4573d6), OKC clone for B accepted
// (hostapd 619 "OKC match for PMKID" 35838fc3: gen 1 is shared), B's
// re-authentication replaces B's validated clone with gen 2 (1196-1197, no
// flush: pre-fix), and the station offers A's gen 1 PMKID again (1276).
// hostapd (one process) still holds it and accepts it (1089-1090), but by the
// per-PMK rule it is superseded: the 2011 report's stale offer.
TEST_F(CorpusTest, OkcSharedPre20StaleOfferOfTheValidatedPmk) {
  LOAD_OR_SKIP("20-hostap-testdrv-okc-shared-pre-sta.log");
  ExpectShape("dash-t", "2011", "-dd");
  EXPECT_EQ(report_.policy, "pre-2011");
  auto stale = Findings("stale-pmkid-reuse");
  ASSERT_EQ(stale.size(), 1u);
  EXPECT_EQ(stale[0]->line, 1276u);
  EXPECT_EQ(stale[0]->cause, "replaced-pmk");
  EXPECT_EQ(stale[0]->bssid->ToString(), "02:a9:5d:f9:fe:cb");
  EXPECT_FALSE(HasFinding("over-flush"));
  EXPECT_FALSE(HasFinding("pmkid-rejected"));
  EXPECT_EQ(Methods(report_),
            (std::vector<std::string>{"full-eap", "okc", "full-eap", "pmksa-cache"}));
}

// Station: A full EAP (gen 1, PMKID 4b00bf31); the OKC clone of gen 1 offered
// to B (641, af9a530a) is refused: B is another hostapd process (apB 110 shows
// the PMKID, no match; full EAP follows and apB adds b4912219 at 507). B's
// full EAP replaces the unvalidated clone (1099-1100). No clone of gen 1 was
// ever validated, so A's own entry stays valid, and apA accepts it at 521.
TEST_F(CorpusTest, OkcSplitPre21RefusedCloneLeavesTheOwnEntryValid) {
  LOAD_OR_SKIP("21-hostap-testdrv-okc-split-pre-sta.log");
  ExpectShape("dash-t", "2011", "-dd");
  auto rejected = Findings("pmkid-rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0]->line, 698u);
  EXPECT_EQ(rejected[0]->cause, "ap-refused");
  EXPECT_EQ(rejected[0]->bssid->ToString(), "02:d8:1e:6b:8b:11");
  EXPECT_FALSE(HasFinding("stale-pmkid-reuse"));
  EXPECT_FALSE(HasFinding("over-flush"));
  EXPECT_EQ(Methods(report_),
            (std::vector<std::string>{"full-eap", "full-eap", "full-eap", "pmksa-cache"}));
}

// v2.0 station: full EAP at the AP (entry added at 550), disconnect, and the
// reconnect offers 25692c22 (744), which apE finds in its cache (542-543).
TEST_F(CorpusTest, PmksaHitV20_22) {
  LOAD_OR_SKIP("22-hostap-testdrv-pmksa-hit-v2_0-sta.log");
  ExpectShape("dash-t", "2.x", "-dd");
  EXPECT_EQ(report_.policy, "c3fea272");  // banner v2.0, no replacement to weigh
  EXPECT_TRUE(report_.findings.empty());
  EXPECT_EQ(Methods(report_), (std::vector<std::string>{"full-eap", "pmksa-cache"}));
}

// Every corpus file: no crash, both writers, and no unknown line of the
// message families the model reads.
TEST_F(CorpusTest, EveryFileReplaysAndModelFamiliesAreKnown) {
  if (!std::filesystem::exists(CorpusDir())) GTEST_SKIP() << "corpus absent: " << CorpusDir();
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(CorpusDir())) {
    if (entry.path().extension() != ".log") continue;
    ++files;
    Report report;
    ASSERT_TRUE(ReplayFile(entry.path().string(), ReplayOptions(), &report).ok());
    std::ostringstream out;
    WriteJsonReport(report, true, out);
    WriteTextReport(report, TextStyle(), out);
    EXPECT_FALSE(out.str().empty());
    for (const ShapeCount& s : report.unknown_shapes)
      for (const char* family : {"RSN: ", "PMKSA-CACHE-", "CTRL-EVENT-", "EAPOL: ", "State: "})
        EXPECT_NE(s.shape.rfind(family, 0), 0u) << entry.path() << ": " << s.shape;
  }
  EXPECT_GE(files, 18u);
}

}  // namespace
}  // namespace roamreplay
