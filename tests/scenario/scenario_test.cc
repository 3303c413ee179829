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
      {"\"policy\": \"pre-2011\"", "\"policy\": \"pre-2011\", \"before\": [\"deadbeef\"]",
       "x.json: supplicant.before[0]: unknown hostap commit 'deadbeef' (known: ca974ae5, 6f634b00, 9083ef13, bb93ea23)"},
      {"\"name\": \"A\"", "\"name\": \"A\", \"mld_pmksa_per_link\": true",
       "x.json: ess.aps[0].mld_pmksa_per_link: needs \"mld\" (a link of an AP MLD)"},
      {"\"bssid\": \"00:24:97:aa:bb:01\"", "\"bssid\": \"00:24:97:aa:bb\"",
       "x.json: ess.aps[0].bssid: expected a MAC address like 00:24:97:aa:bb:01, not "
       "'00:24:97:aa:bb'"},
      {"\"seconds\": 10", "\"seconds\": \"10\"", "x.json: steps[1].seconds: expected a number"},
      {"\"kind\": \"stale-pmkid-reuse\"", "\"kind\": \"stale-pmkid\"",
       "x.json: expect.absent[0].kind: unknown finding kind 'stale-pmkid'"},
      {"\"do\": \"wait\"", "\"do\": \"sleep\"",
       "x.json: steps[1].do: must be connect, roam, reauth, wait, config-change, mac-change, "
       "disconnect, btm-request, beacon-loss, deauth or ap-restart, not 'sleep'"},
      {"\"name\": \"A\"", "\"name\": \"A\", \"speed\": 3",
       "x.json: ess.aps[0].speed: unknown key (allowed: name, bssid, channel, caching, okc, "
       "forget_after_s, refuse, stall_s, msk_mismatch, okc_pmkid_bug, mld, anti_clogging, "
       "mobility_domain, ft_failure, psk_mismatch, mld_pmksa_per_link)"},
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

namespace roamreplay {
namespace {

// Connection-flow keys (issue 11) are validated like the others.
TEST(ScenarioTest, ConnectionFlowKeysAreValidated) {
  auto error_of = [](const std::string& text) {
    Scenario sc;
    Status s = ParseScenario(text, "x.json", &sc);
    return s.ok() ? std::string() : s.message();
  };
  const std::string head =
      R"({"name": "x", "supplicant": {"policy": "current"}, "ess": {"ssid": "corp", "aps": [)"
      R"({"name": "A", "bssid": "02:00:00:00:0a:01", "mobility_domain": "a1b2"},)"
      R"({"name": "B", "bssid": "02:00:00:00:0b:02"}]}, )";
  const std::string ok = head + R"("network": {"key_mgmt": "FT-EAP"}, "steps": [)"
                                R"({"do": "connect", "ap": "A"}, {"do": "roam", "ap": "B", "trigger": "bgscan"},)"
                                R"({"do": "btm-request", "status": 7}, {"do": "deauth", "reason": 6}],)"
                                R"("expect": {"attempts": [{"step": 1, "trigger": "bgscan", "count": 1}]}})";
  EXPECT_EQ(error_of(ok), "");
  EXPECT_EQ(error_of(head + R"("network": {"key_mgmt": "WEP"}, "steps": [{"do": "connect", "ap": "A"}], "expect": {}})"),
            "x.json: network.key_mgmt: must be \"WPA-EAP\", \"FT-EAP\", \"WPA-PSK\" or \"FT-PSK\", "
            "not 'WEP'");
  EXPECT_EQ(error_of(head + R"("steps": [{"do": "roam", "ap": "B", "trigger": "bgscan"}], "expect": {}})"),
            "x.json: steps[0].trigger: needs a \"network\" block (connection flows)");
  EXPECT_EQ(error_of(head + R"("network": {"key_mgmt": "WPA-PSK"}, "steps": [{"do": "btm-request"}], "expect": {}})"),
            "x.json: steps[0].ap: a followed btm-request (status 0) names the AP to move to");
  EXPECT_EQ(error_of(head + R"("network": {"key_mgmt": "WPA-PSK"}, "steps": [{"do": "roam", "ap": "B", "trigger": "ft-over-ds"}], "expect": {}})"),
            "x.json: steps[0].trigger: ft-over-ds needs an FT key_mgmt");
  EXPECT_EQ(error_of(head + R"("network": {"key_mgmt": "WPA-PSK"}, "steps": [{"do": "connect", "ap": "A"}], "expect": {"attempts": [{"why": 1}]}})"),
            "x.json: expect.attempts[0].why: unknown key (allowed: step, ap, trigger, method, "
            "outcome, failure_phase, status_code, reason_code, auth_algorithm, akm, expected, "
            "why_not, fallback, scan_timed, count, ap_answer)");
}

// The scripted AP side (issue 14): "hostapd" processes, ap-restart, and the
// AP-side expectations, which need it.
TEST(ScenarioTest, HostapdBlockIsValidated) {
  auto error_of = [](const std::string& text) {
    Scenario sc;
    Status s = ParseScenario(text, "x.json", &sc);
    return s.ok() ? std::string() : s.message();
  };
  const std::string head =
      R"({"name": "x", "supplicant": {"policy": "current"}, "ess": {"ssid": "corp", "aps": [)"
      R"({"name": "A", "bssid": "02:00:00:00:0a:01"}, {"name": "B", "bssid": "02:00:00:00:0b:02"}]}, )";
  const std::string split =
      R"("hostapd": {"processes": [{"name": "pa", "aps": ["A"]}, {"name": "pb", "aps": ["B"]}]}, )";
  const std::string steps = R"("steps": [{"do": "connect", "ap": "A"}, {"do": "ap-restart", "ap": "A"}], )";
  Scenario sc;
  ASSERT_TRUE(ParseScenario(head + split + steps +
                                R"("expect": {"findings": [{"kind": "pmkid-rejected", "ap_cause": "ap-restarted"}],)"
                                R"("attempts": [{"step": 0, "ap_answer": "no-pmkid-offered"}]}})",
                            "x.json", &sc)
                  .ok());
  ASSERT_TRUE(sc.hostapd.has_value());
  EXPECT_EQ(sc.hostapd->ProcessOf(1), 1);
  EXPECT_EQ(sc.steps[1].kind, StepKind::kApRestart);
  EXPECT_EQ(sc.expect[0].ap_cause, "ap-restarted");
  EXPECT_EQ(error_of(head + R"("hostapd": {"processes": [{"name": "pa", "aps": ["A"]}]}, )" + steps +
                     R"("expect": {}})"),
            "x.json: hostapd.processes: AP 'B' has no process");
  EXPECT_EQ(error_of(head + R"("hostapd": {"processes": [{"name": "pa", "aps": ["A", "B", "A"]}]}, )" +
                     steps + R"("expect": {}})"),
            "x.json: hostapd.processes[0].aps[2]: AP already served by a process");
  EXPECT_EQ(error_of(head + steps + R"("expect": {}})"),
            "x.json: steps[1].do: ap-restart needs a \"hostapd\" block (the AP side)");
  EXPECT_EQ(error_of(head + R"("steps": [{"do": "connect", "ap": "A"}], )"
                            R"("expect": {"findings": [{"kind": "pmkid-rejected", "ap_cause": "ap-restarted"}]}})"),
            "x.json: expect.findings[0].ap_cause: needs a \"hostapd\" block (the AP side)");
  EXPECT_EQ(error_of(head + split + steps +
                     R"("expect": {"findings": [{"kind": "pmkid-rejected", "ap_cause": "gone"}]}})"),
            "x.json: expect.findings[0].ap_cause: must be ap-never-had-pmk, ap-entry-expired, "
            "ap-restarted, ap-has-newer-pmk or unknown, not 'gone'");
  EXPECT_EQ(error_of(head + split + steps + R"("expect": {"attempts": [{"ap_answer": "yes"}]}})"),
            "x.json: expect.attempts[0].ap_answer: must be found, okc-match, not-found or "
            "no-pmkid-offered, not 'yes'");
  EXPECT_EQ(error_of(head + split + R"("steps": [{"do": "connect", "ap": "A", "success_lost": true}], "expect": {}})"),
            "x.json: steps[0].success_lost: only reauth takes success_lost");
  EXPECT_EQ(error_of(Replace(head, R"("name": "B", )", R"("name": "B", "stall_s": 2, )") + split +
                     steps + R"("expect": {}})"),
            "x.json: ess.aps[1]: with \"hostapd\", an AP takes only name, bssid, channel, "
            "caching, okc and forget_after_s");
}

}  // namespace
}  // namespace roamreplay
