// The triage report (`roamreplay report`) on the shipped 2011 reconstruction:
// golden Markdown and HTML, well-formed XML, no key material or identity in
// the -K log's report, no original MAC or SSID with --anonymize.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/replay.h"
#include "app/triage.h"
#include "report/redact.h"
#include "report/writers.h"
#include "report/xml_check.h"

#include "testing/golden.h"
namespace roamreplay {
namespace {

using testing::CheckGolden;
using testing::ReadFile;

const std::string kSrc = ROAMREPLAY_SOURCE_DIR;



struct Rendered {
  std::string html, markdown;
  size_t findings = 0;
};

Rendered Render(const std::string& log, TriageOptions options) {
  Triage triage;
  Status s = BuildTriage(kSrc + "/" + log, options, &triage);
  EXPECT_TRUE(s.ok()) << s.message();
  triage.report.input = log;  // as a user would type it: no build-machine path
  Rendered r;
  std::ostringstream html, md;
  WriteHtmlReport(triage.view, html);
  WriteMarkdownReport(triage.view, md);
  r.html = html.str();
  r.markdown = md.str();
  r.findings = triage.report.findings.size();
  return r;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// "55baf207..." -> "55 ba f2 07 ..." (the wpa_hexdump form), first `bytes`.
std::string Spaced(const std::string& hex, size_t bytes) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size() && i / 2 < bytes; i += 2)
    out += (out.empty() ? "" : " ") + hex.substr(i, 2);
  return out;
}

TEST(TriageReportTest, GoldenMarkdownAndHtml) {
  const std::string name = "2011-okc-stale-pmkid";
  Rendered r = Render("logs/" + name + ".log", TriageOptions());
  ASSERT_GT(r.findings, 0u);
  const std::string dir = kSrc + "/tests/golden/" + name;
  CheckGolden(r.markdown, dir + "/expected.md");
  CheckGolden(r.html, dir + "/expected.html");
}

TEST(TriageReportTest, ContentOfTheFoundingCase) {
  Rendered r = Render("logs/2011-okc-stale-pmkid.log", TriageOptions());
  for (const std::string* doc : {&r.markdown, &r.html}) {
    // The causal chain, with its numbers.
    EXPECT_NE(doc->find("PMK gen 1 at AP-1"), std::string::npos);
    EXPECT_NE(doc->find("full re-auth at AP-2, gen 2"), std::string::npos);
    EXPECT_NE(doc->find("stale PMKID 3aa2b43c\u2026 offered to AP-1 at 1317159147.145598"),
              std::string::npos);
    EXPECT_NE(doc->find("397 ms to connect"), std::string::npos);
    // Evidence window: a context line that is not cited (line 1197).
    EXPECT_NE(doc->find("Automatic auth_alg selection"), std::string::npos);
    // Roam table phase: 4-way msg 1 of the refused roam at +385.8 ms.
    EXPECT_NE(doc->find("+385.8"), std::string::npos);
  }
  EXPECT_NE(r.html.find("<svg"), std::string::npos);
  EXPECT_EQ(r.html.find("<script"), std::string::npos);
  EXPECT_EQ(r.html.find("http://", r.html.find("</svg>")), std::string::npos);
  EXPECT_NE(r.markdown.find("idle gaps compressed"), std::string::npos);
}

TEST(TriageReportTest, HtmlIsWellFormedXml) {
  for (const char* log : {"logs/2011-okc-stale-pmkid.log", "logs/2011-okc-postfix.log",
                          "logs/2011-okc-stale-pmkid-keys.log"}) {
    Rendered r = Render(log, TriageOptions());
    EXPECT_EQ("", testing::CheckWellFormedXml(r.html)) << log;
  }
}

TEST(TriageReportTest, XmlCheckerRejectsBrokenMarkup) {
  EXPECT_EQ("", testing::CheckWellFormedXml("<a x=\"1\"><b/>t &amp; &#39;</a>"));
  EXPECT_NE("", testing::CheckWellFormedXml("<a><b></a></b>"));
  EXPECT_NE("", testing::CheckWellFormedXml("<a>x < y</a>"));
  EXPECT_NE("", testing::CheckWellFormedXml("<a>AT&T</a>"));
  EXPECT_NE("", testing::CheckWellFormedXml("<a x=1></a>"));
  EXPECT_NE("", testing::CheckWellFormedXml("<a>&nbsp;</a>"));
  EXPECT_NE("", testing::CheckWellFormedXml("<a>\xff</a>"));
  EXPECT_NE("", testing::CheckWellFormedXml("<a></a><b></b>"));
}

// Every secret of the -K reconstruction: the PMKs and MSKs of the sidecar,
// and the payload of every hexdump that -K changed (PTK, KCK, GTK, ...).
std::vector<std::string> Secrets(const nlohmann::json& sidecar) {
  std::vector<std::string> hex;
  for (const char* field : {"pmks", "msks"})
    for (const auto& item : sidecar[field].items()) hex.push_back(item.value().get<std::string>());
  std::istringstream plain(ReadFile(kSrc + "/logs/2011-okc-stale-pmkid.log"));
  std::istringstream keys(ReadFile(kSrc + "/logs/2011-okc-stale-pmkid-keys.log"));
  std::string a, b;
  while (std::getline(plain, a) && std::getline(keys, b)) {
    size_t pos = b.find("): ");
    if (a == b || pos == std::string::npos || b.find("hexdump(") == std::string::npos) continue;
    std::string payload = b.substr(pos + 3);
    payload.erase(std::remove(payload.begin(), payload.end(), ' '), payload.end());
    if (payload.size() >= 32) hex.push_back(payload);
  }
  return hex;
}

TEST(TriageReportTest, NoKeyMaterialOrIdentityFromAKLog) {
  nlohmann::json sidecar =
      nlohmann::json::parse(ReadFile(kSrc + "/logs/gen/reconstruct_2011.json"), nullptr, false);
  ASSERT_FALSE(sidecar.is_discarded());
  std::vector<std::string> secrets = Secrets(sidecar);
  ASSERT_GE(secrets.size(), 20u);  // 3 PMKs, 3 MSKs and the -K hexdumps
  const std::string identity = sidecar["eap_identity"];
  const std::string identity_hex = "6a 73 6d 69 74 68";  // "jsmith"
  Rendered redacted = Render("logs/2011-okc-stale-pmkid-keys.log", TriageOptions());
  TriageOptions keep;
  keep.redact = false;
  Rendered unredacted = Render("logs/2011-okc-stale-pmkid-keys.log", keep);
  size_t leaks_without_redaction = 0;
  for (const std::string* doc : {&redacted.markdown, &redacted.html}) {
    std::string d = Lower(*doc);
    for (const std::string& s : secrets) {
      EXPECT_EQ(std::string::npos, d.find(s.substr(0, 32))) << s;
      EXPECT_EQ(std::string::npos, d.find(Spaced(s, 8))) << s;
    }
    EXPECT_EQ(std::string::npos, d.find(identity));
    EXPECT_EQ(std::string::npos, d.find("jsmith"));
    EXPECT_EQ(std::string::npos, d.find(identity_hex));
    EXPECT_NE(std::string::npos, d.find("[redacted]"));
  }
  // The check can fail: with --no-redact the same report shows key bytes.
  for (const std::string& s : secrets)
    if (unredacted.markdown.find(Spaced(s, 8)) != std::string::npos) ++leaks_without_redaction;
  EXPECT_GT(leaks_without_redaction, 0u);
}

// `replay --redact`: the evidence lines of text and JSON output.
TEST(TriageReportTest, ReplayRedactCleansEvidenceOfTextAndJson) {
  nlohmann::json sidecar =
      nlohmann::json::parse(ReadFile(kSrc + "/logs/gen/reconstruct_2011.json"), nullptr, false);
  ASSERT_FALSE(sidecar.is_discarded());
  const std::string pmk2 = sidecar["pmks"]["2"];  // cited at line 1044 of the -K log
  Report report;
  ASSERT_TRUE(ReplayFile(kSrc + "/logs/2011-okc-stale-pmkid-keys.log", ReplayOptions(), &report).ok());
  auto render = [&] {
    std::ostringstream text, json;
    WriteTextReport(report, TextStyle(), text);
    WriteJsonReport(report, true, json);
    return text.str() + json.str();
  };
  ASSERT_NE(std::string::npos, render().find(Spaced(pmk2, 8)));  // the check can fail
  RedactReport(&report);
  std::string out = render();
  EXPECT_EQ(std::string::npos, out.find(Spaced(pmk2, 8)));
  EXPECT_NE(std::string::npos, out.find("[REDACTED]"));
}

TEST(TriageReportTest, AnonymizeLeavesNoOriginalMacOrSsid) {
  nlohmann::json sidecar =
      nlohmann::json::parse(ReadFile(kSrc + "/logs/gen/reconstruct_2011.json"), nullptr, false);
  ASSERT_FALSE(sidecar.is_discarded());
  std::vector<std::string> macs = {sidecar["station"]};
  for (const auto& ap : sidecar["aps"].items()) macs.push_back(ap.value());
  ASSERT_EQ(4u, macs.size());
  TriageOptions anon;
  anon.anonymize = true;
  Rendered r = Render("logs/2011-okc-stale-pmkid-keys.log", anon);
  Rendered plain = Render("logs/2011-okc-stale-pmkid-keys.log", TriageOptions());
  for (const std::string* doc : {&r.markdown, &r.html}) {
    std::string d = Lower(*doc);
    for (const std::string& mac : macs) {
      std::string spaced = mac;
      std::replace(spaced.begin(), spaced.end(), ':', ' ');
      EXPECT_EQ(std::string::npos, d.find(mac)) << mac;
      EXPECT_EQ(std::string::npos, d.find(spaced)) << spaced;
    }
    EXPECT_EQ(std::string::npos, d.find("corp-secure"));
    EXPECT_NE(std::string::npos, d.find("02:00:00:01:00:01"));  // AP-1's stand-in
  }
  EXPECT_NE(std::string::npos, plain.markdown.find(macs[1]));  // the check can fail
  EXPECT_EQ("", testing::CheckWellFormedXml(r.html));
}

}  // namespace
}  // namespace roamreplay
