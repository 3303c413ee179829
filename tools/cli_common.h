#pragma once

// Shared pieces of the CLI: exit codes, the command table, and a wrapper
// that runs a Boost.Program_options parse and turns its exceptions into a
// usage error. Only tools/ includes Boost.

#include <boost/program_options.hpp>
#include <string>
#include <vector>

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

/// The common start of every command: parses `argv` like ParseArgs, fills
/// `*usage` with the option help, prints the help (--help, to stdout) or a
/// usage error (to stderr). Returns the exit code to stop with, or -1 when
/// the command goes on.
int ParseCommand(int argc, const char* const* argv, const po::options_description& visible,
                 const char* positional_name, std::vector<std::string>* inputs,
                 po::variables_map* vm, std::string* usage);

/// Prints "roamreplay: <message>" and the command's usage to stderr;
/// returns kExitUsage.
int UsageError(const std::string& message, const std::string& usage);

/// Whether to colour stdout for --color auto|always|never; false on a bad value.
bool ResolveColor(const std::string& mode, bool* color);

}  // namespace roamreplay::cli
