#include "parse/line_parser.h"

#include <cstring>

#include "base/hash.h"
#include "base/mac_address.h"
#include "base/string_util.h"
#include "parse/message_catalog.h"

namespace roamreplay {

// Hand-rolled for the hot path: "<1-13 digits>.<6 digits>: ".
bool ConsumeDashTTimestamp(std::string_view* s, std::string_view* text, int64_t* time_us) {
  const char* p = s->data();
  const size_t n = s->size();
  // Ten digits of seconds, eight bytes at a time (TenDotSixDigits); the
  // loop below gives the same answer, more slowly.
  if (n >= 19 && p[17] == ':' && p[18] == ' ') {
    const int64_t us = TenDotSixDigits(p);
    if (us >= 0) {
      *text = s->substr(0, 17);
      *time_us = us;
      s->remove_prefix(19);
      return true;
    }
  }
  size_t i = 0;
  uint64_t sec = 0;
  while (i < n && i < 14 && IsDigit(p[i])) sec = sec * 10 + static_cast<uint64_t>(p[i++] - '0');
  if (i == 0 || i > 13 || i + 9 > n || p[i] != '.') return false;
  const char* u = p + i + 1;
  uint32_t usec = 0;
  for (int k = 0; k < 6; ++k) {
    if (!IsDigit(u[k])) return false;
    usec = usec * 10 + static_cast<uint32_t>(u[k] - '0');
  }
  if (u[6] != ':' || u[7] != ' ') return false;
  if (sec > 9'000'000'000'000ULL) return false;  // keeps time_us in range
  size_t consumed = i + 7;
  *text = s->substr(0, consumed);
  *time_us = static_cast<int64_t>(sec) * 1'000'000 + usec;
  s->remove_prefix(consumed + 2);
  return true;
}

bool ConsumeInterfaceName(std::string_view* s, std::string_view* ifname) {
  size_t colon = s->find(": ");
  if (colon == 0 || colon == std::string_view::npos || colon > 15) return false;
  std::string_view token = s->substr(0, colon);
  if (!(token[0] >= 'a' && token[0] <= 'z')) return false;  // not "0: <bssid> ssid=..."
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

// "30 14 01 00 00 0f ac 04" (ESP-IDF prints hexdump bytes on lines of their own).
bool LooksLikeHexBytes(std::string_view s) {
  s = TrimRight(s);
  if (s.size() < 2) return false;
  for (size_t i = 0; i < s.size(); i += 3) {
    if (i + 1 >= s.size() || HexDigitValue(s[i]) < 0 || HexDigitValue(s[i + 1]) < 0) return false;
    if (i + 2 < s.size() && s[i + 2] != ' ') return false;
  }
  return true;
}

bool TaggedShape(InputFormat format) {
  return format != InputFormat::kDashT && format != InputFormat::kPlain &&
         format != InputFormat::kAuto;
}

}  // namespace

bool LineParser::PlaceTime(const OuterPrefix& outer, std::string_view* rest, ParsedLine* out) {
  int64_t inner_us = 0;
  if (ConsumeDashTTimestamp(rest, &out->time_text, &inner_us)) {
    out->has_time = true;
    out->time_us = axis_.PlaceEpoch(inner_us, &out->time_backwards);
    return true;
  }
  if (axis_.Place(outer.stamp, &out->time_us, &out->time_backwards, &out->clock_restarted)) {
    out->has_time = true;
    out->time_text = outer.time_text;
  }
  return false;
}

// Lines that continue a multi-line hexdump.
bool LineParser::Continuation(std::string_view rest, ParsedLine* out) {
  bool ascii = in_hexdump_ascii_ && LooksLikeHexdumpAsciiContinuation(rest);
  bool bytes = in_hexdump_lines_ && LooksLikeHexBytes(rest);
  if (!ascii && !bytes) return false;
  out->body = rest;
  out->kind = LineKind::kKnown;
  out->hexdump = true;
  return true;
}

// NUL and the other C0 controls but tab, and DEL.
static bool IsPadding(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (u < 0x20 && u != '\t') || u == 0x7f;
}

bool LineParser::ParseImpl(std::string_view line, ParsedLine* out, bool defer) {
  // Field by field: `event` (with its strings) is only valid for kEvent and
  // is reset by ParseEventBody when it matches.
  out->kind = LineKind::kOther;
  out->time_text = {};
  out->time_us = 0;
  out->has_time = out->time_backwards = out->clock_restarted = out->hexdump = false;
  out->control_padding = false;
  // One by one: chained, the compiler reloads each view it just stored (a
  // stalled store-to-load forward on every line).
  out->ifname = {};
  out->body = {};
  out->why = {};
  out->eras = 0;
  out->esp_wifi = false;
  out->shape_hash = 0;
  // NUL and other control bytes at the end of a line are padding.
  while (!line.empty() && (IsPadding(line.back()) || line.back() == '\r')) {
    out->control_padding |= line.back() != '\r';
    line.remove_suffix(1);
  }
  OuterPrefix outer;
  SplitOuterPrefix(format_, line, &outer);
  if (outer.source == LineSource::kOtherSource ||
      (outer.source == LineSource::kNoPrefix && TaggedShape(format_) && !TrimRight(line).empty())) {
    out->kind = LineKind::kOtherSource;
    out->body = line;
    return false;
  }
  std::string_view rest = outer.rest;
  // In syslog/journald shapes, after a line with an inner "-t" stamp, a line
  // without one (a hexdump continuation, a message printed without the
  // stamp) takes the time of that line: its outer stamp lies on another
  // clock.
  bool inherited = false;
  if (inner_header_ && TaggedShape(format_)) {
    std::string_view probe = rest, text;
    int64_t us = 0;
    if (!ConsumeDashTTimestamp(&probe, &text, &us) && !TrimRight(rest).empty()) {
      out->has_time = true;
      out->time_us = header_time_us_;
      out->time_text = header_time_text_;
      if (Continuation(rest, out)) return false;
      inherited = true;
    }
  }
  if (!inherited) {
    inner_header_ = PlaceTime(outer, &rest, out);
    if (inner_header_) {
      header_time_text_.assign(out->time_text.data(), out->time_text.size());
      header_time_us_ = out->time_us;
    }
  }
  // ... and so are control bytes between the prefix and the text.
  while (!rest.empty() && IsPadding(rest.front())) {
    out->control_padding = true;
    rest.remove_prefix(1);
  }
  if (TrimRight(rest).empty()) {
    out->kind = LineKind::kOther;
    in_hexdump_ascii_ = in_hexdump_lines_ = false;
    return false;
  }
  if (!inner_header_ && Continuation(rest, out)) return false;
  in_hexdump_ascii_ = in_hexdump_lines_ = false;
  // The ESP-IDF port prints no interface names ("wpa3: Skip SAE ..." is a tag).
  if (format_ == InputFormat::kEspIdf) {
    ParseEsp(outer.tag == "wifi", rest, out);
    return false;
  }
  ConsumeInterfaceName(&rest, &out->ifname);
  out->body = rest;
  if (defer && !MayOpenHexdumpLines(rest)) return true;
  classifier_.Classify(out, &in_hexdump_ascii_, &in_hexdump_lines_);
  return false;
}

bool MayOpenHexdumpLines(std::string_view body) {
  // SplitHexdump's payload is empty only when "):" is followed by blanks.
  return EndsWith(TrimRight(body), "):");
}

void BodyClassifier::Classify(ParsedLine* out, bool* opens_ascii, bool* opens_lines) {
  const std::string_view rest = out->body;
  const uint64_t hash = memoize_ && rest.size() <= LineMemo::kMaxKey ? HashBytes(rest) : 0;
  if (hash != 0) {
    BodyVerdict seen;
    if (memo_.Find(rest, hash, &seen)) {
      ++memo_hits_;
      out->hexdump = seen.hexdump;
      if (seen.opens_ascii || seen.opens_lines) {
        *opens_ascii = seen.opens_ascii;
        *opens_lines = seen.opens_lines;
      }
      out->eras = seen.eras;
      out->kind = seen.eras != 0 ? LineKind::kKnown : LineKind::kUnknown;
      out->shape_hash = seen.shape_hash;
      return;
    }
  }
  std::string_view title, payload;
  bool ascii = false;
  out->hexdump = SplitHexdump(rest, &title, &payload, &ascii);

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
  const bool opens = out->hexdump && payload.empty();
  if (opens) {
    *opens_ascii = ascii;
    *opens_lines = !ascii;
  }
  // The hexdump split above serves the catalogue too (one search per line).
  Catalog(out->hexdump ? title : rest, out->hexdump, out);
  // A hexdump's bytes rarely repeat; its title has the catalogue's memo.
  if (hash != 0 && !(out->hexdump && !payload.empty()))
    memo_.Insert(rest, hash,
                 BodyVerdict{out->shape_hash, out->eras, out->hexdump, opens && ascii,
                             opens && !ascii});
}

void BodyClassifier::Catalog(std::string_view key, bool hexdump, ParsedLine* out) {
  out->eras = MessageCatalog::Default().MatchKey(key, hexdump);
  out->kind = out->eras != 0 ? LineKind::kKnown : LineKind::kUnknown;
  if (out->kind == LineKind::kUnknown) {
    MessageShapeInto(out->body, &shape_);
    out->shape_hash = HashBytes(shape_);
  }
}

void LineParser::ParseEsp(bool wifi, std::string_view rest, ParsedLine* out) {
  out->body = rest;
  out->esp_wifi = wifi;
  BodyClass cls;
  if (wifi) {
    cls = esp_.ParseWifi(rest, &out->event, &out->why);
    if (cls == BodyClass::kNotEvent) {
      // The library's lines are not in hostap's catalogue.
      out->kind = EspIdfParser::KnownWifiText(rest) ? LineKind::kKnown : LineKind::kUnknown;
      return;
    }
  } else {
    std::string_view title, payload;
    bool ascii = false;
    out->hexdump = SplitHexdump(rest, &title, &payload, &ascii);
    cls = ParseEventBody(rest, &out->event, &out->why);
    if (cls == BodyClass::kEvent) esp_.Note(out->event);
    if (cls == BodyClass::kNotEvent) cls = esp_.ParsePort(rest, &out->event);
    if (cls == BodyClass::kNotEvent) {
      if (out->hexdump && payload.empty()) {
        in_hexdump_ascii_ = ascii;
        in_hexdump_lines_ = !ascii;
      }
      classifier_.Catalog(out->hexdump ? title : rest, out->hexdump, out);
      return;
    }
  }
  out->kind = cls == BodyClass::kEvent ? LineKind::kEvent : LineKind::kMalformed;
}

}  // namespace roamreplay

namespace roamreplay {
namespace {

// Event types that wpa_supplicant prints at MSG_INFO (visible without -d).
bool InfoLevelEvent(EventType type) {
  switch (type) {
    case EventType::kConnected:
    case EventType::kDisconnected:
    case EventType::kAssocReject:
    case EventType::kEapStarted:
    case EventType::kEapSuccess:
    case EventType::kEapFailure:
    case EventType::kPmksaCacheAddedEvent:
    case EventType::kPmksaCacheRemovedEvent:
    case EventType::kTryAssociate:
    case EventType::kAssociated:
    case EventType::kSmeTryAuthenticate:
    case EventType::kKeyNegCompleted:
    case EventType::kVersionBanner:
    case EventType::kAuthTimedOut:
    // MSG_INFO lines and CTRL-EVENTs of the connection flow (issue 11).
    case EventType::kSignalChange:
    case EventType::kBeaconLoss:
    case EventType::kAuthReject:
    case EventType::kFtFailure:
    case EventType::kFourWayFailed:
    case EventType::kBtmNoCandidates:
    case EventType::kIgnoreListAdd:  // MSG_INFO since bssid_ignore.c (2.x)
    case EventType::kInterfaceStart:
      return true;
    default:
      return false;
  }
}

// Known-line prefixes that only debug levels print.
bool DebugLevelText(std::string_view body) {
  // Not "nl80211: ", "WPA: " or "SME: ": some of those are MSG_INFO or above.
  static constexpr std::string_view kPrefixes[] = {
      "State: ", "EAPOL: ", "EAP: ", "RSN: ", "BSS: ", "Setting scan request", "wpa_driver_",
      "RX EAPOL", "TX EAPOL"};
  for (std::string_view p : kPrefixes)
    if (StartsWith(body, p)) return true;
  return false;
}

// Titles of hexdumps printed at MSG_MSGDUMP (-dd); MSG_DEBUG hexdumps such as
// "RSN: PMKID" or SAE's already appear with -d.
bool MsgdumpHexdump(std::string_view body) {
  std::string_view title, payload;
  bool ascii = false;
  if (!SplitHexdump(body, &title, &payload, &ascii)) return false;
  static constexpr std::string_view kTitles[] = {
      "RX EAPOL", "TX EAPOL", "WPA: RX EAPOL-Key", "WPA: TX EAPOL-Key",
      "nl80211: MLME event frame", "RX pre-auth", "FT: RX Action",
      "SME: Authentication response IEs", "nl80211: Scan SSID", "nl80211: Scan extra IEs",
      "SSL: Application data"};
  for (std::string_view t : kTitles)
    if (title == t) return true;
  return false;
}

}  // namespace

void TierTracker::Add(const ParsedLine& line) {
  if (!hexdump_ && line.hexdump && MsgdumpHexdump(line.body)) hexdump_ = true;
  if (line.kind == LineKind::kEvent) {
    if (line.event.key_shown) keys_ = true;
    if (!InfoLevelEvent(line.event.type)) ++debug_lines_;
  } else if (debug_lines_ < kEnoughDebugLines &&
             (line.kind == LineKind::kKnown || line.kind == LineKind::kUnknown) &&
             DebugLevelText(line.body)) {
    ++debug_lines_;  // once there are enough, the text checks stop (hot path)
  }
}

std::string_view TierTracker::Tier() const {
  // Some hexdumps are MSG_INFO (FT RSNE mismatch), so debug lines come first.
  if (debug_lines_ < kEnoughDebugLines) return "INFO";
  if (keys_) return "-dd -K";
  if (hexdump_) return "-dd";
  return "-d";
}

void TierTracker::Supports(std::string_view tier, std::vector<std::string>* kinds,
                           std::string* note) {
  if (tier == "INFO") {
    *kinds = {"pmkid-rejected"};
    *note =
        "no PMKSA cache search/selection or PMKID lines, so stale-pmkid-reuse cannot be shown; "
        "pmkid-rejected only from status 53 association rejections";
    return;
  }
  *kinds = {"stale-pmkid-reuse", "pmkid-rejected"};
  if (tier == "-d")
    *note = "PMKSA cache and PMKID lines; no EAPOL-Key hexdumps, PMKs not shown";
  else if (tier == "-dd")
    *note = "EAPOL hexdumps; PMKs printed as [REMOVED], lineage tracked by generation";
  else
    *note = "PMK bytes shown; entries can be compared by key";
}

std::string MessageShape(std::string_view body) {
  std::string out;
  MessageShapeInto(body, &out);
  return out;
}

namespace {

// Bytes that MessageShapeInto copies as they are: printable ASCII but
// digits and the quote.
struct PlainBytes {
  bool plain[256] = {};
  constexpr PlainBytes() {
    for (int c = 0x20; c < 0x7f; ++c) plain[c] = !(c >= '0' && c <= '9') && c != '\'';
  }
};
constexpr PlainBytes kPlainBytes;

}  // namespace

void MessageShapeInto(std::string_view body, std::string* shape) {
  constexpr size_t kMaxShape = 160;
  // Written into a local buffer (no capacity check per byte), then copied.
  char buf[kMaxShape + 8];
  size_t n = 0;
  auto put = [&](const char* s, size_t len) {
    std::memcpy(buf + n, s, len);
    n += len;
  };
  std::string_view title, payload;
  bool ascii = false;
  if (SplitHexdump(body, &title, &payload, &ascii))
    body = body.substr(0, static_cast<size_t>(payload.data() - body.data()));
  const size_t size = body.size();
  size_t i = 0;
  while (i < size && n < kMaxShape) {
    // A run of plain bytes that cannot start a MAC address (one has ':'
    // third), copied at once.
    size_t run = i;
    const size_t room = i + (kMaxShape - n);
    while (run < size && run < room && kPlainBytes.plain[static_cast<unsigned char>(body[run])] &&
           !(run + 17 <= size && body[run + 2] == ':'))
      ++run;
    if (run > i) {
      put(body.data() + i, run - i);
      i = run;
      continue;
    }
    char c = body[i];
    if (i + 17 <= size && body[i + 2] == ':') {
      std::string_view rest = body.substr(i);
      MacAddress mac;
      if (MacAddress::Consume(&rest, &mac)) {
        put("<mac>", 5);
        i += 17;
        continue;
      }
    }
    if (c == '\'') {
      size_t close = body.find('\'', i + 1);
      if (close == std::string_view::npos) close = size - 1;
      put("'<str>'", 7);
      i = close + 1;
    } else if (IsDigit(c)) {
      if (c == '0' && i + 1 < size && body[i + 1] == 'x') i += 2;
      while (i < size && HexDigitValue(body[i]) >= 0) ++i;
      buf[n++] = 'N';
    } else {
      ++i;
      buf[n++] = (c >= 0x20 && c < 0x7f) ? c : '?';
    }
  }
  shape->assign(buf, n);
}

}  // namespace roamreplay
