#pragma once

// Builds small wpa_supplicant "-dd -t" logs for tests, in 2011 (0.8.x) or
// 2.x message texts, with increasing timestamps. Hand-written sequences,
// not captured logs.

#include <string>
#include <vector>

#include "app/replay.h"
#include "report/report.h"

namespace roamreplay::testing {

inline constexpr const char* kA = "00:24:97:aa:bb:01";
inline constexpr const char* kB = "00:24:97:aa:bb:02";
inline constexpr const char* kC = "00:24:97:aa:bb:03";

/// A 16-byte PMKID whose bytes are all `b` (printed as a hexdump).
std::string PmkidHex(int b);      // "11 11 ... 11"
std::string PmkidCompact(int b);  // "1111...11"

/// The 2011/2.x "SME: Trying to authenticate with <ap>" body (with "wlan0: " via Wlan()).
std::string Auth(const char* ap);

class LogBuilder {
 public:
  enum class Era { k2011, k2x };
  explicit LogBuilder(Era era = Era::k2011) : era_(era) {}

  /// Adds a raw message (after the timestamp); advances the clock by `ms`.
  LogBuilder& Line(const std::string& body, int ms = 2);
  LogBuilder& Wlan(const std::string& body, int ms = 2) { return Line("wlan0: " + body, ms); }
  LogBuilder& Idle(int seconds) {
    now_us_ += static_cast<int64_t>(seconds) * 1'000'000;
    return *this;
  }

  /// SME authentication + association with `ap` (no PMKSA selection).
  LogBuilder& Associate(const char* ap);
  /// EAP + 4-way handshake establishing a new PMK at `ap` whose PMKID (as
  /// the AP puts it in msg 1/4) is PmkidHex(new_pmkid). `replace` prints the
  /// era's Replace line; `flush` lists "Flush PMKSA cache entry" lines.
  LogBuilder& FullEap(const char* ap, int new_pmkid, bool replace = false,
                      const std::vector<const char*>& flush = {});
  /// OKC clone for `ap` (Consider / added / added opportunistic).
  LogBuilder& OkcClone(const char* ap);
  /// The selection dump for the next association.
  LogBuilder& Select(int pmkid);
  /// msg 1/4 with `pmkid`, matched, cached PMK used, key negotiation done.
  LogBuilder& CachedHandshake(const char* ap, int pmkid, bool okc);
  /// The AP answers an offered PMKID with EAP (2011 line order).
  LogBuilder& RefuseWithEap(const char* ap);
  /// AP-initiated re-authentication while connected: EAP then new PMK.
  LogBuilder& Reauth(const char* ap, int new_pmkid, bool replace,
                     const std::vector<const char*>& flush = {});

  std::string str() const { return text_; }
  /// Timestamp text of the most recent line.
  std::string last_time() const { return last_time_; }
  /// Number of lines so far (= line number of the most recent line).
  int lines() const { return lines_; }
  Report Replay() const;

 private:
  Era era_;
  std::string text_;
  std::string last_time_;
  int64_t now_us_ = 1317158000'000000;
  int lines_ = 0;
};

}  // namespace roamreplay::testing
