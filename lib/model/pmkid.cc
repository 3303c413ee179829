#include "model/pmkid.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <vector>

namespace roamreplay {

PmkidHash PmkidHashForAkmp(int akmp) {
  constexpr int kIeee8021x = 0x1, kPsk = 0x2, kIeee8021xSha256 = 0x80, kPskSha256 = 0x100;
  switch (akmp) {
    case 0:
    case kIeee8021x:
    case kPsk:
      return PmkidHash::kSha1;
    case kIeee8021xSha256:
    case kPskSha256:
      return PmkidHash::kSha256;
    default:
      return PmkidHash::kUnsupported;
  }
}

bool ComputePmkid(const std::string& pmk_hex, const MacAddress& aa, const MacAddress& spa,
                  PmkidHash hash, Pmkid* out) {
  if (hash == PmkidHash::kUnsupported || pmk_hex.empty() || pmk_hex.size() % 2 != 0) return false;
  std::vector<uint8_t> pmk(pmk_hex.size() / 2);
  for (size_t i = 0; i < pmk.size(); ++i) {
    int hi = HexDigitValue(pmk_hex[2 * i]);
    int lo = HexDigitValue(pmk_hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    pmk[i] = static_cast<uint8_t>(hi << 4 | lo);
  }
  uint8_t data[8 + 6 + 6];
  std::copy_n(reinterpret_cast<const uint8_t*>("PMK Name"), 8, data);
  std::copy(aa.bytes().begin(), aa.bytes().end(), data + 8);
  std::copy(spa.bytes().begin(), spa.bytes().end(), data + 14);
  uint8_t mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  const EVP_MD* md = hash == PmkidHash::kSha1 ? EVP_sha1() : EVP_sha256();
  if (HMAC(md, pmk.data(), static_cast<int>(pmk.size()), data, sizeof(data), mac, &mac_len) ==
          nullptr ||
      mac_len < 16)
    return false;
  std::copy_n(mac, 16, out->bytes.begin());
  out->known = true;
  return true;
}

}  // namespace roamreplay
