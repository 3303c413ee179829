#include "parse/driver_info.h"

#include <gtest/gtest.h>

namespace roamreplay {
namespace {

struct Case {
  const char* line;
  const char* driver;    // nullptr: not a Wi-Fi firmware line
  const char* firmware;
};

TEST(DriverInfoTest, FirmwareLinesOfWifiDrivers) {
  const Case cases[] = {
      // Corpus 09 (journald, mt7921e).
      {"Apr 09 09:26:52 intel-3c9a49 kernel: mt7921e 0000:02:00.0: WM Firmware Version: "
       "____010000, Build Time: 20250625153703",
       "mt7921e", "____010000"},
      // Corpus 05 (ESP-IDF).
      {"I (1248) wifi:wifi firmware version: 91b9630", "esp-wifi", "91b9630"},
      {"[    5.123456] iwlwifi 0000:00:14.3: loaded firmware version 77.2df8986f.0 "
       "so-a0-gf-a0-77.ucode op_mode iwlmvm",
       "iwlwifi", "77.2df8986f.0"},
      {"Mar  1 10:00:00 pi kernel: brcmfmac: brcmf_c_preinit_dcmds: Firmware: BCM4345/6 wl0: "
       "Feb 27 2018 03:15:34 version 7.45.154 (r684107 CY) FWID 01-4fbe0b04",
       "brcmfmac", "7.45.154"},
      {"kernel: ath11k_pci 0000:03:00.0: fw_version 0x110b196e fw_build_timestamp 2022-12-22",
       "ath11k_pci", "0x110b196e"},
      // Not Wi-Fi: audio firmware in the same capture.
      {"Apr 09 09:26:52 intel-3c9a49 kernel: sof-audio-pci-intel-tgl 0000:00:1f.3: Firmware "
       "info: version 2:2:0-57864",
       nullptr, nullptr},
      {"Apr 09 09:26:52 h kernel: sof-audio-pci-intel-tgl 0000:00:1f.3: Firmware: ABI 3:22:1",
       nullptr, nullptr},
      {"wlan0: CTRL-EVENT-CONNECTED - Connection to 00:11:22:33:44:55 completed", nullptr,
       nullptr},
  };
  for (const Case& c : cases) {
    std::string driver, firmware;
    bool ok = ParseDriverInfo(c.line, &driver, &firmware);
    EXPECT_EQ(ok, c.driver != nullptr) << c.line;
    if (!ok || !c.driver) continue;
    EXPECT_EQ(driver, c.driver) << c.line;
    EXPECT_EQ(firmware, c.firmware) << c.line;
  }
}

// The prefilter answers as the two searches it replaced did, at the edges
// of the line and with 'w's that do not complete a marker.
TEST(DriverInfoTest, PrefilterFindsBothMarkersAnywhere) {
  const char* cases[] = {"irmware", "Firmware version", "fw_version", "fw_version 0x1",
                         "x fw_versio", "rmware fw_ve", "w", "ww", "", "wwirmwar",
                         "firmwar", "loaded firmware", "a w_version", "wfw_version",
                         "wlan0: WPA: wpa_sm_step() w/o firmware"};
  for (const char* c : cases) {
    std::string_view line = c;
    bool expect = line.find("irmware") != std::string_view::npos ||
                  line.find("fw_version") != std::string_view::npos;
    EXPECT_EQ(MayHoldDriverInfo(line), expect) << c;
  }
  // No read past a view's end: "irmware" only in the bytes after it.
  std::string_view cut = std::string_view("xfirmware").substr(0, 5);
  EXPECT_FALSE(MayHoldDriverInfo(cut));
}

}  // namespace
}  // namespace roamreplay
