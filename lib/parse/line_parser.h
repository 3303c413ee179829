#pragma once

// Splits a raw log line into its prefixes (wpa_supplicant's "-t" timestamp,
// the "<ifname>: " of wpa_msg/wpa_dbg lines) and classifies the message.
//
//   "1317159147.145598: wlan0: RSN: ..."   timestamp + interface + message
//   "1317159147.145598: RSN: ..."          timestamp + message (wpa_printf)
//   "wlan0: State: ..." / "RSN: ..."       no -t
//   "     61 6c 69 63 65 ..."              hexdump_ascii continuation line

#include <cstdint>
#include <string>
#include <string_view>

#include "parse/event.h"
#include "parse/event_parser.h"

namespace roamreplay {

enum class LineKind : uint8_t {
  kEvent,      ///< A typed event the model uses.
  kKnown,      ///< A supplicant message in the dictionary that the model ignores.
  kUnknown,    ///< Looks like supplicant output but is not in the dictionary.
  kMalformed,  ///< An event's text whose arguments do not parse (reported).
  kOther,      ///< Not supplicant output (blank lines; other programs in issue 3).
};

struct ParsedLine {
  LineKind kind = LineKind::kOther;
  std::string_view time_text;  ///< "1317159147.145598", or empty.
  int64_t time_us = 0;
  bool has_time = false;
  std::string_view ifname;  ///< "wlan0", or empty.
  std::string_view body;    ///< Message text after the prefixes.
  Event event;              ///< Valid when kind == kEvent.
  std::string_view why;     ///< Reason when kind == kMalformed.
  uint8_t eras = 0;         ///< Catalogue era bits for kKnown lines.
};

/// Parses "<sec>.<usec>: " at the start of `*s`, consuming it.
bool ConsumeDashTTimestamp(std::string_view* s, std::string_view* text, int64_t* time_us);

/// Parses "<ifname>: " at the start of `*s` if the token looks like a Linux
/// interface name (lowercase letters, digits, '-', '_', '.'; at least one
/// digit; at most 15 characters) and is not a message tag such as "nl80211".
bool ConsumeInterfaceName(std::string_view* s, std::string_view* ifname);

/// Stateful only for multi-line hexdump_ascii output.
class LineParser {
 public:
  /// Views in `*out` point into `line` and are valid while it is.
  void Parse(std::string_view line, ParsedLine* out);

 private:
  bool in_hexdump_ascii_ = false;
};

}  // namespace roamreplay

namespace roamreplay {

/// The shape of a message for coverage statistics: MAC addresses become
/// "<mac>", runs of digits (and 0x.. hex numbers) "N", quoted strings
/// '<str>', and a hexdump payload is dropped after "):". At most 160 bytes.
std::string MessageShape(std::string_view body);

}  // namespace roamreplay
