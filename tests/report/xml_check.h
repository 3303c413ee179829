#pragma once

// A small XML well-formedness checker for tests (no libxml2): one root
// element, matching start/end tags, quoted attributes, no '<' or bare '&' in
// text, only the XML entities (&amp; &lt; &gt; &quot; &apos; &#N; &#xH;),
// valid UTF-8 and no control characters. Accepts a leading <!DOCTYPE ...>
// and comments. Returns an empty string when well-formed, else the first
// problem with its byte offset.

#include <string>
#include <string_view>
#include <vector>

namespace roamreplay::testing {

inline bool XmlNameChar(char c, bool first) {
  bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  return first ? alpha : alpha || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

inline std::string CheckEntity(std::string_view s, size_t* i) {
  size_t semi = s.find(';', *i);
  if (semi == std::string_view::npos || semi - *i > 10) return "bare '&'";
  std::string_view name = s.substr(*i + 1, semi - *i - 1);
  bool ok = name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos" ||
            (name.size() > 1 && name[0] == '#');
  if (!ok) return "unknown entity &" + std::string(name) + ";";
  *i = semi + 1;
  return "";
}

inline std::string CheckUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return "invalid UTF-8 at " + std::to_string(i);
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80)
        return "invalid UTF-8 at " + std::to_string(i);
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t')
      return "control character at " + std::to_string(i);
    i += len;
  }
  return "";
}

inline std::string CheckWellFormedXml(std::string_view s) {
  if (std::string e = CheckUtf8(s); !e.empty()) return e;
  std::vector<std::string> stack;
  bool root_seen = false;
  auto at = [](size_t i) { return " at " + std::to_string(i); };
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '&') {
      if (stack.empty()) return "text outside the root" + at(i);
      if (std::string e = CheckEntity(s, &i); !e.empty()) return e + at(i);
      continue;
    }
    if (c != '<') {
      bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
      if (stack.empty() && !space) return "text outside the root" + at(i);
      if (c == '>') return "bare '>'" + at(i);
      ++i;
      continue;
    }
    if (s.substr(i, 4) == "<!--") {
      size_t end = s.find("-->", i + 4);
      if (end == std::string_view::npos) return "unterminated comment" + at(i);
      i = end + 3;
      continue;
    }
    if (s.substr(i, 9) == "<!DOCTYPE") {
      if (root_seen || !stack.empty()) return "misplaced DOCTYPE" + at(i);
      size_t end = s.find('>', i);
      if (end == std::string_view::npos) return "unterminated DOCTYPE" + at(i);
      i = end + 1;
      continue;
    }
    bool closing = i + 1 < s.size() && s[i + 1] == '/';
    size_t p = i + (closing ? 2 : 1);
    size_t name_start = p;
    if (p >= s.size() || !XmlNameChar(s[p], true)) return "bad tag name" + at(i);
    while (p < s.size() && XmlNameChar(s[p], false)) ++p;
    std::string name(s.substr(name_start, p - name_start));
    if (closing) {
      while (p < s.size() && s[p] == ' ') ++p;
      if (p >= s.size() || s[p] != '>') return "bad end tag" + at(i);
      if (stack.empty() || stack.back() != name) return "mismatched </" + name + ">" + at(i);
      stack.pop_back();
      i = p + 1;
      continue;
    }
    if (stack.empty() && root_seen) return "second root element" + at(i);
    bool self_closing = false;
    for (;;) {
      while (p < s.size() && (s[p] == ' ' || s[p] == '\n' || s[p] == '\t')) ++p;
      if (p >= s.size()) return "unterminated tag <" + name + ">" + at(i);
      if (s[p] == '>') break;
      if (s.substr(p, 2) == "/>") {
        self_closing = true;
        ++p;
        break;
      }
      if (!XmlNameChar(s[p], true)) return "bad attribute in <" + name + ">" + at(p);
      while (p < s.size() && XmlNameChar(s[p], false)) ++p;
      if (p + 1 >= s.size() || s[p] != '=' || (s[p + 1] != '"' && s[p + 1] != '\''))
        return "unquoted attribute in <" + name + ">" + at(p);
      char q = s[p + 1];
      size_t end = s.find(q, p + 2);
      if (end == std::string_view::npos) return "unterminated attribute" + at(p);
      for (size_t k = p + 2; k < end;) {
        if (s[k] == '<') return "'<' in attribute" + at(k);
        if (s[k] == '&') {
          if (std::string e = CheckEntity(s, &k); !e.empty()) return e + at(k);
        } else {
          ++k;
        }
      }
      p = end + 1;
    }
    root_seen = true;
    if (!self_closing) stack.push_back(name);
    i = p + 1;
  }
  if (!stack.empty()) return "unclosed <" + stack.back() + ">";
  if (!root_seen) return "no root element";
  return "";
}

}  // namespace roamreplay::testing
