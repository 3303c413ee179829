// The two-thread replay (ReplayOptions::threads = 2, app/parse_pipeline.h)
// must give exactly the serial replay's output: JSON report and records,
// status, on every shipped and seed log, and with batch edges anywhere
// (a batch of 1 byte puts an edge between every two lines: inside wrapped
// records, hexdump continuations, ESP-IDF byte lines, syslog lines that
// inherit the time of the line before).

#include "app/replay.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "app/parse_pipeline.h"
#include "report/writers.h"

namespace roamreplay {
namespace {

namespace fs = std::filesystem;

std::string Output(const std::string& path, int threads, size_t batch_bytes,
                   size_t max_line_bytes = LineReader::kDefaultMaxLineBytes,
                   BodySplit split = BodySplit::kAdaptive) {
  ReplayOptions options;
  options.threads = threads;
  options.pipeline_batch_bytes = batch_bytes;
  options.pipeline_split = split;
  options.max_line_bytes = max_line_bytes;
  Report report;
  Status s = ReplayFile(path, options, &report);
  std::ostringstream out;
  out << static_cast<int>(s.code()) << ' ' << s.message() << '\n';
  WriteJsonReport(report, false, out);
  WriteJsonRecords(report, out);
  return out.str();
}

std::vector<std::string> FilesUnder(const fs::path& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return files;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() != ".md")
      files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

void ExpectSameAsSerial(const std::vector<std::string>& files,
                        std::initializer_list<size_t> batch_sizes) {
  for (const std::string& file : files) {
    std::string serial = Output(file, 1, 0);
    for (size_t batch : batch_sizes)
      EXPECT_EQ(Output(file, 2, batch), serial) << file << " with batches of " << batch << " bytes";
    // Message bodies classified all by the consumer, all by the parser (the
    // adaptive split above does either, batch by batch).
    for (BodySplit split : {BodySplit::kConsumer, BodySplit::kParser})
      EXPECT_EQ(Output(file, 2, 100, LineReader::kDefaultMaxLineBytes, split), serial)
          << file << " with bodies classified by the "
          << (split == BodySplit::kConsumer ? "consumer" : "parser");
  }
}

TEST(ParsePipelineTest, SameOutputAsSerialOnShippedAndSeedLogs) {
  const fs::path src = ROAMREPLAY_SOURCE_DIR;
  std::vector<std::string> files = FilesUnder(src / "logs");
  for (std::string& f : FilesUnder(src / "tests/fuzz/corpus")) files.push_back(std::move(f));
  ASSERT_GT(files.size(), 30u);
  ExpectSameAsSerial(files, {1, 100, 4096, 256 * 1024});
}

TEST(ParsePipelineTest, SameOutputAsSerialOnTheCorpus) {
  std::vector<std::string> files =
      FilesUnder(fs::path(ROAMREPLAY_SOURCE_DIR) / "../shared/corpus");
  if (files.empty()) GTEST_SKIP() << "../shared/corpus not present";
  ExpectSameAsSerial(files, {1, 4096, 256 * 1024});
}

// Hand-written: the shapes whose parse depends on the lines before, with
// the batch edge moved through every position.
TEST(ParsePipelineTest, BatchEdgesInsideMultiLineRecords) {
  const std::string dir = ::testing::TempDir();
  struct Case {
    const char* name;
    std::string text;
  };
  const Case cases[] = {
      {"syslog-inherited-time.log",
       "Aug 28 11:58:54 host wpa_supplicant[3536]: 1724860734.100143: wlan0: State: "
       "COMPLETED -> DISCONNECTED\n"
       "Aug 28 11:58:54 host wpa_supplicant[3536]: 1724860734.100200: RSN: PMKID - hexdump(len=16): "
       "11 11 11 11 11 11 11 11 11 11 11 11 11 11 11 11\n"
       "Aug 28 11:58:55 host wpa_supplicant[3536]: EAPOL: SUPP_PAE entering state CONNECTING\n"
       "Aug 28 11:58:55 host wpa_supplicant[3536]: 1724860735.000001: wlan0: Trying to associate "
       "with 00:24:97:aa:bb:01 (SSID='corp' freq=5180 MHz)\n"
       "Aug 28 11:58:55 host wpa_supplicant[3536]: wlan0: Associated with 00:24:97:aa:bb:01\n"},
      {"wrapped.log",
       "[73862.470842] wpa_supplicant[595]: wlp58s0: CTRL-EVENT-EAP-STARTED EAP\n"
       "authentication started\n"
       "[73862.626116] wpa_supplicant[595]: wlp58s0: PMKSA-CACHE-REMOVED\n"
       "10:06:ed:17:9b:6c 0\n"
       "[73862.700000] wpa_supplicant[595]: wlp58s0: CTRL-EVENT-CONNECTED - Connection to\n"
       "10:06:ed:17:9b:6c completed [id=0 id_str=]\n"
       "[73862.800000] wpa_supplicant[595]: wlp58s0: CTRL-EVENT-DISCONNECTED\n"
       "bssid=10:06:ed:17:9b:6c reason=3 locally_generated=1\n"},
      {"esp-hexdump.log",
       "I (1688) wpa: BSS: Add new id 0 BSSID 3c:a0:67:80:99:a3\n"
       "D (1700) wpa: RSN: PMKID - hexdump(len=16):\n"
       "D (1700) wpa: f5 81 7c 6b b1 65 2a 12 cb 43 74 bc 35 ba 41 5d\n"
       "I (1710) wifi:wifi driver task: 3ffc08b4, prio:23, stack:6656, core=0\n"
       "I (90) wifi:state: init -> auth (b0)\n"},
      {"crlf-and-blank.log",
       "1317159147.145598: wlan0: Trying to associate with 00:24:97:aa:bb:01 (SSID='corp' "
       "freq=2412 MHz)\r\n\r\n\n"
       "1317159147.200000: RSN: PMKSA cache search - network_ctx=0x0 try_opportunistic=1\r\n"},
  };
  for (const Case& c : cases) {
    std::string path = dir + "/" + c.name;
    std::ofstream(path, std::ios::binary) << c.text;
    std::string serial = Output(path, 1, 0);
    for (size_t batch = 1; batch <= c.text.size() + 64; batch += 7) {
      EXPECT_EQ(Output(path, 2, batch), serial) << c.name << " with batches of " << batch;
      EXPECT_EQ(Output(path, 2, batch, LineReader::kDefaultMaxLineBytes, BodySplit::kConsumer),
                serial)
          << c.name << " with batches of " << batch << ", bodies classified by the consumer";
    }
    // A line cut by the reader's limit, then continued.
    EXPECT_EQ(Output(path, 2, 1, 40), Output(path, 1, 0, 40)) << c.name;
  }
}

// An exception in the model's thread (here from an event tap) reaches the
// caller as in a serial replay, and nothing hangs: the reading side is
// drained.
TEST(ParsePipelineTest, AnExceptionOnTheModelsThreadReachesTheCaller) {
  const std::string path = std::string(ROAMREPLAY_SOURCE_DIR) + "/logs/2011-okc-stale-pmkid.log";
  for (int threads : {1, 2}) {
    ReplayOptions options;
    options.threads = threads;
    options.pipeline_batch_bytes = 64;  // many batches still queued when it throws
    int events = 0;
    options.event_tap = [&](std::string_view, const Event&, const LineView&) {
      if (++events == 5) throw std::runtime_error("tap failed");
    };
    Report report;
    EXPECT_THROW(ReplayFile(path, options, &report), std::runtime_error) << threads;
    EXPECT_EQ(events, 5) << threads;
  }
}

// The views of every parsed line, read after the whole input was parsed
// (the parser has long moved on), equal those read right after each line:
// nothing points into the parser's state or a reused buffer.
TEST(ParsePipelineTest, ViewsStayValidAfterTheParserMovedOn) {
  std::string text;
  for (int i = 0; i < 50; ++i) {
    text += fmt::format("Aug 28 11:58:{:02} host wpa_supplicant[3536]: 17248607{:02}.1001{:02}: "
                        "wlan0: State: COMPLETED -> DISCONNECTED\n",
                        i % 60, i, i);
    text += fmt::format("Aug 28 11:58:{:02} host wpa_supplicant[3536]: EAPOL: SUPP_PAE entering "
                        "state CONNECTING {}\n",
                        i % 60, i);
  }
  auto fields = [](const LogicalLine& raw, const ParsedLine& p) {
    return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}\n", raw.number, raw.text, p.time_text,
                       p.time_us, p.ifname, p.body, p.why, static_cast<int>(p.kind), p.eras);
  };
  struct Serial : LineSink {
    std::function<std::string(const LogicalLine&, const ParsedLine&)> fields;
    LineParser parser;
    ParsedLine parsed;
    std::string out;
    void OnInput(const InputDetection& d) override { parser = LineParser(d.format, 0); }
    void OnLogicalLine(const LogicalLine& raw) override {
      parser.Parse(raw.text, &parsed);
      out += fields(raw, parsed);
    }
  } serial;
  serial.fields = fields;
  BatchQueue queue(1 << 20);  // never blocks: read everything afterwards
  ParseStage stage(&queue, 0, 1);
  for (LineSink* sink : {static_cast<LineSink*>(&serial), static_cast<LineSink*>(&stage)}) {
    InputFrontEnd front(FrontEndOptions(), sink);
    ForEachLineInBuffer(text, [&](const LineReader::Line& line) { front.Push(line); });
    front.Finish();
  }
  stage.Finish();
  std::string piped;
  BodyClassifier classifier;  // the consumer's half of the parse
  while (std::unique_ptr<ParsedBatch> batch = queue.Pop()) {
    ClassifyPending(batch.get(), &classifier);
    for (size_t i = 0; i < batch->count; ++i)
      piped += fields(batch->items[i].raw, batch->items[i].parsed);
  }
  // The EAPOL lines have no stamp of their own: they take the line before's.
  EXPECT_NE(serial.out.find("|1724860703.100103|1724860703100103||EAPOL: SUPP_PAE"), std::string::npos)
      << serial.out.substr(0, 600);
  EXPECT_EQ(piped, serial.out);
}

}  // namespace
}  // namespace roamreplay
