#include "interrupt.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <streambuf>

#include <unistd.h>

namespace roamreplay::cli {
namespace {

volatile std::sig_atomic_t g_signal = 0;

// std::cout's buffer when stdout is not a terminal: write(2) on fd 1, with
// the errno of the first failed write kept for the message.
class StdoutBuf : public std::streambuf {
 public:
  StdoutBuf() { setp(buf_, buf_ + sizeof(buf_)); }
  bool failed() const { return failed_; }
  int error() const { return error_; }

 protected:
  int sync() override { return Drain() ? 0 : -1; }
  int_type overflow(int_type c) override {
    if (!Drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }

 private:
  bool Drain() {
    const char* p = pbase();
    size_t n = static_cast<size_t>(pptr() - pbase());
    while (n > 0 && !failed_) {
      ssize_t w = ::write(STDOUT_FILENO, p, n);
      if (w < 0 && errno == EINTR) continue;  // a signal (no SA_RESTART)
      if (w <= 0) {
        failed_ = true;
        error_ = w < 0 ? errno : EIO;
        break;
      }
      p += w;
      n -= static_cast<size_t>(w);
    }
    setp(buf_, buf_ + sizeof(buf_));
    return !failed_;
  }
  char buf_[1 << 16];
  bool failed_ = false;
  int error_ = 0;
};

StdoutBuf* g_stdout = nullptr;

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

void InstallStdoutBuffer() {
  if (g_stdout != nullptr || isatty(STDOUT_FILENO) != 0) return;
  // Never destroyed: std::cout is flushed by ios_base::Init's destructor
  // after every function-local static is gone, and must still find its
  // buffer then (a static buffer crashed at exit under ASan).
  g_stdout = new StdoutBuf;
  std::cout.rdbuf(g_stdout);
}

bool FlushStdout() {
  std::cout.flush();
  bool failed = !std::cout;
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) failed = true;
  int err = errno;
  if (g_stdout != nullptr && g_stdout->failed()) {
    failed = true;
    err = g_stdout->error();
  }
  if (!failed) return true;
  if (err == EPIPE) {  // the reader went away (| head): end quietly, as grep
    std::signal(SIGPIPE, SIG_DFL);
    std::raise(SIGPIPE);
  }
  std::cerr << "roamreplay: write error on standard output"
            << (err != 0 ? std::string(": ") + std::strerror(err) : std::string()) << "\n";
  return false;
}

}  // namespace roamreplay::cli
