// check --record (lib/scenario/record.h): baselines of the shipped logs and
// of the corpus pass `check`; re-recording rewrites nothing; one edited line
// of one trace fails exactly that baseline with a readable diff.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "app/replay.h"
#include "scenario/check.h"
#include "scenario/record.h"

namespace roamreplay {
namespace {

namespace fs = std::filesystem;

const std::string kLogs = ROAMREPLAY_SOURCE_DIR "/logs";
const std::string kCorpus = ROAMREPLAY_SOURCE_DIR "/../shared/corpus";

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh scratch folder per test, removed when the test ends.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name)
      : path_((fs::temp_directory_path() /
               ("roamreplay-record-" + name + "-" + std::to_string(::getpid())))
                  .string()) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct Recorded {
  std::vector<RecordTarget> targets;
  std::vector<RecordOutcome> outcomes;
};

Recorded RecordAll(const std::vector<std::string>& inputs, const std::string& outdir,
                   const RecordOptions& options = RecordOptions()) {
  Recorded r;
  std::vector<TraceFile> traces;
  std::vector<Status> errors;
  CollectTraceFiles(inputs, &traces, &errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_TRUE(PlanRecord(traces, outdir, &r.targets).ok());
  for (const RecordTarget& t : r.targets) {
    Report report;
    EXPECT_TRUE(ReplayFile(t.trace.path, ReplayOptions(), &report).ok()) << t.trace.path;
    RecordOutcome outcome;
    Status s = RecordTrace(report, t, options, &outcome);
    EXPECT_TRUE(s.ok()) << s.message();
    r.outcomes.push_back(outcome);
  }
  return r;
}

std::vector<ScenarioResult> CheckAll(const std::string& outdir) {
  std::vector<std::string> files;
  EXPECT_TRUE(CollectScenarioFiles({outdir}, &files).ok());
  std::vector<ScenarioResult> results(files.size());
  for (size_t i = 0; i < files.size(); ++i) RunScenarioFile(files[i], &results[i]);
  return results;
}

void ExpectAllPass(const std::vector<ScenarioResult>& results) {
  for (const ScenarioResult& r : results) {
    std::ostringstream text;
    WriteCheckText({r}, text);
    EXPECT_EQ(r.status, CheckStatus::kPass) << text.str();
  }
}

TEST(RecordTest, ShippedLogsRecordPassAndReRecordChangesNothing) {
  ScratchDir scratch("shipped");
  std::string out = scratch.path() + "/base";
  Recorded first = RecordAll({kLogs}, out);
  // The 2011 reconstructions and the hand-made conn-*.log flows; README.md
  // and gen/ are not traces.
  ASSERT_EQ(first.targets.size(), 9u);
  for (RecordOutcome o : first.outcomes) EXPECT_EQ(o, RecordOutcome::kCreated);
  EXPECT_EQ(first.targets[0].log.rfind("../", 0), 0u) << first.targets[0].log;
  std::vector<ScenarioResult> results = CheckAll(out);
  ASSERT_EQ(results.size(), 9u);
  ExpectAllPass(results);

  std::map<std::string, std::string> before;
  for (const RecordTarget& t : first.targets) before[t.file] = Slurp(t.file);
  Recorded second = RecordAll({kLogs}, out);
  for (RecordOutcome o : second.outcomes) EXPECT_EQ(o, RecordOutcome::kUnchanged);
  for (const RecordTarget& t : second.targets) EXPECT_EQ(Slurp(t.file), before[t.file]);

  // The stale-PMKID reconstruction pins its findings by kind, AP, cause, time.
  std::string stale = before[out + "/2011-okc-stale-pmkid.json"];
  EXPECT_NE(stale.find("{\"kind\": \"stale-pmkid-reuse\", \"ap\": \"00:24:97:aa:bb:01\", "
                       "\"cause\": \"replaced-pmk\", \"time\": \"1317159147.145598\"}"),
            std::string::npos) << stale;
  EXPECT_EQ(stale.find("\"line\""), std::string::npos) << stale;
}

TEST(RecordTest, CorpusRecordsAndPasses) {
  if (!fs::exists(kCorpus)) GTEST_SKIP() << "corpus absent: " << kCorpus;
  ScratchDir scratch("corpus");
  std::string out = scratch.path() + "/base";
  Recorded first = RecordAll({kCorpus}, out);
  EXPECT_GE(first.targets.size(), 20u);
  ExpectAllPass(CheckAll(out));
  Recorded second = RecordAll({kCorpus}, out);
  for (size_t i = 0; i < second.outcomes.size(); ++i)
    EXPECT_EQ(second.outcomes[i], RecordOutcome::kUnchanged) << second.targets[i].file;
}

TEST(RecordTest, OneEditedLineFailsExactlyThatBaseline) {
  ScratchDir scratch("edit");
  const std::string& dir = scratch.path();
  fs::create_directories(dir + "/traces");
  for (const char* name : {"2011-okc-postfix.log", "2011-okc-stale-pmkid.log"})
    fs::copy_file(kLogs + "/" + name, dir + "/traces/" + name);
  Recorded recorded = RecordAll({dir + "/traces"}, dir + "/base");
  ExpectAllPass(CheckAll(dir + "/base"));

  // B accepted the OKC PMKID ("RSN: matched PMKID"); now it refuses it.
  std::string path = dir + "/traces/2011-okc-postfix.log";
  std::string log = Slurp(path);
  const std::string accepted = "1317158508.854212: RSN: matched PMKID - hexdump(len=16): "
                               "a1 7e b8 77 89 30 c7 16 35 1e 29 9c 5c 58 6c c6";
  size_t at = log.find(accepted);
  ASSERT_NE(at, std::string::npos);
  log.replace(at, accepted.size(),
              "1317158508.854212: RSN: Authenticator did not accept PMKID, doing full EAP "
              "authentication");
  std::ofstream(path, std::ios::binary) << log;

  std::vector<ScenarioResult> results = CheckAll(dir + "/base");
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].name, "2011-okc-postfix");
  EXPECT_EQ(results[0].status, CheckStatus::kFail);
  EXPECT_EQ(results[1].status, CheckStatus::kPass);
  std::ostringstream text;
  WriteCheckText(results, text);
  const std::string out = text.str();
  EXPECT_NE(out.find("FAIL  2011-okc-postfix"), std::string::npos) << out;
  EXPECT_NE(out.find("- FAIL exact: no other findings at or above info  [unexpected line 675 "
                     "1317158508.854212 pmkid-rejected 00:24:97:aa:bb:02"),
            std::string::npos) << out;
  EXPECT_NE(out.find("2 scenarios: 1 passed, 1 failed"), std::string::npos) << out;

  // Re-recording blesses the change: only that file is rewritten.
  std::string other = Slurp(dir + "/base/2011-okc-stale-pmkid.json");
  Recorded again = RecordAll({dir + "/traces"}, dir + "/base");
  EXPECT_EQ(again.outcomes[0], RecordOutcome::kUpdated);
  EXPECT_EQ(again.outcomes[1], RecordOutcome::kUnchanged);
  EXPECT_EQ(Slurp(dir + "/base/2011-okc-stale-pmkid.json"), other);
  ExpectAllPass(CheckAll(dir + "/base"));
}

TEST(RecordTest, PinAndSeverityChooseTheExpectations) {
  Report report;
  ASSERT_TRUE(ReplayFile(kLogs + "/2011-okc-stale-pmkid.log", ReplayOptions(), &report).ok());
  RecordTarget t;
  t.trace = {kLogs + "/2011-okc-stale-pmkid.log", "2011-okc-stale-pmkid.log"};
  t.name = "stale";
  t.file = "/nonexistent/stale.json";
  t.log = "../logs/2011-okc-stale-pmkid.log";
  RecordOptions roams;
  roams.pin = RecordPin::kRoams;
  std::string text = RecordScenarioText(report, t, roams, "");
  EXPECT_EQ(text.find("\"findings\""), std::string::npos) << text;
  EXPECT_EQ(text.find("\"exact\""), std::string::npos) << text;
  EXPECT_NE(text.find("{\"method\": \"full-eap\", \"min\": "), std::string::npos) << text;

  RecordOptions errors;
  errors.pin = RecordPin::kFindings;
  errors.min_severity = Severity::kError;
  text = RecordScenarioText(report, t, errors, "kept");
  EXPECT_NE(text.find("\"description\": \"kept\""), std::string::npos) << text;
  EXPECT_NE(text.find("stale-pmkid-reuse"), std::string::npos) << text;
  EXPECT_EQ(text.find("pmkid-rejected"), std::string::npos) << text;  // a warning
  EXPECT_EQ(text.find("\"method\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"min_severity\": \"error\""), std::string::npos) << text;
}

TEST(RecordTest, CollidingNamesAreNumbered) {
  ScratchDir scratch("names");
  const std::string& out = scratch.path();
  std::vector<TraceFile> traces = {{kLogs + "/2011-okc-postfix.log", "a/x.log"},
                                   {kLogs + "/2011-okc-postfix.log", "a/x.log.gz"}};
  std::vector<RecordTarget> targets;
  ASSERT_TRUE(PlanRecord(traces, out, &targets).ok());
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_EQ(targets[0].file, out + "/a__x.json");
  EXPECT_EQ(targets[1].file, out + "/a__x-2.json");
  EXPECT_EQ(targets[1].name, "a__x-2");
}

TEST(RecordTest, MinSeverityWidensExact) {
  const std::string log = ROAMREPLAY_SOURCE_DIR "/logs/2011-okc-stale-pmkid.log";
  auto parse = [&](const std::string& expect, Scenario* sc) {
    return ParseScenario("{\"name\": \"x\", \"log\": \"" + log + "\", \"expect\": " + expect +
                             "}",
                         "x.json", sc);
  };
  Scenario sc;
  EXPECT_EQ(parse("{\"min_severity\": \"warning\"}", &sc).message(),
            "x.json: expect.min_severity: needs \"exact\": true");
  EXPECT_EQ(parse("{\"exact\": true, \"min_severity\": \"loud\"}", &sc).message(),
            "x.json: expect.min_severity: must be \"error\", \"warning\" or \"info\", not "
            "'loud'");
  Report report;
  ASSERT_TRUE(ReplayFile(log, ReplayOptions(), &report).ok());
  // Only the stale-PMKID error listed: old-style exact passes (no other
  // stale-pmkid-reuse), exact at warning fails on pmkid-rejected.
  const std::string findings =
      "\"findings\": [{\"kind\": \"stale-pmkid-reuse\"}], \"exact\": true";
  ASSERT_TRUE(parse("{" + findings + "}", &sc).ok());
  ScenarioResult plain;
  CompareReport(sc, report, nullptr, &plain);
  EXPECT_EQ(plain.status, CheckStatus::kPass);
  ASSERT_TRUE(parse("{" + findings + ", \"min_severity\": \"warning\"}", &sc).ok());
  ScenarioResult wide;
  CompareReport(sc, report, nullptr, &wide);
  EXPECT_EQ(wide.status, CheckStatus::kFail);
  ASSERT_TRUE(parse("{" + findings + ", \"min_severity\": \"error\"}", &sc).ok());
  ScenarioResult errors;
  CompareReport(sc, report, nullptr, &errors);
  EXPECT_EQ(errors.status, CheckStatus::kPass);
}

}  // namespace
}  // namespace roamreplay
