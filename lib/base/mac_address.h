#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace roamreplay {

/// A 48-bit IEEE MAC address, as printed by hostap's MACSTR ("%02x:%02x:...").
class MacAddress {
 public:
  MacAddress() = default;

  /// Parses exactly 17 characters "xx:xx:xx:xx:xx:xx" (either hex case) at the
  /// start of `*s`; consumes them on success.
  static bool Consume(std::string_view* s, MacAddress* out);
  /// Parses a whole string; false unless it is exactly one MAC address.
  static bool Parse(std::string_view s, MacAddress* out);

  bool IsZero() const;
  /// Lowercase colon form, "00:24:97:aa:bb:01".
  std::string ToString() const;
  /// The same written into `buf` (no allocation); returns a view of it.
  std::string_view Format(std::array<char, 17>* buf) const;
  const std::array<uint8_t, 6>& bytes() const { return bytes_; }

  friend bool operator==(const MacAddress& a, const MacAddress& b) { return a.bytes_ == b.bytes_; }
  friend bool operator!=(const MacAddress& a, const MacAddress& b) { return !(a == b); }
  friend bool operator<(const MacAddress& a, const MacAddress& b) { return a.bytes_ < b.bytes_; }

 private:
  std::array<uint8_t, 6> bytes_{};
};

/// Value of a hexadecimal digit, or -1.
inline int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace roamreplay
