#include "scenario/synth_text.h"

#include <algorithm>
#include <ctime>

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace roamreplay {

bool ParseLogShape(std::string_view name, LogShape* out) {
  if (name == "t") *out = LogShape::kT;
  else if (name == "syslog") *out = LogShape::kSyslog;
  else if (name == "logcat") *out = LogShape::kLogcat;
  else return false;
  return true;
}

Pmkid ComputePmkid(const Pmk& pmk, const MacAddress& aa, const MacAddress& spa) {
  uint8_t data[8 + 12];
  std::copy_n("PMK Name", 8, data);
  std::copy(aa.bytes().begin(), aa.bytes().end(), data + 8);
  std::copy(spa.bytes().begin(), spa.bytes().end(), data + 14);
  uint8_t mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha1(), pmk.data(), static_cast<int>(pmk.size()), data, sizeof(data), mac, &mac_len);
  Pmkid out;
  std::copy_n(mac, 16, out.bytes.begin());
  out.known = true;
  return out;
}

std::string HexdumpBytes(const uint8_t* bytes, size_t n) {
  std::string out;
  out.reserve(n * 3);
  for (size_t i = 0; i < n; ++i) out += fmt::format("{}{:02x}", i ? " " : "", bytes[i]);
  return out;
}

LogWriter::LogWriter(LogShape shape, TextEra era, std::string ifname, int64_t start_us,
                     uint64_t seed)
    : shape_(shape), era_(era), ifname_(std::move(ifname)), now_us_(start_us), rng_(seed) {}

int LogWriter::Rand(int lo, int hi) {
  return std::uniform_int_distribution<int>(lo, hi)(rng_);
}

std::string LogWriter::RandomHex(size_t n) {
  std::string out;
  out.reserve(n * 3);
  for (size_t i = 0; i < n; ++i) out += fmt::format("{}{:02x}", i ? " " : "", Rand(0, 255));
  return out;
}

std::string LogWriter::Prefix() {
  int64_t sec = now_us_ / 1000000, usec = now_us_ % 1000000;
  if (shape_ == LogShape::kT) {
    last_time_ = fmt::format("{}.{:06d}", sec, usec);
    return last_time_ + ": ";
  }
  std::time_t t = static_cast<std::time_t>(sec);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (shape_ == LogShape::kSyslog) {
    last_time_ = fmt::format("{} {:2d} {:02d}:{:02d}:{:02d}", kMonths[tm.tm_mon], tm.tm_mday,
                             tm.tm_hour, tm.tm_min, tm.tm_sec);
    return last_time_ + " host wpa_supplicant[812]: ";
  }
  last_time_ = fmt::format("{:02d}-{:02d} {:02d}:{:02d}:{:02d}.{:03d}", tm.tm_mon + 1,
                           tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, usec / 1000);
  return last_time_ + "   812   812 D wpa_supplicant: ";
}

void LogWriter::Emit(std::string_view ifname_prefix, std::string_view body, int64_t gap_us) {
  now_us_ += gap_us + Rand(0, static_cast<int>(gap_us / 2 + 5));
  text_ += Prefix();
  text_ += ifname_prefix;
  text_ += body;
  text_ += '\n';
  ++lines_;
}

void LogWriter::Msg(std::string_view body, int64_t gap_us) { Emit("", body, gap_us); }

void LogWriter::Ifc(std::string_view body, int64_t gap_us) {
  Emit(ifname_ + ": ", body, gap_us);
}

void LogWriter::Banner(const MacAddress& own, const std::string& version) {
  std::string v = !version.empty() ? version : era_ == TextEra::k2011 ? "0.8.x" : "2.10";
  Msg("wpa_supplicant v" + v, 0);
  Msg(fmt::format("Initializing interface '{}' conf '/etc/wpa_supplicant/wpa_supplicant.conf' "
                  "driver 'nl80211' ctrl_interface 'N/A' bridge 'N/A'", ifname_));
  Msg(fmt::format("nl80211: interface {} in phy phy0", ifname_), 2000);
  Msg("nl80211: Set mode ifindex 3 iftype 2 (STATION)");
  for (const char* m : {"04 0a", "04 0b", "04 0c", "04 0d"})
    Msg(fmt::format("nl80211: Register frame match - hexdump(len=2): {}", m));
  Ifc("Own MAC address: " + own.ToString(), 2500);
  Ifc("RSN: flushing PMKID list in the driver");
  Msg("nl80211: Flush PMKIDs");
  Msg("EAPOL: SUPP_PAE entering state DISCONNECTED");
  Msg("EAPOL: Supplicant port status: Unauthorized");
  Msg("EAP: EAP entering state DISABLED");
  Ifc("Added interface " + ifname_, 700);
  Ifc("State: DISCONNECTED -> SCANNING", 97000);
}

void LogWriter::ScanRound(const Scenario& sc, int selected_ap) {
  Ifc("Starting AP scan for wildcard SSID");
  Msg("nl80211: Scan SSID - hexdump_ascii(len=0): [NULL]");
  Msg("Scan requested (ret=0) - scan timeout 30 seconds", 500);
  Msg("nl80211: Event message available", 2000);
  Msg("nl80211: Scan trigger");
  Msg("nl80211: New scan results available", 1800000);
  Ifc("Event 3 received on interface " + ifname_);
  size_t shown = std::min<size_t>(sc.aps.size(), 6);
  Msg(fmt::format("Received scan results ({} BSSes)", shown));
  Ifc("New scan results available");
  Ifc("Selecting BSS from priority group 0");
  for (size_t i = 0; i < shown; ++i) {
    const ApSpec& ap = sc.aps[i];
    Ifc(fmt::format("{}: {} ssid='{}' wpa_ie_len=0 rsn_ie_len=20 caps=0x431 level=-{}", i,
                    ap.bssid.ToString(), sc.ssid, Rand(45, 85)));
    if (static_cast<int>(i) == selected_ap) Ifc("   selected based on RSN IE");
  }
  if (selected_ap >= 0)
    Ifc(fmt::format("   selected BSS {} ssid='{}'", sc.aps[selected_ap].bssid.ToString(),
                    sc.ssid));
}

void LogWriter::AuthAssocFrames(const MacAddress& bssid, int channel, std::string_view ssid) {
  int freq = channel <= 14 ? 2407 + 5 * channel : 5000 + 5 * channel;
  Msg("nl80211: Authenticate (ifindex=3)");
  Msg("  * bssid=" + bssid.ToString(), 10);
  Msg(fmt::format("  * freq={}", freq), 10);
  Msg("nl80211: Authentication request send successfully", 400);
  Msg("nl80211: Event message available", 3000);
  Msg("nl80211: MLME event 37");
  Ifc(fmt::format("SME: Authentication response: peer={} auth_type=0 status_code=0",
                  bssid.ToString()));
  Ifc(fmt::format("Trying to associate with {} (SSID='{}' freq={} MHz)", bssid.ToString(), ssid,
                  freq));
  Ifc("State: AUTHENTICATING -> ASSOCIATING", 20);
  Msg("nl80211: Associate (ifindex=3)");
  Msg("nl80211: Association request send successfully", 400);
}

void LogWriter::EapPeapRounds(const MacAddress& bssid, int first_id) {
  Ifc("CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=25", 30000);
  Ifc("CTRL-EVENT-EAP-METHOD EAP vendor 0 method 25 (PEAP) selected", 4000);
  Msg("EAP-PEAP: Using PEAP version 0");
  for (int round = 0; round < 6; ++round) {
    Ifc("RX EAPOL from " + bssid.ToString(), 30000 + Rand(0, 15000));
    size_t len = static_cast<size_t>(Rand(9, 48));
    Msg(fmt::format("RX EAPOL - hexdump(len={}): {}", len, RandomHex(len)));
    Msg("EAPOL: Received EAP-Packet frame");
    Msg(fmt::format("EAP: Received EAP-Request id={} method=25 vendor=0 vendorMethod=0",
                    first_id + 1 + round));
    if (round == 1)
      Ifc("CTRL-EVENT-EAP-PEER-CERT depth=0 subject='/C=US/O=Example Corp/CN=radius1.corp."
          "example.com'");
    if (round == 2) Msg("EAP-PEAP: Derived key - hexdump(len=64): [REMOVED]");
    if (round >= 3) {
      size_t n = static_cast<size_t>(Rand(20, 60));
      Msg(fmt::format("EAP-PEAP: Encrypting Phase 2 data - hexdump(len={}): [REMOVED]", n));
    }
    Msg(fmt::format("EAPOL: SUPP_BE entering state RESPONSE"));
  }
  Msg("EAP: Received EAP-Success", 35000);
  Ifc("CTRL-EVENT-EAP-SUCCESS EAP authentication completed successfully");
  Msg("EAPOL: SUPP_PAE entering state AUTHENTICATED");
  Msg("EAPOL: Supplicant port status: Authorized");
  Msg("EAPOL authentication completed successfully");
}

void LogWriter::EapolKeyFrame(const MacAddress& bssid, int msg, std::string_view pmkid_kde) {
  Ifc("RX EAPOL from " + bssid.ToString(), msg == 1 ? 9000 : 6000);
  size_t len = msg == 1 ? (pmkid_kde.empty() ? 99 : 121) : 155;
  Msg(fmt::format("RX EAPOL - hexdump(len={}): {}", len, RandomHex(len)));
  Msg("EAPOL: Ignoring WPA EAPOL-Key frame in EAPOL state machines");
  Ifc(fmt::format("  EAPOL-Key type=2"));
  Msg("  key_nonce - hexdump(len=32): " + RandomHex(32));
  Msg("  key_mic - hexdump(len=16): " + RandomHex(16));
  if (msg == 1 && !pmkid_kde.empty())
    Msg(fmt::format("RSN: msg 1/4 key data - hexdump(len=22): dd 14 00 0f ac 04 {}", pmkid_kde));
}

void LogWriter::IdleTimers() {
  Msg("EAPOL: authWhile --> 0", 29000000);
  Msg("EAPOL: idleWhile --> 0", 30000000);
  Msg("EAPOL: disable timer tick");
}

}  // namespace roamreplay
