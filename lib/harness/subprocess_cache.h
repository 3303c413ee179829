#pragma once

// An implementation under test run as a program: `/bin/sh -c COMMAND`
// (the command comes from the user's command line, never from a log),
// spoken to in the JSON-lines protocol (protocol.h) over its stdin and
// stdout. Every answer must arrive within the timeout; a program that
// exits, hangs or answers garbage is a fault naming the step. Its stderr is
// collected (the last 2 KiB) for the fault message. The program runs in a
// process group of its own, killed when the session ends.

#include <string>
#include <sys/types.h>

#include "harness/cache_under_test.h"

namespace roamreplay {

class SubprocessCache : public CacheUnderTest {
 public:
  SubprocessCache(std::string command, int timeout_ms);
  ~SubprocessCache() override;
  SubprocessCache(const SubprocessCache&) = delete;
  SubprocessCache& operator=(const SubprocessCache&) = delete;

  /// Starts the program; an error if it cannot be started.
  Status Start();
  /// Sends the step and reads the answer. After a fault the program is
  /// stopped; Start() may run a fresh one.
  Status Handle(const Trace& trace, const TraceStep& step, StepAnswer* answer) override;
  /// Closes its stdin, gives it a moment to exit, then kills the group.
  void Stop();

  /// The last bytes the program wrote on stderr (control bytes kept).
  const std::string& stderr_tail() const { return stderr_tail_; }

 private:
  Status Send(const std::string& line, const TraceStep& step);
  Status Receive(const TraceStep& step, std::string* line);
  Status Fault(const TraceStep& step, const std::string& what);
  void DrainStderr();
  std::string ExitDescription();

  std::string command_;
  int timeout_ms_;
  pid_t pid_ = -1;
  int io_fd_ = -1;   // our end of the socket pair (its stdin and stdout)
  int err_fd_ = -1;  // read end of its stderr pipe
  std::string buffer_;  // bytes read past the last answer line
  std::string stderr_tail_;
  int exit_status_ = -1;
};

}  // namespace roamreplay
