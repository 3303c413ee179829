#pragma once

// The versioned message dictionary: every debug format string that hostap's
// supplicant sources print, per era, as data (generated from the reference
// catalogues by catalog/gen_catalog.py). Used to tell a *known* line that
// carries nothing for the model from an *unknown* one, and to say which
// eras a line's spelling belongs to.

#include <cstdint>
#include <string_view>

namespace roamreplay {

/// Era bits of a catalogue entry.
enum EraBits : uint8_t {
  kEra073 = 1,      ///< wpa_supplicant 0.7.3 (2010)
  kEra2011 = 2,     ///< 0.8.x as of 2011-10 (before/after c3fea272)
  kEraCurrent = 4,  ///< 2.x (current upstream)
};

class MessageCatalog {
 public:
  /// The built-in dictionary (all eras).
  static const MessageCatalog& Default();

  /// hostapd's dictionary (catalog/hostapd_catalog.inc: src/ap/ of 2011 and
  /// current, era bits kEra2011/kEraCurrent); logger lines are matched on
  /// their text after "<ifname>: STA <mac> <MODULE>: ".
  static const MessageCatalog& Hostapd();

  /// Era bits of the first entry matching the message `body`, or 0 when no
  /// entry matches. Hexdump lines are matched on their title.
  uint8_t Match(std::string_view body) const;

  /// The same when the caller has already split the line with SplitHexdump:
  /// `key_text` is the hexdump title when `is_hexdump`, else the body.
  /// Thread-safe; each thread keeps a small memo of recent texts.
  uint8_t MatchKey(std::string_view key_text, bool is_hexdump) const;

  size_t size() const;

 private:
  explicit MessageCatalog(bool hostapd);
  struct Impl;
  const Impl* impl_;
  bool hostapd_;
};

}  // namespace roamreplay
