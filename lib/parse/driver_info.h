#pragma once

// The Wi-Fi driver and firmware version, from the lines a driver prints when
// it loads its firmware (kernel lines in journald/syslog/dmesg captures, the
// ESP-IDF Wi-Fi library's banner). Used to group fleet statistics by
// firmware (`stats --group-by driver,firmware`).

#include <string>
#include <string_view>

namespace roamreplay {

/// Recognises a firmware-version line of a Wi-Fi driver and sets `*driver`
/// (the kernel module, e.g. "mt7921e", "iwlwifi", "brcmfmac"; "esp-wifi")
/// and `*firmware` (the version text, e.g. "____010000"). Lines of other
/// kernel drivers (audio, ...) are not Wi-Fi and return false. Forms:
///   "<module> <bus-id>: WM Firmware Version: <v>, Build Time: ..." (mt76)
///   "<module> <bus-id>: loaded firmware version <v> ..."           (iwlwifi)
///   "brcmfmac: brcmf_c_preinit_dcmds: Firmware: <chip> ... version <v> ..."
///   "<module> <bus-id>: fw_version 0x<v> ..."                      (ath1xk)
///   "wifi:wifi firmware version: <v>"                              (ESP-IDF)
bool ParseDriverInfo(std::string_view line, std::string* driver, std::string* firmware);

/// A quick test before ParseDriverInfo, for every line of a log: whether
/// `line` holds "irmware" or "fw_version" (one scan for their 'w').
bool MayHoldDriverInfo(std::string_view line);

}  // namespace roamreplay
