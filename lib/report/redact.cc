#include "report/redact.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "base/hex.h"
#include "base/string_util.h"

namespace roamreplay {
namespace {

constexpr std::string_view kHexdump = " - hexdump(";
constexpr std::string_view kHexdumpAscii = " - hexdump_ascii(";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "pmk" names key material unless it is the start of "pmkid" or "pmksa".
bool MentionsPmk(std::string_view t) {
  for (size_t pos = t.find("pmk"); pos != std::string_view::npos; pos = t.find("pmk", pos + 1)) {
    std::string_view next = t.substr(pos + 3, 2);
    if (next != "id" && next != "sa") return true;
  }
  return false;
}

bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// Replaces the value of `key=` ("psk=", ...) when `key` starts a word.
bool RedactKeyValue(std::string* s, std::string_view key) {
  bool changed = false;
  for (size_t pos = s->find(key); pos != std::string::npos; pos = s->find(key, pos + 1)) {
    if (pos > 0 && IsAlnum((*s)[pos - 1])) continue;
    size_t start = pos + key.size();
    if (start >= s->size() || s->compare(start, kRedacted.size(), kRedacted) == 0) continue;
    size_t end;
    char q = (*s)[start];
    if (q == '"' || q == '\'') {
      end = s->find(q, start + 1);
      end = end == std::string::npos ? s->size() : end + 1;
    } else {
      end = s->find(' ', start);
      if (end == std::string::npos) end = s->size();
    }
    s->replace(start, end - start, kRedacted);
    changed = true;
  }
  return changed;
}

constexpr std::string_view kSecretKeys[] = {
    "psk=",          "password=",         "passphrase=", "identity=",
    "private_key_passwd=", "private_key2_passwd=", "pin=", "sae_password=",
    "wep_key0=",     "wep_key1=",         "wep_key2=",   "wep_key3=",
    "anonymous_identity=", "eap_identity="};

bool IsContinuation(std::string_view line) { return StartsWith(line, "    "); }

// Replaces the text after the "): " of a hexdump header unless it is
// "[REMOVED]" / "[NULL]" / empty.
bool RedactPayload(std::string_view line, size_t header_pos, std::string* out) {
  size_t close = line.find("):", header_pos);
  if (close == std::string_view::npos) return false;
  std::string_view payload = TrimLeft(line.substr(close + 2));
  if (payload.empty() || payload.front() == '[') return false;
  *out = std::string(line.substr(0, close + 2)) + " " + std::string(kRedacted);
  return true;
}

}  // namespace

// Titles hostap prints with wpa_hexdump_key / wpa_hexdump_ascii_key /
// wpa_hexdump_buf_key in any era (generated from the catalogues' `call`
// column by lib/parse/catalog/gen_key_titles.py).
constexpr std::string_view kKeyDumpTitles[] = {
#include "parse/catalog/key_titles.inc"
};

namespace {

// Whether `t` (lowercase) names a key: "key" anywhere except as part of the
// names of non-secret EAPOL-Key frame fields.
bool NamesKey(std::string_view t) {
  static constexpr std::string_view kNotSecret[] = {
      "eapol-key", "key mic", "key nonce", "key iv", "key replay", "key info", "key rsc",
      "key length", "key id", "key descriptor", "key type", "keyid", "key_mgmt", "key_nonce",
      "key_iv", "key_mic", "key_rsc", "key_id", "key_info", "key_length", "key_replay"};
  for (size_t pos = t.find("key"); pos != std::string_view::npos; pos = t.find("key", pos + 1)) {
    bool field = false;
    for (std::string_view w : kNotSecret) {
      size_t k = w.find("key");
      if (pos >= k && t.compare(pos - k, w.size(), w) == 0) field = true;
    }
    if (!field) return true;
  }
  return false;
}

}  // namespace

bool IsKeyDumpTitle(std::string_view title) {
  title = TrimRight(title);
  for (std::string_view t : kKeyDumpTitles) {
    if (title.size() < t.size() || title.substr(title.size() - t.size()) != t) continue;
    // The title stands after the line's prefix ("1317158007.570671: ",
    // "wlan0: ") or alone.
    size_t start = title.size() - t.size();
    if (start == 0 || title[start - 1] == ' ' || title[start - 1] == '\t') return true;
  }
  return false;
}

bool IsSecretTitle(std::string_view title) {
  static constexpr std::string_view kWords[] = {
      "ptk", "gtk", "kck", "kek", "msk", "psk", "passphrase", "password", "passwd",
      "secret", "phase 2", "phase2", "identity", "ctrl_iface", "nt-response", "private", " tk",
      "pmk-r", "pmk_r", "k_aut", "k_encr", "k_re", "credential", "nonce_s"};
  if (IsKeyDumpTitle(title)) return true;
  // Only the last 200 bytes can hold a title; a hostile line gains nothing.
  if (title.size() > 200) title = title.substr(title.size() - 200);
  std::string t = Lower(title);
  if (MentionsPmk(t) || NamesKey(t)) return true;
  for (std::string_view w : kWords)
    if (t.find(w) != std::string::npos) return true;
  return false;
}

bool Redactor::Redact(std::string_view line, std::string* out) {
  if (in_secret_ascii_dump_) {
    if (IsContinuation(line)) {
      *out = "     " + std::string(kRedacted);
      return true;
    }
    in_secret_ascii_dump_ = false;
  }
  if (size_t pos = line.find(kHexdumpAscii); pos != std::string_view::npos) {
    if (!IsSecretTitle(line.substr(0, pos))) return false;
    in_secret_ascii_dump_ = true;
    return RedactPayload(line, pos, out);
  }
  if (size_t pos = line.find(kHexdump); pos != std::string_view::npos) {
    if (!IsSecretTitle(line.substr(0, pos))) return false;
    return RedactPayload(line, pos, out);
  }
  bool changed = false;
  std::string s;
  if (size_t pos = line.find("Response/Identity"); pos != std::string_view::npos) {
    size_t sep = line.find_first_of(":='", pos + 17);
    if (sep != std::string_view::npos && sep + 1 < line.size()) {
      s = std::string(line.substr(0, sep + 1)) + " " + std::string(kRedacted);
      changed = true;
    }
  }
  if (line.find('=') != std::string_view::npos) {
    if (!changed) s = std::string(line);
    for (std::string_view key : kSecretKeys) changed |= RedactKeyValue(&s, key);
  }
  if (changed) *out = std::move(s);
  return changed;
}

void Redactor::Observe(std::string_view line) {
  if (in_secret_ascii_dump_ && IsContinuation(line)) return;
  in_secret_ascii_dump_ = false;
  // "hexdump_ascii(" first: its 'h' is rarer in log lines than the space
  // that starts kHexdumpAscii, so the search is faster.
  size_t pos = line.find(kHexdumpAscii.substr(3));
  if (pos == std::string_view::npos) return;
  pos = line.find(kHexdumpAscii, pos >= 3 ? pos - 3 : 0);
  if (pos != std::string_view::npos) in_secret_ascii_dump_ = IsSecretTitle(line.substr(0, pos));
}

std::string RedactIsolated(std::string_view line) {
  Redactor r;
  std::string out;
  return r.Redact(line, &out) ? out : std::string(line);
}

void RedactReport(Report* report) {
  for (Finding& f : report->findings) {
    for (EvidenceLine& e : f.evidence) e.text = RedactIsolated(e.text);
    f.message = RedactIsolated(f.message);
  }
  for (Diagnostic& d : report->diagnostics) d.message = RedactIsolated(d.message);
  // AP (hostapd) lines joined with --ap.
  for (Finding& f : report->findings)
    for (ApEvidence& e : f.ap_evidence) e.text = RedactIsolated(e.text);
  for (RoamSummary& r : report->roams) r.ap_line_text = RedactIsolated(r.ap_line_text);
  for (ApLogSummary& log : report->ap_logs)
    for (ApEventSummary& e : log.events) e.text = RedactIsolated(e.text);
}

}  // namespace roamreplay

// ---------------------------------------------------------------------------
// Anonymizer

namespace roamreplay {
namespace {

bool IsHex(char c) { return HexDigitValue(c) >= 0; }

// A colon-form address starting at `i`, not glued to more hex/colons.
bool MacAt(std::string_view text, size_t i, MacAddress* mac) {
  if (i + 17 > text.size()) return false;
  if (i > 0 && (IsHex(text[i - 1]) || text[i - 1] == ':')) return false;
  if (i + 17 < text.size() && (IsHex(text[i + 17]) || text[i + 17] == ':')) return false;
  return MacAddress::Parse(text.substr(i, 17), mac);
}

// "xx xx xx xx xx xx" (a MAC inside a hexdump) starting at `i`.
bool SpacedMacAt(std::string_view text, size_t i, MacAddress* mac) {
  if (i + 17 > text.size()) return false;
  if (i > 0 && IsHex(text[i - 1])) return false;
  if (i + 17 < text.size() && IsHex(text[i + 17])) return false;
  std::string colon(text.substr(i, 17));
  for (size_t k = 2; k < 17; k += 3) {
    if (colon[k] != ' ') return false;
    colon[k] = ':';
  }
  return MacAddress::Parse(colon, mac);
}

// "corp" -> "63 6f 72 70".
std::string SpacedHex(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (!out.empty()) out += ' ';
    uint8_t b = static_cast<uint8_t>(c);
    out += ToHex(&b, 1);
  }
  return out;
}

std::string Spaced(const MacAddress& mac) {
  std::string s = mac.ToString();
  for (size_t k = 2; k < 17; k += 3) s[k] = ' ';
  return s;
}

// The quoted SSID after "ssid='" / "SSID '" / "ssid=\"" (any case) at `pos`.
std::string_view QuotedSsid(std::string_view line, size_t pos) {
  size_t i = pos + 4;
  if (i < line.size() && (line[i] == '=' || line[i] == ' ')) ++i;
  if (i >= line.size() || (line[i] != '\'' && line[i] != '"')) return {};
  char q = line[i];
  size_t end = line.find(q, i + 1);
  if (end == std::string_view::npos) return {};
  return line.substr(i + 1, end - i - 1);
}

}  // namespace

namespace {

// A character that continues a host or user name.
bool NameChar(char c) { return IsAlnum(c) || c == '-' || c == '.'; }

// The whitespace-separated tokens at the start of `line` (at most `n`).
std::vector<std::string_view> Tokens(std::string_view line, size_t n) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (out.size() < n && i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    size_t start = i;
    while (i < line.size() && line[i] != ' ') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

bool LooksLikeClock(std::string_view t) {
  return t.size() >= 8 && t[2] == ':' && t[5] == ':' && std::isdigit(static_cast<unsigned char>(t[0]));
}

// The host of "Mon DD HH:MM:SS[.f] HOST tag[pid]:" or "YYYY-MM-DDTHH:MM:SS... HOST tag:".
std::string_view SyslogHost(std::string_view line) {
  std::vector<std::string_view> t = Tokens(line, 5);
  auto is_tag = [](std::string_view tag) {
    return !tag.empty() && (tag.back() == ':' || tag.find('[') != std::string_view::npos);
  };
  if (t.size() >= 5 && std::isalpha(static_cast<unsigned char>(t[0][0])) &&
      std::isdigit(static_cast<unsigned char>(t[1][0])) && LooksLikeClock(t[2]) && is_tag(t[4]))
    return t[3];
  if (t.size() >= 3 && t[0].size() >= 19 && t[0][4] == '-' && t[0][10] == 'T' && is_tag(t[2]))
    return t[1];
  return {};
}

}  // namespace

void Anonymizer::AddAccessPoint(const MacAddress& mac) {
  learnt_.insert(mac);
  if (macs_.count(mac) == 0) Assign(mac, Kind::kAp);
}

void Anonymizer::AddStation(const MacAddress& mac) {
  learnt_.insert(mac);
  if (macs_.count(mac) == 0) Assign(mac, Kind::kStation);
}

MacAddress Anonymizer::Assign(const MacAddress& mac, Kind kind) {
  static constexpr uint8_t kKindByte[] = {0x01, 0x00, 0x02};
  int k = static_cast<int>(kind);
  MacAddress stand_in;
  do {
    int n = ++counters_[k];
    std::string s = fmt::format("02:00:00:{:02x}:{:02x}:{:02x}", kKindByte[k], (n >> 8) & 0xff,
                                n & 0xff);
    MacAddress::Parse(s, &stand_in);
  } while (learnt_.count(stand_in) != 0 && counters_[k] < 0xffff);
  macs_[mac] = stand_in;
  return stand_in;
}

MacAddress Anonymizer::Map(const MacAddress& mac) {
  if (mac.IsZero()) return mac;
  auto it = macs_.find(mac);
  return it != macs_.end() ? it->second : Assign(mac, Kind::kOther);
}

void Anonymizer::Learn(std::string_view line) {
  if (size_t own = line.find("Own MAC address: "); own != std::string_view::npos) {
    MacAddress mac;
    if (MacAt(line, own + 17, &mac)) AddStation(mac);
  }
  for (size_t c = line.find(':'); c != std::string_view::npos; c = line.find(':', c + 1)) {
    MacAddress mac;
    if (c >= 2 && learnt_.size() < kMaxLearnt && MacAt(line, c - 2, &mac) && !mac.IsZero()) {
      learnt_.insert(mac);
      c += 14;
    }
  }
  for (size_t pos = 0; pos + 4 < line.size(); ++pos) {
    char c0 = line[pos];
    if (c0 != 's' && c0 != 'S') continue;
    if (Lower(line.substr(pos, 4)) != "ssid") continue;
    AddSsid(QuotedSsid(line, pos));
  }
  AddName(SyslogHost(line), "host");
  // User names: "/home/NAME/", "USER=NAME" (sudo), "(uid=N user=NAME".
  for (std::string_view key : {"/home/", "USER=", "user="}) {
    for (size_t pos = line.find(key); pos != std::string_view::npos;
         pos = line.find(key, pos + 1)) {
      size_t start = pos + key.size(), end = start;
      while (end < line.size() && NameChar(line[end]) && line[end] != '.') ++end;
      AddName(line.substr(start, end - start), "user");
    }
  }
}


void Anonymizer::AddName(std::string_view name, const char* prefix) {
  if (name.size() < 2 || names_.size() >= kMaxLearnt) return;
  for (char c : name)
    if (!NameChar(c)) return;
  if (name == "localhost" || name == "root") return;
  bool known = std::any_of(names_.begin(), names_.end(),
                           [&](const auto& p) { return p.first == name; });
  if (known) return;
  int n = std::string_view(prefix) == "host" ? ++hosts_ : ++users_;
  names_.emplace_back(std::string(name), fmt::format("{}-{}", prefix, n));
  std::stable_sort(names_.begin(), names_.end(), [](const auto& a, const auto& b) {
    return a.first.size() > b.first.size();
  });
}

bool Anonymizer::ReplaceNameAt(std::string_view text, size_t i, std::string* out,
                               size_t* consumed) {
  if (i > 0 && NameChar(text[i - 1])) return false;
  for (const auto& [name, stand_in] : names_) {
    if (text.compare(i, name.size(), name) != 0) continue;
    size_t end = i + name.size();
    // A trailing '.' ends a sentence; other name characters continue the word.
    if (end < text.size() && NameChar(text[end]) &&
        !(text[end] == '.' && (end + 1 == text.size() || !NameChar(text[end + 1]))))
      continue;
    *out += stand_in;
    *consumed = name.size();
    return true;
  }
  return false;
}

void Anonymizer::AddSsid(std::string_view ssid) {
  if (ssid.empty() || ssids_.size() >= kMaxLearnt) return;
  bool known = std::any_of(ssids_.begin(), ssids_.end(),
                           [&](const auto& p) { return p.first == ssid; });
  if (known) return;
  ssids_.emplace_back(std::string(ssid), fmt::format("ssid-{}", ssids_.size() + 1));
  std::stable_sort(ssids_.begin(), ssids_.end(), [](const auto& a, const auto& b) {
    return a.first.size() > b.first.size();
  });
}

bool Anonymizer::ReplaceMacAt(std::string_view text, size_t i, std::string* out,
                              size_t* consumed) {
  MacAddress mac;
  if (MacAt(text, i, &mac)) {
    *out += Map(mac).ToString();
    *consumed = 17;
    return true;
  }
  if (SpacedMacAt(text, i, &mac) && learnt_.count(mac) != 0) {
    *out += Spaced(Map(mac));
    *consumed = 17;
    return true;
  }
  return false;
}

// SSIDs of three characters or more are replaced wherever they stand as a
// word; shorter ones only inside quotes, where they cannot be a word part.
bool Anonymizer::ReplaceSsidAt(std::string_view text, size_t i, std::string* out,
                               size_t* consumed) {
  // The byte form inside hexdumps ("63 6f 72 70"), when the dump has it on
  // one line (hexdump_ascii breaks lines every 16 bytes).
  if (IsHex(text[i]) && (i == 0 || !IsHex(text[i - 1]))) {
    for (const auto& [ssid, stand_in] : ssids_) {
      if (ssid.size() < 3) continue;
      std::string hex = SpacedHex(ssid);
      size_t end = i + hex.size();
      if (text.compare(i, hex.size(), hex) != 0 || (end < text.size() && IsHex(text[end])))
        continue;
      *out += SpacedHex(stand_in);
      *consumed = hex.size();
      return true;
    }
  }
  for (const auto& [ssid, stand_in] : ssids_) {
    if (text.compare(i, ssid.size(), ssid) != 0) continue;
    size_t end = i + ssid.size();
    char before = i > 0 ? text[i - 1] : ' ';
    char after = end < text.size() ? text[end] : ' ';
    bool quoted = (before == '\'' || before == '"') && after == before;
    bool word = ssid.size() >= 3 && !IsAlnum(before) && !IsAlnum(after);
    if (!quoted && !word) continue;
    *out += stand_in;
    *consumed = ssid.size();
    return true;
  }
  return false;
}

std::string Anonymizer::Apply(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t consumed = 0;
    if (ReplaceMacAt(text, i, &out, &consumed) || ReplaceSsidAt(text, i, &out, &consumed) ||
        (!names_.empty() && ReplaceNameAt(text, i, &out, &consumed))) {
      i += consumed;
    } else {
      out += text[i++];
    }
  }
  return out;
}

void AnonymizeReport(Report* report, Anonymizer* anon) {
  for (const RoamSummary& r : report->roams) anon->AddSsid(r.ssid);
  report->input = anon->Apply(report->input);
  for (Finding& f : report->findings) {
    if (f.bssid) f.bssid = anon->Map(*f.bssid);
    f.message = anon->Apply(f.message);
    for (EvidenceLine& e : f.evidence) {
      e.text = anon->Apply(e.text);
      e.role = anon->Apply(e.role);
    }
  }
  for (RoamSummary& r : report->roams) {
    r.bssid = anon->Map(r.bssid);
    r.ssid = anon->Apply(r.ssid);
  }
  if (report->snapshot) {
    for (auto* entries : {&report->snapshot->observed, &report->snapshot->reference}) {
      for (SnapshotEntry& e : *entries) {
        e.bssid = anon->Map(e.bssid);
        if (e.own_address) e.own_address = anon->Map(*e.own_address);
      }
    }
  }
  for (CacheEntryHistory& c : report->cache_history) c.aa = anon->Map(c.aa);
  for (Diagnostic& d : report->diagnostics) d.message = anon->Apply(d.message);
  for (ShapeCount& s : report->unknown_shapes) s.shape = anon->Apply(s.shape);
  report->era_evidence = anon->Apply(report->era_evidence);
  report->policy_evidence = anon->Apply(report->policy_evidence);
  report->tier_note = anon->Apply(report->tier_note);
}

}  // namespace roamreplay
