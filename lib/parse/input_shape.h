#pragma once

// Input shapes: the prefix that whatever wrote a log put in front of each
// wpa_supplicant message, how to split it off, which lines belong to the
// supplicant, and how its timestamps map onto one time axis per file.
//
//   dash-t             "1317159147.145598: wlan0: ..."            (wpa_supplicant -t)
//   plain              "wlan0: ..."                               (-d to stdout)
//   syslog             "Aug 27 14:48:56 host wpa_supplicant[5906]: ..."
//   syslog-dash-t      the same with "<sec>.<usec>: " inside (the inner stamp wins)
//   short-precise      "Aug 27 14:48:56.123456 host wpa_supplicant[5906]: ..."
//   short-iso          "2024-08-27T14:48:56+0200 host wpa_supplicant[5906]: ..."
//   short-monotonic    "[73862.470842] [host ]wpa_supplicant[595]: ..."
//   logcat-brief       "D/wpa_supplicant( 1163): ..."
//   logcat-threadtime  "01-03 21:24:02.352  1154  1154 D wpa_supplicant: ..."
//   esp-idf            "D (3788) wpa: ...", "I (1788) wifi:..."    (ms since boot)
//   harness            "[20:13:52.386] ..."                       (test-harness stamp)
//
// Month names of syslog shapes may be localised ("mai", "Okt", "déc."); an
// unrecognised name keeps the previous month. Nothing here allocates per line.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parse/time_axis.h"

namespace roamreplay {

enum class InputFormat : uint8_t {
  kAuto,  ///< Detect from the first lines (only as an option value).
  kDashT,
  kPlain,
  kSyslog,
  kSyslogDashT,
  kShortPrecise,
  kShortIso,
  kShortMonotonic,
  kLogcatBrief,
  kLogcatThreadtime,
  kEspIdf,
  kHarness,
};

/// A time as a user types it, in the forms logs print, on the replay's time
/// axis (time_axis.h): seconds "1317159147.145598" (epoch or since boot, as
/// the log's -t or monotonic stamps); ISO 8601 "2024-08-28T12:04:00.137"
/// (a 'T' or ' ', optional "Z" or "+0200"); syslog "Jul 15 22:47:44[.123]"
/// and logcat "07-15 22:47:44.352" (the year is `year`, 1970 when 0);
/// harness "[20:13:52.386]" or "20:13:52" (time of day, first day). False
/// when `text` is none of these.
bool ParseTimeText(std::string_view text, int year, int64_t* time_us);

/// "dash-t", "syslog", ... ("auto" for kAuto).
std::string_view InputFormatName(InputFormat format);
/// Inverse of InputFormatName; false for an unknown name.
bool ParseInputFormat(std::string_view name, InputFormat* format);
/// All names, comma-separated, for help texts.
std::string InputFormatNames();

/// Whose line it is, by the shape's tag.
enum class LineSource : uint8_t {
  kSupplicant,   ///< Tagged wpa_supplicant (esp-idf: "wpa" and "wifi"), or a shape without tags.
  kOtherSource,  ///< Another program's line (kernel, NetworkManager, ...).
  kNoPrefix,     ///< The line does not start with the shape's prefix.
};

struct OuterPrefix {
  LineSource source = LineSource::kNoPrefix;
  std::string_view time_text;  ///< The prefix's own timestamp text; may be empty.
  OuterStamp stamp;
  std::string_view tag;   ///< "wpa_supplicant", "kernel", ... (empty when none).
  std::string_view rest;  ///< The message after the prefix (whole line for kNoPrefix).
};

/// Splits the prefix of `format` off `line`. dash-t and plain have no outer
/// prefix: every line is kSupplicant with `rest` = the line. Leading ANSI
/// colour escapes are skipped for esp-idf and harness lines.
void SplitOuterPrefix(InputFormat format, std::string_view line, OuterPrefix* out);

/// Whether `line` starts with the prefix of `format` (dash-t: a "-t" stamp;
/// plain: never).
bool HasOuterPrefix(InputFormat format, std::string_view line);

/// The shape whose prefix most of the sample's non-blank lines carry;
/// kPlain when none is common enough.
InputFormat DetectInputFormat(const std::vector<std::string>& sample);

/// A short name for the time axis of `format` ("epoch", "year-less wall
/// clock", ...), for reports.
std::string TimeAxisDescription(InputFormat format, int year);

}  // namespace roamreplay
