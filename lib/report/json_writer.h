#pragma once

// A JSON text writer for the report's big arrays (findings, roams, cache
// history, records): it appends straight to a string, with no document
// built first, and writes byte for byte what nlohmann's dump() writes for
// the same values (indent 2 or compact, UTF-8 kept, invalid UTF-8
// replaced). json_writer_test.cc compares the two on every kind of value.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace roamreplay {

class JsonWriter {
 public:
  /// `pretty`: nlohmann's dump(2), as if the values were nested `depth`
  /// levels deep in a larger document; otherwise compact (dump()).
  JsonWriter(std::string* out, bool pretty, int depth = 0)
      : out_(out), pretty_(pretty), depth_(depth) {}

  void BeginObject() { Open('{'); }
  void EndObject() { Close('}'); }
  void BeginArray() { Open('['); }
  void EndArray() { Close(']'); }
  /// The next value is the member `key` of the open object.
  void Key(std::string_view key);

  void String(std::string_view s);
  void Null();
  void Bool(bool b);
  void Uint(uint64_t n);
  void Int(int64_t n);
  /// A duration in microseconds as milliseconds (a JSON number with a
  /// fraction, as nlohmann prints the double us / 1000.0).
  void Millis(int64_t us);

  // Key and value in one.
  void Field(std::string_view key, std::string_view s) {
    Key(key);
    String(s);
  }
  void Field(std::string_view key, const char* s) {
    Key(key);
    String(s);
  }
  void Field(std::string_view key, const std::string& s) {
    Key(key);
    String(s);
  }
  void Field(std::string_view key, bool b) {
    Key(key);
    Bool(b);
  }
  void Field(std::string_view key, int n) {
    Key(key);
    Int(n);
  }
  void Field(std::string_view key, int64_t n) {
    Key(key);
    Int(n);
  }
  void Field(std::string_view key, uint64_t n) {
    Key(key);
    Uint(n);
  }
  void FieldNull(std::string_view key) {
    Key(key);
    Null();
  }
  /// null when `s` is empty.
  void FieldOrNull(std::string_view key, const std::string& s);
  void FieldOrNull(std::string_view key, const std::optional<int64_t>& n);
  void FieldOrNull(std::string_view key, const std::optional<int>& n);
  void FieldOrNull(std::string_view key, const std::optional<bool>& b);
  /// null when `n` is 0.
  void FieldNonZero(std::string_view key, uint64_t n);
  void FieldMillis(std::string_view key, const std::optional<int64_t>& us);
  void FieldStrings(std::string_view key, const std::vector<std::string>& items);

 private:
  void Open(char c);
  void Close(char c);
  void BeforeValue();
  void Newline(int depth);

  std::string* out_;
  bool pretty_;
  int depth_;
  // Per open container: whether it has a member yet (a byte each:
  // std::vector<bool>'s bit access showed in profiles).
  std::vector<uint8_t> has_member_;
  bool after_key_ = false;
};

/// `s` as a JSON string (quotes included), as nlohmann escapes it.
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace roamreplay
