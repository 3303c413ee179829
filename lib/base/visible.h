#pragma once

// Renders control bytes visibly, so that text taken from a log (evidence
// lines, SSIDs, file names) cannot move the cursor, set the terminal title
// or clear the screen when printed: ESC becomes "\x1b", NUL "\x00", DEL
// "\x7f". Other bytes (UTF-8 included) pass through.

#include <string>
#include <string_view>

namespace roamreplay {

inline bool IsControlByte(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

/// `s` with every control byte except those in `keep` written as "\xNN".
inline std::string VisibleControls(std::string_view s, std::string_view keep = {}) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (!IsControlByte(c) || keep.find(c) != std::string_view::npos) {
      out += c;
      continue;
    }
    unsigned char u = static_cast<unsigned char>(c);
    out += "\\x";
    out += kHex[u >> 4];
    out += kHex[u & 0xf];
  }
  return out;
}

}  // namespace roamreplay
