#include "parse/time_axis.h"

namespace roamreplay {
namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kDay = 86'400 * kSecond;

}  // namespace

int64_t DaysFromCivil(int64_t y, int m, int d) {
  // Howard Hinnant's days_from_civil.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

int64_t TimeAxis::Check(int64_t value, bool* backwards) {
  *backwards = last_placed_ != INT64_MIN && value < last_placed_;
  last_placed_ = value;
  return value;
}

int64_t TimeAxis::PlaceEpoch(int64_t value_us, bool* backwards) { return Check(value_us, backwards); }

bool TimeAxis::Place(const OuterStamp& stamp, int64_t* time_us, bool* backwards, bool* restarted) {
  *backwards = false;
  *restarted = false;
  switch (stamp.kind) {
    case OuterStamp::Kind::kNone:
      return false;
    case OuterStamp::Kind::kEpoch:
      *time_us = Check(stamp.value_us, backwards);
      return true;
    case OuterStamp::Kind::kYearless: {
      int month = stamp.month != 0 ? stamp.month : last_month_;
      auto at = [&] { return DaysFromCivil(year_, month, stamp.day) * kDay + stamp.value_us; };
      int64_t v = at();
      if (last_yearless_ != INT64_MIN && v < last_yearless_ - 180 * kDay && year_ < 9999) {
        ++year_;
        v = at();
      }
      last_month_ = month;
      last_yearless_ = v;
      *time_us = Check(v, backwards);
      return true;
    }
    case OuterStamp::Kind::kTimeOfDay:
      if (last_tod_ != INT64_MIN && stamp.value_us < last_tod_ - kDay / 2 &&
          day_offset_us_ < (int64_t{1} << 60))
        day_offset_us_ += kDay;
      last_tod_ = stamp.value_us;
      *time_us = Check(day_offset_us_ + stamp.value_us, backwards);
      return true;
    case OuterStamp::Kind::kMonotonic: {
      int64_t v = stamp.value_us + mono_offset_us_;
      if (last_mono_ != INT64_MIN && v < last_mono_ - kSecond &&
          last_mono_ < (int64_t{1} << 61)) {
        mono_offset_us_ = last_mono_ - stamp.value_us;
        v = last_mono_;
        *restarted = true;
      }
      last_mono_ = v;
      *time_us = Check(v, backwards);
      if (*restarted) *backwards = false;
      return true;
    }
  }
  return false;
}

}  // namespace roamreplay
