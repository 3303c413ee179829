#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace roamreplay {

/// A 16-byte PMKID. `known` is false when the log has not shown it (2011
/// `added PMKSA cache entry` lines carry no PMKID).
struct Pmkid {
  std::array<uint8_t, 16> bytes{};
  bool known = false;

  /// Lowercase hex without separators ("10e049cd..."), or "" when unknown.
  std::string ToHex() const;
  /// First 8 hex digits followed by "…" style shortening for prose ("10e049cd").
  std::string Short() const { return ToHex().substr(0, 8); }

  friend bool operator==(const Pmkid& a, const Pmkid& b) {
    return a.known == b.known && (!a.known || a.bytes == b.bytes);
  }
  friend bool operator!=(const Pmkid& a, const Pmkid& b) { return !(a == b); }
};

/// Parses the payload of a wpa_hexdump line (" 10 e0 49 cd ...": space-
/// separated byte pairs) into `out`. Returns false on anything that is not
/// such a list (e.g. "[REMOVED]", "[NULL]", truncation mid-byte).
bool ParseHexBytes(std::string_view payload, std::vector<uint8_t>* out);

/// Lowercase hex of `bytes` without separators.
std::string ToHex(const uint8_t* bytes, size_t n);

}  // namespace roamreplay
