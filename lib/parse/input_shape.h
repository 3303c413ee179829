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
//   esp-idf            "D (3788) wpa: ..."                        (ms since boot)
//   harness            "[20:13:52.386] ..."                       (test-harness stamp)
//
// Month names of syslog shapes may be localised ("mai", "Okt", "déc."); an
// unrecognised name keeps the previous month. Nothing here allocates per line.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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

/// "dash-t", "syslog", ... ("auto" for kAuto).
std::string_view InputFormatName(InputFormat format);
/// Inverse of InputFormatName; false for an unknown name.
bool ParseInputFormat(std::string_view name, InputFormat* format);
/// All names, comma-separated, for help texts.
std::string InputFormatNames();

/// Whose line it is, by the shape's tag.
enum class LineSource : uint8_t {
  kSupplicant,   ///< Tagged wpa_supplicant (esp-idf: "wpa"), or a shape without tags.
  kOtherSource,  ///< Another program's line (kernel, NetworkManager, ...).
  kNoPrefix,     ///< The line does not start with the shape's prefix.
};

/// A timestamp as the outer prefix gives it, before it is placed on the axis.
struct OuterStamp {
  enum class Kind : uint8_t {
    kNone,
    kEpoch,      ///< value_us = microseconds since 1970 (short-iso).
    kYearless,   ///< month (0 = unrecognised name), day, value_us = time of day.
    kTimeOfDay,  ///< value_us = time of day (harness).
    kMonotonic,  ///< value_us since boot (short-monotonic, esp-idf).
  };
  Kind kind = Kind::kNone;
  int month = 0;
  int day = 0;
  int64_t value_us = 0;
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

/// "1970-01-01 + days" for a civil date (proleptic Gregorian).
int64_t DaysFromCivil(int64_t year, int month, int day);

/// Places stamps on one monotonic axis per file.
///   epoch: as is.  yearless: `year` (1970 when 0), +1 year when the date
///   falls more than 180 days before the previous one (new year).
///   time of day: +1 day when the time falls more than 12 h back (midnight).
///   monotonic: a fall of more than 1 s is a restart (reboot); the axis
///   then continues from the previous value.
/// Other falls are kept as they are and reported through `*backwards`.
class TimeAxis {
 public:
  explicit TimeAxis(int year = 0) : year_(year == 0 ? 1970 : year) {}

  /// False for a stamp of kind kNone.
  bool Place(const OuterStamp& stamp, int64_t* time_us, bool* backwards, bool* restarted);
  /// Same rules for a "-t" epoch value.
  int64_t PlaceEpoch(int64_t value_us, bool* backwards);

 private:
  int64_t Check(int64_t value, bool* backwards);

  int year_;
  int last_month_ = 1;
  int64_t last_yearless_ = INT64_MIN;
  int64_t day_offset_us_ = 0;
  int64_t last_tod_ = INT64_MIN;
  int64_t mono_offset_us_ = 0;
  int64_t last_mono_ = INT64_MIN;
  int64_t last_placed_ = INT64_MIN;
};

/// A short name for the time axis of `format` ("epoch", "year-less wall
/// clock", ...), for reports.
std::string TimeAxisDescription(InputFormat format, int year);

}  // namespace roamreplay
