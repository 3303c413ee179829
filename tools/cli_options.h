#pragma once

// Command-line parsing: the only user of Boost.Program_options.

#include <string>
#include <vector>

#include "base/status.h"

namespace roamreplay {

enum class OutputFormat { kText, kJson, kJsonl };
enum class ColorMode { kAuto, kAlways, kNever };

struct CliOptions {
  std::string command;  ///< "replay"; empty with --help / --version.
  std::vector<std::string> inputs;
  OutputFormat format = OutputFormat::kText;
  ColorMode color = ColorMode::kAuto;
  bool help = false;
  bool version = false;
  std::string help_text;
};

/// Parses argv. A usage error is an InvalidArgument status with the message
/// to print (exit code 2).
Status ParseCommandLine(int argc, const char* const* argv, CliOptions* out);

}  // namespace roamreplay
