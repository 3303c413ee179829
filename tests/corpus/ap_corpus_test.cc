// Corpus pairs 20, 21 and 22 (../shared/corpus, SOURCES.md): real
// wpa_supplicant and hostapd programs run against each other over hostap's
// test driver, both with -dd -t on the host clock. Each test replays the
// station's log with the AP log(s) beside it (--ap) and asserts the AP's
// answer to every PMKID the station offered and the AP-side causes, as read
// in both logs (comments say which lines). Skips when the corpus is absent.

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "app/replay.h"
#include "report/writers.h"

namespace roamreplay {
namespace {

std::string CorpusDir() { return std::string(ROAMREPLAY_SOURCE_DIR) + "/../shared/corpus/"; }

class ApCorpusTest : public ::testing::Test {
 protected:
  bool Load(const std::string& sta, const std::vector<std::string>& aps) {
    if (!std::filesystem::exists(CorpusDir() + sta)) return false;
    ReplayOptions options;
    for (const std::string& ap : aps) options.ap_logs.push_back(CorpusDir() + ap);
    Status s = ReplayFile(CorpusDir() + sta, options, &report_);
    EXPECT_TRUE(s.ok()) << s.message();
    return true;
  }
  // (bssid, offered PMKID prefix or "-", ap_answer, ap_line) per roam.
  std::vector<std::string> Answers() const {
    std::vector<std::string> out;
    for (const RoamSummary& r : report_.roams)
      out.push_back(r.bssid.ToString().substr(9) + " " +
                    (r.offered_pmkid.known ? r.offered_pmkid.Short() : "-") + " " +
                    (r.ap_answer.empty() ? "null" : r.ap_answer) + " " + std::to_string(r.ap_line));
    return out;
  }
  const Finding* Only(const char* kind) const {
    const Finding* found = nullptr;
    for (const Finding& f : report_.findings)
      if (f.kind == kind) {
        if (found) return nullptr;
        found = &f;
      }
    return found;
  }
  Report report_;
};

#define LOAD_OR_SKIP(...) \
  if (!Load(__VA_ARGS__)) GTEST_SKIP() << "corpus absent: " << CorpusDir()

// Pair 20, one hostapd process with BSSs apA (02:a9:5d:f9:fe:cb) and apB
// (02:d8:1e:6b:8b:11): hostapd lines 1 and 95 are two "Configuration file:"
// lines of one start-up block, and line 626 "apA: disassociate STA" right
// after apB's "associated" (615) is hostapd moving the station within the
// process. Read in the hostapd log: full EAP at apA (205, entry 604);
// at apB the OKC PMKID matches (619 "OKC match for PMKID"); the re-auth at
// apB (701 "event 5", the station's EAPOL-Start) gives apB a new entry
// (1038; line 700 shows the eap_reauth_period timer firing); back at apA the station offers apA's first PMKID, and apA still
// has it: 1090 "PMKID found from PMKSA cache". So the station's stale offer
// (stale-pmkid-reuse at sta line 1276) was accepted by this AP.
TEST_F(ApCorpusTest, Pair20SharedProcessAcceptsOkcAndTheStaleOffer) {
  LOAD_OR_SKIP("20-hostap-testdrv-okc-shared-pre-sta.log",
               {"20-hostap-testdrv-okc-shared-pre-hostapd.log"});
  ASSERT_EQ(report_.ap_logs.size(), 1u);
  const ApLogSummary& log = report_.ap_logs[0];
  EXPECT_EQ(log.offset_source, "same-clock");
  EXPECT_EQ(log.offset_s, 0.0);
  ASSERT_TRUE(log.offset_spread_ms.has_value());
  EXPECT_LT(*log.offset_spread_ms, 5.0);
  EXPECT_EQ(log.bss, (std::vector<std::string>{"02:a9:5d:f9:fe:cb", "02:d8:1e:6b:8b:11"}));
  ASSERT_EQ(log.processes.size(), 1u);
  EXPECT_EQ(log.processes[0].bss.size(), 2u);
  EXPECT_NE(log.processes[0].shared_evidence.find("disassociated a station"), std::string::npos);
  EXPECT_EQ(Answers(), (std::vector<std::string>{
                           "f9:fe:cb - no-pmkid-offered 205",
                           "6b:8b:11 35838fc3 okc-match 619",
                           // re-auth at apB: no association; the timer fired (700)
                           "6b:8b:11 - no-pmkid-offered 700",
                           "f9:fe:cb ce4573d6 found 1090",
                       }));
  const Finding* stale = Only("stale-pmkid-reuse");
  ASSERT_NE(stale, nullptr);
  ASSERT_EQ(log.events.size(), 2u);
  EXPECT_EQ(log.events[0].kind, "reauth-timer");
  EXPECT_EQ(log.events[0].line, 700u);
  bool found_line = false;
  for (const ApEvidence& e : stale->ap_evidence) found_line |= e.line == 1090;
  EXPECT_TRUE(found_line);
  EXPECT_EQ(Only("pmkid-rejected"), nullptr);
}

// Pair 21, two hostapd processes (one log each). Read: apA full EAP (107,
// entry 506-507 PMKID 4b00bf31); the station's OKC PMKID af9a530a reaches
// apB (apB 110 "RSN IE: STA PMKID") and no "PMKID found"/"OKC match"
// follows: full EAP (460), entry b4912219 (507-508). apB's process never
// held any PMK for the station before: ap-never-had-pmk (apA's process
// holds it, apA 506). Back at apA, 4b00bf31 is found (apA 520-521).
TEST_F(ApCorpusTest, Pair21SplitProcessesNeverHadThePmk) {
  LOAD_OR_SKIP("21-hostap-testdrv-okc-split-pre-sta.log",
               {"21-hostap-testdrv-okc-split-pre-apA-hostapd.log",
                "21-hostap-testdrv-okc-split-pre-apB-hostapd.log"});
  ASSERT_EQ(report_.ap_logs.size(), 2u);
  EXPECT_EQ(report_.ap_logs[0].processes.size(), 1u);
  EXPECT_EQ(report_.ap_logs[1].processes.size(), 1u);
  EXPECT_EQ(report_.ap_logs[1].offset_source, "same-clock");
  const Finding* rejected = Only("pmkid-rejected");
  ASSERT_NE(rejected, nullptr);
  EXPECT_EQ(rejected->line, 698u);
  EXPECT_EQ(rejected->ap_cause, "ap-never-had-pmk");
  bool offer = false, other_process = false;
  for (const ApEvidence& e : rejected->ap_evidence) {
    offer |= e.line == 110 && e.source.find("apB") != std::string::npos;
    other_process |= e.line == 506 && e.source.find("apA") != std::string::npos;
  }
  EXPECT_TRUE(offer);
  EXPECT_TRUE(other_process);
  std::vector<std::string> answers = Answers();
  ASSERT_EQ(answers.size(), 4u);
  EXPECT_EQ(answers[1], "6b:8b:11 af9a530a not-found 110");
  EXPECT_EQ(answers[2], "6b:8b:11 - no-pmkid-offered 512");  // apB's REAUTH_TIMER
  EXPECT_EQ(answers[3], "f9:fe:cb 4b00bf31 found 521");
  std::ostringstream text;
  WriteTextReport(report_, TextStyle(), text);
  EXPECT_NE(text.str().find("Both sides (station | AP logs)"), std::string::npos);
  EXPECT_NE(text.str().find("AP log: ap-never-had-pmk"), std::string::npos);
}

// Pair 22, v2.0 station, one BSS apE: full EAP (108, entry 507-508 PMKID
// 25692c22), disassociation (511), reconnect offering 25692c22 (542), which
// apE finds (543 "PMKID found from PMKSA cache").
TEST_F(ApCorpusTest, Pair22PmksaHitFound) {
  LOAD_OR_SKIP("22-hostap-testdrv-pmksa-hit-v2_0-sta.log",
               {"22-hostap-testdrv-pmksa-hit-v2_0-hostapd.log"});
  EXPECT_EQ(Answers(), (std::vector<std::string>{"3d:80:59 - no-pmkid-offered 108",
                                                  "3d:80:59 25692c22 found 543"}));
  EXPECT_TRUE(report_.findings.empty());
  std::ostringstream out;
  WriteJsonReport(report_, true, out);
  EXPECT_NE(out.str().find("\"ap_logs\""), std::string::npos);
  EXPECT_NE(out.str().find("\"ap_answer\": \"found\""), std::string::npos);
}

// A station log alone: no ap_* field at all (output as before --ap existed).
TEST_F(ApCorpusTest, WithoutApNoApFields) {
  LOAD_OR_SKIP("22-hostap-testdrv-pmksa-hit-v2_0-sta.log", {});
  std::ostringstream out;
  WriteJsonReport(report_, true, out);
  // ("ap_mld" is a cache-entry field of the AKM model, not an AP-log one.)
  for (const char* field : {"\"ap_logs\"", "\"ap_answer\"", "\"ap_line\"", "\"ap_log\"",
                            "\"ap_cause\"", "\"ap_evidence\"", "\"ap_events\""})
    EXPECT_EQ(out.str().find(field), std::string::npos) << field;
}

// A hostapd log given as the station's LOG is recognised as such.
TEST_F(ApCorpusTest, HostapdLogAsStationInputIsRecognised) {
  LOAD_OR_SKIP("22-hostap-testdrv-pmksa-hit-v2_0-hostapd.log", {});
  EXPECT_TRUE(report_.hostapd_input);
  Report sta;
  ASSERT_TRUE(ReplayFile(CorpusDir() + "22-hostap-testdrv-pmksa-hit-v2_0-sta.log", ReplayOptions(),
                         &sta).ok());
  EXPECT_FALSE(sta.hostapd_input);
}

}  // namespace
}  // namespace roamreplay
