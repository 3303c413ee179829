// roamreplay diff (lib/app/diff.h): reading replay JSON, the matching rules
// for findings and roams, rates and the tolerance, and the policy diff of the
// shipped 2011 logs.

#include <sstream>

#include <gtest/gtest.h>

#include "app/diff.h"
#include "app/replay.h"
#include "model/flush_policy.h"
#include "report/writers.h"
#include "report/xml_check.h"

namespace roamreplay {
namespace {

const std::string kLogs = ROAMREPLAY_SOURCE_DIR "/logs/";

MacAddress Mac(const char* text) {
  MacAddress m;
  EXPECT_TRUE(MacAddress::Parse(text, &m));
  return m;
}

Finding F(const char* kind, const char* bssid, const char* cause, const char* time,
          uint64_t line, Severity severity = Severity::kError) {
  Finding f;
  f.kind = kind;
  if (bssid) f.bssid = Mac(bssid);
  f.cause = cause;
  f.time = time;
  f.line = line;
  f.severity = severity;
  return f;
}

RoamSummary R(const char* bssid, const char* method, uint64_t line, int64_t duration_ms = 50) {
  RoamSummary r;
  r.bssid = Mac(bssid);
  r.method = method;
  r.start_line = line;
  r.ssid = "corp";
  r.duration_us = duration_ms * 1000;
  return r;
}

const char* A = "00:24:97:aa:bb:01";
const char* B = "00:24:97:aa:bb:02";

Report Trace(const std::string& input) {
  Report r;
  r.input = input;
  return r;
}

TEST(DiffTest, IdenticalRunsAreUnchanged) {
  Report r = Trace("old/a.log");
  r.findings = {F("stale-pmkid-reuse", A, "replaced-pmk", "10.5", 12)};
  r.roams = {R(A, "full-eap", 1), R(B, "okc", 20)};
  Report n = r;
  n.input = "new/a.log";  // paired by the path below the common folder
  DiffResult d;
  DiffRuns({r}, {n}, DiffOptions(), &d);
  ASSERT_EQ(d.traces.size(), 1u);
  EXPECT_EQ(d.traces[0].key, "a.log");
  EXPECT_FALSE(d.traces[0].Changed());
  EXPECT_TRUE(d.rates.empty());
  EXPECT_FALSE(d.counts);
}

TEST(DiffTest, FindingsAreMatchedByKindApCauseThenTime) {
  Report a = Trace("r/a.log"), b = Trace("r/a.log");
  a.findings = {F("stale-pmkid-reuse", A, "replaced-pmk", "10.5", 12),
                F("pmkid-rejected", A, "stale-entry", "10.6", 14, Severity::kWarning),
                F("over-flush", B, "config", "20.0", 30),
                F("slow-roam", B, "", "30.0", 40, Severity::kWarning)};
  b.findings = {F("stale-pmkid-reuse", A, "replaced-pmk", "11.5", 13),          // time moved
                F("pmkid-rejected", A, "ap-refused", "10.6", 14, Severity::kWarning),  // cause
                F("over-flush", A, "config", "20.0", 30),                      // AP
                F("eviction-churn", B, "", "50.0", 60, Severity::kWarning)};   // new
  DiffResult d;
  DiffRuns({a}, {b}, DiffOptions(), &d);
  ASSERT_EQ(d.traces.size(), 1u);
  const auto& f = d.traces[0].findings;
  ASSERT_EQ(f.size(), 5u);
  std::ostringstream text;
  WriteDiffText(d, text);
  const std::string out = text.str();
  EXPECT_NE(out.find("~ finding  line 13 11.5 stale-pmkid-reuse 00:24:97:aa:bb:01 "
                     "cause=replaced-pmk [error]: time 10.5 -> 11.5, line 12 -> 13"),
            std::string::npos) << out;
  EXPECT_NE(out.find("~ finding  line 14 10.6 pmkid-rejected 00:24:97:aa:bb:01 "
                     "cause=ap-refused [warning]: cause stale-entry -> ap-refused"),
            std::string::npos) << out;
  EXPECT_NE(out.find("~ finding  line 30 20.0 over-flush 00:24:97:aa:bb:01 cause=config "
                     "[error]: ap 00:24:97:aa:bb:02 -> 00:24:97:aa:bb:01"),
            std::string::npos) << out;
  EXPECT_NE(out.find("- finding  line 40 30.0 slow-roam 00:24:97:aa:bb:02 [warning]"),
            std::string::npos) << out;
  EXPECT_NE(out.find("+ finding  line 60 50.0 eviction-churn 00:24:97:aa:bb:02 [warning]"),
            std::string::npos) << out;
  EXPECT_TRUE(d.counts);

  // --fail-on error: only the new or changed error findings count.
  DiffOptions errors;
  ASSERT_TRUE(ParseDiffFailOn("error", &errors.fail_on).ok());
  DiffRuns({a}, {b}, errors, &d);
  EXPECT_TRUE(d.counts);  // stale-pmkid-reuse changed, over-flush changed
  Report c = b;
  c.findings = {a.findings[0], a.findings[1], a.findings[2]};  // slow-roam removed only
  DiffRuns({a}, {c}, errors, &d);
  EXPECT_TRUE(d.traces[0].Changed());
  EXPECT_FALSE(d.counts);
}

TEST(DiffTest, SameTimeIsPreferredOverOrder) {
  Report a = Trace("a.log"), b = Trace("a.log");
  a.findings = {F("pmkid-rejected", A, "ap-refused", "1.0", 10),
                F("pmkid-rejected", A, "ap-refused", "2.0", 20)};
  b.findings = {F("pmkid-rejected", A, "ap-refused", "2.0", 20)};
  DiffResult d;
  DiffRuns({a}, {b}, DiffOptions(), &d);
  ASSERT_EQ(d.traces[0].findings.size(), 1u);
  EXPECT_EQ(d.traces[0].findings[0].type, FindingDiff::Type::kRemoved);
  EXPECT_EQ(d.traces[0].findings[0].old_finding.time, "1.0");
}

TEST(DiffTest, RoamsAlignPerApInOrder) {
  Report a = Trace("a.log"), b = Trace("a.log");
  a.roams = {R(A, "full-eap", 1), R(B, "okc", 10), R(A, "pmksa-cache", 20)};
  b.roams = {R(A, "full-eap", 1), R(B, "full-eap", 10), R(A, "pmksa-cache", 20),
             R(B, "okc", 30)};
  DiffResult d;
  DiffRuns({a}, {b}, DiffOptions(), &d);
  const TraceDiff& t = d.traces[0];
  ASSERT_EQ(t.roams.size(), 2u);
  EXPECT_EQ(t.roams[0].type, RoamDiff::Type::kMethod);
  EXPECT_EQ(t.roams[0].old_roam.method, "okc");
  EXPECT_EQ(t.roams[0].new_roam.method, "full-eap");
  EXPECT_EQ(t.roams[1].type, RoamDiff::Type::kAdded);
  EXPECT_EQ(t.method_changes.at("okc -> full-eap"), 1);
}

TEST(DiffTest, RatesMoveBeyondTolerance) {
  Report a = Trace("a.log"), b = Trace("a.log");
  // 10 roams to B after a first connection to A; 1 full EAP before, 2 after.
  a.roams.push_back(R(A, "full-eap", 1));
  a.roams[0].first = true;
  for (int i = 0; i < 10; ++i) a.roams.push_back(R(B, i == 0 ? "full-eap" : "pmksa-cache", 10 + i));
  b = a;
  b.roams[2].method = "full-eap";
  b.roams[3].duration_us = 400000;  // p90 of 11 samples: 50 ms -> 50 ms (rank 10)
  DiffOptions loose;
  loose.tolerance = 15;
  loose.fail_on.findings = loose.fail_on.roams = false;
  DiffResult d;
  DiffRuns({a}, {b}, loose, &d);
  bool saw = false;
  for (const RateDiff& r : d.rates) {
    if (r.scope == "ap" && r.metric == "full_eap_per_100") {
      saw = true;
      EXPECT_EQ(*r.old_value, 10.0);
      EXPECT_EQ(*r.new_value, 20.0);
      EXPECT_FALSE(r.beyond);
    }
  }
  EXPECT_TRUE(saw);
  EXPECT_FALSE(d.counts);
  DiffOptions tight = loose;
  tight.tolerance = 5;
  DiffRuns({a}, {b}, tight, &d);
  EXPECT_TRUE(d.counts);
}

TEST(DiffTest, TracesOnOneSide) {
  DiffResult d;
  DiffRuns({Trace("x/a.log"), Trace("x/b.log")}, {Trace("y/b.log"), Trace("y/c.log")},
           DiffOptions(), &d);
  ASSERT_EQ(d.traces.size(), 3u);
  EXPECT_EQ(d.traces[0].key, "a.log");
  EXPECT_TRUE(d.traces[0].new_input.empty());
  EXPECT_FALSE(d.traces[1].Changed());
  EXPECT_TRUE(d.traces[2].old_input.empty());
  EXPECT_TRUE(d.counts);
}

TEST(DiffTest, ReadsReplayJsonAndIgnoresUnknownFields) {
  Report report;
  ASSERT_TRUE(ReplayFile(kLogs + "2011-okc-stale-pmkid.log", ReplayOptions(), &report).ok());
  std::ostringstream jsonl;
  WriteJsonReport(report, false, jsonl);
  std::string text = jsonl.str();
  // Fields a later version may add, at the top and inside findings.
  text.insert(1, "\"time_iso\":\"2011-09-27T21:12:27Z\",\"future\":{\"x\":[1,2]},");
  size_t kind = text.find("{\"kind\":");
  ASSERT_NE(kind, std::string::npos);
  text.insert(kind + 1, "\"time_iso\":null,");
  std::vector<Report> run;
  Status s = ParseReplayJsonLines(text + text, "run.jsonl", &run);
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_EQ(run.size(), 2u);
  EXPECT_EQ(run[0].findings.size(), report.findings.size());
  EXPECT_EQ(run[0].roams.size(), report.roams.size());
  EXPECT_EQ(run[0].findings[0].time, report.findings[0].time);
  EXPECT_EQ(run[0].roams[1].duration_us, report.roams[1].duration_us);

  // The pretty --format json document reads the same.
  std::ostringstream pretty;
  WriteJsonReport(report, true, pretty);
  run.clear();
  ASSERT_TRUE(ParseReplayJsonLines(pretty.str(), "one.json", &run).ok());
  ASSERT_EQ(run.size(), 1u);

  DiffResult d;
  std::vector<Report> native = {report};
  DiffRuns(native, {run[0]}, DiffOptions(), &d);
  EXPECT_FALSE(d.counts) << "JSON round trip changed something";

  run.clear();
  s = ParseReplayJsonLines("{\"input\":\"a\",\"findings\":[],\"roams\":[]}\n\n[1]\n", "x.jsonl",
                           &run);
  EXPECT_EQ(s.message(), "x.jsonl:3: expected a JSON object (a replay --format jsonl line)");
  s = ParseReplayJsonLines("{\"input\":\"a\",\"findings\":[{\"kind\":\"x\",\"bssid\":\"zz\"}],"
                           "\"roams\":[]}\n", "y.jsonl", &run);
  EXPECT_EQ(s.message(), "y.jsonl:1: findings[0].bssid: not a MAC address: 'zz'");
  s = ParseReplayJsonLines("{\"input\":\"a\"}\n", "z.jsonl", &run);
  EXPECT_EQ(s.message(), "z.jsonl:1: no \"findings\" array");
}

// The same traces under two flush policies: the pre-fix policy keeps A's
// stale entry in the post-fix log, where the current one flushes it.
TEST(DiffTest, PolicyChangeListsTheExpectedChanges) {
  std::vector<Report> pre, current;
  for (const char* name : {"2011-okc-postfix.log", "2011-okc-stale-pmkid.log"}) {
    ReplayOptions o;
    o.policy = FlushPolicy::kPre2011;
    pre.emplace_back();
    ASSERT_TRUE(ReplayFile(kLogs + name, o, &pre.back()).ok());
    o.policy = FlushPolicy::kCurrent;
    current.emplace_back();
    ASSERT_TRUE(ReplayFile(kLogs + name, o, &current.back()).ok());
  }
  DiffResult d;
  DiffRuns(pre, current, DiffOptions(), &d);
  d.old_name = "pre";
  d.new_name = "current";
  std::ostringstream text;
  WriteDiffText(d, text);
  const std::string out = text.str();
  ASSERT_EQ(d.traces.size(), 2u) << out;
  EXPECT_EQ(d.traces[0].key, "2011-okc-postfix.log");
  EXPECT_TRUE(d.counts) << out;
  EXPECT_NE(out.find("CHANGED  2011-okc-postfix.log"), std::string::npos) << out;
  EXPECT_NE(out.find("  ~ trace    policy pre-2011 -> current\n"), std::string::npos) << out;
  EXPECT_NE(out.find("~ finding  line 1198 1317159147.145598 stale-pmkid-reuse "
                     "00:24:97:aa:bb:01 cause=replaced-pmk [error]: message: ...expected in "
                     "pre-2011 supplicants, which keep other entries when the PMK changes; fixed "
                     "upstream by c3fea272 (hostap 1.0/2.0) -> ...not expected from a 4033935d-era "
                     "supplicant"),
            std::string::npos) << out;
  // The verdicts themselves (kinds, causes, roams) do not depend on the policy.
  for (const TraceDiff& t : d.traces) {
    EXPECT_TRUE(t.roams.empty()) << t.key;
    for (const FindingDiff& f : t.findings) EXPECT_TRUE(f.message_only) << t.key;
  }
  EXPECT_TRUE(d.rates.empty()) << out;
  // --fail-on error ignores era notes: no new or changed error verdict.
  DiffOptions errors;
  ASSERT_TRUE(ParseDiffFailOn("error", &errors.fail_on).ok());
  DiffResult e;
  DiffRuns(pre, current, errors, &e);
  EXPECT_FALSE(e.counts);

  std::ostringstream junit, json;
  WriteDiffJunit(d, junit);
  WriteDiffJson(d, json);
  std::string xml = junit.str();
  xml = xml.substr(xml.find("?>") + 3);  // the checker reads elements only
  EXPECT_EQ(testing::CheckWellFormedXml(xml), "") << junit.str();
  EXPECT_NE(junit.str().find("<failure"), std::string::npos);
  EXPECT_NE(json.str().find("\"changed\": true"), std::string::npos);
}

}  // namespace
}  // namespace roamreplay
