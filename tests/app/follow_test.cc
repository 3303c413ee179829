// replay --follow (lib/app/follow.h): a writer thread appends a real-shaped
// log at a controlled pace, rotates the file and truncates it, and every
// roam and per-event finding must arrive within 1 s of the line that decides
// it. Timing-sensitive: built into roamreplay_timing_tests (ctest label
// "timing"), which the sanitizer pass skips.

#include "app/follow.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "app/replay.h"

namespace roamreplay {
namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// What is decided, in order: "roam <start_line>" or "<kind> <line>".
struct Decision {
  std::string what;
  size_t deciding_line = 0;  // 1-based: the line after which it is known
};

std::string RoamKey(const RoamSummary& r) { return "roam " + std::to_string(r.start_line); }
std::string FindingKey(const Finding& f) { return f.kind + " " + std::to_string(f.line); }

// The line that decides each roam and per-event finding: replays line by
// line, flushing after each, and notes when each first appears.
std::vector<Decision> Decisions(const std::vector<std::string>& lines,
                                const ReplayOptions& options) {
  IncrementalReplay replay("offline", options);
  std::vector<Decision> out;
  size_t findings = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    replay.Push(lines[i]);
    replay.Flush();
    Report& r = replay.report();
    for (const RoamSummary& roam : r.roams) out.push_back({RoamKey(roam), i + 1});
    r.roams.clear();
    for (; findings < r.findings.size(); ++findings)
      if (!IsAggregateFinding(r.findings[findings].kind))
        out.push_back({FindingKey(r.findings[findings]), i + 1});
  }
  return out;
}

class Writer {
 public:
  explicit Writer(std::string path) : path_(std::move(path)) { Open("w"); }
  ~Writer() {
    if (file_) std::fclose(file_);
  }
  void Line(const std::string& text) {
    std::fputs(text.c_str(), file_);
    std::fputc('\n', file_);
    std::fflush(file_);
    written_.push_back(Clock::now());
  }
  // logrotate's "create" mode: rename, then a new file at the path.
  void Rotate() {
    std::fclose(file_);
    fs::rename(path_, path_ + ".1");
    Open("w");
  }
  // logrotate's "copytruncate" mode.
  void Truncate() {
    std::fflush(file_);
    ASSERT_EQ(ftruncate(fileno(file_), 0), 0);
    std::fseek(file_, 0, SEEK_SET);
  }
  Clock::time_point WrittenAt(size_t line) const { return written_.at(line - 1); }

 private:
  void Open(const char* mode) {
    file_ = std::fopen(path_.c_str(), mode);
    ASSERT_NE(file_, nullptr);
  }
  std::string path_;
  std::FILE* file_ = nullptr;
  std::vector<Clock::time_point> written_;
};

TEST(FollowTest, FindingsArriveWithinOneSecondAcrossRotationAndTruncation) {
  std::vector<std::string> lines =
      ReadLines(std::string(ROAMREPLAY_SOURCE_DIR) + "/logs/2011-okc-stale-pmkid.log");
  ASSERT_GT(lines.size(), 1000u);
  ReplayOptions options;
  options.input_format = InputFormat::kDashT;
  options.unwrap = UnwrapMode::kOff;
  std::vector<Decision> expected = Decisions(lines, options);
  size_t expected_findings = 0;
  for (const Decision& d : expected) expected_findings += d.what.rfind("roam", 0) != 0;
  ASSERT_GT(expected_findings, 0u);
  ASSERT_GT(expected.size(), expected_findings);

  fs::path dir = fs::temp_directory_path() / ("roamreplay-follow-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "wpa.log").string();

  std::mutex mu;
  std::vector<std::pair<std::string, Clock::time_point>> arrived;
  std::vector<std::string> notices;
  std::atomic<bool> stop{false};
  FollowCallbacks cb;
  cb.roam = [&](const Report&, size_t, const RoamSummary& r) {
    std::lock_guard<std::mutex> lock(mu);
    arrived.push_back({RoamKey(r), Clock::now()});
  };
  cb.finding = [&](const Report&, size_t, const Finding& f) {
    std::lock_guard<std::mutex> lock(mu);
    arrived.push_back({FindingKey(f), Clock::now()});
  };
  cb.notice = [&](const std::string& n) {
    std::lock_guard<std::mutex> lock(mu);
    notices.push_back(n);
  };
  cb.stop = [&] { return stop.load(); };

  Writer writer(path);
  Report report;
  Status status;
  std::thread follower([&] { status = FollowLog(path, options, cb, &report); });

  const size_t rotate_at = lines.size() / 3, truncate_at = 2 * lines.size() / 3;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i == rotate_at) writer.Rotate();
    if (i == truncate_at) {
      // Let the follower catch up (what it has not read is lost, as with
      // tail -F), truncate, and let it see the file shorter before refilling.
      std::this_thread::sleep_for(std::chrono::milliseconds(600));
      writer.Truncate();
      std::this_thread::sleep_for(std::chrono::milliseconds(600));
    }
    writer.Line(lines[i]);
    if (i % 4 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  stop = true;
  follower.join();
  ASSERT_TRUE(status.ok()) << status.message();

  std::lock_guard<std::mutex> lock(mu);
  size_t per_event = 0;
  for (const auto& a : arrived) per_event += !IsAggregateFinding(a.first.substr(0, a.first.find(' ')));
  // Per-event decisions all arrive, in order, before the end-of-input ones.
  ASSERT_GE(arrived.size(), expected.size());
  int64_t worst_ms = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_EQ(arrived[i].first, expected[i].what) << "decision " << i;
    auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(
        arrived[i].second - writer.WrittenAt(expected[i].deciding_line));
    EXPECT_LE(delay.count(), 1000) << expected[i].what << " decided by line "
                                   << expected[i].deciding_line;
    worst_ms = std::max<int64_t>(worst_ms, delay.count());
  }
  std::cout << expected.size() << " roams and per-event findings (" << expected_findings
            << " findings); worst delay " << worst_ms << " ms\n";
  EXPECT_EQ(per_event, expected.size());
  ASSERT_EQ(notices.size(), 2u);
  EXPECT_NE(notices[0].find("rotated"), std::string::npos) << notices[0];
  EXPECT_NE(notices[1].find("truncated"), std::string::npos) << notices[1];
  EXPECT_EQ(report.counts.lines, lines.size());
  EXPECT_TRUE(report.roams.empty());  // delivered roams are not kept
  fs::remove_all(dir);
}

TEST(FollowTest, PipeEndsTheFollowAndTheAggregatesCome) {
  std::vector<std::string> lines =
      ReadLines(std::string(ROAMREPLAY_SOURCE_DIR) + "/logs/2011-okc-postfix.log");
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  int saved_stdin = dup(STDIN_FILENO);
  ASSERT_EQ(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
  close(fds[0]);
  std::thread writer([&] {
    for (const std::string& line : lines) {
      std::string text = line + "\n";
      ASSERT_EQ(write(fds[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
    }
    close(fds[1]);
  });
  std::vector<std::string> kinds;
  size_t roams = 0;
  FollowCallbacks cb;
  cb.roam = [&](const Report&, size_t, const RoamSummary&) { ++roams; };
  cb.finding = [&](const Report&, size_t, const Finding& f) { kinds.push_back(f.kind); };
  Report report;
  ReplayOptions options;
  Status status = FollowLog("-", options, cb, &report);
  writer.join();
  dup2(saved_stdin, STDIN_FILENO);
  close(saved_stdin);
  ASSERT_TRUE(status.ok());

  Report whole;
  ASSERT_TRUE(ReplayFile(std::string(ROAMREPLAY_SOURCE_DIR) + "/logs/2011-okc-postfix.log",
                         options, &whole)
                  .ok());
  EXPECT_EQ(roams, whole.roams.size());
  EXPECT_EQ(kinds.size(), whole.findings.size());  // per-event ones, then the aggregates
  EXPECT_EQ(report.findings.size(), whole.findings.size());
}

}  // namespace
}  // namespace roamreplay
