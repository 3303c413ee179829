#include "parse/hostapd_parser.h"

#include <algorithm>

#include "base/string_util.h"
#include "parse/event_parser.h"
#include "parse/line_parser.h"
#include "parse/message_catalog.h"

namespace roamreplay {

std::string_view ApEventTypeName(ApEventType type) {
  switch (type) {
#define ROAMREPLAY_AP_EVENT_NAME(name) \
  case ApEventType::k##name:           \
    return #name;
    ROAMREPLAY_AP_EVENT_TYPES(ROAMREPLAY_AP_EVENT_NAME)
#undef ROAMREPLAY_AP_EVENT_NAME
    default:
      return "None";
  }
}

namespace {

// "STA <mac> <MODULE>: " of hostapd_logger/wpa_auth_logger lines.
bool ConsumeLoggerPrefix(std::string_view* s, MacAddress* sta, std::string_view* module) {
  std::string_view rest = *s;
  if (!ConsumePrefix(&rest, "STA ") || !MacAddress::Consume(&rest, sta) ||
      !ConsumePrefix(&rest, " "))
    return false;
  size_t colon = rest.find(": ");
  if (colon == std::string_view::npos || colon > 12) return false;
  *module = rest.substr(0, colon);
  rest.remove_prefix(colon + 2);
  *s = rest;
  return true;
}

bool ConsumeNumber(std::string_view* s, int32_t* out) {
  bool neg = ConsumePrefix(s, "-");
  uint32_t v = 0;
  if (!ConsumeUint(s, &v) || v > 1'000'000'000) return false;
  *out = neg ? -static_cast<int32_t>(v) : static_cast<int32_t>(v);
  return true;
}

bool PmkidOf(std::string_view payload, Pmkid* pmkid) {
  std::vector<uint8_t> bytes;
  if (!ParseHexBytes(payload, &bytes) || bytes.size() != 16) return false;
  std::copy(bytes.begin(), bytes.end(), pmkid->bytes.begin());
  pmkid->known = true;
  return true;
}

// Logger texts by module (the text after "STA <mac> <MODULE>: ").
bool ParseLoggerText(std::string_view module, std::string_view text, ApEvent* ev) {
  if (module == "IEEE 802.11") {
    if (text == "associated" || StartsWith(text, "associated (aid ")) {
      ev->type = ApEventType::kAssociated;
      if (ConsumePrefix(&text, "associated (aid ")) ConsumeNumber(&text, &ev->number);
      return true;
    }
    if (text == "disassociated") ev->type = ApEventType::kDisassociated;
    else if (text == "deauthenticated") ev->type = ApEventType::kDeauthenticated;
    else if (EndsWith(text, "due to inactivity")) ev->type = ApEventType::kInactivity;
    else if (text == "deauthenticated due to session timeout") ev->type = ApEventType::kSessionTimeout;
    return ev->type != ApEventType::kNone;
  }
  if (module == "IEEE 802.1X") {
    if (text == "PMK from PMKSA cache - skip IEEE 802.1X/EAP") ev->type = ApEventType::kPmkFromCache;
    else if (text == "start authentication") ev->type = ApEventType::kAuthStart;
    else if (StartsWith(text, "authenticated - EAP type:") && !EndsWith(text, "(PMKSA cache)"))
      ev->type = ApEventType::kEapSuccess;
    else if (StartsWith(text, "Sending EAP Packet")) ev->type = ApEventType::kEapolSent;
    return ev->type != ApEventType::kNone;
  }
  if (module == "WPA") {
    if (text == "OKC match for PMKID") {
      ev->type = ApEventType::kOkcMatch;
    } else if (StartsWith(text, "PMKID found from PMKSA cache")) {
      ev->type = ApEventType::kPmkidFound;
    } else if (StartsWith(text, "pairwise key handshake completed")) {
      ev->type = ApEventType::kHandshakeDone;
    } else if (ConsumePrefix(&text, "sending ") && text.size() > 1 && IsDigit(text[0]) &&
               StartsWith(text.substr(1), "/4 msg of 4-Way Handshake")) {
      ev->type = ApEventType::kEapolSent;
      ev->number = text[0] - '0';
    } else if (ConsumePrefix(&text, "event ") && ConsumeNumber(&text, &ev->number) &&
               text == " notification") {
      ev->type = ApEventType::kWpaEvent;
    }
    return ev->type != ApEventType::kNone;
  }
  if (module == "MLME" && ConsumePrefix(&text, "MLME-DEAUTHENTICATE.indication(") &&
      MacAddress::Consume(&text, &ev->sta) && ConsumePrefix(&text, ", ") &&
      ConsumeNumber(&text, &ev->number)) {
    ev->type = ApEventType::kDeauthSent;
    ev->has_sta = true;
    return true;
  }
  return false;
}

bool ParseSpaLine(std::string_view body, std::string_view prefix, ApEventType type, ApEvent* ev) {
  if (!ConsumePrefix(&body, prefix) || !MacAddress::Consume(&body, &ev->sta)) return false;
  ev->type = type;
  ev->has_sta = true;
  return true;
}

}  // namespace

bool ParseApEventBody(std::string_view body, ApEvent* ev) {
  *ev = ApEvent();
  std::string_view s = body;
  if (ConsumePrefix(&s, "Configuration file: ")) {
    ev->type = ApEventType::kConfigFile;
    ev->text = s;
    return true;
  }
  if (ConsumePrefix(&s, "hostapd v") && !s.empty() && IsDigit(s[0])) {
    ev->type = ApEventType::kVersionBanner;
    ev->text = s.substr(0, s.find(' '));
    return true;
  }
  if (ConsumePrefix(&s, "Using interface ")) {
    size_t sp = s.find(' ');
    if (sp == std::string_view::npos) return false;
    ev->ifname2 = s.substr(0, sp);
    s.remove_prefix(sp);
    if (!ConsumePrefix(&s, " with hwaddr ") || !MacAddress::Consume(&s, &ev->bssid)) return false;
    // 2011: "and ssid '%s'"; 2.x: "and ssid \"%s\"".
    if ((ConsumePrefix(&s, " and ssid '") && !s.empty() && s.back() == '\'') ||
        (ConsumePrefix(&s, " and ssid \"") && !s.empty() && s.back() == '"'))
      ev->text = s.substr(0, s.size() - 1);
    ev->type = ApEventType::kInterface;
    return true;
  }
  if (ConsumePrefix(&s, "Signal ")) {
    int32_t sig = 0;
    if (ConsumeNumber(&s, &sig) && s == " received - terminating") {
      ev->type = ApEventType::kTerminating;
      ev->number = sig;
      return true;
    }
    return false;
  }
  if (StartsWith(body, "RSN")) {
    std::string_view title, payload;
    bool ascii = false;
    if (SplitHexdump(body, &title, &payload, &ascii)) {
      if (title == "RSN IE: STA PMKID" || title == "RSNE: STA PMKID")
        ev->type = ApEventType::kStaPmkid;
      else if (title == "RSN: added PMKID")
        ev->type = ApEventType::kPmksaAddedPmkid;
      else
        return false;
      PmkidOf(payload, &ev->pmkid);
      return true;
    }
    return ParseSpaLine(body, "RSN: added PMKSA cache entry for ", ApEventType::kPmksaAdded, ev) ||
           ParseSpaLine(body, "RSN: expired PMKSA cache entry for ", ApEventType::kPmksaExpired,
                        ev) ||
           ParseSpaLine(body, "RSN: Flush PMKSA cache entry for ", ApEventType::kPmksaFlushed,
                        ev) ||
           ParseSpaLine(body, "RSN: removed the oldest PMKSA cache entry (for ",
                        ApEventType::kPmksaEvicted, ev);
  }
  if (ConsumePrefix(&s, "IEEE 802.1X: ")) {
    if (MacAddress::Consume(&s, &ev->sta) && s == " REAUTH_TIMER entering state REAUTHENTICATE") {
      ev->type = ApEventType::kReauthTimer;
      ev->has_sta = true;
      return true;
    }
    return false;
  }
  if (StartsWith(body, "EAP: Building EAP-Failure")) {
    ev->type = ApEventType::kEapFailure;
    return true;
  }
  if (ConsumePrefix(&s, "disassociate STA ") && MacAddress::Consume(&s, &ev->sta)) {
    ev->type = ApEventType::kDisassocSent;
    ev->has_sta = true;
    return true;
  }
  s = body;
  if (ConsumePrefix(&s, "deauthenticate STA ") && MacAddress::Consume(&s, &ev->sta)) {
    ev->type = ApEventType::kDeauthSent;
    ev->has_sta = true;
    return true;
  }
  return false;
}

bool HostapdLineParser::ConsumeIfname(std::string_view* s, std::string_view* ifname) {
  size_t colon = s->find(": ");
  if (colon == 0 || colon == std::string_view::npos || colon > 15) return false;
  std::string_view token = s->substr(0, colon);
  for (char c : token)
    if (!(IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
          c == '_' || c == '.'))
      return false;
  bool known = std::find(ifnames_.begin(), ifnames_.end(), token) != ifnames_.end();
  std::string_view after = s->substr(colon + 2);
  MacAddress mac;
  std::string_view probe = after;
  bool logger = ConsumePrefix(&probe, "STA ") && MacAddress::Consume(&probe, &mac);
  if (!known && !logger) return false;
  if (!known && ifnames_.size() < 64) ifnames_.emplace_back(token);
  *ifname = token;
  *s = after;
  return true;
}

void HostapdLineParser::Parse(std::string_view line, ApParsedLine* out) {
  *out = ApParsedLine();
  while (!line.empty() && (line.back() == '\r' || line.back() == '\0')) line.remove_suffix(1);
  OuterPrefix outer;
  SplitOuterPrefix(format_, line, &outer);
  bool ours = outer.source == LineSource::kSupplicant ||
              (outer.source == LineSource::kOtherSource && outer.tag == "hostapd");
  if (!ours || TrimRight(outer.rest).empty()) {
    out->body = line;
    return;
  }
  std::string_view rest = outer.rest;
  int64_t inner_us = 0;
  bool backwards = false, restarted = false;
  if (ConsumeDashTTimestamp(&rest, &out->time_text, &inner_us)) {
    out->has_time = true;
    out->time_us = axis_.PlaceEpoch(inner_us, &backwards);
  } else if (axis_.Place(outer.stamp, &out->time_us, &backwards, &restarted)) {
    out->has_time = true;
    out->time_text = outer.time_text;
  }
  // hexdump_ascii continuation lines ("     6f 6b 63 ...").
  if (StartsWith(rest, "    ") && rest.size() > 6 && HexDigitValue(TrimLeft(rest)[0]) >= 0 &&
      TrimLeft(rest).size() > 2 && TrimLeft(rest)[2] == ' ') {
    out->body = rest;
    return;
  }
  ConsumeIfname(&rest, &out->ifname);
  out->body = rest;
  std::string_view logger_text = rest;
  MacAddress sta;
  std::string_view module;
  bool logger = !out->ifname.empty() && ConsumeLoggerPrefix(&logger_text, &sta, &module);
  ApEvent& ev = out->event;
  bool event = logger ? ParseLoggerText(module, logger_text, &ev) : ParseApEventBody(rest, &ev);
  if (event) {
    if (logger && !ev.has_sta) {
      ev.sta = sta;
      ev.has_sta = true;
    }
    if (ev.type == ApEventType::kInterface &&
        std::find(ifnames_.begin(), ifnames_.end(), ev.ifname2) == ifnames_.end() &&
        ifnames_.size() < 64)
      ifnames_.emplace_back(ev.ifname2);
    out->kind = ApLineKind::kEvent;
    return;
  }
  std::string_view title, payload;
  bool ascii = false;
  bool hexdump = !logger && SplitHexdump(rest, &title, &payload, &ascii);
  uint8_t eras = MessageCatalog::Hostapd().MatchKey(
      hexdump ? title : (logger ? logger_text : rest), hexdump);
  out->kind = eras != 0 ? ApLineKind::kKnown : ApLineKind::kUnknown;
}

bool LooksLikeHostapdLog(const std::vector<std::string>& sample) {
  size_t hits = 0, supplicant = 0;
  for (const std::string& raw : sample) {
    std::string_view line = raw;
    OuterPrefix outer;
    SplitOuterPrefix(InputFormat::kSyslog, line, &outer);
    if (outer.source != LineSource::kNoPrefix) {
      if (outer.tag == "wpa_supplicant") ++supplicant;
      if (outer.tag != "hostapd") continue;
      line = outer.rest;
    }
    std::string_view text;
    int64_t us;
    ConsumeDashTTimestamp(&line, &text, &us);
    if (StartsWith(line, "Configuration file: ") || StartsWith(line, "hostapd v") ||
        (StartsWith(line, "Using interface ") && line.find(" with hwaddr ") != line.npos))
      ++hits;
    size_t colon = line.find(": STA ");
    if (colon != std::string_view::npos && colon <= 15) {
      std::string_view probe = line.substr(colon + 6);
      MacAddress mac;
      if (MacAddress::Consume(&probe, &mac) &&
          (StartsWith(probe, " IEEE 802.11: ") || StartsWith(probe, " IEEE 802.1X: ") ||
           StartsWith(probe, " WPA: ")))
        ++hits;
    }
  }
  return hits >= 2 && supplicant == 0;
}

}  // namespace roamreplay
