#include "testing/log_builder.h"

#include <fmt/format.h>

namespace roamreplay::testing {

std::string PmkidHex(int b) {
  std::string out;
  for (int i = 0; i < 16; ++i) out += fmt::format("{}{:02x}", i ? " " : "", b);
  return out;
}

std::string PmkidCompact(int b) {
  std::string out;
  for (int i = 0; i < 16; ++i) out += fmt::format("{:02x}", b);
  return out;
}

std::string Auth(const char* ap) {
  return fmt::format("SME: Trying to authenticate with {} (SSID='corp' freq=2412 MHz)", ap);
}

LogBuilder& LogBuilder::Line(const std::string& body, int ms) {
  now_us_ += static_cast<int64_t>(ms) * 1000;
  last_time_ = fmt::format("{}.{:06d}", now_us_ / 1'000'000, now_us_ % 1'000'000);
  text_ += last_time_ + ": " + body + "\n";
  ++lines_;
  return *this;
}

LogBuilder& LogBuilder::Associate(const char* ap) {
  Wlan(fmt::format("SME: Trying to authenticate with {} (SSID='corp' freq=2412 MHz)", ap));
  Wlan("State: COMPLETED -> AUTHENTICATING");
  Wlan(fmt::format("Trying to associate with {} (SSID='corp' freq=2412 MHz)", ap));
  Wlan("State: AUTHENTICATING -> ASSOCIATING");
  Wlan(fmt::format("Associated with {}", ap), 5);
  Wlan("State: ASSOCIATING -> ASSOCIATED");
  return *this;
}

LogBuilder& LogBuilder::FullEap(const char* ap, int new_pmkid, bool replace,
                                const std::vector<const char*>& flush) {
  Wlan("CTRL-EVENT-EAP-STARTED EAP authentication started", 10);
  Wlan("CTRL-EVENT-EAP-SUCCESS EAP authentication completed successfully", 300);
  Wlan(fmt::format("WPA: RX message 1 of 4-Way Handshake from {} (ver=2)", ap));
  Line("RSN: PMKID from Authenticator - hexdump(len=16): " + PmkidHex(new_pmkid));
  Wlan("RSN: no matching PMKID found");
  Line("WPA: PMK from EAPOL state machines - hexdump(len=32): [REMOVED]");
  if (replace) {
    Line(era_ == Era::k2011 ? "RSN: Replace PMKSA entry for the current AP"
                            : "RSN: Replace PMKSA entry for the current AP and any PMKSA cache "
                              "entry that was based on the old PMK");
  }
  for (const char* f : flush) Line(fmt::format("RSN: Flush PMKSA cache entry for {}", f));
  if (era_ == Era::k2011) {
    Line(fmt::format("RSN: added PMKSA cache entry for {}", ap));
  } else {
    Line(fmt::format("RSN: Added PMKSA cache entry for {} spa=00:1f:3b:01:02:03 "
                     "network_ctx=0x5581 akmp=0x1", ap));
    Wlan(fmt::format("PMKSA-CACHE-ADDED {} 0", ap));
  }
  Wlan("RSN: the new PMK matches with the PMKID");
  Wlan(fmt::format("WPA: Key negotiation completed with {} [PTK=CCMP GTK=CCMP]", ap), 20);
  return *this;
}

LogBuilder& LogBuilder::OkcClone(const char* ap) {
  Line(fmt::format("RSN: Consider {} for OKC", ap));
  Line(era_ == Era::k2011
           ? fmt::format("RSN: added PMKSA cache entry for {}", ap)
           : fmt::format("RSN: Added PMKSA cache entry for {} spa=00:1f:3b:01:02:03 "
                         "network_ctx=0x5581 akmp=0x1", ap));
  Line(fmt::format("RSN: added opportunistic PMKSA cache entry for {}", ap));
  return *this;
}

LogBuilder& LogBuilder::Select(int pmkid) {
  if (era_ == Era::k2011) return Line("RSN: PMKID - hexdump(len=16): " + PmkidHex(pmkid));
  return Line("RSN: PMKSA cache entry found - PMKID - hexdump(len=16): " + PmkidHex(pmkid));
}

LogBuilder& LogBuilder::CachedHandshake(const char* ap, int pmkid, bool okc) {
  Wlan(fmt::format("RX EAPOL from {}", ap), 5);
  Wlan(fmt::format("WPA: RX message 1 of 4-Way Handshake from {} (ver=2)", ap));
  Line("RSN: PMKID from Authenticator - hexdump(len=16): " + PmkidHex(pmkid));
  Line("RSN: matched PMKID - hexdump(len=16): " + PmkidHex(pmkid));
  Line("RSN: PMK from PMKSA cache - hexdump(len=32): [REMOVED]");
  Line("EAPOL: PMKSA caching was used - skip EAPOL");
  Wlan(fmt::format("WPA: Key negotiation completed with {} [PTK=CCMP GTK=CCMP]", ap), 10);
  if (okc) Wlan("RSN: Authenticator accepted opportunistic PMKSA entry - marking it valid");
  Wlan("State: GROUP_HANDSHAKE -> COMPLETED");
  return *this;
}

LogBuilder& LogBuilder::RefuseWithEap(const char* ap) {
  Wlan(fmt::format("RX EAPOL from {}", ap), 5);
  Wlan("Setting authentication timeout: 70 sec 0 usec");
  Line("RSN: Authenticator did not accept PMKID, doing full EAP authentication");
  Line("EAPOL: Supplicant port status: Unauthorized");
  Wlan("RSN: Cancelling PMKSA caching attempt");
  return *this;
}

LogBuilder& LogBuilder::Reauth(const char* ap, int new_pmkid, bool replace,
                               const std::vector<const char*>& flush) {
  Wlan(fmt::format("RX EAPOL from {}", ap), 5);
  Line("RSN: Authenticator did not accept PMKID, doing full EAP authentication");
  Wlan("RSN: Cancelling PMKSA caching attempt");
  Wlan("State: COMPLETED -> 4WAY_HANDSHAKE");
  return FullEap(ap, new_pmkid, replace, flush);
}

Report LogBuilder::Replay() const {
  Report report;
  ReplayBuffer("test.log", text_, ReplayOptions(), &report);
  return report;
}

}  // namespace roamreplay::testing
