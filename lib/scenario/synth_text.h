#pragma once

// The writing half of the synthesizer: a clock, the line prefix of each log
// shape, and the "noise" of a real -dd log (scan rounds, EAP/TLS rounds,
// EAPOL-Key dumps, nl80211 lines) in one era's message texts. It knows
// nothing about PMKSA caches; synth.cc decides what happens.
//
// Shapes:
//   t       "1317158007.195340: wlan0: ..."                   (wpa_supplicant -t)
//   syslog  "Sep 27 21:13:27 host wpa_supplicant[812]: wlan0: ..."
//   logcat  "09-27 21:13:27.195   812   812 D wpa_supplicant: wlan0: ..."

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "base/hex.h"
#include "base/mac_address.h"
#include "scenario/scenario.h"

namespace roamreplay {

enum class LogShape { kT, kSyslog, kLogcat };
/// Accepts "t", "syslog", "logcat".
bool ParseLogShape(std::string_view name, LogShape* out);

using Pmk = std::array<uint8_t, 32>;

/// HMAC-SHA1(PMK, "PMK Name" || AA || SPA)[0:16] (IEEE 802.11 PMKID).
Pmkid ComputePmkid(const Pmk& pmk, const MacAddress& aa, const MacAddress& spa);

/// "xx xx xx" (wpa_hexdump payload).
std::string HexdumpBytes(const uint8_t* bytes, size_t n);

class LogWriter {
 public:
  LogWriter(LogShape shape, TextEra era, std::string ifname, int64_t start_us, uint64_t seed);

  /// A wpa_printf/wpa_hexdump line: no interface prefix. Advances the clock
  /// by `gap_us` plus a little jitter first.
  void Msg(std::string_view body, int64_t gap_us = 40);
  /// A wpa_msg/wpa_dbg line: "<ifname>: " prefix.
  void Ifc(std::string_view body, int64_t gap_us = 40);
  void Advance(int64_t us) { now_us_ += us; }

  int64_t now_us() const { return now_us_; }
  uint64_t lines() const { return lines_; }
  /// The timestamp text of the last line ("1317158007.195340" for shape t).
  const std::string& last_time() const { return last_time_; }
  TextEra era() const { return era_; }
  const std::string& text() const { return text_; }
  std::mt19937_64& rng() { return rng_; }
  int Rand(int lo, int hi);  ///< Uniform in [lo, hi].
  std::string RandomHex(size_t n);  ///< n random bytes as a hexdump payload.

  // Noise blocks.
  /// `version`: the banner's version; empty = the era's usual one.
  void Banner(const MacAddress& own, const std::string& version);
  void ScanRound(const Scenario& sc, int selected_ap);
  void AuthAssocFrames(const MacAddress& bssid, int channel, std::string_view ssid);
  void EapPeapRounds(const MacAddress& bssid, int first_id);
  void EapolKeyFrame(const MacAddress& bssid, int msg, std::string_view pmkid_kde);
  void IdleTimers();

 private:
  void Emit(std::string_view ifname_prefix, std::string_view body, int64_t gap_us);
  std::string Prefix();

  LogShape shape_;
  TextEra era_;
  std::string ifname_;
  int64_t now_us_;
  uint64_t lines_ = 0;
  std::string last_time_;
  std::string text_;
  std::mt19937_64 rng_;
};

}  // namespace roamreplay
