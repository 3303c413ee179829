#pragma once

// Progress on stderr for long inputs, only when stderr is a terminal (never
// in pipes or files). One input: "roamreplay: [#########.........] 45%
// 120/266 MiB", or "roamreplay: 120 MiB read" when the size is unknown
// (stdin, a pipe). Several inputs: "roamreplay: 3/12 files". Install() sets
// ReplayOptions::progress; Finish() erases the line (call it before writing
// to stdout); FileDone() counts a finished input.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <mutex>

#include "app/replay.h"

namespace roamreplay::cli {

class ProgressBar {
 public:
  /// Inputs smaller than this finish too fast for a bar to help.
  static constexpr uint64_t kMinBytes = 8u << 20;

  /// Sets `options->progress` when stderr is a terminal; `inputs` is the
  /// number of inputs about to be replayed.
  void Install(ReplayOptions* options, size_t inputs = 1) {
    if (isatty(STDERR_FILENO) == 0) return;
    inputs_ = inputs;
    if (inputs == 1)
      options->progress = [this](uint64_t done, uint64_t total) { Draw(done, total); };
  }

  void Finish() {
    std::lock_guard<std::mutex> lock(mu_);
    if (drawn_) std::fputs("\r\033[K", stderr);
    drawn_ = false;
  }

  /// One more input is done; with several inputs, shows the count.
  void FileDone() {
    std::lock_guard<std::mutex> lock(mu_);
    ++files_done_;
    if (inputs_ < 2 || files_done_ >= inputs_) return;
    std::fprintf(stderr, "\rroamreplay: %zu/%zu files\033[K", files_done_, inputs_);
    std::fflush(stderr);
    drawn_ = true;
  }

 private:
  void Draw(uint64_t done, uint64_t total) {
    std::lock_guard<std::mutex> lock(mu_);
    if (total == 0) {
      if (done < kMinBytes) return;
      std::fprintf(stderr, "\rroamreplay: %llu MiB read\033[K",
                   static_cast<unsigned long long>(done >> 20));
      std::fflush(stderr);
      drawn_ = true;
      return;
    }
    if (total < kMinBytes) return;
    if (done > total) done = total;
    constexpr int kWidth = 30;
    int filled = static_cast<int>(kWidth * done / total);
    char bar[kWidth + 1];
    for (int i = 0; i < kWidth; ++i) bar[i] = i < filled ? '#' : '.';
    bar[kWidth] = '\0';
    std::fprintf(stderr, "\rroamreplay: [%s] %3d%%  %llu/%llu MiB\033[K", bar,
                 static_cast<int>(100 * done / total),
                 static_cast<unsigned long long>(done >> 20),
                 static_cast<unsigned long long>(total >> 20));
    std::fflush(stderr);
    drawn_ = true;
  }

  std::mutex mu_;
  bool drawn_ = false;
  size_t inputs_ = 0;
  size_t files_done_ = 0;
};

}  // namespace roamreplay::cli
