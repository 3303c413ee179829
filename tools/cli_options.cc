#include "cli_options.h"

#include <sstream>

#include <boost/program_options.hpp>

namespace roamreplay {
namespace po = boost::program_options;

namespace {

constexpr const char* kUsage =
    "Usage: roamreplay replay [options] LOG...\n"
    "\n"
    "Replays wpa_supplicant debug logs (-dd -t) through a reference PMKSA cache\n"
    "model and reports why roams fell back to full EAP.\n"
    "\n"
    "Commands:\n"
    "  replay LOG...   replay each log ('-' = stdin); text, JSON or JSON Lines\n"
    "\n"
    "Exit codes: 0 no findings, 1 findings, 2 usage error, 3 input or internal error.\n";

Status ParseFormat(const std::string& s, OutputFormat* out) {
  if (s == "text") *out = OutputFormat::kText;
  else if (s == "json") *out = OutputFormat::kJson;
  else if (s == "jsonl") *out = OutputFormat::kJsonl;
  else return Status::InvalidArgument("--format must be text, json or jsonl, not '" + s + "'");
  return Status::Ok();
}

Status ParseColor(const std::string& s, ColorMode* out) {
  if (s == "auto") *out = ColorMode::kAuto;
  else if (s == "always") *out = ColorMode::kAlways;
  else if (s == "never") *out = ColorMode::kNever;
  else return Status::InvalidArgument("--color must be auto, always or never, not '" + s + "'");
  return Status::Ok();
}

}  // namespace

Status ParseCommandLine(int argc, const char* const* argv, CliOptions* out) {
  std::string format = "text", color = "auto";
  po::options_description visible("Options");
  visible.add_options()
      ("help,h", "show this help")
      ("version", "show the version")
      ("format,f", po::value<std::string>(&format),
       "output: text (default), json (one object), jsonl (one object per line per input)")
      ("color", po::value<std::string>(&color), "colour in text output: auto, always, never");
  po::options_description hidden;
  hidden.add_options()
      ("command", po::value<std::string>(&out->command))
      ("inputs", po::value<std::vector<std::string>>(&out->inputs));
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("command", 1).add("inputs", -1);

  std::ostringstream help;
  help << kUsage << '\n' << visible;
  out->help_text = help.str();
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
    out->help = vm.count("help") > 0;
    out->version = vm.count("version") > 0;
  } catch (const po::error& e) {
    return Status::InvalidArgument(e.what());
  }
  if (out->help || out->version) return Status::Ok();
  if (out->command.empty()) return Status::InvalidArgument("no command given");
  if (out->command != "replay")
    return Status::InvalidArgument("unknown command '" + out->command + "'");
  if (out->inputs.empty()) return Status::InvalidArgument("replay needs at least one LOG");
  if (Status s = ParseFormat(format, &out->format); !s.ok()) return s;
  if (Status s = ParseColor(color, &out->color); !s.ok()) return s;
  if (out->format == OutputFormat::kJson && out->inputs.size() > 1)
    return Status::InvalidArgument("--format json takes one LOG; use --format jsonl for several");
  return Status::Ok();
}

}  // namespace roamreplay
