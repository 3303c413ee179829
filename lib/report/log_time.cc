// IsoTime and LogTimeText (report/report.h): times on the replay's axis
// written as dates, or the way the log writes its own stamps.

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "report/report.h"

namespace roamreplay {
namespace {

constexpr int64_t kDayUs = int64_t{86400} * 1'000'000;

struct Civil {
  int64_t year;
  int month, day;
  int64_t tod_us;  // microseconds into the day
};

// Howard Hinnant's civil_from_days, for the axis value `us`.
Civil CivilFromUs(int64_t us) {
  int64_t days = us >= 0 ? us / kDayUs : -((-us + kDayUs - 1) / kDayUs);
  int64_t tod = us - days * kDayUs;
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Civil{yoe + era * 400 + (m <= 2), m, d, tod};
}

std::string Clock(int64_t tod_us, int fraction_digits) {
  int64_t s = tod_us / 1'000'000;
  std::string out = fmt::format("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
  if (fraction_digits == 6) out += fmt::format(".{:06}", tod_us % 1'000'000);
  if (fraction_digits == 3) out += fmt::format(".{:03}", (tod_us % 1'000'000) / 1000);
  return out;
}

// Writes `v` (>= 0) as exactly `width` digits, zero-padded, at `p`.
char* Digits(char* p, int64_t v, int width) {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return p + width;
}

}  // namespace

std::string_view FormatIsoTime(const Report& report, int64_t time_us, IsoBuffer* out) {
  if (report.clock != "utc" && report.clock != "local") return {};
  Civil c = CivilFromUs(time_us);
  char* buf = out->data();
  if (c.year < 0 || c.year > 9999) {  // no real log; the formatting library
    std::string text = fmt::format("{:04}-{:02}-{:02}T{}{}", c.year, c.month, c.day,
                                   Clock(c.tod_us, report.whole_second_clock ? 0 : 6),
                                   report.clock == "utc" ? "Z" : "");
    size_t n = std::min(text.size(), out->size());
    std::memcpy(buf, text.data(), n);
    return std::string_view(buf, n);
  }
  char* p = Digits(buf, c.year, 4);  // every real log: no formatting library per call
  *p++ = '-';
  p = Digits(p, c.month, 2);
  *p++ = '-';
  p = Digits(p, c.day, 2);
  *p++ = 'T';
  int64_t sec = c.tod_us / 1'000'000;
  p = Digits(p, sec / 3600, 2);
  *p++ = ':';
  p = Digits(p, (sec / 60) % 60, 2);
  *p++ = ':';
  p = Digits(p, sec % 60, 2);
  if (!report.whole_second_clock) {
    *p++ = '.';
    p = Digits(p, c.tod_us % 1'000'000, 6);
  }
  if (report.clock == "utc") *p++ = 'Z';
  return std::string_view(buf, static_cast<size_t>(p - buf));
}

std::string IsoTime(const Report& report, int64_t time_us) {
  IsoBuffer buf;
  return std::string(FormatIsoTime(report, time_us, &buf));
}

std::string LogTimeText(const Report& report, int64_t time_us) {
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::string& f = report.input_format;
  Civil c = CivilFromUs(time_us);
  if (f == "syslog" || f == "short-precise")
    return fmt::format("{} {:2} {}", kMonths[c.month - 1], c.day,
                       Clock(c.tod_us, f == "syslog" ? 0 : 6));
  if (f == "logcat-threadtime")
    return fmt::format("{:02}-{:02} {}", c.month, c.day, Clock(c.tod_us, 3));
  if (f == "harness") return Clock(c.tod_us, 3);
  if (f == "short-iso") return IsoTime(report, time_us);
  if (time_us < 0) return fmt::format("-{}.{:06}", -time_us / 1'000'000, -time_us % 1'000'000);
  return fmt::format("{}.{:06}", time_us / 1'000'000, time_us % 1'000'000);
}

}  // namespace roamreplay
