#include "parse/line_parser.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "base/hex.h"
#include "base/mac_address.h"
#include "parse/event_parser.h"
#include "parse/message_catalog.h"
#include "testing/sample_lines.h"

namespace roamreplay {
namespace {

TEST(LineParserTest, SplitsTimestampInterfaceAndBody) {
  LineParser parser;
  ParsedLine p;
  parser.Parse("1317159147.145598: wlan0: State: COMPLETED -> AUTHENTICATING", &p);
  EXPECT_TRUE(p.has_time);
  EXPECT_EQ(p.time_text, "1317159147.145598");
  EXPECT_EQ(p.time_us, 1317159147145598);
  EXPECT_EQ(p.ifname, "wlan0");
  EXPECT_EQ(p.body, "State: COMPLETED -> AUTHENTICATING");
  EXPECT_EQ(p.kind, LineKind::kEvent);
}

TEST(LineParserTest, WpaPrintfLinesHaveNoInterface) {
  LineParser parser;
  ParsedLine p;
  parser.Parse("1317159147.145598: RSN: PMKID - hexdump(len=16): 10 e0 49 cd 00 11 22 33 44 55 66 "
               "77 88 99 aa bb", &p);
  EXPECT_EQ(p.ifname, "");
  EXPECT_EQ(p.kind, LineKind::kEvent);
  EXPECT_EQ(p.event.type, EventType::kPmksaSelected);
}

TEST(LineParserTest, MessageTagsAreNotInterfaces) {
  LineParser parser;
  ParsedLine p;
  for (const char* line : {"nl80211: Event message available", "RSN: Trying to use cached PMKSA",
                           "EAP-PEAP: Start (server ver=0, own ver=1)", "WPA: Clear old PTK"}) {
    parser.Parse(line, &p);
    EXPECT_EQ(p.ifname, "") << line;
    EXPECT_EQ(p.body, line);
  }
  for (const char* ifname : {"wlan0", "wlp2s0", "p2p-dev-wlan0", "ra0", "wlx00c0ca123456"}) {
    std::string line = std::string(ifname) + ": State: SCANNING -> AUTHENTICATING";
    parser.Parse(line, &p);
    EXPECT_EQ(p.ifname, ifname);
  }
}

TEST(LineParserTest, LinesWithoutTimestampParse) {
  LineParser parser;
  ParsedLine p;
  parser.Parse("wlan0: Associated with 00:24:97:aa:bb:01", &p);
  EXPECT_FALSE(p.has_time);
  EXPECT_EQ(p.ifname, "wlan0");
  EXPECT_EQ(p.event.type, EventType::kAssociated);
}

TEST(LineParserTest, RejectsBrokenTimestamps) {
  std::string_view text;
  int64_t us = 0;
  for (const char* bad : {"1317159147.1455: x", "1317159147.145598 x", ".145598: x", "abc: x",
                          "99999999999999999999.000000: x"}) {
    std::string_view s = bad;
    EXPECT_FALSE(ConsumeDashTTimestamp(&s, &text, &us)) << bad;
    EXPECT_EQ(s, bad);
  }
}

// The plain reading of "<1-13 digits>.<6 digits>: ", digit by digit: what
// ConsumeDashTTimestamp's eight-bytes-at-a-time path must agree with.
bool ReferenceStamp(std::string_view s, size_t* consumed, int64_t* us) {
  size_t i = 0;
  uint64_t sec = 0;
  while (i < s.size() && i < 14 && s[i] >= '0' && s[i] <= '9') sec = sec * 10 + (s[i++] - '0');
  if (i == 0 || i > 13 || i + 9 > s.size() || s[i] != '.') return false;
  uint64_t usec = 0;
  for (size_t k = i + 1; k < i + 7; ++k) {
    if (s[k] < '0' || s[k] > '9') return false;
    usec = usec * 10 + (s[k] - '0');
  }
  if (s[i + 7] != ':' || s[i + 8] != ' ' || sec > 9'000'000'000'000ULL) return false;
  *consumed = i + 9;
  *us = static_cast<int64_t>(sec * 1'000'000 + usec);
  return true;
}

// Every byte of a ten-digit stamp replaced by each byte value that could
// fool a digit test ('0'-1, '9'+1, ':', '/', 0x80, 0xff, ...), and random
// stamps of every length, parse as the reference does.
TEST(LineParserTest, StampFastPathAgreesWithTheReference) {
  std::vector<std::string> inputs;
  const std::string base = "1317159147.145598: wlan0: x";
  for (size_t pos = 0; pos < 19; ++pos)
    for (int c : {0, int{' '}, int{'.'}, int{'/'}, int{'0'}, int{'5'}, int{'9'}, int{':'}, int{';'},
                  int{'A'}, 0x7f, 0x80, 0xb0, 0xff}) {
      std::string t = base;
      t[pos] = static_cast<char>(c);
      inputs.push_back(t);
      inputs.push_back(t.substr(0, 19));
      inputs.push_back(t.substr(0, 18));
    }
  testing::Lcg rng{42};
  auto next = [&] { return rng.Next(); };
  for (int i = 0; i < 20000; ++i) {
    std::string t;
    size_t digits = next() % 15;
    for (size_t k = 0; k < digits; ++k) t += static_cast<char>('0' + (next() >> 33) % 10);
    t += next() % 8 ? "." : ",";
    for (int k = 0; k < 6; ++k) t += static_cast<char>(next() % 16 ? '0' + (next() >> 33) % 10 : '/' + (next() >> 33) % 12);
    t += next() % 8 ? ": " : ":x";
    t += "wlan0";
    inputs.push_back(t.substr(0, next() % 32 ? t.size() : (next() >> 33) % (t.size() + 1)));
  }
  inputs.push_back("9999999999.999999: ");
  inputs.push_back("0000000000.000000: ");
  inputs.push_back("1000000000.000000:");
  size_t accepted = 0;
  for (const std::string& in : inputs) {
    // Copied so that nothing after the view's end can be read unnoticed
    // under the sanitizers.
    std::unique_ptr<char[]> exact(new char[in.size()]);
    std::memcpy(exact.get(), in.data(), in.size());
    std::string_view s(exact.get(), in.size()), text;
    int64_t us = 0, want_us = 0;
    size_t want = 0;
    bool ok = ConsumeDashTTimestamp(&s, &text, &us);
    ASSERT_EQ(ok, ReferenceStamp(in, &want, &want_us)) << in;
    if (!ok) {
      EXPECT_EQ(s.size(), in.size()) << in;
      continue;
    }
    ++accepted;
    EXPECT_EQ(us, want_us) << in;
    EXPECT_EQ(s.size(), in.size() - want) << in;
    EXPECT_EQ(text, std::string_view(in).substr(0, want - 2)) << in;
  }
  EXPECT_GT(accepted, 2000u);
}

// MessageShape as it was written first, byte by byte: what the version
// that copies runs of plain bytes must agree with.
std::string ReferenceShape(std::string_view body) {
  std::string_view title, payload;
  bool ascii = false;
  if (SplitHexdump(body, &title, &payload, &ascii))
    body = body.substr(0, static_cast<size_t>(payload.data() - body.data()));
  std::string out;
  size_t i = 0;
  while (i < body.size() && out.size() < 160) {
    char c = body[i];
    if (i + 17 <= body.size() && body[i + 2] == ':') {
      std::string_view rest = body.substr(i);
      MacAddress mac;
      if (MacAddress::Consume(&rest, &mac)) {
        out += "<mac>";
        i += 17;
        continue;
      }
    }
    if (c == '\'') {
      size_t close = body.find('\'', i + 1);
      if (close == std::string_view::npos) close = body.size() - 1;
      out += "'<str>'";
      i = close + 1;
    } else if (c >= '0' && c <= '9') {
      if (c == '0' && i + 1 < body.size() && body[i + 1] == 'x') i += 2;
      while (i < body.size() && HexDigitValue(body[i]) >= 0) ++i;
      out += 'N';
    } else {
      ++i;
      out += (c >= 0x20 && c < 0x7f) ? c : '?';
    }
  }
  return out;
}

// Every line of the shipped and corpus logs, and random text made of the
// bytes the shape treats apart (digits, quotes, ':', hex letters, control
// and high bytes, MAC addresses, lines past the 160-byte cap).
TEST(LineParserTest, ShapesAsTheByteByByteReference) {
  std::vector<std::string> bodies = testing::ShippedAndCorpusLines();
  ASSERT_GT(bodies.size(), 1000u);
  testing::Lcg rng{7};
  auto next = [&] { return rng.Next() >> 33; };
  const std::string alphabet = "ab:fF0x9 '\t.-\x01\x80\xff\"";
  for (int i = 0; i < 20000; ++i) {
    std::string body;
    size_t len = next() % 220;
    while (body.size() < len) {
      if (next() % 16 == 0)
        body += "00:24:97:aa:bb:01";
      else if (next() % 40 == 0)
        body += " - hexdump(len=3): 01 02 03";
      else
        body += alphabet[next() % alphabet.size()];
    }
    bodies.push_back(body);
  }
  for (const std::string& body : bodies) ASSERT_EQ(MessageShape(body), ReferenceShape(body)) << body;
}

TEST(LineParserTest, ClassifiesKnownUnknownAndBlankLines) {
  LineParser parser;
  ParsedLine p;
  parser.Parse("1317158005.006700: wlan0: Setting authentication timeout: 10 sec 0 usec", &p);
  EXPECT_EQ(p.kind, LineKind::kKnown);
  EXPECT_NE(p.eras & kEra2011, 0);
  parser.Parse("1317158005.006700: EAPOL: SUPP_PAE entering state CONNECTING", &p);
  EXPECT_EQ(p.kind, LineKind::kKnown);
  parser.Parse("1317158005.006700: TX EAPOL - hexdump(len=9): 01 00 00 05 02 01 00 05 01", &p);
  EXPECT_EQ(p.kind, LineKind::kKnown);
  parser.Parse("1317158005.006700: this is not a supplicant message", &p);
  EXPECT_EQ(p.kind, LineKind::kUnknown);
  parser.Parse("", &p);
  EXPECT_EQ(p.kind, LineKind::kOther);
}

TEST(LineParserTest, HexdumpAsciiContinuationLinesAreKnown) {
  LineParser parser;
  ParsedLine p;
  parser.Parse("1317158005.006700: EAP: using real identity - hexdump_ascii(len=10):", &p);
  EXPECT_EQ(p.kind, LineKind::kKnown);
  parser.Parse("     61 6c 69 63 65 40 63 6f 72 70                     alice@corp      ", &p);
  EXPECT_EQ(p.kind, LineKind::kKnown);
  parser.Parse("1317158005.006800: something else", &p);
  EXPECT_EQ(p.kind, LineKind::kUnknown);
  // Without a header before it, the same text is not a continuation.
  parser.Parse("     61 6c 69 63 65 40 63 6f 72 70                     alice@corp      ", &p);
  EXPECT_EQ(p.kind, LineKind::kUnknown);
}

TEST(MessageCatalogTest, KnowsEraSpecificTexts) {
  const MessageCatalog& catalog = MessageCatalog::Default();
  EXPECT_GT(catalog.size(), 3000u);
  EXPECT_EQ(catalog.Match("RSN: Do not try to use cached PMKSA"), kEra073 | kEra2011);
  EXPECT_EQ(catalog.Match("RSN: Timeout on waiting for the AP to initiate 4-way handshake for "
                          "PMKSA caching or EAP authentication - try to force it to start EAP "
                          "authentication"),
            kEraCurrent);
  EXPECT_EQ(catalog.Match("nonsense"), 0);
}

// A hexdump_ascii continuation line in syslog/journald carries only the
// outer (year-less) stamp: it takes its header's -t time, with no false
// "earlier than the line before".
TEST(LineParserTest, HexdumpContinuationInheritsInnerTime) {
  for (InputFormat format : {InputFormat::kSyslogDashT, InputFormat::kSyslog}) {
    LineParser parser(format);
    ParsedLine p;
    parser.Parse("Sep 17 16:40:54 host wpa_supplicant[892]: 1568763654.073414: nl80211: Scan "
                 "SSID - hexdump_ascii(len=16):",
                 &p);
    ASSERT_TRUE(p.has_time);
    EXPECT_EQ(p.time_us, 1568763654073414);
    parser.Parse("Sep 17 16:40:54 host wpa_supplicant[892]:      47 6f 6f 67 6c 65 20 53 74 61 "
                 "72 62 75 63 6b 73   Google Starbucks",
                 &p);
    EXPECT_TRUE(p.hexdump);
    EXPECT_EQ(p.kind, LineKind::kKnown);
    EXPECT_TRUE(p.has_time);
    EXPECT_EQ(p.time_us, 1568763654073414);
    EXPECT_EQ(p.time_text, "1568763654.073414");
    EXPECT_FALSE(p.time_backwards);
    parser.Parse("Sep 17 16:40:54 host wpa_supplicant[892]: 1568763654.073500: wlan0: State: "
                 "SCANNING -> ASSOCIATING",
                 &p);
    EXPECT_EQ(p.time_us, 1568763654073500);
    EXPECT_FALSE(p.time_backwards);
  }
}

}  // namespace
}  // namespace roamreplay
