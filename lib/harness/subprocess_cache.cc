#include "harness/subprocess_cache.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include "harness/protocol.h"

namespace roamreplay {
namespace {

constexpr size_t kMaxAnswerBytes = 16 << 20;
constexpr size_t kStderrTail = 2048;

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

void CloseFd(int* fd) {
  if (*fd >= 0) close(*fd);
  *fd = -1;
}

}  // namespace

SubprocessCache::SubprocessCache(std::string command, int timeout_ms)
    : command_(std::move(command)), timeout_ms_(timeout_ms) {}

SubprocessCache::~SubprocessCache() { Stop(); }

Status SubprocessCache::Start() {
  Stop();
  buffer_.clear();
  stderr_tail_.clear();
  exit_status_ = -1;
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    return Status::IoError(std::string("cannot create a socket pair: ") + std::strerror(errno));
  int ep[2];
  if (pipe2(ep, O_CLOEXEC) != 0) {
    close(sv[0]);
    close(sv[1]);
    return Status::IoError(std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  pid_t pid = fork();
  if (pid < 0) {
    int e = errno;
    close(sv[0]);
    close(sv[1]);
    close(ep[0]);
    close(ep[1]);
    return Status::IoError(std::string("cannot start the implementation: ") + std::strerror(e));
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    setpgid(0, 0);
    signal(SIGPIPE, SIG_DFL);
    dup2(sv[1], 0);
    dup2(sv[1], 1);
    dup2(ep[1], 2);
    execl("/bin/sh", "sh", "-c", command_.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  setpgid(pid, pid);  // also from the parent: no race with kill(-pid)
  close(sv[1]);
  close(ep[1]);
  pid_ = pid;
  io_fd_ = sv[0];
  err_fd_ = ep[0];
  fcntl(io_fd_, F_SETFL, fcntl(io_fd_, F_GETFL) | O_NONBLOCK);
  fcntl(err_fd_, F_SETFL, fcntl(err_fd_, F_GETFL) | O_NONBLOCK);
  return Status::Ok();
}

void SubprocessCache::Stop() {
  if (pid_ >= 0) {
    // Closing its stdin ends a well-behaved program; give it 200 ms.
    if (io_fd_ >= 0) shutdown(io_fd_, SHUT_WR);
    int status = 0;
    bool reaped = false;
    for (int i = 0; i < 20 && !reaped; ++i) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) reaped = true;
      else usleep(10'000);
    }
    kill(-pid_, SIGKILL);
    if (!reaped && waitpid(pid_, &status, 0) == pid_) reaped = true;
    if (reaped) exit_status_ = status;
    pid_ = -1;
  }
  DrainStderr();
  CloseFd(&io_fd_);
  CloseFd(&err_fd_);
}

void SubprocessCache::DrainStderr() {
  if (err_fd_ < 0) return;
  char buf[4096];
  for (;;) {
    ssize_t n = read(err_fd_, buf, sizeof buf);
    if (n <= 0) break;
    stderr_tail_.append(buf, static_cast<size_t>(n));
    if (stderr_tail_.size() > kStderrTail)
      stderr_tail_.erase(0, stderr_tail_.size() - kStderrTail);
  }
}

std::string SubprocessCache::ExitDescription() {
  if (pid_ < 0) return "it is not running";
  int status = 0;
  pid_t r = waitpid(pid_, &status, 0);
  if (r != pid_) return "it closed its output";
  exit_status_ = status;
  pid_t group = pid_;
  pid_ = -1;
  kill(-group, SIGKILL);  // whatever it left behind
  if (WIFEXITED(status)) return fmt::format("it exited with status {}", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return fmt::format("it was killed by signal {}", WTERMSIG(status));
  return "it ended";
}

Status SubprocessCache::Fault(const TraceStep& step, const std::string& what) {
  Stop();
  std::string message = fmt::format("step {} ({}{}): {}", step.index, StepTypeName(step.type),
                                    step.line.valid() ? fmt::format(", line {}", step.line.line)
                                                      : std::string(),
                                    what);
  std::string tail = stderr_tail_;
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.pop_back();
  if (!tail.empty()) {
    size_t last = tail.rfind('\n');
    message += "; its last stderr line: " + tail.substr(last == std::string::npos ? 0 : last + 1);
  }
  return Status::IoError(message);
}

Status SubprocessCache::Send(const std::string& line, const TraceStep& step) {
  std::string data = line + "\n";
  size_t off = 0;
  int64_t deadline = NowMs() + timeout_ms_;
  while (off < data.size()) {
    ssize_t n = send(io_fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
    if (n > 0) {
      off += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      int64_t left = deadline - NowMs();
      if (left <= 0)
        return Fault(step, fmt::format("it did not read its input within {} ms", timeout_ms_));
      pollfd p{io_fd_, POLLOUT, 0};
      poll(&p, 1, static_cast<int>(left));
      DrainStderr();
      continue;
    }
    return Fault(step, "it stopped reading its input (" + ExitDescription() + ")");
  }
  return Status::Ok();
}

Status SubprocessCache::Receive(const TraceStep& step, std::string* line) {
  int64_t deadline = NowMs() + timeout_ms_;
  for (;;) {
    size_t nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      *line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      if (!line->empty() && line->back() == '\r') line->pop_back();
      return Status::Ok();
    }
    if (buffer_.size() > kMaxAnswerBytes)
      return Fault(step, fmt::format("answer longer than {} bytes", kMaxAnswerBytes));
    int64_t left = deadline - NowMs();
    if (left <= 0)
      return Fault(step, fmt::format("no answer within {} ms (--sut-timeout)", timeout_ms_));
    pollfd p[2] = {{io_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
    int r = poll(p, err_fd_ >= 0 ? 2 : 1, static_cast<int>(left));
    if (r < 0 && errno != EINTR) return Fault(step, std::string("poll: ") + std::strerror(errno));
    if (err_fd_ >= 0 && (p[1].revents & (POLLIN | POLLHUP))) DrainStderr();
    if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    char buf[65536];
    ssize_t n = recv(io_fd_, buf, sizeof buf, 0);
    if (n > 0) {
      buffer_.append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) continue;
    DrainStderr();
    return Fault(step, "no answer: " + ExitDescription());
  }
}

Status SubprocessCache::Handle(const Trace& trace, const TraceStep& step, StepAnswer* answer) {
  *answer = StepAnswer();
  if (pid_ < 0) {
    if (Status s = Start(); !s.ok()) return s;
  }
  if (Status s = Send(EncodeRequest(trace, step), step); !s.ok()) return s;
  std::string line;
  if (Status s = Receive(step, &line); !s.ok()) return s;
  if (Status s = DecodeAnswer(step, line, answer); !s.ok()) {
    Stop();
    return Status::Corruption(s.message());
  }
  return Status::Ok();
}

}  // namespace roamreplay
