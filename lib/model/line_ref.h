#pragma once

#include <cstdint>
#include <string>

namespace roamreplay {

/// A copy of one log line that the model may later cite as evidence. Only
/// lines of PMKSA-relevant events are copied, so memory grows with the number
/// of cache operations, not with the log.
struct LineRef {
  uint64_t line = 0;      ///< 1-based line number; 0 = none.
  std::string time_text;  ///< The log's own timestamp text, or empty.
  int64_t time_us = 0;
  bool has_time = false;
  std::string text;  ///< The raw line.

  bool valid() const { return line != 0; }
};

}  // namespace roamreplay

#include <string_view>

namespace roamreplay {

/// A borrowed view of the current line; copied into a LineRef on demand.
struct LineView {
  uint64_t line = 0;
  std::string_view time_text;
  int64_t time_us = 0;
  bool has_time = false;
  std::string_view text;

  LineRef Copy() const {
    return LineRef{line, std::string(time_text), time_us, has_time, std::string(text)};
  }
};

}  // namespace roamreplay
