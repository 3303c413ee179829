// The runner, the synthesizer's determinism and texts, and the JUnit writer
// (its output is parsed back by a small XML checker).

#include <sstream>

#include <gtest/gtest.h>

#include "scenario/check.h"
#include "scenario/junit.h"
#include "scenario/synth.h"

namespace roamreplay {
namespace {

const std::string kData = ROAMREPLAY_SOURCE_DIR "/tests/scenario/data/";
const std::string kScenarios = ROAMREPLAY_SOURCE_DIR "/scenarios/";

TEST(ScenarioCheckTest, WrongScenarioFailsWithReadableDiff) {
  ScenarioResult r;
  RunScenarioFile(kData + "wrong_expectation.json", &r);
  ASSERT_EQ(r.status, CheckStatus::kFail) << r.message;
  std::ostringstream text;
  WriteCheckText({r}, text);
  const std::string out = text.str();
  EXPECT_NE(out.find("FAIL  deliberately-wrong"), std::string::npos) << out;
  EXPECT_NE(out.find("- FAIL must appear: stale-pmkid-reuse ap=A cause=replaced-pmk  [no such "
                     "finding]"), std::string::npos) << out;
  EXPECT_NE(out.find("- FAIL count {\"max\":0,\"method\":\"okc\"}  [2 of 4 roams]"),
            std::string::npos) << out;
  EXPECT_NE(out.find("actual findings"), std::string::npos) << out;
  EXPECT_NE(out.find("1 scenarios: 0 passed, 1 failed"), std::string::npos) << out;
}

TEST(ScenarioCheckTest, ReconstructionOf2011ReportPasses) {
  ScenarioResult r;
  RunScenarioFile(kScenarios + "2011-report-stale-pmkid.json", &r);
  EXPECT_EQ(r.status, CheckStatus::kPass) << r.message;
  ASSERT_FALSE(r.expectations.empty());
  EXPECT_NE(r.expectations[0].detail.find("1317159147.145598"), std::string::npos);
}

TEST(ScenarioCheckTest, PendingScenarioIsSkipped) {
  ScenarioResult r;
  RunScenarioFile(kData + "pending.json", &r);
  EXPECT_EQ(r.status, CheckStatus::kSkipped);
  EXPECT_EQ(r.message.rfind("pending: needs a finding kind", 0), 0u) << r.message;
}

TEST(ScenarioCheckTest, LoadErrorIsAnError) {
  ScenarioResult r;
  RunScenarioFile(kData + "no-such-file.json", &r);
  EXPECT_EQ(r.status, CheckStatus::kError);
}

TEST(ScenarioSynthTest, DeterministicForASeedAndUsesEraTexts) {
  Scenario sc;
  ASSERT_TRUE(LoadScenario(kScenarios + "c3fea272-stale-okc-pre2011.json", &sc).ok());
  SynthResult a, b, c, x;
  Synthesize(sc, SynthOptions(), &a);
  Synthesize(sc, SynthOptions(), &b);
  SynthOptions other;
  other.seed = 99;
  Synthesize(sc, other, &c);
  EXPECT_EQ(a.log, b.log);
  EXPECT_NE(a.log, c.log);
  EXPECT_NE(a.log.find("RSN: added PMKSA cache entry for 00:24:97:aa:bb:01"), std::string::npos);
  EXPECT_NE(a.log.find("RSN: Replace PMKSA entry for the current AP\n"), std::string::npos);
  SynthOptions modern;
  modern.era = TextEra::k2x;
  modern.shape = LogShape::kSyslog;
  Synthesize(sc, modern, &x);
  EXPECT_NE(x.log.find("RSN: Added PMKSA cache entry for 00:24:97:aa:bb:01 spa=00:1f:3b:5c:9e:71 "
                       "network_ctx=0x55d4c8e0 akmp=0x1"), std::string::npos);
  EXPECT_NE(x.log.find(" host wpa_supplicant[812]: wlan0: "), std::string::npos);
  ASSERT_EQ(a.truth.size(), 2u);
  EXPECT_EQ(a.truth[0].kind, "stale-pmkid-reuse");
  EXPECT_EQ(a.truth[0].step, 6);
}

TEST(ScenarioSynthTest, PmkidIsHmacSha1OfPmkName) {
  // IEEE 802.11 PMKID of an all-zero PMK; reference value from Python's
  // hmac.new(bytes(32), b"PMK Name" + aa + spa, sha1).hexdigest()[:32].
  Pmk pmk{};
  MacAddress aa, spa;
  MacAddress::Parse("00:24:97:aa:bb:01", &aa);
  MacAddress::Parse("00:1f:3b:5c:9e:71", &spa);
  EXPECT_EQ(ComputePmkid(pmk, aa, spa).ToHex(), "ff2fdeceab187981d56705f1431c1b34");
}

// A minimal XML checker: balanced tags, quoted attributes, known entities.
// Returns the element names in document order, or "" on a syntax error.
std::string XmlElements(const std::string& xml) {
  std::vector<std::string> stack;
  std::string names;
  size_t i = xml.find("?>");
  if (xml.rfind("<?xml", 0) != 0 || i == std::string::npos) return "";
  for (i += 2; i < xml.size(); ++i) {
    if (xml[i] == '&') {
      size_t semi = xml.find(';', i);
      std::string ent = semi == std::string::npos ? "" : xml.substr(i, semi - i + 1);
      if (ent != "&amp;" && ent != "&lt;" && ent != "&gt;" && ent != "&quot;" && ent != "&apos;")
        return "";
      continue;
    }
    if (xml[i] == '>') return "";
    if (xml[i] != '<') continue;
    size_t end = i + 1;
    bool quoted = false;
    while (end < xml.size() && (quoted || xml[end] != '>')) {
      if (xml[end] == '"') quoted = !quoted;
      if (xml[end] == '<' && !quoted) return "";
      ++end;
    }
    if (end >= xml.size()) return "";
    std::string tag = xml.substr(i + 1, end - i - 1);
    i = end;
    if (tag[0] == '/') {
      if (stack.empty() || stack.back() != tag.substr(1)) return "";
      stack.pop_back();
      continue;
    }
    bool self_closing = tag.back() == '/';
    std::string name = tag.substr(0, tag.find_first_of(" /"));
    names += name + " ";
    if (!self_closing) stack.push_back(name);
  }
  return stack.empty() ? names : "";
}

TEST(ScenarioJunitTest, WritesWellFormedJunitWithEscapedFailure) {
  std::vector<ScenarioResult> results(3);
  RunScenarioFile(kData + "wrong_expectation.json", &results[0]);
  RunScenarioFile(kScenarios + "2011-report-postfix.json", &results[1]);
  results[2].path = "odd<&>\"'.json";
  results[2].status = CheckStatus::kError;
  results[2].message = "bad <json> & \x01 control";
  std::ostringstream out;
  WriteJunitReport(results, out);
  const std::string xml = out.str();
  EXPECT_EQ(XmlElements(xml), "testsuites testsuite testcase failure testcase testcase error ")
      << xml;
  EXPECT_NE(xml.find("tests=\"3\" failures=\"1\" errors=\"1\" skipped=\"0\""), std::string::npos);
  EXPECT_NE(xml.find("name=\"odd&lt;&amp;&gt;&quot;&apos;.json\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("[no such finding]"), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_EQ(XmlElements("<?xml version=\"1.0\"?><a><b></a></b>"), "");  // the checker can fail
}

}  // namespace
}  // namespace roamreplay
