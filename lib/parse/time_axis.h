#pragma once

// One monotonic time axis per file for the stamps of an input shape
// (parse/input_shape.h): year-less wall clocks, times of day, clocks since
// boot and epoch stamps.

#include <climits>
#include <cstdint>

namespace roamreplay {

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

}  // namespace roamreplay
