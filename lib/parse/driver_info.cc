#include "parse/driver_info.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace roamreplay {
namespace {

// Kernel modules of Wi-Fi drivers, by prefix.
constexpr std::string_view kWifiModules[] = {
    "iwlwifi", "iwlmvm", "mt76", "mt79", "brcmfmac", "ath9k", "ath10k", "ath11k", "ath12k",
    "rtw88",   "rtw89",  "rtl8", "rt2800", "b43",    "mwifiex", "wcn36xx", "qtnfmac", "wl12xx",
    "wl18xx",  "wilc",   "rsi_"};

bool IsWifiModule(std::string_view name) {
  return std::any_of(std::begin(kWifiModules), std::end(kWifiModules),
                     [&](std::string_view p) { return name.substr(0, p.size()) == p; });
}

size_t FindNoCase(std::string_view hay, std::string_view needle) {
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it == hay.end() ? std::string_view::npos : static_cast<size_t>(it - hay.begin());
}

// The token after `pos`: skips spaces, then up to a space or comma.
std::string TokenAt(std::string_view s, size_t pos) {
  while (pos < s.size() && s[pos] == ' ') ++pos;
  size_t end = pos;
  while (end < s.size() && s[end] != ' ' && s[end] != ',' && s[end] != '\r') ++end;
  return std::string(s.substr(pos, end - pos));
}

// The kernel module naming the line: the word before "<bus-id>: " or before
// ": " right after "kernel: " (or the start of a dmesg line, after "] ").
std::string ModuleOf(std::string_view line, size_t before) {
  std::string_view head = line.substr(0, before);
  size_t start = head.rfind("kernel: ");
  if (start != std::string_view::npos) {
    start += 8;
  } else if ((start = head.rfind("] ")) != std::string_view::npos) {
    start += 2;
  } else {
    start = 0;
  }
  size_t end = start;
  while (end < head.size() && head[end] != ' ' && head[end] != ':') ++end;
  return std::string(head.substr(start, end - start));
}

}  // namespace

bool MayHoldDriverInfo(std::string_view line) {
  constexpr std::string_view kFirmware = "irmware", kFwVersion = "fw_version";
  const char* begin = line.data();
  const char* end = begin + line.size();
  for (const char* w = begin; w < end;) {
    w = static_cast<const char*>(std::memchr(w, 'w', static_cast<size_t>(end - w)));
    if (w == nullptr) return false;
    size_t at = static_cast<size_t>(w - begin);
    if (at >= 3 && line.substr(at - 3, kFirmware.size()) == kFirmware) return true;
    if (at >= 1 && line.substr(at - 1, kFwVersion.size()) == kFwVersion) return true;
    ++w;
  }
  return false;
}

bool ParseDriverInfo(std::string_view line, std::string* driver, std::string* firmware) {
  constexpr std::string_view kEsp = "wifi:wifi firmware version: ";
  if (size_t pos = line.find(kEsp); pos != std::string_view::npos) {
    *driver = "esp-wifi";
    *firmware = TokenAt(line, pos + kEsp.size());
    return !firmware->empty();
  }
  struct Form {
    std::string_view marker;  // case-insensitive
    std::string_view version_after;  // "" = right after the marker
  };
  constexpr Form kForms[] = {
      {"firmware version: ", ""},
      {"loaded firmware version ", ""},
      {"fw_version ", ""},
      {"firmware: ", " version "},
  };
  for (const Form& form : kForms) {
    size_t pos = FindNoCase(line, form.marker);
    if (pos == std::string_view::npos) continue;
    std::string module = ModuleOf(line, pos);
    if (!IsWifiModule(module)) return false;
    size_t at = pos + form.marker.size();
    if (!form.version_after.empty()) {
      size_t v = line.find(form.version_after, at);
      if (v == std::string_view::npos) continue;
      at = v + form.version_after.size();
    }
    std::string version = TokenAt(line, at);
    if (version.empty()) continue;
    *driver = module;
    *firmware = version;
    return true;
  }
  return false;
}

}  // namespace roamreplay
