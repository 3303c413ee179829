// Scenario loading: valid files, and exact error messages naming the file
// and the JSON path for invalid ones.

#include <gtest/gtest.h>

#include "scenario/scenario.h"

namespace roamreplay {
namespace {

constexpr const char* kMinimal = R"({
  "name": "t",
  "supplicant": {"policy": "pre-2011"},
  "ess": {"ssid": "corp", "aps": [{"name": "A", "bssid": "00:24:97:aa:bb:01"}]},
  "steps": [{"do": "connect", "ap": "A"}, {"do": "wait", "seconds": 10}],
  "expect": {"absent": [{"kind": "stale-pmkid-reuse", "ap": "A"}]}
})";

std::string ErrorOf(const std::string& json) {
  Scenario sc;
  Status s = ParseScenario(json, "x.json", &sc);
  return s.ok() ? "ok" : s.message();
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  size_t pos = s.find(from);
  if (pos != std::string::npos) s.replace(pos, from.size(), to);
  return s;
}

TEST(ScenarioTest, ParsesAMinimalScript) {
  Scenario sc;
  ASSERT_TRUE(ParseScenario(kMinimal, "x.json", &sc).ok());
  EXPECT_EQ(sc.policy, SupplicantPolicy::kPre2011);
  EXPECT_EQ(sc.texts, TextEra::k2011);  // the policy's era by default
  ASSERT_EQ(sc.aps.size(), 1u);
  EXPECT_EQ(sc.aps[0].bssid.ToString(), "00:24:97:aa:bb:01");
  ASSERT_EQ(sc.steps.size(), 2u);
  EXPECT_EQ(sc.steps[1].kind, StepKind::kWait);
  EXPECT_EQ(sc.steps[1].seconds, 10);
  ASSERT_EQ(sc.absent.size(), 1u);
  ASSERT_TRUE(sc.absent[0].bssid.has_value());
}

TEST(ScenarioTest, ErrorsNameTheFileAndTheJsonPath) {
  struct Case {
    std::string from, to, want;
  };
  const Case kCases[] = {
      {"\"ap\": \"A\"}, {\"do\": \"wait\"", "\"ap\": \"D\"}, {\"do\": \"wait\"",
       "x.json: steps[0].ap: unknown AP 'D' (known: A)"},
      {"\"policy\": \"pre-2011\"", "\"policy\": \"2012\"",
       "x.json: supplicant.policy: must be \"pre-2011\", \"c3fea272\" or \"current\", not '2012'"},
      {"\"bssid\": \"00:24:97:aa:bb:01\"", "\"bssid\": \"00:24:97:aa:bb\"",
       "x.json: ess.aps[0].bssid: expected a MAC address like 00:24:97:aa:bb:01, not "
       "'00:24:97:aa:bb'"},
      {"\"seconds\": 10", "\"seconds\": \"10\"", "x.json: steps[1].seconds: expected a number"},
      {"\"kind\": \"stale-pmkid-reuse\"", "\"kind\": \"stale-pmkid\"",
       "x.json: expect.absent[0].kind: unknown finding kind 'stale-pmkid'"},
      {"\"do\": \"wait\"", "\"do\": \"sleep\"",
       "x.json: steps[1].do: must be connect, roam, reauth, wait, config-change, mac-change or "
       "disconnect, not 'sleep'"},
      {"\"name\": \"A\"", "\"name\": \"A\", \"speed\": 3",
       "x.json: ess.aps[0].speed: unknown key (allowed: name, bssid, channel, caching, okc, "
       "forget_after_s, refuse, stall_s, msk_mismatch, okc_pmkid_bug, mld, anti_clogging)"},
  };
  for (const Case& c : kCases) EXPECT_EQ(ErrorOf(Replace(kMinimal, c.from, c.to)), c.want) << c.to;
}

TEST(ScenarioTest, InvalidJsonAndMissingLogAreErrors) {
  // file:line:column and what the parser expected, not nlohmann's exception id.
  EXPECT_EQ(ErrorOf("{").substr(0, 28), "x.json:1:2: not valid JSON: ");
  std::string two_lines = ErrorOf("{\n  \"name\": x\n}");
  EXPECT_EQ(two_lines.substr(0, 28), "x.json:2:11: not valid JSON:") << two_lines;
  EXPECT_EQ(two_lines.find("json.exception"), std::string::npos) << two_lines;
  EXPECT_EQ(ErrorOf(R"({"name": "t", "log": "no/such.log", "expect": {}})"),
            "x.json: log: cannot find 'no/such.log'");
}

TEST(ScenarioTest, StoredTraceResolvesAgainstParentFolders) {
  Scenario sc;
  std::string path = ROAMREPLAY_SOURCE_DIR "/scenarios/2011-report-stale-pmkid.json";
  Status s = LoadScenario(path, &sc);
  ASSERT_TRUE(s.ok()) << s.message();
  EXPECT_NE(sc.log.find("logs/2011-okc-stale-pmkid.log"), std::string::npos);
  EXPECT_TRUE(sc.steps.empty());
}

}  // namespace
}  // namespace roamreplay
