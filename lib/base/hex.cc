#include "base/hex.h"

#include "base/mac_address.h"

namespace roamreplay {

std::string ToHex(const uint8_t* bytes, size_t n) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.resize(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kHex[bytes[i] >> 4];
    out[2 * i + 1] = kHex[bytes[i] & 0xf];
  }
  return out;
}

std::string Pmkid::ToHex() const {
  if (!known) return std::string();
  return roamreplay::ToHex(bytes.data(), bytes.size());
}

bool ParseHexBytes(std::string_view payload, std::vector<uint8_t>* out) {
  out->clear();
  size_t i = 0;
  while (i < payload.size()) {
    if (payload[i] == ' ') {
      ++i;
      continue;
    }
    if (i + 1 >= payload.size()) return false;
    int hi = HexDigitValue(payload[i]);
    int lo = HexDigitValue(payload[i + 1]);
    if (hi < 0 || lo < 0) return false;
    if (i + 2 < payload.size() && payload[i + 2] != ' ') return false;
    out->push_back(static_cast<uint8_t>(hi << 4 | lo));
    i += 2;
  }
  return !out->empty();
}

}  // namespace roamreplay
