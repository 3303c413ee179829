#include "parse/event_parser.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

#include "base/string_util.h"

namespace roamreplay {
namespace {

// Result of a handler: kEvent on success, kMalformed with a reason.
struct Outcome {
  BodyClass cls;
  std::string_view why;
};
constexpr Outcome kOk{BodyClass::kEvent, {}};
Outcome Bad(std::string_view why) { return {BodyClass::kMalformed, why}; }

using Handler = Outcome (*)(std::string_view rest, Event* ev);

struct Shape {
  std::string_view prefix;
  EventType type;
  Spelling spelling;
  Handler handler;  // nullptr: the prefix must be the whole body (after trim)
};

// --- argument helpers ---------------------------------------------------

Outcome AddrThenAnything(std::string_view rest, Event* ev) {
  if (!MacAddress::Consume(&rest, &ev->addr)) return Bad("expected a MAC address");
  ev->has_addr = true;
  return kOk;
}

Outcome AnyText(std::string_view, Event*) { return kOk; }

Outcome AddrField(std::string_view rest, std::string_view key, Event* ev) {
  std::string_view v = FieldValue(rest, key);
  if (!MacAddress::Parse(v, &ev->addr)) return Bad("expected bssid=<MAC>");
  ev->has_addr = true;
  return kOk;
}

Outcome NumberField(std::string_view rest, std::string_view key, Event* ev) {
  std::string_view v = FieldValue(rest, key);
  int64_t n = 0;
  if (v.empty() || !ConsumeInt(&v, &n)) return Bad("expected a number");
  ev->number = static_cast<int32_t>(n);
  return kOk;
}

// "<bssid> (SSID='name' freq=2412 MHz)": keep the SSID as text.
Outcome AddrAndSsid(std::string_view rest, Event* ev) {
  // "Trying to associate with SSID 'x'" (driver picks the BSS) has no BSSID.
  if (StartsWith(rest, "SSID ")) return {BodyClass::kNotEvent, {}};
  Outcome o = AddrThenAnything(rest, ev);
  if (o.cls != BodyClass::kEvent) return o;
  size_t start = rest.find("SSID='");
  if (start != std::string_view::npos) {
    std::string_view s = rest.substr(start + 6);
    size_t end = s.rfind("' freq=");
    if (end == std::string_view::npos) end = s.rfind('\'');
    if (end != std::string_view::npos) ev->text.assign(s.substr(0, end));
  }
  return kOk;
}

Outcome SelectedBss(std::string_view rest, Event* ev) {
  Outcome o = AddrThenAnything(rest, ev);
  if (o.cls != BodyClass::kEvent) return o;
  rest.remove_prefix(17);
  if (ConsumePrefix(&rest, " ssid='") && EndsWith(rest, "'"))
    ev->text.assign(rest.substr(0, rest.size() - 1));
  return kOk;
}

// 2011: "reassociate: 0  selected: 00:24:97:aa:bb:02  bssid: ...  pending: ..."
Outcome RequestAssociation2011(std::string_view rest, Event* ev) {
  size_t pos = rest.find("selected: ");
  if (pos == std::string_view::npos) return Bad("expected 'selected: <MAC>'");
  rest.remove_prefix(pos + 10);
  return AddrThenAnything(rest, ev);
}

Outcome StateChange(std::string_view rest, Event* ev) {
  size_t arrow = rest.find(" -> ");
  if (arrow == std::string_view::npos) return Bad("expected 'A -> B'");
  ev->from = ParseWpaState(rest.substr(0, arrow));
  ev->to = ParseWpaState(TrimRight(rest.substr(arrow + 4)));
  if (ev->from == WpaState::kUnknown || ev->to == WpaState::kUnknown)
    return Bad("unknown state name");
  return kOk;
}

Outcome Disconnected(std::string_view rest, Event* ev) {
  Outcome o = AddrField(rest, "bssid=", ev);
  if (o.cls != BodyClass::kEvent) return o;
  o = NumberField(rest, "reason=", ev);
  if (o.cls != BodyClass::kEvent) return o;
  std::string_view local = FieldValue(rest, "locally_generated=");
  ev->number2 = local == "1" ? 1 : 0;
  return kOk;
}

// "peer=<MAC> auth_type=N auth_transaction=N status_code=N" (SME) and
// "<MAC> auth_type=N auth_transaction=N status_code=N" (CTRL-EVENT-AUTH-REJECT).
Outcome AuthAnswer(std::string_view rest, Event* ev) {
  ConsumePrefix(&rest, "peer=");
  if (!MacAddress::Consume(&rest, &ev->addr)) return Bad("expected a MAC address");
  ev->has_addr = true;
  std::string_view type = FieldValue(rest, "auth_type=");
  int64_t n = 0;
  if (type.empty() || !ConsumeInt(&type, &n)) return Bad("expected auth_type=<number>");
  ev->number2 = static_cast<int32_t>(n);
  return NumberField(rest, "status_code=", ev);
}

// "bssid=<MAC> pending_bssid=<MAC> reason=N (NAME) state=STATE ..."
Outcome DeauthRequest(std::string_view rest, Event* ev) {
  Outcome o = AddrField(rest, "bssid=", ev);
  if (o.cls != BodyClass::kEvent) return o;
  o = NumberField(rest, "reason=", ev);
  if (o.cls != BodyClass::kEvent) return o;
  std::string_view state = FieldValue(rest, "state=");
  ev->to = ParseWpaState(state);
  // Wi-Fi 7 (2.11+): "... valid_links=0x3 ap_mld_addr=<MAC>", zero when not MLO.
  std::string_view mld = FieldValue(rest, "ap_mld_addr=");
  if (!mld.empty() && MacAddress::Parse(mld, &ev->addr2) && !ev->addr2.IsZero())
    ev->has_addr2 = true;
  return kOk;
}

// "FT/802.1X" from "FT/802.1X", "FT/802.1X and proto 2" (events.c).
Outcome KeyMgmt(std::string_view rest, Event* ev) {
  rest = TrimRight(rest);
  size_t proto = rest.find(" and proto ");
  if (proto != std::string_view::npos) rest = rest.substr(0, proto);
  if (rest.empty()) return Bad("expected a key management name");
  ev->text.assign(rest);
  return kOk;
}

// "to <MAC> dialog_token=N status=N reason=N delay=N"
Outcome BtmResponse(std::string_view rest, Event* ev) {
  if (!ConsumePrefix(&rest, "to ")) return Bad("expected 'to <MAC>'");
  Outcome o = AddrThenAnything(rest, ev);
  if (o.cls != BodyClass::kEvent) return o;
  return NumberField(rest, "status=", ev);
}

int HexDigitValue(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

// "abcd..." (FILS Cache Identifier, two bytes as %02x%02x): number = the id.
Outcome FilsCacheId(std::string_view rest, Event* ev) {
  if (rest.size() < 4) return Bad("expected a 4-digit FILS Cache Identifier");
  int id = 0;
  for (char ch : rest.substr(0, 4)) {
    int d = HexDigitValue(ch);
    if (d < 0) return Bad("expected a 4-digit FILS Cache Identifier");
    id = id * 16 + d;
  }
  if (rest.size() > 4 && rest[4] != ' ') return Bad("expected a 4-digit FILS Cache Identifier");
  ev->number = id;
  return kOk;
}

// "N, AKM: 0x..., SSID: name, BSSID: <MAC>[ ...]" (nl80211_external_auth):
// number = the action (0 start, 1 abort), number2 = the AKM suite selector.
Outcome ExternalAuth(std::string_view rest, Event* ev) {
  int64_t action = 0;
  if (!ConsumeInt(&rest, &action)) return Bad("expected the external auth action");
  ev->number = static_cast<int32_t>(action);
  size_t akm = rest.find("AKM: 0x");
  if (akm != std::string_view::npos) {
    std::string_view hex = rest.substr(akm + 7);
    int64_t v = 0;
    int digits = 0;
    while (!hex.empty() && HexDigitValue(hex.front()) >= 0 && digits < 8) {
      v = v * 16 + HexDigitValue(hex.front());
      hex.remove_prefix(1);
      ++digits;
    }
    ev->number2 = static_cast<int32_t>(v);
  }
  size_t b = rest.rfind("BSSID: ");
  if (b == std::string_view::npos) return Bad("expected 'BSSID: <MAC>'");
  rest.remove_prefix(b + 7);
  return AddrThenAnything(rest, ev);
}

Outcome KeepText(std::string_view rest, Event* ev) {
  ev->text.assign(TrimRight(rest));
  return kOk;
}

// Control-interface commands that start a connection or a roam; other
// commands (STATUS, SCAN, ...) are not events.
bool IsConnectCommand(std::string_view cmd) {
  for (std::string_view c : {"ROAM ", "REASSOCIATE", "RECONNECT", "SELECT_NETWORK ",
                             "ENABLE_NETWORK ", "BSSID ", "REATTACH", "FT_DS "})
    if (StartsWith(cmd, c)) return true;
  return false;
}

// "Control interface command 'ROAM 00:11:22:33:44:55'"
Outcome CtrlCommand(std::string_view rest, Event* ev) {
  rest = TrimRight(rest);
  if (EndsWith(rest, "'")) rest.remove_suffix(1);
  if (!IsConnectCommand(rest)) return {BodyClass::kNotEvent, {}};
  ev->text.assign(rest);
  return kOk;
}

// The handlers' own lines: "CTRL_IFACE ROAM <MAC>", "CTRL_IFACE:
// SELECT_NETWORK id=N", "CTRL_IFACE: ENABLE_NETWORK id=N".
Outcome CtrlRoam(std::string_view rest, Event* ev) {
  ev->text = "ROAM " + std::string(TrimRight(rest));
  return kOk;
}
Outcome CtrlSelect(std::string_view rest, Event* ev) {
  ev->text = "SELECT_NETWORK " + std::string(TrimRight(rest));
  return kOk;
}
Outcome CtrlEnable(std::string_view rest, Event* ev) {
  ev->text = "ENABLE_NETWORK " + std::string(TrimRight(rest));
  return kOk;
}

// D-Bus method calls as dbus_new_helpers.c logs them (MSG_MSGDUMP):
// "dbus: fi.w1.wpa_supplicant1.Interface.Reassociate (/fi/w1/wpa_supplicant1/Interfaces/0) []".
// Methods that start a connection or a roam are control commands; a Scan is
// remembered (its results may lead to a roam); other calls are not events.
Outcome DbusMethod(std::string_view rest, Event* ev) {
  constexpr std::string_view kIface = "fi.w1.wpa_supplicant1.Interface.";
  if (!StartsWith(rest, kIface)) return {BodyClass::kNotEvent, {}};
  rest.remove_prefix(kIface.size());
  std::string_view method = rest.substr(0, rest.find(' '));
  for (std::string_view m : {"Reassociate", "Reconnect", "SelectNetwork", "Roam", "Reattach"}) {
    if (method != m) continue;
    ev->type = EventType::kCtrlCommand;
    ev->text = "D-Bus " + std::string(method);
    return kOk;
  }
  if (method != "Scan") return {BodyClass::kNotEvent, {}};
  ev->type = EventType::kDbusScan;
  ev->text = "D-Bus Scan";
  return kOk;
}

// "CTRL_IFACE FT_DS <MAC>" (ctrl_iface.c): an FT over-the-DS request.
Outcome CtrlFtDs(std::string_view rest, Event* ev) {
  ev->text = "FT_DS " + std::string(TrimRight(rest));
  return kOk;
}

// "BSSID <MAC> ignore list count incremented to N, ..." (2.x) / "...
// blacklist count incremented to N": the BSS was already on the list.
Outcome IgnoreCount(std::string_view rest, Event* ev) {
  if (!MacAddress::Consume(&rest, &ev->addr)) return {BodyClass::kNotEvent, {}};
  if (rest.find(" count incremented to ") == std::string_view::npos)
    return {BodyClass::kNotEvent, {}};
  ev->has_addr = true;
  return kOk;
}

// "a1b2" (two MDID octets in hex).
Outcome MobilityDomain(std::string_view rest, Event* ev) {
  rest = TrimRight(rest);
  if (rest.size() != 4 || !std::all_of(rest.begin(), rest.end(), [](char c) {
        return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      }))
    return Bad("expected a 4-digit mobility domain");
  ev->text.assign(rest);
  return kOk;
}

// "above=0 signal=-68 ...": number = signal, number2 = above.
Outcome SignalChange(std::string_view rest, Event* ev) {
  std::string_view above = FieldValue(rest, "above=");
  ev->number2 = above == "1" ? 1 : 0;
  return NumberField(rest, "signal=", ev);
}

Outcome AssocReject(std::string_view rest, Event* ev) {
  // Some drivers report "bssid=00:00:00:00:00:00", some no bssid= at all
  // (2.10 with some USB drivers); both are still events.
  if (rest.find("bssid=") != std::string_view::npos) {
    Outcome o = AddrField(rest, "bssid=", ev);
    if (o.cls != BodyClass::kEvent) return o;
  }
  return NumberField(rest, "status_code=", ev);
}

Outcome RxMsg1(std::string_view rest, Event* ev) {
  Outcome o = AddrThenAnything(rest, ev);
  if (o.cls != BodyClass::kEvent) return o;
  std::string_view ver = FieldValue(rest, "(ver=");
  int64_t n = 0;
  if (ConsumeInt(&ver, &n)) ev->number = static_cast<int32_t>(n);
  return kOk;
}

Outcome VersionBanner(std::string_view rest, Event* ev) {
  if (rest.empty() || !IsDigit(rest[0])) return Bad("expected a version number");
  size_t end = rest.find(' ');
  ev->text.assign(rest.substr(0, end));
  return kOk;
}

// 2.x: "<aa> spa=<spa> network_ctx=0x.. akmp=0x.."; older 2.x lack spa=.
Outcome AddedCurrent(std::string_view rest, Event* ev) {
  Outcome o = AddrThenAnything(rest, ev);
  if (o.cls != BodyClass::kEvent) return o;
  std::string_view spa = FieldValue(rest, "spa=");
  if (!spa.empty() && MacAddress::Parse(spa, &ev->addr2)) ev->has_addr2 = true;
  std::string_view akmp = FieldValue(rest, "akmp=0x");
  uint32_t value = 0;
  if (!akmp.empty() && std::from_chars(akmp.data(), akmp.data() + akmp.size(), value, 16).ec ==
                           std::errc())
    ev->number = static_cast<int32_t>(value);
  return kOk;
}

// "ifindex 3 (wlan0) changed from <old> to <new>"
Outcome OwnMacChanged(std::string_view rest, Event* ev) {
  size_t from = rest.find("changed from ");
  if (from == std::string_view::npos) return Bad("expected 'changed from <MAC> to <MAC>'");
  rest.remove_prefix(from + 13);
  if (!MacAddress::Consume(&rest, &ev->addr2) || !ConsumePrefix(&rest, " to ") ||
      !MacAddress::Consume(&rest, &ev->addr))
    return Bad("expected 'changed from <MAC> to <MAC>'");
  ev->has_addr = ev->has_addr2 = true;
  return kOk;
}

Outcome PtkDerivation(std::string_view rest, Event* ev) {
  if (!MacAddress::Consume(&rest, &ev->addr) || !ConsumePrefix(&rest, " A2=") ||
      !MacAddress::Consume(&rest, &ev->addr2))
    return Bad("expected 'A1=<MAC> A2=<MAC>'");
  ev->has_addr = ev->has_addr2 = true;
  return kOk;
}

// "SET_NETWORK id=0 name='bssid_hint'", "REMOVE_NETWORK all"
Outcome ConfigChange(std::string_view rest, Event* ev) {
  ev->text.assign(TrimRight(rest));
  return kOk;
}

// "network_ctx=0x.. try_opportunistic=N akmp=0x..": the AKMP the search
// asked for in `number` (-1 when the line has none, as before 2.7).
Outcome PmksaSearch(std::string_view rest, Event* ev) {
  ev->number = -1;
  std::string_view akmp = FieldValue(rest, "akmp=0x");
  uint32_t value = 0;
  if (!akmp.empty() && std::from_chars(akmp.data(), akmp.data() + akmp.size(), value, 16).ec ==
                           std::errc())
    ev->number = static_cast<int32_t>(value);
  return kOk;
}

Outcome Evicted(std::string_view rest, Event* ev) {
  if (!ConsumePrefix(&rest, "(for ")) return Bad("expected '(for <MAC>)'");
  return AddrThenAnything(rest, ev);
}

Outcome FreeCb(std::string_view rest, Event* ev) {
  Outcome o = AddrThenAnything(rest, ev);
  if (o.cls != BodyClass::kEvent) return o;
  return NumberField(rest, "reason=", ev);
}

Outcome CacheCtrlEvent(std::string_view rest, Event* ev) {
  Outcome o = AddrThenAnything(rest, ev);
  if (o.cls != BodyClass::kEvent) return o;
  rest.remove_prefix(17);
  rest = TrimLeft(rest);
  int64_t n = 0;
  if (ConsumeInt(&rest, &n)) ev->number = static_cast<int32_t>(n);
  return kOk;
}

// "3 - start of a new network block" (config_file.c); "Line N: ..." errors are not events.
Outcome NetworkBlock(std::string_view rest, Event* ev) {
  int64_t n = 0;
  if (!ConsumeInt(&rest, &n) || TrimRight(rest) != " - start of a new network block")
    return {BodyClass::kNotEvent, {}};
  ev->number = static_cast<int32_t>(n);
  return kOk;
}

// Network options as config.c's wpa_config_parse_int() dumps them (MSG_MSGDUMP):
// "proactive_key_caching=1 (0x1)"; the global one as
// wpa_global_config_parse_int() does (MSG_DEBUG): "okc=1". `name` is the
// option's name with its '='.
Outcome OptionValue(std::string_view rest, std::string_view name, bool network, Event* ev) {
  int64_t n = 0;
  if (!ConsumeInt(&rest, &n)) return Bad("expected a number");
  rest = TrimRight(rest);
  if (network ? !StartsWith(rest, " (0x") : !rest.empty()) return {BodyClass::kNotEvent, {}};
  ev->number = static_cast<int32_t>(n);
  ev->text.assign(name.substr(0, name.size() - 1));
  return kOk;
}
Outcome ProactiveKeyCaching(std::string_view rest, Event* ev) {
  return OptionValue(rest, "proactive_key_caching=", true, ev);
}
Outcome FtEapPmksaCaching(std::string_view rest, Event* ev) {
  return OptionValue(rest, "ft_eap_pmksa_caching=", true, ev);
}
Outcome GlobalOkc(std::string_view rest, Event* ev) { return OptionValue(rest, "okc=", false, ev); }

// "0 ssid='corp'" (wpa_config_debug_dump_networks, after "Priority group N").
Outcome NetworkListed(std::string_view rest, Event* ev) {
  int64_t n = 0;
  if (!ConsumeInt(&rest, &n) || !ConsumePrefix(&rest, " ssid='")) return {BodyClass::kNotEvent, {}};
  rest = TrimRight(rest);
  if (!EndsWith(rest, "'")) return {BodyClass::kNotEvent, {}};
  ev->number = static_cast<int32_t>(n);
  ev->text.assign(rest.substr(0, rest.size() - 1));
  return kOk;
}

Outcome OkcConsider(std::string_view rest, Event* ev) {
  Outcome o = AddrThenAnything(rest, ev);
  if (o.cls != BodyClass::kEvent) return o;
  rest.remove_prefix(17);
  if (!StartsWith(rest, " for OKC")) return Bad("expected '<MAC> for OKC'");
  return kOk;
}

// Exact-text shapes use handler == nullptr. Longer prefixes sharing a start
// with shorter ones come first ("RSN: added opportunistic" before "RSN: added").
constexpr Shape kShapes[] = {
    {"   selected BSS ", EventType::kSelectedBss, Spelling::kAny, SelectedBss},
    {"Request association: ", EventType::kRequestAssociation, Spelling::k2011,
     RequestAssociation2011},
    {"Request association with ", EventType::kRequestAssociation, Spelling::kCurrent,
     AddrThenAnything},
    {"SME: Trying to authenticate with ", EventType::kSmeTryAuthenticate, Spelling::kAny,
     AddrAndSsid},
    {"Trying to authenticate with ", EventType::kSmeTryAuthenticate, Spelling::k073, AddrAndSsid},
    {"Trying to associate with ", EventType::kTryAssociate, Spelling::kAny, AddrAndSsid},
    {"Associated with ", EventType::kAssociated, Spelling::kAny, AddrThenAnything},
    {"Authentication with ", EventType::kAuthTimedOut, Spelling::kAny, AddrThenAnything},
    {"State: ", EventType::kStateChange, Spelling::kAny, StateChange},
    {"CTRL-EVENT-CONNECTED - Connection to ", EventType::kConnected, Spelling::kAny,
     AddrThenAnything},
    {"CTRL-EVENT-DISCONNECTED ", EventType::kDisconnected, Spelling::kAny, Disconnected},
    {"CTRL-EVENT-ASSOC-REJECT ", EventType::kAssocReject, Spelling::kAny, AssocReject},
    {"CTRL-EVENT-EAP-STARTED ", EventType::kEapStarted, Spelling::kAny, AnyText},
    {"CTRL-EVENT-EAP-SUCCESS ", EventType::kEapSuccess, Spelling::kAny, AnyText},
    {"CTRL-EVENT-EAP-FAILURE ", EventType::kEapFailure, Spelling::kAny, AnyText},
    {"RX EAPOL from ", EventType::kRxEapol, Spelling::kAny, AddrThenAnything},
    {"WPA: RX message 1 of 4-Way Handshake from ", EventType::kRxMsg1of4, Spelling::kAny, RxMsg1},
    {"WPA: Key negotiation completed with ", EventType::kKeyNegCompleted, Spelling::kAny,
     AddrThenAnything},
    {"wpa_supplicant v", EventType::kVersionBanner, Spelling::kAny, VersionBanner},
    {"Own MAC address: ", EventType::kOwnMacAddress, Spelling::kAny, AddrThenAnything},
    {"Using random MAC address ", EventType::kOwnMacAddress, Spelling::kCurrent,
     AddrThenAnything},
    {"nl80211: Own MAC address on ifindex ", EventType::kOwnMacChanged, Spelling::kCurrent,
     OwnMacChanged},
    {"WPA: PTK derivation - A1=", EventType::kPtkDerivation, Spelling::kAny, PtkDerivation},
    {"CTRL_IFACE: SET_NETWORK ", EventType::kConfigChange, Spelling::kAny, ConfigChange},
    {"CTRL_IFACE: REMOVE_NETWORK ", EventType::kConfigChange, Spelling::kAny, ConfigChange},
    {"EAPOL: txStart", EventType::kEapolTxStart, Spelling::kAny, nullptr},
    {"RSN: Timeout on waiting for the AP to initiate 4-way handshake", EventType::kStallFallback,
     Spelling::kCurrent, AnyText},
    {"RSN: found matching PMKID from PMKSA cache", EventType::kFoundMatchingPmkid, Spelling::kAny,
     nullptr},
    {"RSN: no matching PMKID found", EventType::kNoMatchingPmkid, Spelling::kAny, nullptr},
    {"RSN: the new PMK matches with the PMKID", EventType::kNewPmkMatchesPmkid, Spelling::kAny,
     nullptr},
    {"RSN: Cancelled PMKSA caching attempt", EventType::kCachedAttemptCancelled, Spelling::kAny,
     nullptr},
    {"RSN: no PMKSA entry found - trigger full EAP authentication", EventType::kTriggerFullEap,
     Spelling::kAny, nullptr},
    {"RSN: PMKID mismatch - authentication server may have derived different MSK?!",
     EventType::kPmkidMismatch, Spelling::kCurrent, nullptr},
    {"EAPOL: PMKSA caching was used - skip EAPOL", EventType::kCachingUsed, Spelling::kAny,
     nullptr},
    {"RSN: added opportunistic PMKSA cache entry for ", EventType::kOkcAdded, Spelling::kAny,
     AddrThenAnything},
    {"RSN: added PMKSA cache entry for ", EventType::kPmksaAdded, Spelling::k2011,
     AddrThenAnything},
    {"RSN: Added PMKSA cache entry for ", EventType::kPmksaAdded, Spelling::kCurrent,
     AddedCurrent},
    {"WPA: reusing previous PMKSA entry", EventType::kPmksaReusing, Spelling::kAny, nullptr},
    {"RSN: replacing current PMKSA entry", EventType::kPmksaReplacingCurrent, Spelling::k2011,
     nullptr},
    {"RSN: Flush PMKSA cache entry for ", EventType::kPmksaFlush, Spelling::kAny,
     AddrThenAnything},
    {"RSN: expired PMKSA cache entry for ", EventType::kPmksaExpired, Spelling::kAny,
     AddrThenAnything},
    {"RSN: removed the oldest idle PMKSA cache entry ", EventType::kPmksaEvicted,
     Spelling::kCurrent, Evicted},
    {"RSN: removed the oldest PMKSA cache entry ", EventType::kPmksaEvicted, Spelling::k2011,
     Evicted},
    {"RSN: PMKSA cache entry free_cb: ", EventType::kPmksaFreeCb, Spelling::kCurrent, FreeCb},
    {"RSN: Consider ", EventType::kOkcConsider, Spelling::kAny, OkcConsider},
    {"RSN: Do not clone PMKSA cache entry for ", EventType::kOkcNotCloned, Spelling::kCurrent,
     AddrThenAnything},
    {"RSN: PMKSA cache search - ", EventType::kPmksaSearch, Spelling::kCurrent, PmksaSearch},
    {"RSN: Search for BSSID ", EventType::kPmksaSearchBssid, Spelling::kCurrent,
     AddrThenAnything},
    {"RSN: No PMKSA cache entry found", EventType::kPmksaNotFound, Spelling::kCurrent, nullptr},
    {"RSN: Trying to use cached PMKSA", EventType::kTryingCachedPmksa, Spelling::kAny, nullptr},
    {"RSN: Authenticator accepted opportunistic PMKSA entry - marking it valid",
     EventType::kOkcValidated, Spelling::kAny, nullptr},
    {"RSN: Authenticator did not accept PMKID, doing full EAP authentication",
     EventType::kPmkidNotAccepted, Spelling::kAny, nullptr},
    {"RSN: Cancelling PMKSA caching attempt", EventType::kCancellingCached, Spelling::kAny,
     nullptr},
    {"RSN: Clear current PMKSA entry selection", EventType::kClearCurrentPmksa,
     Spelling::kCurrent, nullptr},
    {"PMKSA caching attempt rejected - drop PMKSA cache entry", EventType::kSaeCachingRejected,
     Spelling::kCurrent, AnyText},
    {"PMKSA-CACHE-ADDED ", EventType::kPmksaCacheAddedEvent, Spelling::kCurrent, CacheCtrlEvent},
    // SAE, FT and MLO key management (current hostap texts).
    {"SME: PMKSA caching attempt rejected with deauthentication - drop PMKSA cache entry",
     EventType::kSaeCachingRejected, Spelling::kCurrent, nullptr},
    {"SAE: Drop PMKSA cache entry", EventType::kSaeDropPmksa, Spelling::kCurrent, nullptr},
    {"RSN: postpone PMKSA cache entry expiration for SAE with ", EventType::kPmksaPostponed,
     Spelling::kCurrent, AddrThenAnything},
    {"RSN: Do not allow PMKSA cache entry for ", EventType::kSaeReauthNotAllowed,
     Spelling::kCurrent, AddrThenAnything},
    {"FT: Do not add PMKID entry to the driver since FT-EAP PMKSA caching is not enabled",
     EventType::kFtEapNoDriverPmkid, Spelling::kCurrent, AnyText},
    {"nl80211: NL80211_CMD_SET_PMKSA failed: ", EventType::kDriverPmksaFailed, Spelling::kCurrent,
     AnyText},
    {"MLD: address: ", EventType::kMldAddress, Spelling::kCurrent, AddrThenAnything},
    {"RSN: remove reauth threshold passed PMKSA from the driver for SAE",
     EventType::kSaeReauthDriverRemoved, Spelling::kCurrent, nullptr},
    {"RSN: Search for FILS Cache Identifier ", EventType::kFilsCacheIdSearch, Spelling::kCurrent,
     FilsCacheId},
    {"nl80211: Add PMKSA for cache id ", EventType::kDriverPmksaCacheId, Spelling::kCurrent,
     FilsCacheId},
    {"nl80211: External auth action: ", EventType::kExternalAuth, Spelling::kCurrent,
     ExternalAuth},
    // Connection triggers and flows (no era: they do not tell one).
    {"Control interface command '", EventType::kCtrlCommand, Spelling::kAny, CtrlCommand},
    {"CTRL_IFACE ROAM ", EventType::kCtrlCommand, Spelling::kAny, CtrlRoam},
    {"CTRL_IFACE: SELECT_NETWORK ", EventType::kCtrlCommand, Spelling::kAny, CtrlSelect},
    {"CTRL_IFACE: ENABLE_NETWORK ", EventType::kCtrlCommand, Spelling::kAny, CtrlEnable},
    {"bgscan simple: Request a background scan", EventType::kBgscanRequest, Spelling::kAny,
     nullptr},
    {"bgscan learn: Request a background scan", EventType::kBgscanRequest, Spelling::kAny,
     nullptr},
    {"Considering within-ESS reassociation", EventType::kRoamConsider, Spelling::kAny,
     nullptr},
    {"CTRL-EVENT-SIGNAL-CHANGE ", EventType::kSignalChange, Spelling::kAny, SignalChange},
    {"nl80211: Connection quality monitor event: RSSI low", EventType::kRssiLow,
     Spelling::kAny, nullptr},
    {"CTRL-EVENT-BEACON-LOSS", EventType::kBeaconLoss, Spelling::kAny, nullptr},
    {"WNM: BSS Transition Management Request did not include candidates",
     EventType::kBtmNoCandidates, Spelling::kAny, nullptr},
    {"WNM: BSS Transition Management Request: ", EventType::kBtmRequest, Spelling::kAny,
     AnyText},
    {"WNM: Transition to BSS ", EventType::kBtmTransition, Spelling::kAny, AddrThenAnything},
    {"WNM: Send BSS Transition Management Response ", EventType::kBtmResponse,
     Spelling::kAny, BtmResponse},
    {"WPA: using KEY_MGMT ", EventType::kKeyMgmt, Spelling::kAny, KeyMgmt},
    {"RSN: using KEY_MGMT ", EventType::kKeyMgmt, Spelling::kAny, KeyMgmt},
    {"WPA: Disable PMKSA caching for FT/802.1X connection", EventType::kPmksaCachingDisabled,
     Spelling::kAny, KeepText},
    {"RSN: Disable PMKSA caching due to incompatible AKMP", EventType::kPmksaCachingDisabled,
     Spelling::kAny, KeepText},
    {"SME: Authentication response: ", EventType::kSmeAuthResponse, Spelling::kAny,
     AuthAnswer},
    {"CTRL-EVENT-AUTH-REJECT ", EventType::kAuthReject, Spelling::kAny, AuthAnswer},
    {"FT: Completed successfully", EventType::kFtCompleted, Spelling::kAny, nullptr},
    {"FT: RSNE mismatch between Beacon/ProbeResp and FT protocol Reassociation Response frame",
     EventType::kFtFailure, Spelling::kAny, nullptr},
    {"FT: Validation of Reassociation Response failed", EventType::kFtFailure,
     Spelling::kAny, nullptr},
    {"SME: FT Authentication response processing failed", EventType::kFtFailure,
     Spelling::kAny, nullptr},
    {"Request to deauthenticate - ", EventType::kDeauthRequest, Spelling::kAny,
     DeauthRequest},
    {"WPA: 4-Way Handshake failed - pre-shared key may be incorrect", EventType::kFourWayFailed,
     Spelling::kAny, nullptr},
    {"Starting AP scan for ", EventType::kScanStart, Spelling::kAny, AnyText},
    {"Scan requested (ret=0)", EventType::kScanStart, Spelling::kAny, AnyText},
    {"New scan results available", EventType::kScanResults, Spelling::kAny, AnyText},
    {"Received scan results (", EventType::kScanResults, Spelling::kAny, AnyText},
    {"nl80211: Received scan results (", EventType::kScanResults, Spelling::kAny, AnyText},
    {"dbus: ", EventType::kDbusScan, Spelling::kAny, DbusMethod},
    {"CTRL_IFACE FT_DS ", EventType::kCtrlCommand, Spelling::kAny, CtrlFtDs},
    {"FT: Request over-the-DS with ", EventType::kFtOverDs, Spelling::kAny, AddrThenAnything},
    {"SME: FT mobility domain ", EventType::kFtMobilityDomain, Spelling::kAny, MobilityDomain},
    {"Added BSSID ", EventType::kIgnoreListAdd, Spelling::kAny, AddrThenAnything},
    {"BSSID ", EventType::kIgnoreListAdd, Spelling::kAny, IgnoreCount},
    {"Successfully initialized wpa_supplicant", EventType::kInterfaceStart, Spelling::kAny,
     nullptr},
    // The interface goes away (NetworkManager restarts re-add it silently):
    // its next connection is a first one, like after a restart.
    {"nl80211: deinit ifname=", EventType::kInterfaceStart, Spelling::kAny, AnyText},
    {"PMKSA-CACHE-REMOVED ", EventType::kPmksaCacheRemovedEvent, Spelling::kCurrent,
     CacheCtrlEvent},
    // The network configuration a -dd log dumps while reading the file.
    {"Line: ", EventType::kNetworkBlock, Spelling::kAny, NetworkBlock},
    {"proactive_key_caching=", EventType::kNetworkOption, Spelling::kAny, ProactiveKeyCaching},
    {"ft_eap_pmksa_caching=", EventType::kNetworkOption, Spelling::kAny, FtEapPmksaCaching},
    {"okc=", EventType::kNetworkOption, Spelling::kAny, GlobalOkc},
    {"   id=", EventType::kNetworkListed, Spelling::kAny, NetworkListed},
};

// The two Replace texts differ only by a suffix, so they are matched apart
// from the table.
constexpr std::string_view kReplace = "RSN: Replace PMKSA entry for the current AP";
constexpr std::string_view kReplaceNarrowSuffix =
    " and any PMKSA cache entry that was based on the old PMK";

// Index of kShapes by first byte, built once.
class ShapeIndex {
 public:
  ShapeIndex() {
    for (size_t i = 0; i < std::size(kShapes); ++i) {
      by_first_[static_cast<unsigned char>(kShapes[i].prefix[0])].push_back(
          static_cast<uint16_t>(i));
      head_[i] = Head(kShapes[i].prefix);
    }
  }
  const std::vector<uint16_t>& Candidates(char c) const {
    return by_first_[static_cast<unsigned char>(c)];
  }
  /// The first 8 bytes of a body (zero past its end), for MayStartWith.
  static uint64_t BodyHead(std::string_view body) { return Head(body).bits; }
  /// Cheap pre-check of StartsWith(body, kShapes[i].prefix) on the first
  /// 8 bytes (`head`: BodyHead(body)), so that most candidates are rejected
  /// without a memcmp call.
  bool MayStartWith(uint64_t head, uint16_t i) const {
    const Word& h = head_[i];
    return (head & h.mask) == h.bits;
  }

 private:
  struct Word {
    uint64_t bits = 0;
    uint64_t mask = 0;
  };
  static Word Head(std::string_view s) {
    Word w;
    size_t n = std::min<size_t>(s.size(), 8);
    std::memcpy(&w.bits, s.data(), n);
    std::memset(&w.mask, 0xff, n);  // the same bytes as the copy, on any endianness
    return w;
  }
  std::array<std::vector<uint16_t>, 256> by_first_;
  std::array<Word, std::size(kShapes)> head_;
};

const ShapeIndex& Index() {
  static const ShapeIndex index;
  return index;
}

struct HexShape {
  std::string_view title;
  EventType type;
  Spelling spelling;
  bool key;  // wpa_hexdump_key: "[REMOVED]" without -K
};
constexpr HexShape kHexShapes[] = {
    {"RSN: PMKID", EventType::kPmksaSelected, Spelling::k2011, false},
    {"RSN: PMKSA cache entry found - PMKID", EventType::kPmksaSelected, Spelling::kCurrent, false},
    {"RSN: PMKID from Authenticator", EventType::kPmkidFromAuthenticator, Spelling::kAny, false},
    {"RSN: matched PMKID", EventType::kMatchedPmkid, Spelling::kAny, false},
    {"RSN: Derived PMKID", EventType::kPmkidDerived, Spelling::kCurrent, false},
    {"SAE: PMKID", EventType::kSaePmkid, Spelling::kCurrent, false},
    {"FT: PMKR0Name", EventType::kFtPmkr0Name, Spelling::kCurrent, false},
    {"FT: PMKR1Name", EventType::kFtPmkr1Name, Spelling::kCurrent, false},
    {"WPA: PMK from EAPOL state machines", EventType::kPmkFromEapol, Spelling::kAny, true},
    {"RSN: PMK from PMKSA cache", EventType::kPmkFromCache, Spelling::kAny, true},
    // Two "EAP-PEAP: Derived key" dumps exist: the TLS-PRF key (wpa_hexdump_key,
    // normally [REMOVED]) and, with crypto binding, the MSK in clear
    // (wpa_hexdump, len=64). Both parse; the model uses 64-byte ones.
    {"EAP-PEAP: Derived key", EventType::kPeapDerivedKey, Spelling::kAny, true},
};

BodyClass ParseHexdumpEvent(std::string_view title, std::string_view payload, Event* ev,
                            std::string_view* why) {
  for (const HexShape& shape : kHexShapes) {
    if (title != shape.title) continue;
    *ev = Event();
    ev->type = shape.type;
    ev->spelling = shape.spelling;
    // Reused: a vector per PMKID line was five allocations as it grew.
    thread_local std::vector<uint8_t> bytes;
    bool parsed = ParseHexBytes(payload, &bytes);
    if (shape.key) {
      if (parsed) {
        ev->key_shown = true;
        ev->key_hex = ToHex(bytes.data(), bytes.size());
      }
      return BodyClass::kEvent;
    }
    if (!parsed || bytes.size() != 16) {
      *why = "expected a 16-byte PMKID hexdump";
      return BodyClass::kMalformed;
    }
    std::copy(bytes.begin(), bytes.end(), ev->pmkid.bytes.begin());
    ev->pmkid.known = true;
    return BodyClass::kEvent;
  }
  return BodyClass::kNotEvent;
}

}  // namespace

// body.find(" - hexdump"), but keyed on '-', which is much rarer in log
// lines than ' ' (string_view::find would memcmp at every space).
static size_t FindHexdumpMarker(std::string_view body) {
  constexpr std::string_view kMarker = " - hexdump";
  const char* data = body.data();
  size_t from = 1;
  while (from + kMarker.size() - 1 <= body.size()) {
    const void* hit = std::memchr(data + from, '-', body.size() - from);
    if (hit == nullptr) return std::string_view::npos;
    size_t dash = static_cast<size_t>(static_cast<const char*>(hit) - data);
    if (dash + kMarker.size() - 1 > body.size()) return std::string_view::npos;
    if (data[dash - 1] == ' ' && body.compare(dash - 1, kMarker.size(), kMarker) == 0)
      return dash - 1;
    from = dash + 1;
  }
  return std::string_view::npos;
}

bool SplitHexdump(std::string_view body, std::string_view* title, std::string_view* payload,
                  bool* ascii) {
  size_t pos = FindHexdumpMarker(body);
  if (pos == std::string_view::npos) return false;
  std::string_view rest = body.substr(pos + 10);
  bool is_ascii = ConsumePrefix(&rest, "_ascii");
  if (!ConsumePrefix(&rest, "(len=")) return false;
  size_t close = rest.find("):");
  if (close == std::string_view::npos) return false;
  *title = body.substr(0, pos);
  *payload = TrimLeft(rest.substr(close + 2));
  *ascii = is_ascii;
  return true;
}

// `*ev` is reset only when the body matches a shape: most lines are not
// events, and resetting its strings on every line is measurable.
BodyClass ParseEventBody(std::string_view body, Event* ev, std::string_view* why) {
  if (body.empty()) return BodyClass::kNotEvent;
  if (StartsWith(body, kReplace)) {
    std::string_view rest = TrimRight(body.substr(kReplace.size()));
    if (rest.empty() || rest == kReplaceNarrowSuffix) {
      *ev = Event();
      ev->type = EventType::kPmksaReplace;
      ev->narrow_flush_text = !rest.empty();
      ev->spelling = rest.empty() ? Spelling::k2011 : Spelling::kCurrent;
      return BodyClass::kEvent;
    }
  }
  const ShapeIndex& index = Index();
  const uint64_t head = ShapeIndex::BodyHead(body);
  for (uint16_t i : index.Candidates(body[0])) {
    const Shape& shape = kShapes[i];
    if (!index.MayStartWith(head, i) || !StartsWith(body, shape.prefix)) continue;
    std::string_view rest = body.substr(shape.prefix.size());
    if (shape.handler == nullptr) {
      if (!TrimRight(rest).empty()) continue;
      *ev = Event();
      ev->type = shape.type;
      ev->spelling = shape.spelling;
      return BodyClass::kEvent;
    }
    *ev = Event();
    ev->type = shape.type;
    ev->spelling = shape.spelling;
    Outcome o = shape.handler(rest, ev);
    if (o.cls == BodyClass::kEvent) return o.cls;
    *ev = Event();
    if (o.cls == BodyClass::kNotEvent) continue;
    *why = o.why;
    return BodyClass::kMalformed;
  }
  // A hexdump event's body starts with one of the titles: check that before
  // looking for " - hexdump" in the whole line.
  bool may_be_hex_event = false;
  for (const HexShape& shape : kHexShapes)
    if (body[0] == shape.title[0] && StartsWith(body, shape.title)) may_be_hex_event = true;
  if (!may_be_hex_event) return BodyClass::kNotEvent;
  std::string_view title, payload;
  bool ascii = false;
  if (SplitHexdump(body, &title, &payload, &ascii) && !ascii)
    return ParseHexdumpEvent(title, payload, ev, why);
  return BodyClass::kNotEvent;
}

}  // namespace roamreplay
