// JsonWriter writes what nlohmann's dump() writes for the same values: the
// report's JSON contract did not change when the big arrays stopped being
// built as nlohmann documents. Each case builds one value both ways.

#include "report/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace roamreplay {
namespace {

using json = nlohmann::ordered_json;

std::string Nlohmann(const json& j, bool pretty) {
  return j.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace);
}

// nlohmann's text re-indented as if nested `depth` levels deep.
std::string Indented(const std::string& text, int depth) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n') out.append(static_cast<size_t>(depth) * 2, ' ');
  }
  return out;
}

const char* const kStrings[] = {
    "",
    "plain ASCII line: wlan0: RSN: PMKSA cache entry",
    "quotes \" and backslash \\ and /slash",
    "controls \b\f\n\r\t \x01 \x1b[2J \x7f end",
    "UTF-8: caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\xb6",
    "invalid UTF-8: \xff\xfe and cut \xe2\x82 and lone \x80 continuation",
    "overlong \xc0\xaf and surrogate \xed\xa0\x80",
};

TEST(JsonWriterTest, StringsAreEscapedAsNlohmannDoes) {
  for (const char* s : kStrings) {
    std::string out;
    AppendJsonString(s, &out);
    EXPECT_EQ(out, Nlohmann(json(s), false)) << s;
  }
  std::string nul("a\0b", 3);
  std::string out;
  AppendJsonString(nul, &out);
  EXPECT_EQ(out, "\"a\\u0000b\"");
}

// The eight-bytes-at-a-time check must flag exactly the bytes nlohmann
// escapes or checks: each byte value at each position of an otherwise
// plain string, at every length around a multiple of eight.
TEST(JsonWriterTest, EveryByteAtEveryPositionIsEscapedAsNlohmannDoes) {
  for (size_t len : {1, 7, 8, 9, 15, 16, 17, 24}) {
    for (size_t pos = 0; pos < len; ++pos) {
      for (int c = 0; c < 256; ++c) {
        std::string s(len, 'a');
        s[pos] = static_cast<char>(c);
        std::string out;
        AppendJsonString(s, &out);
        ASSERT_EQ(out, Nlohmann(json(s), false)) << len << " " << pos << " " << c;
      }
    }
  }
}

TEST(JsonWriterTest, NumbersAndMillisAreNlohmanns) {
  const int64_t kUs[] = {0,       1,          10,          999,        1000,
                         1500,    397123,     397120,      -2500,      60'000'000,
                         1'000,   123'456'789'012, 999'999'999'999'999,
                         1'000'000'000'000'000, -1'000'000'000'000'001, INT64_MAX, INT64_MIN + 1};
  for (int64_t us : kUs) {
    std::string out;
    JsonWriter w(&out, false);
    w.Millis(us);
    EXPECT_EQ(out, Nlohmann(json(static_cast<double>(us) / 1000.0), false)) << us;
  }
  const int64_t kInts[] = {0, 1, -1, 42, -1234567890123, INT64_MAX, INT64_MIN};
  for (int64_t n : kInts) {
    std::string out;
    JsonWriter w(&out, false);
    w.Int(n);
    EXPECT_EQ(out, Nlohmann(json(n), false)) << n;
  }
  std::string out;
  JsonWriter w(&out, false);
  w.Uint(UINT64_MAX);
  EXPECT_EQ(out, Nlohmann(json(UINT64_MAX), false));
}

// An object with every kind of member, nested objects and arrays (empty
// and not), written pretty at several depths and compact.
TEST(JsonWriterTest, NestedDocumentsMatchInBothLayouts) {
  json expected{
      {"kind", "stale-pmkid-reuse"},
      {"line", 1234},
      {"time", nullptr},
      {"offered", true},
      {"duration_ms", 397.123},
      {"evidence", json::array({json{{"line", 1}, {"text", kStrings[3]}},
                                json{{"line", 2}, {"text", kStrings[5]}}})},
      {"empty_array", json::array()},
      {"empty_object", json::object()},
      {"strings", json::array({"a", "b"})},
      {"nested", json{{"inner", json{{"deep", false}}}, {"n", -5}}},
  };
  auto write = [](JsonWriter* w) {
    w->BeginObject();
    w->Field("kind", "stale-pmkid-reuse");
    w->Field("line", uint64_t{1234});
    w->FieldOrNull("time", std::string());
    w->Field("offered", true);
    w->FieldMillis("duration_ms", int64_t{397123});
    w->Key("evidence");
    w->BeginArray();
    w->BeginObject();
    w->Field("line", uint64_t{1});
    w->Field("text", kStrings[3]);
    w->EndObject();
    w->BeginObject();
    w->Field("line", uint64_t{2});
    w->Field("text", kStrings[5]);
    w->EndObject();
    w->EndArray();
    w->Key("empty_array");
    w->BeginArray();
    w->EndArray();
    w->Key("empty_object");
    w->BeginObject();
    w->EndObject();
    w->FieldStrings("strings", {"a", "b"});
    w->Key("nested");
    w->BeginObject();
    w->Key("inner");
    w->BeginObject();
    w->Field("deep", false);
    w->EndObject();
    w->FieldOrNull("n", std::optional<int>(-5));
    w->EndObject();
    w->EndObject();
  };
  for (int depth : {0, 1, 2, 3}) {
    std::string out;
    JsonWriter w(&out, true, depth);
    write(&w);
    EXPECT_EQ(out, Indented(Nlohmann(expected, true), depth)) << "depth " << depth;
  }
  std::string compact;
  JsonWriter w(&compact, false);
  write(&w);
  EXPECT_EQ(compact, Nlohmann(expected, false));
}

}  // namespace
}  // namespace roamreplay
