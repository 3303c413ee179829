#include "base/mac_address.h"

namespace roamreplay {

bool MacAddress::Consume(std::string_view* s, MacAddress* out) {
  if (s->size() < 17) return false;
  MacAddress mac;
  for (int i = 0; i < 6; ++i) {
    const char* p = s->data() + i * 3;
    int hi = HexDigitValue(p[0]);
    int lo = HexDigitValue(p[1]);
    if (hi < 0 || lo < 0) return false;
    if (i < 5 && p[2] != ':') return false;
    mac.bytes_[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  s->remove_prefix(17);
  *out = mac;
  return true;
}

bool MacAddress::Parse(std::string_view s, MacAddress* out) {
  return Consume(&s, out) && s.empty();
}

bool MacAddress::IsZero() const {
  for (uint8_t b : bytes_)
    if (b != 0) return false;
  return true;
}

std::string_view MacAddress::Format(std::array<char, 17>* buf) const {
  static const char kHex[] = "0123456789abcdef";
  char* out = buf->data();
  for (int i = 0; i < 6; ++i) {
    out[i * 3] = kHex[bytes_[i] >> 4];
    out[i * 3 + 1] = kHex[bytes_[i] & 0xf];
    if (i < 5) out[i * 3 + 2] = ':';
  }
  return std::string_view(out, buf->size());
}

std::string MacAddress::ToString() const {
  std::array<char, 17> buf;
  return std::string(Format(&buf));
}

}  // namespace roamreplay
