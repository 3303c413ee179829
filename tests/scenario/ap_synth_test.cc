// The synthesizer's AP side (issue 14, synth_hostapd.cc): our own hostapd
// parser reads the logs it writes as it reads real ones. Every line is an
// AP event or a known hostapd text (none unknown), the processes and BSSs
// come out as scripted, and, in the 2011 texts, every line has the shape of
// a line of the real hostapd logs of corpus pairs 20-22 (skipped without
// ../shared/corpus) but for the texts those runs never printed.

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "app/ap_join.h"
#include "app/replay.h"
#include "model/ap_view.h"
#include "parse/hostapd_parser.h"
#include "scenario/scenario.h"
#include "scenario/synth.h"

namespace roamreplay {
namespace {

const char* const kApScenarios[] = {"ap-side-okc-found", "ap-side-never-had-pmk",
                                    "ap-side-entry-expired", "ap-side-restarted",
                                    "ap-side-newer-pmk", "ap-side-stale-offer-found-pre2011"};

Scenario Load(const std::string& name) {
  Scenario sc;
  Status s = LoadScenario(std::string(ROAMREPLAY_SOURCE_DIR) + "/scenarios/" + name + ".json", &sc);
  EXPECT_TRUE(s.ok()) << s.message();
  return sc;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The line without its stamp, with addresses, interface names, numbers and
// hexdump payloads replaced.
std::string Shape(std::string line) {
  static const std::regex stamp(R"(^\d+\.\d{6}: )");
  static const std::regex payload(R"(hexdump\(len=\d+\): .*)");
  static const std::regex mac(R"([0-9a-f]{2}(:[0-9a-f]{2}){5})");
  static const std::regex conf(R"(/[^ ]*\.conf)");
  static const std::regex ifname(R"(\bap[A-Za-z0-9]+\b)");
  static const std::regex ssid(R"(ssid '[^']*')");
  static const std::regex number(R"(\d+)");
  line = std::regex_replace(line, stamp, "");
  line = std::regex_replace(line, payload, "hexdump: H");
  line = std::regex_replace(line, mac, "M");
  line = std::regex_replace(line, conf, "CONF");
  line = std::regex_replace(line, ifname, "IF");
  line = std::regex_replace(line, ssid, "ssid 'S'");
  return std::regex_replace(line, number, "N");
}

TEST(ApSynthTest, EveryLineIsKnownToTheHostapdParser) {
  for (const char* name : kApScenarios) {
    Scenario sc = Load(name);
    ASSERT_TRUE(sc.hostapd) << name;
    SynthResult synth;
    Synthesize(sc, SynthOptions(), &synth);
    ASSERT_EQ(synth.ap_logs.size(), sc.hostapd->processes.size()) << name;
    for (const SynthApLog& log : synth.ap_logs) {
      EXPECT_TRUE(LooksLikeHostapdLog(Lines(log.log))) << name << " " << log.process;
      HostapdLineParser parser;
      ApView view(0);
      uint64_t number = 0;
      for (const std::string& line : Lines(log.log)) {
        ApParsedLine parsed;
        parser.Parse(line, &parsed);
        EXPECT_NE(parsed.kind, ApLineKind::kUnknown) << name << ": " << line;
        EXPECT_NE(parsed.kind, ApLineKind::kOther) << name << ": " << line;
        EXPECT_TRUE(parsed.has_time) << line;
        view.Apply(parsed, ++number, line);
      }
      view.Finish();
      // The scripted BSSs, with their addresses, in one process per start.
      std::set<std::string> bssids;
      for (const ApBss& b : view.bss()) {
        EXPECT_TRUE(b.has_bssid) << b.ifname;
        bssids.insert(b.bssid.ToString());
      }
      EXPECT_EQ(bssids.size(), log.aps.size()) << name;
      size_t restarts = 0;
      for (const Step& st : sc.steps)
        if (st.kind == StepKind::kApRestart && sc.hostapd->ProcessOf(sc.FindAp(st.ap)) ==
                                                   sc.hostapd->ProcessOf(sc.FindAp(log.aps[0])))
          ++restarts;
      EXPECT_EQ(view.processes().size(), 1 + restarts) << name << " " << log.process;
      for (const ApProcess& p : view.processes()) EXPECT_EQ(p.bss.size(), log.aps.size());
    }
  }
}

TEST(ApSynthTest, SharedProcessShowsTheMoveBetweenItsBsss) {
  Scenario sc = Load("ap-side-okc-found");
  SynthResult synth;
  Synthesize(sc, SynthOptions(), &synth);
  ASSERT_EQ(synth.ap_logs.size(), 1u);
  Report report;
  ReplayOptions options;
  options.ap_texts.push_back({"ctrl.log", synth.ap_logs[0].log});
  ReplayBuffer("sta.log", synth.log, options, &report);
  ASSERT_EQ(report.ap_logs.size(), 1u);
  EXPECT_EQ(report.ap_logs[0].offset_source, "same-clock");
  ASSERT_EQ(report.ap_logs[0].processes.size(), 1u);
  EXPECT_EQ(report.ap_logs[0].processes[0].bss.size(), 2u);
  EXPECT_NE(report.ap_logs[0].processes[0].shared_evidence.find("disassociated a station"),
            std::string::npos)
      << report.ap_logs[0].processes[0].shared_evidence;
}

// The 2011 texts (hostapd 0098ce6d, the version of corpus pairs 20-22):
// every shape is one the real logs show, except the texts of events those
// runs did not have (taken from hostapd-2011.tsv).
TEST(ApSynthTest, LinesHaveTheShapesOfRealHostapdLogs) {
  const std::string corpus = std::string(ROAMREPLAY_SOURCE_DIR) + "/../shared/corpus/";
  std::set<std::string> real;
  for (const char* file : {"20-hostap-testdrv-okc-shared-pre-hostapd.log",
                           "21-hostap-testdrv-okc-split-pre-apA-hostapd.log",
                           "21-hostap-testdrv-okc-split-pre-apB-hostapd.log",
                           "22-hostap-testdrv-pmksa-hit-v2_0-hostapd.log"}) {
    std::ifstream in(corpus + file);
    if (!in) GTEST_SKIP() << "corpus absent: " << corpus;
    for (std::string line; std::getline(in, line);) real.insert(Shape(line));
  }
  const std::set<std::string> not_in_corpus = {
      "RSN: expired PMKSA cache entry for M",  // pmksa_cache_auth.c: no expiry in those runs
  };
  SynthOptions options;
  options.era = TextEra::k2011;
  for (const char* name : kApScenarios) {
    SynthResult synth;
    Synthesize(Load(name), options, &synth);
    for (const SynthApLog& log : synth.ap_logs)
      for (const std::string& line : Lines(log.log)) {
        std::string shape = Shape(line);
        EXPECT_TRUE(real.count(shape) > 0 || not_in_corpus.count(shape) > 0)
            << name << ": no real line has the shape '" << shape << "' (" << line << ")";
      }
  }
}

}  // namespace
}  // namespace roamreplay
