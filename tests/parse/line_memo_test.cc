// The line memo (parse/line_memo.h) must change nothing but speed: a parser
// with it gives, line by line, exactly what a parser without it gives.

#include "parse/line_memo.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "base/hash.h"
#include "base/line_reader.h"
#include "parse/line_parser.h"
#include "parse/unwrap.h"

namespace roamreplay {
namespace {

namespace fs = std::filesystem;

TEST(LineMemoTest, FindsWhatWasInsertedByItsWholeText) {
  LineMemo memo;
  const std::string idle = "EAP: EAP entering state IDLE";
  BodyVerdict found;
  EXPECT_FALSE(memo.Find(idle, HashBytes(idle), &found));
  BodyVerdict v;
  v.eras = 7;
  v.opens_ascii = true;
  v.shape_hash = 0x1234567890abcdefULL;
  memo.Insert(idle, HashBytes(idle), v);
  ASSERT_TRUE(memo.Find(idle, HashBytes(idle), &found));
  EXPECT_EQ(found.eras, 7);
  EXPECT_TRUE(found.opens_ascii);
  EXPECT_FALSE(found.hexdump);
  EXPECT_FALSE(found.opens_lines);
  EXPECT_EQ(found.shape_hash, 0x1234567890abcdefULL);
  // The same hash with other bytes (a collision) is not a hit.
  EXPECT_FALSE(memo.Find("EAP: EAP entering state IDLF", HashBytes(idle), &found));
  EXPECT_FALSE(memo.Find("EAP: EAP entering state IDL", HashBytes(idle), &found));
}

TEST(LineMemoTest, StartsOverWhenFullAndSkipsLongBodies) {
  LineMemo memo;
  BodyVerdict v;
  v.eras = 4;
  auto key = [](size_t i) { return fmt::format("SAE: counter = {}", i); };
  for (size_t i = 0; i < LineMemo::kMaxEntries; ++i) memo.Insert(key(i), HashBytes(key(i)), v);
  EXPECT_EQ(memo.entries(), LineMemo::kMaxEntries);
  BodyVerdict found;
  EXPECT_TRUE(memo.Find(key(0), HashBytes(key(0)), &found));
  memo.Insert(key(LineMemo::kMaxEntries), HashBytes(key(LineMemo::kMaxEntries)), v);
  EXPECT_EQ(memo.entries(), 1u);
  EXPECT_FALSE(memo.Find(key(0), HashBytes(key(0)), &found));
  EXPECT_TRUE(memo.Find(key(LineMemo::kMaxEntries), HashBytes(key(LineMemo::kMaxEntries)), &found));
  std::string long_body(LineMemo::kMaxKey + 1, 'x');
  memo.Insert(long_body, HashBytes(long_body), v);
  EXPECT_EQ(memo.entries(), 1u);
  // The text arena is bounded too: about 3,900 bodies of 256 bytes fill 1 MiB.
  LineMemo arena;
  for (size_t i = 0; i < 4200; ++i) {
    std::string body = fmt::format("{:0>256}", i);
    arena.Insert(body, HashBytes(body), v);
  }
  EXPECT_LT(arena.entries(), 4200u - 3900u);
}

// Bodies that share a hash (as crafted input could make them) are found
// while they sit within kMaxProbe slots; the rest are simply not stored.
TEST(LineMemoTest, CollidingBodiesCostABoundedSearch) {
  LineMemo memo;
  const uint64_t hash = 0x12345;  // the same for every body below
  for (size_t i = 0; i < 1000; ++i) {
    BodyVerdict v;
    v.eras = static_cast<uint8_t>(i % 7 + 1);
    memo.Insert(fmt::format("body {}", i), hash, v);
  }
  EXPECT_EQ(memo.entries(), LineMemo::kMaxProbe);
  BodyVerdict found;
  ASSERT_TRUE(memo.Find("body 0", hash, &found));
  EXPECT_EQ(found.eras, 1);
  ASSERT_TRUE(memo.Find(fmt::format("body {}", LineMemo::kMaxProbe - 1), hash, &found));
  EXPECT_FALSE(memo.Find(fmt::format("body {}", LineMemo::kMaxProbe), hash, &found));
  EXPECT_FALSE(memo.Find("body 999", hash, &found));
}

// Runs every logical line through two parsers, one without the memo.
class Twin : public LineSink {
 public:
  void OnInput(const InputDetection& d) override {
    with_ = LineParser(d.format, 0);
    without_ = LineParser(d.format, 0);
    without_.set_memoize(false);
  }
  void OnLogicalLine(const LogicalLine& raw) override {
    ParsedLine a, b;
    with_.Parse(raw.text, &a);
    without_.Parse(raw.text, &b);
    ++lines_;
    if (b.kind == LineKind::kKnown || b.kind == LineKind::kUnknown) ++texts_;
    if (Fields(a) != Fields(b) && mismatches_.size() < 5)
      mismatches_.push_back(fmt::format("line {}: {} / {}", raw.number, Fields(a), Fields(b)));
  }
  static std::string Fields(const ParsedLine& p) {
    return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", static_cast<int>(p.kind), p.time_text,
                       p.time_us, p.ifname, p.body, p.why, p.eras, p.hexdump, p.shape_hash,
                       p.kind == LineKind::kEvent ? static_cast<int>(p.event.type) : -1,
                       p.control_padding);
  }
  LineParser with_, without_;
  uint64_t lines_ = 0;
  uint64_t texts_ = 0;  // known and unknown lines: what the memo may answer
  std::vector<std::string> mismatches_;
};

std::vector<fs::path> Logs() {
  std::vector<fs::path> files;
  const fs::path src = ROAMREPLAY_SOURCE_DIR;
  for (const fs::path& dir : {src / "logs", src / "tests/fuzz/corpus", src / "../shared/corpus"}) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.is_regular_file() && entry.path().extension() != ".md") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(LineMemoTest, ParsesEveryLogLikeAParserWithoutIt) {
  uint64_t lines = 0, texts = 0, hits = 0;
  for (const fs::path& file : Logs()) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    Twin twin;
    InputFrontEnd front(FrontEndOptions(), &twin);
    ForEachLineInBuffer(text.str(), [&](const LineReader::Line& line) { front.Push(line); });
    front.Finish();
    EXPECT_TRUE(twin.mismatches_.empty()) << file << ":\n" << fmt::format("{}", fmt::join(twin.mismatches_, "\n"));
    EXPECT_EQ(twin.without_.memo_hits(), 0u);
    lines += twin.lines_;
    texts += twin.texts_;
    hits += twin.with_.memo_hits();
  }
  // Not vacuous: in these short logs 17-95 % of the known and unknown lines
  // (about half over all; events and hexdump bytes are not memoized) repeat
  // an earlier line's body. Without ../shared/corpus, the shipped logs'
  // share is about the same.
  EXPECT_GT(lines, 1000u);
  EXPECT_GT(hits * 3, texts) << hits << " hits of " << texts << " known and unknown lines";
}

// LineParser::ParseDeferred leaves a body's classification for later (the
// two-thread replay's consumer does it, app/parse_pipeline.h). Classified
// after the whole file has been parsed, by a classifier of its own, every
// line must equal what Parse gives, events to the last field; and the
// lines that follow a hexdump title (classified at once, since it decides
// whether they are its bytes) must parse alike.
class Deferred : public LineSink {
 public:
  void OnInput(const InputDetection& d) override {
    serial_ = LineParser(d.format, 0);
    deferred_ = LineParser(d.format, 0);
  }
  void OnLogicalLine(const LogicalLine& raw) override {
    texts_.emplace_back(raw.text);
    const std::string& text = texts_.back();
    ParsedLine& want = want_.emplace_back();
    serial_.Parse(text, &want);
    ParsedLine& got = got_.emplace_back();
    pending_.push_back(deferred_.ParseDeferred(text, &got));
    numbers_.push_back(raw.number);
  }
  static std::string Fields(const ParsedLine& p) {
    return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", static_cast<int>(p.kind),
                       p.time_text, p.time_us, p.has_time, p.time_backwards, p.clock_restarted,
                       p.ifname, p.body, p.why, p.eras, p.hexdump, p.shape_hash, p.esp_wifi,
                       p.kind == LineKind::kEvent ? p.event.ToDebugString() : "",
                       p.control_padding);
  }
  std::deque<std::string> texts_;
  std::deque<ParsedLine> want_, got_;
  std::vector<bool> pending_;
  std::vector<uint64_t> numbers_;
  LineParser serial_, deferred_;
};

TEST(LineParserTest, DeferredBodiesClassifiedLaterParseAlike) {
  uint64_t lines = 0, pending = 0, titles_at_once = 0;
  for (const fs::path& file : Logs()) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    Deferred d;
    InputFrontEnd front(FrontEndOptions(), &d);
    ForEachLineInBuffer(text.str(), [&](const LineReader::Line& line) { front.Push(line); });
    front.Finish();
    BodyClassifier later;  // another thread's, with a memo of its own
    std::vector<std::string> mismatches;
    for (size_t i = 0; i < d.got_.size(); ++i) {
      ParsedLine& got = d.got_[i];
      if (d.pending_[i]) {
        bool opens_ascii = false, opens_lines = false;
        later.Classify(&got, &opens_ascii, &opens_lines);
        EXPECT_FALSE(opens_ascii || opens_lines) << file << ":" << d.numbers_[i];
        ++pending;
      } else if (got.hexdump && MayOpenHexdumpLines(got.body)) {
        ++titles_at_once;
      }
      if (Deferred::Fields(got) != Deferred::Fields(d.want_[i]) && mismatches.size() < 5)
        mismatches.push_back(fmt::format("line {}: {} / {}", d.numbers_[i],
                                         Deferred::Fields(got), Deferred::Fields(d.want_[i])));
    }
    EXPECT_TRUE(mismatches.empty()) << file << ":\n" << fmt::format("{}", fmt::join(mismatches, "\n"));
    lines += d.got_.size();
  }
  // Not vacuous: about half the lines are left pending (events,
  // continuations and blank lines are the rest), and the shipped 2011
  // logs' multi-line hexdump titles ("  * SSID - hexdump_ascii(len=11):",
  // bytes on the next line) are classified at once.
  EXPECT_GT(lines, 1000u);
  EXPECT_GT(pending * 3, lines) << pending << " of " << lines;
  EXPECT_GT(titles_at_once, 0u);
}

}  // namespace
}  // namespace roamreplay
