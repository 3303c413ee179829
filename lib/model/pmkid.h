#pragma once

// PMKID derivation (IEEE 802.11 12.7.1.3; hostap rsn_pmkid()):
//   PMKID = Truncate-128(HMAC-SHA1(PMK, "PMK Name" || AA || SPA))
// with HMAC-SHA256 for the SHA-256 AKMs.

#include <string>

#include "base/hex.h"
#include "base/mac_address.h"

namespace roamreplay {

enum class PmkidHash { kSha1, kSha256, kUnsupported };

/// The hash hostap uses for the AKM bits `akmp` (as printed "akmp=0x.."); 0
/// (not logged, as in 2011 logs) means WPA2-EAP/PSK, i.e. SHA-1. AKMs whose
/// PMKID is not an HMAC of the PMK (SAE, OWE, FILS, Suite B, FT) are
/// unsupported.
PmkidHash PmkidHashForAkmp(int akmp);

/// Computes the PMKID of `pmk_hex` (lowercase hex, any length hostap
/// accepts) for `aa`/`spa`. False if the PMK is not valid hex or the hash is
/// unsupported.
bool ComputePmkid(const std::string& pmk_hex, const MacAddress& aa, const MacAddress& spa,
                  PmkidHash hash, Pmkid* out);

}  // namespace roamreplay
