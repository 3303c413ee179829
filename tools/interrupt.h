#pragma once

// SIGINT/SIGTERM while reading: the commands stop reading, print what is
// decided so far (marked interrupted) and exit 128 + the signal (130, 143).
// A second signal ends the program at once. Also the checks on standard
// output: a write error exits 3 with a message; a closed pipe (EPIPE) ends
// the program quietly (SIGPIPE, as grep).

#include <csignal>

namespace roamreplay::cli {

/// Installs the handlers (without SA_RESTART, so that a blocking read of
/// stdin returns) and returns the flag they set: 0, or the signal number.
const volatile std::sig_atomic_t* InstallInterruptHandlers();

/// The signal that interrupted the run, 0 if none.
int InterruptSignal();

/// The exit code for a run that ended with `code`: 128 + the signal when
/// interrupted, else `code`.
int InterruptedExit(int code);

/// Makes std::cout write to fd 1 through a buffer that remembers why a
/// write failed (stdio loses errno), when stdout is not a terminal (on a
/// terminal, stdio's line buffering stays). Call once, before any output.
void InstallStdoutBuffer();

/// Flushes stdout and reports a write error ("roamreplay: write error on
/// standard output: ...") on stderr; returns false then. EPIPE ends the
/// program quietly (killed by SIGPIPE).
bool FlushStdout();

}  // namespace roamreplay::cli
