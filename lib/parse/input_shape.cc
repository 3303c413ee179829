#include "parse/input_shape.h"

#include <cctype>

#include <algorithm>
#include <array>

#include "base/string_util.h"
#include "parse/line_parser.h"

namespace roamreplay {
namespace {

constexpr int64_t kSecond = 1'000'000;
constexpr int64_t kDay = 86'400 * kSecond;

struct FormatName {
  InputFormat format;
  std::string_view name;
};
constexpr FormatName kNames[] = {
    {InputFormat::kAuto, "auto"},
    {InputFormat::kDashT, "dash-t"},
    {InputFormat::kPlain, "plain"},
    {InputFormat::kSyslog, "syslog"},
    {InputFormat::kSyslogDashT, "syslog-dash-t"},
    {InputFormat::kShortPrecise, "short-precise"},
    {InputFormat::kShortIso, "short-iso"},
    {InputFormat::kShortMonotonic, "short-monotonic"},
    {InputFormat::kLogcatBrief, "logcat-brief"},
    {InputFormat::kLogcatThreadtime, "logcat-threadtime"},
    {InputFormat::kEspIdf, "esp-idf"},
    {InputFormat::kHarness, "harness"},
};

// Skips ANSI colour escapes ("\033[0;32m") at the start of `*s`.
void SkipAnsi(std::string_view* s) {
  while (StartsWith(*s, "\033[")) {
    size_t i = 2;
    while (i < s->size() && (IsDigit((*s)[i]) || (*s)[i] == ';')) ++i;
    if (i >= s->size()) return;
    s->remove_prefix(i + 1);
  }
}

// Exactly `n` digits.
bool ConsumeFixed(std::string_view* s, size_t n, int64_t* value) {
  if (s->size() < n) return false;
  int64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!IsDigit((*s)[i])) return false;
    v = v * 10 + ((*s)[i] - '0');
  }
  s->remove_prefix(n);
  *value = v;
  return true;
}

// 1..`max_digits` digits.
bool ConsumeBounded(std::string_view* s, size_t max_digits, int64_t* value) {
  size_t n = 0;
  while (n < s->size() && n <= max_digits && IsDigit((*s)[n])) ++n;
  if (n == 0 || n > max_digits) return false;
  return ConsumeFixed(s, n, value);
}

// ".ddd" or ".dddddd" (1..9 digits) as microseconds; absent = 0.
void ConsumeFraction(std::string_view* s, int64_t* us, bool* present) {
  *us = 0;
  *present = false;
  if (s->size() < 2 || (*s)[0] != '.' || !IsDigit((*s)[1])) return;
  s->remove_prefix(1);
  int64_t scale = 100'000;
  while (!s->empty() && IsDigit(s->front())) {
    *us += (s->front() - '0') * scale;
    scale /= 10;
    s->remove_prefix(1);
  }
  *present = true;
}

// "HH:MM:SS" as microseconds of the day.
bool ConsumeClock(std::string_view* s, int64_t* tod_us) {
  int64_t h, m, sec;
  if (!ConsumeFixed(s, 2, &h) || !ConsumePrefix(s, ":") || !ConsumeFixed(s, 2, &m) ||
      !ConsumePrefix(s, ":") || !ConsumeFixed(s, 2, &sec))
    return false;
  if (h > 23 || m > 59 || sec > 60) return false;
  *tod_us = ((h * 60 + m) * 60 + sec) * kSecond;
  return true;
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Month abbreviations: English, German, French, Spanish, Italian,
// Portuguese, Dutch, Swedish, Polish (ASCII-folded, without the final '.').
int MonthNumber(std::string_view token) {
  struct Name {
    const char* name;
    int month;
  };
  static constexpr Name kMonths[] = {
      {"jan", 1},  {"janv", 1}, {"ene", 1},   {"gen", 1},   {"sty", 1},  {"feb", 2},
      {"fev", 2},  {"lut", 2},  {"mar", 3},   {"mrz", 3},   {"mrt", 3},  {"apr", 4},
      {"avr", 4},  {"abr", 4},  {"kwi", 4},   {"may", 5},   {"mai", 5},  {"mag", 5},
      {"mei", 5},  {"maj", 5},  {"jun", 6},   {"juin", 6},  {"giu", 6},  {"cze", 6},
      {"jul", 7},  {"juil", 7}, {"lug", 7},   {"lip", 7},   {"aug", 8},  {"ago", 8},
      {"sie", 8},  {"sep", 9},  {"sept", 9},  {"set", 9},   {"wrz", 9},  {"oct", 10},
      {"okt", 10}, {"ott", 10}, {"out", 10},  {"paz", 10},  {"nov", 11}, {"lis", 11},
      {"dec", 12}, {"dez", 12}, {"dic", 12},  {"gru", 12},
  };
  std::array<char, 8> buf{};
  size_t n = 0;
  for (char c : token) {
    if (c == '.') break;
    if (static_cast<unsigned char>(c) >= 0x80) continue;  // "févr." -> "fvr": no match
    if (n == buf.size()) return 0;
    buf[n++] = Lower(c);
  }
  std::string_view folded(buf.data(), n);
  for (const Name& m : kMonths)
    if (folded == m.name) return m.month;
  if (StartsWith(token, "f\xc3\xa9v")) return 2;   // févr.
  if (StartsWith(token, "ao\xc3\xbb")) return 8;   // août
  if (StartsWith(token, "d\xc3\xa9" "c")) return 12;  // déc.
  if (StartsWith(token, "M\xc3\xa4r")) return 3;   // Mär
  if (StartsWith(token, "pa\xc5\xba")) return 10;  // paź
  return 0;
}

// A month token: 2..8 bytes of letters, UTF-8 or '.', then spaces.
bool ConsumeMonth(std::string_view* s, int* month) {
  size_t n = 0;
  while (n < s->size() && n < 9) {
    unsigned char c = static_cast<unsigned char>((*s)[n]);
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80 || c == '.')) break;
    ++n;
  }
  if (n < 2 || n > 8 || n >= s->size() || (*s)[n] != ' ') return false;
  *month = MonthNumber(s->substr(0, n));
  s->remove_prefix(n);
  while (ConsumePrefix(s, " ")) {
  }
  return true;
}

// "tag[pid]: " or "tag: " (no spaces in the tag). `*tag` loses the "[pid]".
bool ConsumeTag(std::string_view* s, std::string_view* tag) {
  size_t colon = s->find(':');
  size_t space = s->find(' ');
  if (colon == 0 || colon == std::string_view::npos || space < colon) return false;
  if (colon + 1 < s->size() && (*s)[colon + 1] != ' ') return false;
  std::string_view t = s->substr(0, colon);
  size_t bracket = t.find('[');
  *tag = bracket == std::string_view::npos ? t : t.substr(0, bracket);
  s->remove_prefix(std::min(colon + 2, s->size()));
  return true;
}

bool ConsumeToken(std::string_view* s) {
  size_t space = s->find(' ');
  if (space == 0 || space == std::string_view::npos) return false;
  s->remove_prefix(space + 1);
  return true;
}

// "Mon DD HH:MM:SS[.ffffff] host tag[pid]: ". `*fraction` tells short-precise.
bool SplitSyslog(std::string_view line, OuterPrefix* out, bool* fraction) {
  std::string_view s = line;
  int month = 0;
  int64_t day = 0, tod = 0, frac = 0;
  if (!ConsumeMonth(&s, &month) || !ConsumeBounded(&s, 2, &day) || day < 1 || day > 31 ||
      !ConsumePrefix(&s, " ") || !ConsumeClock(&s, &tod))
    return false;
  ConsumeFraction(&s, &frac, fraction);
  out->time_text = line.substr(0, static_cast<size_t>(s.data() - line.data()));
  if (!ConsumePrefix(&s, " ") || !ConsumeToken(&s)) return false;
  out->stamp = {OuterStamp::Kind::kYearless, month, static_cast<int>(day), tod + frac};
  if (!ConsumeTag(&s, &out->tag)) out->tag = {};
  out->rest = s;
  return true;
}

// "YYYY-MM-DDTHH:MM:SS[.f](Z|+HH:MM|+HHMM|+HH) host tag[pid]: ".
bool SplitIso(std::string_view line, OuterPrefix* out) {
  std::string_view s = line;
  int64_t y, mo, d, tod, frac, oh = 0, om = 0;
  bool has_frac = false;
  if (!ConsumeFixed(&s, 4, &y) || !ConsumePrefix(&s, "-") || !ConsumeFixed(&s, 2, &mo) ||
      !ConsumePrefix(&s, "-") || !ConsumeFixed(&s, 2, &d) || !ConsumePrefix(&s, "T") ||
      !ConsumeClock(&s, &tod) || mo < 1 || mo > 12 || d < 1 || d > 31)
    return false;
  ConsumeFraction(&s, &frac, &has_frac);
  int sign = 0;
  if (ConsumePrefix(&s, "Z")) {
  } else if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '+' ? 1 : -1;
    s.remove_prefix(1);
    if (!ConsumeFixed(&s, 2, &oh)) return false;
    ConsumePrefix(&s, ":");
    ConsumeFixed(&s, 2, &om);
  }
  out->time_text = line.substr(0, static_cast<size_t>(s.data() - line.data()));
  if (!ConsumePrefix(&s, " ") || !ConsumeToken(&s)) return false;
  int64_t epoch = DaysFromCivil(y, static_cast<int>(mo), static_cast<int>(d)) * kDay + tod + frac -
                  sign * (oh * 3600 + om * 60) * kSecond;
  out->stamp = {OuterStamp::Kind::kEpoch, 0, 0, epoch};
  if (!ConsumeTag(&s, &out->tag)) out->tag = {};
  out->rest = s;
  return true;
}

// "[73862.470842] [host ]tag[pid]: ".
bool SplitMonotonic(std::string_view line, OuterPrefix* out) {
  std::string_view s = line;
  int64_t sec, frac;
  bool has_frac = false;
  if (!ConsumePrefix(&s, "[")) return false;
  while (ConsumePrefix(&s, " ")) {
  }
  std::string_view start = s;
  if (!ConsumeBounded(&s, 10, &sec)) return false;
  ConsumeFraction(&s, &frac, &has_frac);
  if (!has_frac) return false;
  out->time_text = start.substr(0, static_cast<size_t>(s.data() - start.data()));
  if (!ConsumePrefix(&s, "] ")) return false;
  out->stamp = {OuterStamp::Kind::kMonotonic, 0, 0, sec * kSecond + frac};
  std::string_view probe = s;
  if (!ConsumeTag(&probe, &out->tag)) {
    if (!ConsumeToken(&s) || !ConsumeTag(&s, &out->tag)) out->tag = {};
  } else {
    s = probe;
  }
  out->rest = s;
  return true;
}

bool IsLogLevel(char c) { return c == 'V' || c == 'D' || c == 'I' || c == 'W' || c == 'E' || c == 'F'; }

// "D/tag( 1163): ".
bool SplitLogcatBrief(std::string_view line, OuterPrefix* out) {
  if (line.size() < 3 || !IsLogLevel(line[0]) || line[1] != '/') return false;
  size_t open = line.find('(');
  size_t close = line.find("): ");
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return false;
  for (size_t i = open + 1; i < close; ++i)
    if (!IsDigit(line[i]) && line[i] != ' ') return false;
  out->tag = TrimRight(line.substr(2, open - 2));
  out->rest = line.substr(close + 3);
  return true;
}

// "01-03 21:24:02.352  1154  1154 D tag: ".
bool SplitThreadtime(std::string_view line, OuterPrefix* out) {
  std::string_view s = line;
  int64_t mo, d, tod, frac, pid;
  bool has_frac = false;
  if (!ConsumeFixed(&s, 2, &mo) || !ConsumePrefix(&s, "-") || !ConsumeFixed(&s, 2, &d) ||
      !ConsumePrefix(&s, " ") || !ConsumeClock(&s, &tod) || mo < 1 || mo > 12 || d < 1 || d > 31)
    return false;
  ConsumeFraction(&s, &frac, &has_frac);
  out->time_text = line.substr(0, static_cast<size_t>(s.data() - line.data()));
  for (int i = 0; i < 2; ++i) {
    s = TrimLeft(s);
    if (!ConsumeBounded(&s, 10, &pid)) return false;
  }
  if (s.size() < 3 || s[0] != ' ' || !IsLogLevel(s[1]) || s[2] != ' ') return false;
  s.remove_prefix(3);
  size_t colon = s.find(": ");
  if (colon == std::string_view::npos) colon = s.find(':');
  if (colon == std::string_view::npos) return false;
  out->tag = TrimRight(s.substr(0, colon));
  out->rest = s.substr(std::min(colon + 2, s.size()));
  out->stamp = {OuterStamp::Kind::kYearless, static_cast<int>(mo), static_cast<int>(d), tod + frac};
  return true;
}

// "D (3788) tag: " (ESP_LOG: the tag may hold spaces, "wifi station"), and
// "I (1788) wifi:" of the Wi-Fi library, which prints no space after its tag.
bool ConsumeEspTag(std::string_view* s, std::string_view* tag) {
  if (ConsumePrefix(s, "wifi:")) {
    ConsumePrefix(s, " ");
    *tag = "wifi";
    return true;
  }
  size_t colon = s->find(": ");
  if (colon == 0 || colon == std::string_view::npos) return false;
  *tag = s->substr(0, colon);
  s->remove_prefix(colon + 2);
  return true;
}

bool SplitEspIdf(std::string_view line, OuterPrefix* out) {
  std::string_view s = line;
  SkipAnsi(&s);
  int64_t ms;
  if (s.size() < 4 || !IsLogLevel(s[0]) || s[1] != ' ' || s[2] != '(') return false;
  s.remove_prefix(3);
  std::string_view start = s;
  if (!ConsumeBounded(&s, 12, &ms) || !ConsumePrefix(&s, ") ")) return false;
  out->time_text = start.substr(0, static_cast<size_t>(s.data() - start.data()) - 2);
  if (!ConsumeEspTag(&s, &out->tag)) return false;
  out->stamp = {OuterStamp::Kind::kMonotonic, 0, 0, ms * 1000};
  out->rest = s;
  return true;
}

// "[HH:MM:SS.mmm] ".
bool SplitHarness(std::string_view line, OuterPrefix* out) {
  std::string_view s = line;
  SkipAnsi(&s);
  if (!ConsumePrefix(&s, "[")) return false;
  std::string_view start = s;
  int64_t tod, frac;
  bool has_frac;
  if (!ConsumeClock(&s, &tod)) return false;
  ConsumeFraction(&s, &frac, &has_frac);
  out->time_text = start.substr(0, static_cast<size_t>(s.data() - start.data()));
  if (!ConsumePrefix(&s, "] ") && !(s == "]")) return false;
  out->stamp = {OuterStamp::Kind::kTimeOfDay, 0, 0, tod + frac};
  out->rest = s;
  return true;
}

bool SupplicantTag(InputFormat format, std::string_view tag) {
  // The wpa_supplicant port and the Wi-Fi library (parse/esp_idf.h).
  if (format == InputFormat::kEspIdf) return tag == "wpa" || tag == "wifi";
  return tag == "wpa_supplicant";
}

}  // namespace

namespace {

// "HH:MM:SS[.fraction]" -> microseconds of the day; the whole text.
bool ParseTimeOfDay(std::string_view s, int64_t* us) {
  int h = 0, m = 0, sec = 0;
  if (s.size() < 8 || s[2] != ':' || s[5] != ':') return false;
  auto two = [&](size_t at, int* v) {
    if (!std::isdigit(static_cast<unsigned char>(s[at])) ||
        !std::isdigit(static_cast<unsigned char>(s[at + 1])))
      return false;
    *v = (s[at] - '0') * 10 + (s[at + 1] - '0');
    return true;
  };
  if (!two(0, &h) || !two(3, &m) || !two(6, &sec) || h > 23 || m > 59 || sec > 60) return false;
  int64_t frac = 0;
  size_t i = 8;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    int digits = 0;
    for (++i; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i) {
      if (digits < 6) frac = frac * 10 + (s[i] - '0'), ++digits;
    }
    if (digits == 0) return false;
    for (; digits < 6; ++digits) frac *= 10;
  }
  if (i != s.size()) return false;
  *us = ((h * 60 + m) * 60 + sec) * int64_t{1'000'000} + frac;
  return true;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace

bool ParseTimeText(std::string_view text, int year, int64_t* time_us) {
  constexpr int64_t kDay = int64_t{86400} * 1'000'000;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']')
    text = text.substr(1, text.size() - 2);
  if (text.empty()) return false;
  if (year == 0) year = 1970;
  // Seconds: "1317159147.145598".
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (AllDigits(whole) && whole.size() <= 12 && (dot == std::string_view::npos || AllDigits(frac))) {
    int64_t us = 0;
    for (char c : whole) us = us * 10 + (c - '0');
    us *= 1'000'000;
    int64_t f = 0;
    int digits = 0;
    for (char c : frac)
      if (digits < 6) f = f * 10 + (c - '0'), ++digits;
    for (; digits < 6; ++digits) f *= 10;
    *time_us = us + f;
    return true;
  }
  int64_t tod = 0;
  if (ParseTimeOfDay(text, &tod)) {
    *time_us = tod;
    return true;
  }
  // ISO 8601: "YYYY-MM-DD[T ]HH:MM:SS[.f][Z|+HHMM|+HH:MM]".
  if (text.size() >= 19 && text[4] == '-' && text[7] == '-' && (text[10] == 'T' || text[10] == ' ') &&
      AllDigits(text.substr(0, 4)) && AllDigits(text.substr(5, 2)) && AllDigits(text.substr(8, 2))) {
    std::string_view rest = text.substr(11);
    int64_t offset_us = 0;
    if (!rest.empty() && rest.back() == 'Z') {
      rest.remove_suffix(1);
    } else if (size_t sign = rest.find_first_of("+-"); sign != std::string_view::npos) {
      std::string_view zone = rest.substr(sign + 1);
      std::string digits;
      for (char c : zone)
        if (c != ':') digits += c;
      if (digits.size() != 4 || !AllDigits(digits)) return false;
      int64_t minutes = ((digits[0] - '0') * 10 + (digits[1] - '0')) * 60 +
                        (digits[2] - '0') * 10 + (digits[3] - '0');
      offset_us = (rest[sign] == '+' ? 1 : -1) * minutes * 60 * 1'000'000;
      rest = rest.substr(0, sign);
    }
    if (!ParseTimeOfDay(rest, &tod)) return false;
    int y = std::stoi(std::string(text.substr(0, 4)));
    int m = std::stoi(std::string(text.substr(5, 2)));
    int d = std::stoi(std::string(text.substr(8, 2)));
    if (m < 1 || m > 12 || d < 1 || d > 31) return false;
    *time_us = DaysFromCivil(y, m, d) * kDay + tod - offset_us;
    return true;
  }
  // logcat: "MM-DD HH:MM:SS.mmm".
  if (text.size() >= 14 && text[2] == '-' && text[5] == ' ' && AllDigits(text.substr(0, 2)) &&
      AllDigits(text.substr(3, 2))) {
    int m = (text[0] - '0') * 10 + (text[1] - '0');
    int d = (text[3] - '0') * 10 + (text[4] - '0');
    if (m < 1 || m > 12 || d < 1 || d > 31 || !ParseTimeOfDay(text.substr(6), &tod)) return false;
    *time_us = DaysFromCivil(year, m, d) * kDay + tod;
    return true;
  }
  // syslog: "Jul 15 22:47:44[.123456]" (day may be space-padded).
  size_t space = text.find(' ');
  if (space == std::string_view::npos) return false;
  int m = MonthNumber(text.substr(0, space));
  if (m == 0) return false;
  std::string_view rest = text.substr(space);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  size_t day_end = rest.find(' ');
  if (day_end == std::string_view::npos || !AllDigits(rest.substr(0, day_end)) || day_end > 2)
    return false;
  int d = std::stoi(std::string(rest.substr(0, day_end)));
  if (d < 1 || d > 31 || !ParseTimeOfDay(rest.substr(day_end + 1), &tod)) return false;
  *time_us = DaysFromCivil(year, m, d) * kDay + tod;
  return true;
}

std::string_view InputFormatName(InputFormat format) {
  for (const FormatName& n : kNames)
    if (n.format == format) return n.name;
  return "unknown";
}

bool ParseInputFormat(std::string_view name, InputFormat* format) {
  for (const FormatName& n : kNames) {
    if (n.name == name) {
      *format = n.format;
      return true;
    }
  }
  return false;
}

std::string InputFormatNames() {
  std::string out;
  for (const FormatName& n : kNames) {
    if (!out.empty()) out += ", ";
    out += n.name;
  }
  return out;
}

void SplitOuterPrefix(InputFormat format, std::string_view line, OuterPrefix* out) {
  *out = OuterPrefix();
  out->rest = line;
  bool ok = false, fraction = false;
  switch (format) {
    case InputFormat::kAuto:
    case InputFormat::kDashT:
    case InputFormat::kPlain:
      out->source = LineSource::kSupplicant;
      return;
    case InputFormat::kSyslog:
    case InputFormat::kSyslogDashT:
    case InputFormat::kShortPrecise:
      ok = SplitSyslog(line, out, &fraction);
      break;
    case InputFormat::kShortIso:
      ok = SplitIso(line, out);
      break;
    case InputFormat::kShortMonotonic:
      ok = SplitMonotonic(line, out);
      break;
    case InputFormat::kLogcatBrief:
      ok = SplitLogcatBrief(line, out);
      break;
    case InputFormat::kLogcatThreadtime:
      ok = SplitThreadtime(line, out);
      break;
    case InputFormat::kEspIdf:
      ok = SplitEspIdf(line, out);
      break;
    case InputFormat::kHarness:
      ok = SplitHarness(line, out);
      if (ok) out->source = LineSource::kSupplicant;
      return;
  }
  if (!ok) {
    OuterPrefix none;
    none.rest = line;
    *out = none;
    return;
  }
  out->source = SupplicantTag(format, out->tag) ? LineSource::kSupplicant : LineSource::kOtherSource;
}

bool HasOuterPrefix(InputFormat format, std::string_view line) {
  if (format == InputFormat::kPlain || format == InputFormat::kAuto) return false;
  if (format == InputFormat::kDashT) {
    std::string_view text;
    int64_t us;
    return ConsumeDashTTimestamp(&line, &text, &us);
  }
  OuterPrefix p;
  bool fraction = false;
  if (format == InputFormat::kSyslog || format == InputFormat::kShortPrecise) {
    if (!SplitSyslog(line, &p, &fraction)) return false;
    return fraction == (format == InputFormat::kShortPrecise);
  }
  SplitOuterPrefix(format, line, &p);
  return p.source != LineSource::kNoPrefix;
}

InputFormat DetectInputFormat(const std::vector<std::string>& sample) {
  static constexpr InputFormat kCandidates[] = {
      InputFormat::kDashT,          InputFormat::kSyslog,       InputFormat::kShortPrecise,
      InputFormat::kShortIso,       InputFormat::kShortMonotonic, InputFormat::kLogcatThreadtime,
      InputFormat::kLogcatBrief,    InputFormat::kEspIdf,       InputFormat::kHarness,
  };
  std::array<size_t, std::size(kCandidates)> hits{};
  size_t nonblank = 0, inner_t = 0, supplicant = 0;
  for (const std::string& line : sample) {
    if (TrimRight(line).empty()) continue;
    ++nonblank;
    for (size_t i = 0; i < hits.size(); ++i)
      if (HasOuterPrefix(kCandidates[i], line)) ++hits[i];
    OuterPrefix p;
    SplitOuterPrefix(InputFormat::kSyslog, line, &p);
    if (p.source != LineSource::kSupplicant) continue;
    ++supplicant;
    std::string_view rest = p.rest, text;
    int64_t us;
    if (ConsumeDashTTimestamp(&rest, &text, &us)) ++inner_t;
  }
  size_t best = 0;
  for (size_t i = 1; i < hits.size(); ++i)
    if (hits[i] > hits[best]) best = i;
  // A shape needs a tenth of the lines (full-system journals are mostly
  // other programs' lines, but all of them carry the prefix).
  if (hits[best] == 0 || hits[best] * 10 < nonblank) return InputFormat::kPlain;
  InputFormat f = kCandidates[best];
  if ((f == InputFormat::kSyslog || f == InputFormat::kShortPrecise) && supplicant > 0 &&
      inner_t * 2 >= supplicant)
    return InputFormat::kSyslogDashT;
  return f;
}

std::string TimeAxisDescription(InputFormat format, int year) {
  switch (format) {
    case InputFormat::kDashT:
    case InputFormat::kSyslogDashT:
    case InputFormat::kShortIso:
      return "epoch";
    case InputFormat::kSyslog:
    case InputFormat::kShortPrecise:
    case InputFormat::kLogcatThreadtime:
      return year != 0 ? "wall clock, year " + std::to_string(year)
                       : "wall clock without year (1970 assumed; --year sets it)";
    case InputFormat::kShortMonotonic:
    case InputFormat::kEspIdf:
      return "monotonic since boot";
    case InputFormat::kHarness:
      return "time of day (midnight wrap)";
    default:
      return "none";
  }
}

}  // namespace roamreplay
