#include "cli_common.h"

#include <unistd.h>

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

int ParseCommand(int argc, const char* const* argv, const po::options_description& visible,
                 const char* positional_name, std::vector<std::string>* inputs,
                 po::variables_map* vm, std::string* usage) {
  std::ostringstream help;
  help << visible;
  *usage = help.str();
  if (Status s = ParseArgs(argc, argv, visible, positional_name, inputs, vm); !s.ok())
    return UsageError(s.message(), *usage);
  if (vm->count("help")) {
    std::cout << *usage;
    return kExitClean;
  }
  return -1;
}

int UsageError(const std::string& message, const std::string& usage) {
  std::cerr << "roamreplay: " << message << "\n\n" << usage;
  return kExitUsage;
}

bool ResolveColor(const std::string& mode, bool* color) {
  if (mode == "always") *color = true;
  else if (mode == "never") *color = false;
  else if (mode == "auto") *color = isatty(STDOUT_FILENO) != 0;
  else return false;
  return true;
}

}  // namespace roamreplay::cli
