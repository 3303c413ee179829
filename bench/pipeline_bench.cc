// Throughput of the replay pipeline on a synthetic -dd -t log (synthetic_log.h):
//
//   BM_LineSplit          memchr line splitting of an in-memory buffer
//   BM_ParseClassify      + prefix split, event parsing, catalogue lookup
//                         (memo_hits_per_line: lines the parser's memo of
//                         non-event bodies answered, parse/line_memo.h)
//   BM_ParseClassifyNoMemo  the same with the memo off
//   BM_FullPipeline       ReplayBuffer (parse, model, rules) + JSON to a null stream
//   BM_FullPipelineFile   the same from a file (LineReader, page cache), JSON to /dev/null
//   BM_FullPipelineFile2Threads  the same with ReplayOptions::threads = 2 (wall time)
//   BM_GzipFile           the same file gzip-compressed (zlib inflate + pipeline)
//   BM_GzipFile2Threads   the same with two threads (inflate on the parsing thread)
//
// Counters: lines_per_s and bytes_per_second (MB/s in the console output);
// allocs_per_Mline: heap allocations (operator new) per million lines in
// one iteration of the full pipeline, measured by counting every operator
// new of this program.
// ROAMREPLAY_BENCH_LINES sets the log size (default 1000000 lines);
// ROAMREPLAY_BENCH_LOG=FILE benchmarks that file instead of a generated log
// (e.g. one built by bench/tile_corpus.py from real logs).
// Run on one core: taskset -c 0 build/bin/pipeline_bench.

#include <benchmark/benchmark.h>
#include <zlib.h>

#include <atomic>
#include <new>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <ostream>
#include <streambuf>
#include <string>
#include <unistd.h>

#include "app/replay.h"
#include "base/line_reader.h"
#include "parse/line_parser.h"
#include "report/writers.h"
#include "synthetic_log.h"

// Every heap allocation of the program, for allocs_per_Mline.
std::atomic<uint64_t> g_allocations{0};

void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace roamreplay::bench {
namespace {

uint64_t BenchLines() {
  const char* env = std::getenv("ROAMREPLAY_BENCH_LINES");
  return env != nullptr ? std::strtoull(env, nullptr, 10) : 1'000'000;
}

const std::string& Log() {
  static const std::string log = [] {
    if (const char* file = std::getenv("ROAMREPLAY_BENCH_LOG")) {
      std::ifstream in(file, std::ios::binary);
      if (!in) {
        std::fprintf(stderr, "pipeline_bench: cannot read %s\n", file);
        std::exit(3);
      }
      return std::string(std::istreambuf_iterator<char>(in), {});
    }
    GenOptions opt;
    opt.lines = BenchLines();
    opt.template_dir = ROAMREPLAY_SOURCE_DIR "/logs";
    std::string out;
    Status s = GenerateLogToString(opt, &out);
    if (!s.ok()) {
      std::fprintf(stderr, "pipeline_bench: %s\n", s.message().c_str());
      std::exit(3);
    }
    return out;
  }();
  return log;
}

// Writes the log (and a gzip copy) once to a temporary file; removed at exit.
const std::string& LogFile(bool gz) {
  static std::string plain, compressed;
  if (plain.empty()) {
    char dir[] = "/tmp/roamreplay_bench_XXXXXX";
    if (mkdtemp(dir) == nullptr) std::exit(3);
    plain = std::string(dir) + "/synthetic.log";
    compressed = plain + ".gz";
    std::ofstream(plain, std::ios::binary) << Log();
    gzFile f = gzopen(compressed.c_str(), "wb6");
    if (f == nullptr) std::exit(3);
    gzwrite(f, Log().data(), static_cast<unsigned>(Log().size()));
    gzclose(f);
    std::atexit([] {
      std::remove(plain.c_str());
      std::remove(compressed.c_str());
      std::remove(plain.substr(0, plain.rfind('/')).c_str());
    });
  }
  return gz ? compressed : plain;
}

class NullBuf : public std::streambuf {
 protected:
  int overflow(int c) override { return c; }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

void SetRates(benchmark::State& state, uint64_t lines, uint64_t bytes) {
  state.counters["lines_per_s"] =
      benchmark::Counter(static_cast<double>(lines), benchmark::Counter::kIsIterationInvariantRate);
  state.SetBytesProcessed(static_cast<int64_t>(bytes * state.iterations()));
}

uint64_t CountLines(const std::string& s) {
  uint64_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

void BM_LineSplit(benchmark::State& state) {
  const std::string& log = Log();
  uint64_t lines = 0;
  for (auto _ : state) {
    uint64_t n = 0, bytes = 0;
    ForEachLineInBuffer(log, [&](const LineReader::Line& line) {
      ++n;
      bytes += line.text.size();
    });
    benchmark::DoNotOptimize(bytes);
    lines = n;
  }
  SetRates(state, lines, log.size());
}
BENCHMARK(BM_LineSplit)->Unit(benchmark::kMillisecond);

void ParseClassify(benchmark::State& state, bool memoize) {
  const std::string& log = Log();
  uint64_t lines = 0, hits = 0;
  for (auto _ : state) {
    LineParser parser;
    parser.set_memoize(memoize);
    ParsedLine parsed;
    uint64_t n = 0, events = 0;
    ForEachLineInBuffer(log, [&](const LineReader::Line& line) {
      parser.Parse(line.text, &parsed);
      events += parsed.kind == LineKind::kEvent;
      ++n;
    });
    benchmark::DoNotOptimize(events);
    lines = n;
    hits = parser.memo_hits();
  }
  SetRates(state, lines, log.size());
  state.counters["memo_hits_per_line"] = lines ? static_cast<double>(hits) / lines : 0;
}
void BM_ParseClassify(benchmark::State& state) { ParseClassify(state, true); }
BENCHMARK(BM_ParseClassify)->Unit(benchmark::kMillisecond);
void BM_ParseClassifyNoMemo(benchmark::State& state) { ParseClassify(state, false); }
BENCHMARK(BM_ParseClassifyNoMemo)->Unit(benchmark::kMillisecond);

void BM_FullPipeline(benchmark::State& state) {
  const std::string& log = Log();
  NullBuf null_buf;
  std::ostream null_out(&null_buf);
  for (auto _ : state) {
    Report report;
    ReplayBuffer("synthetic", log, ReplayOptions(), &report);
    WriteJsonReport(report, false, null_out);
  }
  SetRates(state, CountLines(log), log.size());
}
BENCHMARK(BM_FullPipeline)->Unit(benchmark::kMillisecond);

void FileBench(benchmark::State& state, bool gz, int threads = 1) {
  const std::string& path = LogFile(gz);
  std::ofstream dev_null("/dev/null");
  uint64_t allocations = 0;
  ReplayOptions options;
  options.threads = threads;
  for (auto _ : state) {
    uint64_t before = g_allocations.load(std::memory_order_relaxed);
    Report report;
    Status s = ReplayFile(path, options, &report);
    if (!s.ok()) state.SkipWithError(s.message().c_str());
    WriteJsonReport(report, false, dev_null);
    allocations = g_allocations.load(std::memory_order_relaxed) - before;
  }
  uint64_t lines = CountLines(Log());
  SetRates(state, lines, Log().size());
  state.counters["allocs_per_Mline"] =
      benchmark::Counter(lines > 0 ? allocations * 1e6 / static_cast<double>(lines) : 0);
}

void BM_FullPipelineFile(benchmark::State& state) { FileBench(state, false); }
BENCHMARK(BM_FullPipelineFile)->Unit(benchmark::kMillisecond);

// --threads 2: read and parse on one thread, the rest on another
// (app/parse_pipeline.h); wall time, so UseRealTime.
void BM_FullPipelineFile2Threads(benchmark::State& state) { FileBench(state, false, 2); }
BENCHMARK(BM_FullPipelineFile2Threads)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_GzipFile(benchmark::State& state) { FileBench(state, true); }
BENCHMARK(BM_GzipFile)->Unit(benchmark::kMillisecond);

void BM_GzipFile2Threads(benchmark::State& state) { FileBench(state, true, 2); }
BENCHMARK(BM_GzipFile2Threads)->Unit(benchmark::kMillisecond)->UseRealTime();

// Decompression and line splitting alone, for the .gz target.
void BM_GzipLineSplit(benchmark::State& state) {
  const std::string& path = LogFile(true);
  for (auto _ : state) {
    LineReader reader;
    if (!LineReader::Open(path, &reader).ok()) state.SkipWithError("open failed");
    uint64_t n = 0;
    Status s = reader.ForEachLine([&](const LineReader::Line&) { ++n; });
    if (!s.ok()) state.SkipWithError(s.message().c_str());
    benchmark::DoNotOptimize(n);
  }
  SetRates(state, CountLines(Log()), Log().size());
}
BENCHMARK(BM_GzipLineSplit)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace roamreplay::bench

BENCHMARK_MAIN();
