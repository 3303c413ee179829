#pragma once

// Small classifications of hostap's connection vocabulary.

#include <string>
#include <string_view>

namespace roamreplay {

/// "SAE", "FT/SAE", "SAE (ext key)", "FT/SAE (ext key)", "SAE-EXT-KEY".
bool AkmIsSae(std::string_view akm);
/// "PSK", "WPA-PSK", "FT/PSK", "PSK with SHA256".
bool AkmIsPsk(std::string_view akm);
/// "FT/..." and "FT-FILS-...".
bool AkmIsFt(std::string_view akm);
/// auth_type of the SME lines: 0 open, 1 shared, 2 ft, 3 sae, 4-6 fils,
/// 7 pasn; empty for others.
std::string_view AuthAlgorithmName(int auth_type);

}  // namespace roamreplay
