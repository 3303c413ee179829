#pragma once

#include <cstdint>

namespace roamreplay {

/// Tunables of the PMKSA model. Defaults are hostap's
/// (dot11RSNAConfigPMKLifetime, dot11RSNAConfigPMKReauthThreshold).
struct ModelConfig {
  int64_t pmk_lifetime_s = 43200;
  int reauth_threshold_pct = 70;
  /// A PMKID offered and no EAPOL frame this long after association is a
  /// stall (hostap 2.3+ falls back to EAPOL-Start after its own timer).
  int64_t stall_ms = 1000;
};

}  // namespace roamreplay
