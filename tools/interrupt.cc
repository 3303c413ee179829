#include "interrupt.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

namespace roamreplay::cli {
namespace {

volatile std::sig_atomic_t g_signal = 0;

extern "C" void OnInterrupt(int sig) {
  if (g_signal != 0) {  // second signal: stop now
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  g_signal = sig;
}

}  // namespace

const volatile std::sig_atomic_t* InstallInterruptHandlers() {
  struct sigaction sa {};
  sa.sa_handler = OnInterrupt;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a blocking read returns EINTR
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  return &g_signal;
}

int InterruptSignal() { return g_signal; }

int InterruptedExit(int code) { return g_signal != 0 ? 128 + g_signal : code; }

bool FlushStdout() {
  std::cout.flush();
  bool failed = !std::cout;
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) failed = true;
  if (!failed) return true;
  int err = errno;
  if (err == EPIPE) {  // the reader went away (| head): end quietly, as grep
    std::signal(SIGPIPE, SIG_DFL);
    std::raise(SIGPIPE);
  }
  std::cerr << "roamreplay: write error on standard output"
            << (err != 0 ? std::string(": ") + std::strerror(err) : std::string()) << "\n";
  return false;
}

}  // namespace roamreplay::cli
