#pragma once

// A progress bar on stderr for long inputs, only when stderr is a terminal
// (never in pipes or files): "roamreplay: [#########.........] 45%  120/266 MiB".
// Install() sets ReplayOptions::progress; Finish() erases the bar.

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

  /// Sets `options->progress` when stderr is a terminal.
  void Install(ReplayOptions* options) {
    if (isatty(STDERR_FILENO) == 0) return;
    options->progress = [this](uint64_t done, uint64_t total) { Draw(done, total); };
  }

  void Finish() {
    std::lock_guard<std::mutex> lock(mu_);
    if (drawn_) std::fputs("\r\033[K", stderr);
    drawn_ = false;
  }

 private:
  void Draw(uint64_t done, uint64_t total) {
    if (total < kMinBytes) return;
    if (done > total) done = total;
    constexpr int kWidth = 30;
    int filled = static_cast<int>(kWidth * done / total);
    char bar[kWidth + 1];
    for (int i = 0; i < kWidth; ++i) bar[i] = i < filled ? '#' : '.';
    bar[kWidth] = '\0';
    std::lock_guard<std::mutex> lock(mu_);
    std::fprintf(stderr, "\rroamreplay: [%s] %3d%%  %llu/%llu MiB\033[K", bar,
                 static_cast<int>(100 * done / total),
                 static_cast<unsigned long long>(done >> 20),
                 static_cast<unsigned long long>(total >> 20));
    std::fflush(stderr);
    drawn_ = true;
  }

  std::mutex mu_;
  bool drawn_ = false;
};

}  // namespace roamreplay::cli
