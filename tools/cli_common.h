#pragma once

// Shared pieces of the CLI: exit codes, the command table, and a wrapper
// that runs a Boost.Program_options parse and turns its exceptions into a
// usage error. Only tools/ includes Boost.

#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "app/batch.h"
#include "base/status.h"

namespace roamreplay::cli {

namespace po = boost::program_options;

inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitError = 3;

/// One subcommand. `run` gets argv with argv[0] = the command name.
struct Command {
  const char* name;
  const char* summary;
  int (*run)(int argc, const char* const* argv);
};

/// All commands, for dispatch and the top-level help.
const std::vector<Command>& Commands();

/// Parses `argv` (argv[0] = command name) with `visible` options and the
/// positional `inputs` into `*inputs`. Returns a usage error on bad options.
Status ParseArgs(int argc, const char* const* argv, const po::options_description& visible,
                 const char* positional_name, std::vector<std::string>* inputs,
                 po::variables_map* vm);

/// Adds --help/-h and --version/-V, which every command takes.
void AddCommonOptions(po::options_description* opts);

/// The common start of every command: parses `argv` like ParseArgs, sets
/// `*usage` to the command's name (argv[0]) for UsageError, prints the help
/// (--help, to stdout), the version (--version) or a usage error (to
/// stderr). Returns the exit code to stop with, or -1 when the command goes on.
int ParseCommand(int argc, const char* const* argv, const po::options_description& visible,
                 const char* positional_name, std::vector<std::string>* inputs,
                 po::variables_map* vm, std::string* usage);

/// Prints "roamreplay: <message>" and "try 'roamreplay COMMAND --help'" to
/// stderr (two lines, not the whole help); returns kExitUsage.
int UsageError(const std::string& message, const std::string& command);

/// Prints "roamreplay: PATH: cannot write: <strerror(error)>" (without the
/// reason when `error` is 0); returns kExitError.
int CannotWrite(const std::string& path, int error);

/// Prints the skipped directory members ("roamreplay: skipped PATH: REASON")
/// and the expansion errors to stderr; returns kExitError if there were
/// errors, else kExitClean.
int ReportExpansion(const ExpandedInputs& expanded);

/// Whether a replayed input goes on to the output: also one whose read
/// failed after some lines (the caller reports that error after them).
/// Prints why not to stderr: the read error when nothing was read; or, when
/// nothing was recognised, an error for an
/// input given by name and "skipped PATH: no wpa_supplicant line" for a
/// directory member (which does not change the exit code).
bool AcceptResult(const BatchResult& result, bool from_directory);

/// NO_COLOR set and non-empty (https://no-color.org), or TERM=dumb.
bool ColorDisabledByEnvironment();

/// The width of the terminal on stdout (TIOCGWINSZ, else $COLUMNS, else
/// 80), or 0 when stdout is not a terminal: text is never cut in pipes.
size_t TerminalWidth();

/// Whether to colour stdout for --color auto|always|never (auto: a terminal,
/// and neither NO_COLOR nor TERM=dumb); false on a bad value.
bool ResolveColor(const std::string& mode, bool* color);

}  // namespace roamreplay::cli
