// Hard-wrapped logs: detection of the wrap, re-joining, line numbers.
// The logs are hand-written imitations of mail-client wrapping.

#include "parse/unwrap.h"

#include <gtest/gtest.h>

#include "app/replay.h"

namespace roamreplay {
namespace {

struct Collected : LineSink {
  InputDetection detection;
  int inputs = 0;
  std::vector<std::string> texts;
  std::vector<uint64_t> numbers;
  std::vector<uint32_t> pieces;
  void OnInput(const InputDetection& d) override {
    detection = d;
    ++inputs;
  }
  void OnLogicalLine(const LogicalLine& l) override {
    texts.emplace_back(l.text);
    numbers.push_back(l.number);
    pieces.push_back(l.pieces);
  }
};

Collected Feed(const std::vector<std::string>& lines, UnwrapMode mode = UnwrapMode::kAuto,
               InputFormat format = InputFormat::kAuto) {
  Collected sink;
  FrontEndOptions options;
  options.unwrap = mode;
  options.format = format;
  InputFrontEnd front(options, &sink);
  uint64_t n = 0;
  for (const std::string& text : lines) {
    LineReader::Line line;
    line.text = text;
    line.number = ++n;
    line.full_length = text.size();
    front.Push(line);
  }
  front.Finish();
  return sink;
}

// Wrapped at 72 columns, as a mail client would.
const std::vector<std::string> kWrapped = {
    "[73862.470842] wpa_supplicant[595]: wlp58s0: CTRL-EVENT-EAP-STARTED EAP ",
    "authentication started",
    "[73862.485995] wpa_supplicant[595]: wlp58s0: ",
    "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=25 -> NAK",
    "[73862.626116] wpa_supplicant[595]: wlp58s0: PMKSA-CACHE-REMOVED",
    "10:06:ed:17:9b:6c 0",
    "[73862.628863] wpa_supplicant[595]: wlp58s0: PMKSA-CACHE-ADDED",
    "10:06:ed:15:ac:6c 0",
    "[73864.676479] kernel: wlp58s0: disassociated from 10:06:ed:15:ac:6c",
};

TEST(UnwrapTest, ContinuationNeedsNoPrefixAndALongPreviousLine) {
  InputFormat f = InputFormat::kDashT;
  EXPECT_TRUE(IsContinuation(f, 72, std::string(60, 'x'), "a-long-first-word and more"));
  EXPECT_FALSE(IsContinuation(f, 72, std::string(30, 'x'), "short"));
  EXPECT_FALSE(IsContinuation(f, 72, std::string(70, 'x'), "1.000001: wlan0: next"));
  EXPECT_FALSE(IsContinuation(f, 72, std::string(70, 'x'), ""));
  EXPECT_FALSE(IsContinuation(f, 72, std::string(70, 'x'), "     61 6c 69 63 65   alice"));
  EXPECT_FALSE(IsContinuation(f, 0, std::string(70, 'x'), "word"));
}

TEST(UnwrapTest, DetectsTheWrapColumn) {
  EXPECT_EQ(DetectWrapColumn(InputFormat::kShortMonotonic, kWrapped), kWrapped[0].size());
  // Long lines: not mail-wrapped.
  std::vector<std::string> unwrapped = {std::string(150, 'x'), "continuation", "more"};
  EXPECT_EQ(DetectWrapColumn(InputFormat::kDashT, unwrapped), 0u);
  // Plain logs have no prefix to tell continuations by.
  EXPECT_EQ(DetectWrapColumn(InputFormat::kPlain, kWrapped), 0u);
}

TEST(UnwrapTest, RejoinsAndKeepsFirstLineNumbers) {
  Collected c = Feed(kWrapped);
  EXPECT_EQ(c.inputs, 1);
  EXPECT_EQ(c.detection.format, InputFormat::kShortMonotonic);
  EXPECT_GT(c.detection.wrap_column, 0u);
  ASSERT_EQ(c.texts.size(), 5u);
  EXPECT_EQ(c.texts[0],
            "[73862.470842] wpa_supplicant[595]: wlp58s0: CTRL-EVENT-EAP-STARTED EAP "
            "authentication started");
  EXPECT_EQ(c.texts[1],
            "[73862.485995] wpa_supplicant[595]: wlp58s0: CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 "
            "method=25 -> NAK");
  EXPECT_EQ(c.texts[2], "[73862.626116] wpa_supplicant[595]: wlp58s0: PMKSA-CACHE-REMOVED "
                        "10:06:ed:17:9b:6c 0");
  EXPECT_EQ(c.numbers, (std::vector<uint64_t>{1, 3, 5, 7, 9}));
  EXPECT_EQ(c.pieces, (std::vector<uint32_t>{2, 2, 2, 2, 1}));
}

TEST(UnwrapTest, OffKeepsPhysicalLines) {
  Collected c = Feed(kWrapped, UnwrapMode::kOff);
  EXPECT_EQ(c.texts.size(), kWrapped.size());
  EXPECT_EQ(c.detection.wrap_column, 0u);
}

TEST(UnwrapTest, OnJoinsEvenWhenTheSampleDoesNotLookWrapped) {
  std::vector<std::string> lines = {"1.000001: " + std::string(60, 'x'), "tail-of-the-record",
                                    "1.000002: next"};
  EXPECT_EQ(Feed(lines).texts.size(), 3u);  // one break only: auto leaves it
  Collected c = Feed(lines, UnwrapMode::kOn);
  ASSERT_EQ(c.texts.size(), 2u);
  EXPECT_EQ(c.pieces[0], 2u);
}

TEST(UnwrapTest, EmptyInputStillReportsTheDetection) {
  Collected c = Feed({});
  EXPECT_EQ(c.inputs, 1);
  EXPECT_EQ(c.detection.format, InputFormat::kPlain);
  EXPECT_TRUE(c.texts.empty());
}

TEST(UnwrapTest, PipelineCountsRejoinedLinesAndCitesFirstPieces) {
  std::string log;
  for (const std::string& l : kWrapped) log += l + "\n";
  Report r;
  ReplayBuffer("wrapped.log", log, ReplayOptions(), &r);
  EXPECT_EQ(r.counts.lines, 9u);
  EXPECT_EQ(r.counts.rejoined, 4u);
  EXPECT_EQ(r.counts.other_sources, 1u);
  EXPECT_EQ(r.counts.events + r.counts.known + r.counts.unknown + r.counts.malformed +
                r.counts.other + r.counts.other_sources + r.counts.rejoined,
            r.counts.lines);
  EXPECT_EQ(r.event_counts["PmksaCacheRemovedEvent"], 1u);
  EXPECT_EQ(r.event_counts["PmksaCacheAddedEvent"], 1u);
  ASSERT_EQ(r.cache_history.size(), 1u);
  EXPECT_EQ(r.cache_history[0].created_line, 7u);
  EXPECT_EQ(r.cache_history[0].created_time, "73862.628863");
  ReplayOptions off;
  off.unwrap = UnwrapMode::kOff;
  ReplayBuffer("wrapped.log", log, off, &r);
  EXPECT_EQ(r.counts.rejoined, 0u);
  EXPECT_EQ(r.event_counts.count("PmksaCacheAddedEvent"), 0u);
}

}  // namespace
}  // namespace roamreplay
