#include "parse/esp_idf.h"

#include "base/string_util.h"

namespace roamreplay {
namespace {

// IEEE 802.11 management frame subtypes as the state line's code shows them.
constexpr int kAssocResp = 0x10;
constexpr int kReassocResp = 0x30;
constexpr int kDisassoc = 0xa0;
constexpr int kAuth = 0xb0;
constexpr int kDeauth = 0xc0;

// The library's auth mode (esp_wifi_driver.h: NONE_AUTH = 1, WPA_AUTH_PSK =
// 3, WPA2_AUTH_ENT = 4, WPA2_AUTH_PSK = 5, WPA3_AUTH_PSK = 9, ...) as hostap
// names the key management; empty for the modes hostap has no name for here.
std::string_view KeyMgmtOfAuthMode(int64_t mode) {
  switch (mode) {
    case 0x02:  // WPA_AUTH_UNSPEC
    case 0x04:  // WPA2_AUTH_ENT
      return "802.1X";
    case 0x03:  // WPA_AUTH_PSK
    case 0x05:  // WPA2_AUTH_PSK
      return "PSK";
    case 0x09:  // WPA3_AUTH_PSK
      return "SAE";
    case 0x0e:  // WPA2_AUTH_FT_PSK
      return "FT/PSK";
    case 0x0f:  // WPA3_AUTH_OWE
      return "OWE";
    case 0x10:  // WPA3_AUTH_PSK_EXT_KEY
      return "SAE-EXT-KEY";
    default:
      return {};
  }
}

bool ConsumeHex(std::string_view* s, int64_t* value) {
  int64_t v = 0;
  size_t i = 0;
  for (; i < s->size() && i < 8 && HexDigitValue((*s)[i]) >= 0; ++i) v = v * 16 + HexDigitValue((*s)[i]);
  if (i == 0) return false;
  s->remove_prefix(i);
  *value = v;
  return true;
}

}  // namespace

void EspIdfParser::Target(Event* ev) const {
  if (!has_bssid_) return;
  ev->addr = bssid_;
  ev->has_addr = true;
}

// "init -> auth (b0)", "assoc -> init (3510)", ...
BodyClass EspIdfParser::StateLine(std::string_view rest, Event* ev, std::string_view* why) {
  size_t arrow = rest.find(" -> ");
  size_t open = rest.find(" (");
  if (arrow == std::string_view::npos || open == std::string_view::npos || open < arrow) {
    *why = "expected 'state: A -> B (code)'";
    return BodyClass::kMalformed;
  }
  std::string_view from = rest.substr(0, arrow);
  std::string_view to = rest.substr(arrow + 4, open - arrow - 4);
  std::string_view code_text = rest.substr(open + 2);
  int64_t code = 0;
  if (!ConsumeHex(&code_text, &code) || !ConsumePrefix(&code_text, ")")) {
    *why = "expected a hexadecimal code in 'state: A -> B (code)'";
    return BodyClass::kMalformed;
  }
  int subtype = static_cast<int>(code & 0xff);
  int value = static_cast<int>(code >> 8);
  *ev = Event();
  Target(ev);
  ev->text = ssid_;
  if (to == "auth") {
    ev->type = EventType::kSmeTryAuthenticate;
    return BodyClass::kEvent;
  }
  if (from == "auth" && to == "assoc") {
    ev->type = EventType::kTryAssociate;
    return BodyClass::kEvent;
  }
  ev->text.clear();
  if (from == "assoc" && to == "run") {
    ev->type = EventType::kAssociated;
    return BodyClass::kEvent;
  }
  if (to != "init") return BodyClass::kNotEvent;
  bool received = deauth_received_;
  deauth_received_ = false;
  if ((subtype == kAssocResp || subtype == kReassocResp) && value != 0) {
    ev->type = EventType::kAssocReject;
    ev->number = value;
  } else if (subtype == kAuth && value != 0) {
    ev->type = EventType::kAuthReject;
    ev->number = value;
    ev->number2 = auth_alg_;
  } else if (subtype == kDeauth || subtype == kDisassoc) {
    ev->type = EventType::kDisconnected;
    ev->number = value;
    ev->number2 = received ? 0 : 1;
  } else if (subtype == 0 && value == 2) {
    // The library's own timer (WIFI_REASON_AUTH_EXPIRE): "auth timeout".
    ev->type = EventType::kAuthTimedOut;
  } else if (subtype == 0 && value != 0) {
    ev->type = EventType::kDisconnected;
    ev->number = value;
    ev->number2 = 1;
  } else {
    return BodyClass::kNotEvent;
  }
  return BodyClass::kEvent;
}

BodyClass EspIdfParser::ParseWifi(std::string_view body, Event* ev, std::string_view* why) {
  std::string_view rest = body;
  if (ConsumePrefix(&rest, "state: ")) {
    BodyClass c = StateLine(TrimRight(rest), ev, why);
    if (c == BodyClass::kEvent && ev->type == EventType::kSmeTryAuthenticate) auth_alg_ = -1;
    return c;
  }
  if (ConsumePrefix(&rest, "recv auth: seq=")) {
    int64_t seq = 0, status = 0;
    if (!ConsumeInt(&rest, &seq) || !ConsumePrefix(&rest, ", status=") ||
        !ConsumeInt(&rest, &status)) {
      *why = "expected 'recv auth: seq=N, status=N'";
      return BodyClass::kMalformed;
    }
    // Transaction 1 comes only from SAE (the AP's commit); an Open System
    // answer is transaction 2 with nothing before it.
    if (seq == 1) auth_alg_ = 3;
    if (auth_alg_ < 0) auth_alg_ = 0;
    *ev = Event();
    ev->type = EventType::kSmeAuthResponse;
    Target(ev);
    ev->number = static_cast<int32_t>(status);
    ev->number2 = auth_alg_;
    return BodyClass::kEvent;
  }
  if (ConsumePrefix(&rest, "ap found, mac=")) {
    MacAddress mac;
    if (!MacAddress::Consume(&rest, &mac)) {
      *why = "expected 'ap found, mac=<MAC>'";
      return BodyClass::kMalformed;
    }
    bssid_ = mac;
    has_bssid_ = true;
    ssid_ = seen_bssid_ == mac ? seen_ssid_ : std::string();
    *ev = Event();
    ev->type = EventType::kRequestAssociation;
    Target(ev);
    return BodyClass::kEvent;
  }
  if (ConsumePrefix(&rest, "connect_op: ")) {
    std::string_view mode = FieldValue(rest, "auth=");
    if (!mode.empty() && mode.back() == ',') mode.remove_suffix(1);
    int64_t n = 0;
    if (!ConsumeInt(&mode, &n)) {
      *why = "expected 'connect_op: ... auth=N, ...'";
      return BodyClass::kMalformed;
    }
    std::string_view akm = KeyMgmtOfAuthMode(n);
    if (akm.empty()) return BodyClass::kNotEvent;
    *ev = Event();
    ev->type = EventType::kKeyMgmt;
    ev->text.assign(akm);
    return BodyClass::kEvent;
  }
  if (ConsumePrefix(&rest, "recv deauth, reason=") || ConsumePrefix(&rest, "recv disassoc, reason=")) {
    deauth_received_ = true;
    return BodyClass::kNotEvent;
  }
  if (ConsumePrefix(&rest, "Association refused temporarily, comeback time ")) {
    int64_t tus = 0;
    if (!ConsumeInt(&rest, &tus)) {
      *why = "expected 'comeback time N (TUs)'";
      return BodyClass::kMalformed;
    }
    *ev = Event();
    ev->type = EventType::kAssocComeback;
    Target(ev);
    ev->number = 30;  // the status that carries a comeback time: ASSOC_REJECTED_TEMPORARILY
    ev->number2 = static_cast<int32_t>(tus);
    return BodyClass::kEvent;
  }
  if (ConsumePrefix(&rest, "connected with ")) {
    size_t comma = rest.find(", aid = ");
    std::string_view bssid = FieldValue(rest, "bssid = ");
    MacAddress mac;
    if (comma == std::string_view::npos || !MacAddress::Parse(TrimRight(bssid), &mac)) {
      *why = "expected 'connected with SSID, aid = N, ..., bssid = <MAC>'";
      return BodyClass::kMalformed;
    }
    bssid_ = mac;
    has_bssid_ = true;
    ssid_.assign(rest.substr(0, comma));
    *ev = Event();
    ev->type = EventType::kConnected;
    Target(ev);
    return BodyClass::kEvent;
  }
  if (ConsumePrefix(&rest, "mode : sta (")) {
    MacAddress mac;
    if (!MacAddress::Consume(&rest, &mac)) {
      *why = "expected 'mode : sta (<MAC>)'";
      return BodyClass::kMalformed;
    }
    *ev = Event();
    ev->type = EventType::kOwnMacAddress;
    ev->addr = mac;
    ev->has_addr = true;
    return BodyClass::kEvent;
  }
  if (StartsWith(rest, "wifi driver task: ")) {
    // The Wi-Fi stack starts (each boot): a new supplicant with an empty cache.
    *this = EspIdfParser();
    *ev = Event();
    ev->type = EventType::kInterfaceStart;
    ev->number = 1;  // a boot: the PMKSA cache (in RAM) is empty
    return BodyClass::kEvent;
  }
  return BodyClass::kNotEvent;
}

BodyClass EspIdfParser::ParsePort(std::string_view body, Event* ev) {
  std::string_view rest = TrimRight(body);
  if (rest == "wpa3: Skip SAE and use cached PMK instead") {
    // esp_wpa3.c: Open System authentication with the cached PMKSA, the
    // port's "RSN: Trying to use cached PMKSA".
    auth_alg_ = 0;
    *ev = Event();
    ev->type = EventType::kTryingCachedPmksa;
    return BodyClass::kEvent;
  }
  if (rest == "WPA 1/4-Way Handshake") {
    *ev = Event();
    ev->type = EventType::kRxMsg1of4;
    Target(ev);
    return BodyClass::kEvent;
  }
  if (StartsWith(rest, "IEEE 802.1X RX: ")) {
    *ev = Event();
    ev->type = EventType::kRxEapol;
    Target(ev);
    return BodyClass::kEvent;
  }
  if (ConsumePrefix(&rest, "BSS: Add new id ")) {
    // "BSS: Add new id 0 BSSID <MAC> SSID 'name' chan 1": remembered for
    // the "ap found" line that picks it.
    size_t at = rest.find("BSSID ");
    size_t quote = rest.find(" SSID '");
    if (at != std::string_view::npos && quote != std::string_view::npos) {
      std::string_view mac = rest.substr(at + 6);
      std::string_view name = rest.substr(quote + 7);
      size_t close = name.rfind('\'');
      if (MacAddress::Consume(&mac, &seen_bssid_) && close != std::string_view::npos)
        seen_ssid_.assign(name.substr(0, close));
    }
  }
  return BodyClass::kNotEvent;
}

void EspIdfParser::Note(const Event& ev) {
  switch (ev.type) {
    case EventType::kPmksaSearchBssid:
    case EventType::kKeyNegCompleted:
      if (ev.has_addr) {
        if (!has_bssid_ || bssid_ != ev.addr) ssid_.clear();
        bssid_ = ev.addr;
        has_bssid_ = true;
      }
      break;
    default:
      break;
  }
}

bool EspIdfParser::KnownWifiText(std::string_view body) {
  static constexpr std::string_view kKnown[] = {
      "perform scan: ", "scan end: ", "start scan: ", "filter: set rx policy=", "connect status ",
      "first chan=", "connect chan=", "clear scan ap list", "clear blacklist", "clear rc list",
      "rsn valid: ", "profile match: ", "find first mathched ssid", "find the ", "handoff_cb: ",
      "new_bss=", "new:<", "Start wifi connect", "auth mode is not none", "connect_bss: ",
      "start ", "restart connect ", "stop CSA timer", "stop beacon/connect timer",
      "disable connect timer", "remove ", "add bssid ", "recv assoc: type=", "recv deauth",
      "recv disassoc", "auth timeout", "Set status to INIT", "reason: ", "Send disconnect event",
      "Send sta connected event", "sta leave", "security: ", "pm start", "pm stop",
      "AP's beacon interval", "obss scan is disabled", "enable tsf", "wifi firmware version: ",
      "wifi certification version: ", "config ", "Init ", "mode : ",
      "state: "};  // transitions that carry nothing ("assoc -> assoc (0)": a comeback retry)
  for (std::string_view k : kKnown)
    if (StartsWith(body, k)) return true;
  return false;
}

}  // namespace roamreplay
