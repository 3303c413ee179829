#include "cli_common.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <sstream>

namespace roamreplay::cli {

Status ParseArgs(int argc, const char* const* argv, const po::options_description& visible,
                 const char* positional_name, std::vector<std::string>* inputs,
                 po::variables_map* vm) {
  po::options_description hidden;
  hidden.add_options()(positional_name, po::value<std::vector<std::string>>(inputs));
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add(positional_name, -1);
  try {
    po::store(po::command_line_parser(argc, argv)
                  .options(all)
                  .positional(positional)
                  .run(),
              *vm);
    po::notify(*vm);
  } catch (const po::error& e) {
    return Status::InvalidArgument(e.what());
  }
  return Status::Ok();
}

void AddCommonOptions(po::options_description* opts) {
  opts->add_options()
      ("help,h", "show this help")
      ("version,V", "print the version and exit");
}

int ParseCommand(int argc, const char* const* argv, const po::options_description& visible,
                 const char* positional_name, std::vector<std::string>* inputs,
                 po::variables_map* vm, std::string* usage) {
  *usage = argv[0];
  if (Status s = ParseArgs(argc, argv, visible, positional_name, inputs, vm); !s.ok())
    return UsageError(s.message(), *usage);
  if (vm->count("help")) {
    std::cout << visible;
    return kExitClean;
  }
  if (vm->count("version")) {
    std::cout << "roamreplay " ROAMREPLAY_VERSION "\n";
    return kExitClean;
  }
  return -1;
}

int UsageError(const std::string& message, const std::string& command) {
  std::cerr << "roamreplay: " << message << "\ntry 'roamreplay " << command << " --help'\n";
  return kExitUsage;
}

int ReportExpansion(const ExpandedInputs& expanded) {
  for (const SkippedInput& s : expanded.skipped)
    std::cerr << "roamreplay: skipped " << s.path << ": " << s.reason << "\n";
  for (const Status& s : expanded.errors) std::cerr << "roamreplay: " << s.message() << "\n";
  return expanded.errors.empty() ? kExitClean : kExitError;
}

bool AcceptResult(const BatchResult& result, bool from_directory) {
  if (!result.status.ok()) {
    // Lines read before a read error (or trailing gzip data) still count;
    // the caller reports the error after them.
    if (result.report.counts.lines > 0) return true;
    std::cerr << "roamreplay: " << result.status.message() << "\n";
    return false;
  }
  if (!NothingRecognised(result.report)) return true;
  if (from_directory)
    std::cerr << "roamreplay: skipped " << result.report.input << ": no wpa_supplicant line\n";
  else
    std::cerr << "roamreplay: " << NothingRecognisedMessage(result.report) << "\n";
  return false;
}

int CannotWrite(const std::string& path, int error) {
  std::cerr << "roamreplay: " << path << ": cannot write";
  if (error != 0) std::cerr << ": " << std::strerror(error);
  std::cerr << "\n";
  return kExitError;
}

size_t TerminalWidth() {
  if (isatty(STDOUT_FILENO) == 0) return 0;
  winsize size{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS")) {
    long n = std::strtol(columns, nullptr, 10);
    if (n > 0 && n < 10000) return static_cast<size_t>(n);
  }
  return 80;
}

bool ColorDisabledByEnvironment() {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return true;
  const char* term = std::getenv("TERM");
  return term != nullptr && std::string_view(term) == "dumb";
}

bool ResolveColor(const std::string& mode, bool* color) {
  if (mode == "always") *color = true;
  else if (mode == "never") *color = false;
  else if (mode == "auto") *color = isatty(STDOUT_FILENO) != 0 && !ColorDisabledByEnvironment();
  else return false;
  return true;
}

}  // namespace roamreplay::cli
