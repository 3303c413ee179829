#pragma once

// Splits a raw log line into its prefixes (the input shape's outer prefix,
// see parse/input_shape.h; wpa_supplicant's "-t" timestamp; the "<ifname>: "
// of wpa_msg/wpa_dbg lines) and classifies the message.
//
//   "1317159147.145598: wlan0: RSN: ..."   timestamp + interface + message
//   "1317159147.145598: RSN: ..."          timestamp + message (wpa_printf)
//   "wlan0: State: ..." / "RSN: ..."       no -t
//   "     61 6c 69 63 65 ..."              hexdump_ascii continuation line

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parse/esp_idf.h"
#include "parse/event.h"
#include "parse/event_parser.h"
#include "parse/input_shape.h"
#include "parse/line_memo.h"

namespace roamreplay {

enum class LineKind : uint8_t {
  kEvent,      ///< A typed event the model uses.
  kKnown,      ///< A supplicant message in the dictionary that the model ignores.
  kUnknown,    ///< Looks like supplicant output but is not in the dictionary.
  kMalformed,  ///< An event's text whose arguments do not parse (reported).
  kOther,      ///< Blank lines, and lines without the shape's prefix in untagged shapes.
  kOtherSource,  ///< Another program's line in a mixed log (kernel, NetworkManager, ...).
};

struct ParsedLine {
  LineKind kind = LineKind::kOther;
  std::string_view time_text;  ///< "1317159147.145598", "Aug 27 14:48:56", or empty.
  int64_t time_us = 0;         ///< On the file's time axis (see TimeAxis).
  bool has_time = false;
  bool time_backwards = false;   ///< Earlier than the previous stamped line.
  bool clock_restarted = false;  ///< A monotonic clock fell back (reboot).
  bool hexdump = false;          ///< A wpa_hexdump line (header or continuation).
  /// NUL or other control bytes padded the line's end or the start of its
  /// text (after the prefix); they were skipped (some collectors write them).
  bool control_padding = false;
  std::string_view ifname;  ///< "wlan0", or empty.
  std::string_view body;    ///< Message text after the prefixes.
  std::string_view why;     ///< Reason when kind == kMalformed.
  uint8_t eras = 0;         ///< Catalogue era bits for kKnown lines.
  bool esp_wifi = false;    ///< An ESP-IDF Wi-Fi library line ("wifi:" tag).
  /// For kUnknown lines: HashBytes(MessageShape(body)), to count shapes
  /// without building them line after line.
  uint64_t shape_hash = 0;
  /// Valid when kind == kEvent. Last: the fields above are written for
  /// every line, this one for events only (fewer cache lines per line).
  Event event;
};

/// Parses "<sec>.<usec>: " at the start of `*s`, consuming it.
bool ConsumeDashTTimestamp(std::string_view* s, std::string_view* text, int64_t* time_us);

/// Parses "<ifname>: " at the start of `*s` if the token looks like a Linux
/// interface name (lowercase letters, digits, '-', '_', '.'; starts with a
/// letter; at least one digit; at most 15 characters) and is not a message tag such as "nl80211".
bool ConsumeInterfaceName(std::string_view* s, std::string_view* ifname);

/// The stateless half of a line's parse: what a message body is (event,
/// malformed, known, unknown), with a memo of the verdicts on bodies that
/// are not events (parse/line_memo.h). LineParser holds one; a second
/// thread that classifies bodies the parser left pending
/// (LineParser::ParseDeferred) holds its own.
class BodyClassifier {
 public:
  /// Sets kind, event, why, hexdump, eras and shape_hash of `*out` from
  /// out->body (those fields as Parse leaves them before the body). Sets
  /// `*opens_ascii` / `*opens_lines` for a hexdump title whose bytes follow
  /// on lines of their own; leaves them untouched otherwise.
  void Classify(ParsedLine* out, bool* opens_ascii, bool* opens_lines);
  /// The catalogue search for a non-event line (kKnown or kUnknown); `key`
  /// is the body, or a hexdump's title.
  void Catalog(std::string_view key, bool hexdump, ParsedLine* out);

  void set_memoize(bool on) { memoize_ = on; }
  uint64_t memo_hits() const { return memo_hits_; }

 private:
  LineMemo memo_;
  bool memoize_ = true;
  uint64_t memo_hits_ = 0;
  std::string shape_;  // scratch for unknown lines' shapes
};

/// Whether `body` could be a hexdump title whose bytes follow on lines of
/// their own ("... - hexdump(len=16):" with nothing after): the classifier
/// then decides the parse of the next lines, so it cannot be deferred.
bool MayOpenHexdumpLines(std::string_view body);

/// Stateful for multi-line hexdumps and the time axis. `format` is the
/// input shape (kDashT and kPlain behave alike: a "-t" stamp is optional);
/// `year` places year-less stamps (0 = unknown).
///
/// Timestamp rule: a "-t" stamp inside the message wins over the outer
/// prefix's stamp; time_text is then the inner stamp's text. In the tagged
/// shapes (syslog, journald, ...), a line without an inner stamp after one
/// with it (hexdump continuation lines, messages printed without -t) takes
/// that line's time instead of the outer stamp, which lies on another clock.
class LineParser {
 public:
  explicit LineParser(InputFormat format = InputFormat::kDashT, int year = 0)
      : format_(format), axis_(year) {}

  /// Views in `*out` point into `line` (or, for an inherited time_text,
  /// into the parser) and are valid while it is, until the next Parse.
  void Parse(std::string_view line, ParsedLine* out) { ParseImpl(line, out, false); }
  /// As Parse, but may stop before classifying the message body (the
  /// stateless, costlier half): returns true when it did, and then
  /// `BodyClassifier::Classify(out, ...)` on any thread, before the line is
  /// used, gives the ParsedLine that Parse would have. The parser's state
  /// after it is the same as after Parse, so the lines that follow parse
  /// alike (bodies that may open a multi-line hexdump are classified here).
  bool ParseDeferred(std::string_view line, ParsedLine* out) { return ParseImpl(line, out, true); }

  /// Remembers the verdicts on non-event bodies (parse/line_memo.h; on by
  /// default). Off, every line is searched: for tests and benchmarks.
  void set_memoize(bool on) { classifier_.set_memoize(on); }
  /// Lines whose body the memo knew.
  uint64_t memo_hits() const { return classifier_.memo_hits(); }

 private:
  bool ParseImpl(std::string_view line, ParsedLine* out, bool defer);
  /// Returns true when the time came from an inner "-t" stamp.
  bool PlaceTime(const OuterPrefix& outer, std::string_view* rest, ParsedLine* out);
  bool Continuation(std::string_view rest, ParsedLine* out);
  /// The body of an esp-idf line (parse/esp_idf.h): `wifi` for the Wi-Fi
  /// library's tag, else the wpa_supplicant port's.
  void ParseEsp(bool wifi, std::string_view rest, ParsedLine* out);

  InputFormat format_;
  TimeAxis axis_;
  bool in_hexdump_ascii_ = false;
  bool in_hexdump_lines_ = false;
  // The time of the last line with an inner "-t" stamp, for continuations.
  bool inner_header_ = false;
  std::string header_time_text_;
  int64_t header_time_us_ = 0;
  EspIdfParser esp_;
  BodyClassifier classifier_;
};

}  // namespace roamreplay

namespace roamreplay {

/// The evidence tier of a log, from what its lines show:
///   "INFO"    fewer than three debug-level lines (only CTRL-EVENT-*,
///             PMKSA-CACHE-*, Trying to associate ... and the odd MSG_INFO hexdump);
///   "-dd -K"  else a key hexdump with its bytes (PMK, ...);
///   "-dd"     else MSG_MSGDUMP hexdumps ("RX EAPOL - hexdump", "WPA: RX EAPOL-Key",
///             "nl80211: MLME event frame", ...; MSG_DEBUG hexdumps such as
///             "RSN: PMKID" already appear with -d);
///   "-d"      otherwise (pmksa_cache.c, State:, EAPOL ... lines).
class TierTracker {
 public:
  void Add(const ParsedLine& line);
  std::string_view Tier() const;
  /// The finding kinds the tier can support, and what it cannot show.
  static void Supports(std::string_view tier, std::vector<std::string>* kinds, std::string* note);

 private:
  static constexpr uint64_t kEnoughDebugLines = 3;  ///< Debug lines that make a log -d.
  uint64_t debug_lines_ = 0;
  bool hexdump_ = false;
  bool keys_ = false;
};

/// The shape of a message for coverage statistics: MAC addresses become
/// "<mac>", runs of digits (and 0x.. hex numbers) "N", quoted strings
/// '<str>', and a hexdump payload is dropped after "):". At most 160 bytes.
std::string MessageShape(std::string_view body);
/// The same into `*out` (cleared first; its capacity is reused, so counting
/// shapes line after line allocates nothing).
void MessageShapeInto(std::string_view body, std::string* out);

}  // namespace roamreplay
