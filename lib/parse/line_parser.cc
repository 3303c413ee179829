#include "parse/line_parser.h"

#include "base/mac_address.h"
#include "base/string_util.h"
#include "parse/message_catalog.h"

namespace roamreplay {

bool ConsumeDashTTimestamp(std::string_view* s, std::string_view* text, int64_t* time_us) {
  std::string_view rest = *s;
  uint64_t sec = 0;
  if (!ConsumeUint(&rest, &sec) || !ConsumePrefix(&rest, ".")) return false;
  if (rest.size() < 8) return false;
  uint32_t usec = 0;
  for (int i = 0; i < 6; ++i) {
    if (!IsDigit(rest[i])) return false;
    usec = usec * 10 + static_cast<uint32_t>(rest[i] - '0');
  }
  if (rest[6] != ':' || rest[7] != ' ') return false;
  if (sec > 9'000'000'000'000ULL) return false;  // keeps time_us in range
  size_t consumed = static_cast<size_t>(rest.data() - s->data()) + 6;
  *text = s->substr(0, consumed);
  *time_us = static_cast<int64_t>(sec) * 1'000'000 + usec;
  s->remove_prefix(consumed + 2);
  return true;
}

bool ConsumeInterfaceName(std::string_view* s, std::string_view* ifname) {
  size_t colon = s->find(": ");
  if (colon == 0 || colon == std::string_view::npos || colon > 15) return false;
  std::string_view token = s->substr(0, colon);
  bool digit = false;
  for (char c : token) {
    if (IsDigit(c)) {
      digit = true;
    } else if (!((c >= 'a' && c <= 'z') || c == '-' || c == '_' || c == '.')) {
      return false;
    }
  }
  if (!digit || token == "nl80211" || StartsWith(token, "l2_packet")) return false;
  *ifname = token;
  s->remove_prefix(colon + 2);
  return true;
}

namespace {

// "    61 6c 69 63 65 ...   alice@corp" (wpa_hexdump_ascii continuation).
bool LooksLikeHexdumpAsciiContinuation(std::string_view s) {
  if (!StartsWith(s, "    ") || s.size() < 7) return false;
  s = TrimLeft(s);
  return s.size() >= 3 && HexDigitValue(s[0]) >= 0 && HexDigitValue(s[1]) >= 0 && s[2] == ' ';
}

}  // namespace

void LineParser::Parse(std::string_view line, ParsedLine* out) {
  *out = ParsedLine();
  std::string_view rest = line;
  out->has_time = ConsumeDashTTimestamp(&rest, &out->time_text, &out->time_us);
  if (TrimRight(rest).empty()) {
    out->kind = LineKind::kOther;
    in_hexdump_ascii_ = false;
    return;
  }
  if (!out->has_time && in_hexdump_ascii_ && LooksLikeHexdumpAsciiContinuation(rest)) {
    out->body = rest;
    out->kind = LineKind::kKnown;
    return;
  }
  in_hexdump_ascii_ = false;
  ConsumeInterfaceName(&rest, &out->ifname);
  out->body = rest;

  switch (ParseEventBody(rest, &out->event, &out->why)) {
    case BodyClass::kEvent:
      out->kind = LineKind::kEvent;
      return;
    case BodyClass::kMalformed:
      out->kind = LineKind::kMalformed;
      return;
    case BodyClass::kNotEvent:
      break;
  }
  std::string_view title, payload;
  bool ascii = false;
  if (SplitHexdump(rest, &title, &payload, &ascii) && ascii && payload.empty())
    in_hexdump_ascii_ = true;
  out->eras = MessageCatalog::Default().Match(rest);
  out->kind = out->eras != 0 ? LineKind::kKnown : LineKind::kUnknown;
}

}  // namespace roamreplay

namespace roamreplay {

std::string MessageShape(std::string_view body) {
  constexpr size_t kMaxShape = 160;
  std::string out;
  std::string_view title, payload;
  bool ascii = false;
  if (SplitHexdump(body, &title, &payload, &ascii))
    body = body.substr(0, static_cast<size_t>(payload.data() - body.data()));
  size_t i = 0;
  while (i < body.size() && out.size() < kMaxShape) {
    std::string_view rest = body.substr(i);
    MacAddress mac;
    if (MacAddress::Consume(&rest, &mac)) {
      out += "<mac>";
      i += 17;
    } else if (body[i] == '\'') {
      size_t close = body.find('\'', i + 1);
      if (close == std::string_view::npos) close = body.size() - 1;
      out += "'<str>'";
      i = close + 1;
    } else if (IsDigit(body[i])) {
      if (body[i] == '0' && i + 1 < body.size() && body[i + 1] == 'x') i += 2;
      while (i < body.size() && HexDigitValue(body[i]) >= 0) ++i;
      out += 'N';
    } else {
      char c = body[i++];
      out += (c >= 0x20 && c < 0x7f) ? c : '?';
    }
  }
  return out;
}

}  // namespace roamreplay
