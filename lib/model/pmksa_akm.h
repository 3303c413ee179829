#pragma once

// AKM suites as hostap numbers them (WPA_KEY_MGMT_* bits, printed as
// "akmp=0x.." by pmksa_cache_add_entry() and pmksa_cache_set_current()),
// and the per-AKM facts the PMKSA model needs (README "Per-AKM rules").

#include <string>
#include <string_view>

namespace roamreplay {

/// "SAE", "FT-SAE", "802.1X", "FT-802.1X", "OWE", "FILS-SHA256", ...;
/// "" for 0 (not logged); "0x.." for bits this table does not name.
std::string AkmpName(int akmp);
/// SAE, FT-SAE, SAE-EXT-KEY, FT-SAE-EXT-KEY (hostap wpa_key_mgmt_sae()).
bool AkmpIsSae(int akmp);
bool AkmpIsOwe(int akmp);
/// FILS-SHA256/384 and their FT variants (wpa_key_mgmt_fils()).
bool AkmpIsFils(int akmp);
/// The PMKID is not an HMAC of the PMK over (AA, SPA) that the model could
/// recompute: SAE takes it from the exchange, FILS from ERP, Suite B from the KCK.
bool AkmpPmkidFromExchange(int akmp);
/// The AKMP of a "using KEY_MGMT <name>" line ("SAE", "FT/802.1X", ...); 0 if unknown.
int AkmpFromKeyMgmt(std::string_view name);
/// pmksa_cache_get(): an entry is found for `wanted` only with the same AKMP;
/// 0 on either side means "any" (not logged, or a search without akmp).
bool AkmpCompatible(int entry_akmp, int wanted);

}  // namespace roamreplay
