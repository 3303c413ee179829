// roamreplay: dispatches to one subcommand (tools/cmd_*.cc). Exit codes:
// 0 clean, 1 findings, 2 usage, 3 input or internal error.

#include <csignal>
#include <cstring>
#include <exception>
#include <iostream>

#include "cli_common.h"
#include "interrupt.h"

namespace roamreplay::cli {

int RunReplay(int argc, const char* const* argv);
int RunReport(int argc, const char* const* argv);
int RunCoverage(int argc, const char* const* argv);
int RunStats(int argc, const char* const* argv);
int RunSynth(int argc, const char* const* argv);
int RunCheck(int argc, const char* const* argv);
int RunCache(int argc, const char* const* argv);
int RunDiff(int argc, const char* const* argv);

const std::vector<Command>& Commands() {
  static const std::vector<Command> commands = {
      {"replay", "replay logs through the PMKSA model; text, JSON or JSON Lines", RunReplay},
      {"cache", "the PMKSA cache the log implies at a line or time, beside the reference cache",
       RunCache},
      {"report", "one-page triage report (HTML or Markdown), keys redacted", RunReport},
      {"stats", "aggregate many traces per AP and per ESS: roams, OKC, stale offers, times",
       RunStats},
      {"coverage", "per LOG: lines understood, share of unknown supplicant lines, top unknown "
                   "shapes", RunCoverage},
      {"synth", "write the log a scenario's roam script produces (2011 or 2.x texts)", RunSynth},
      {"check", "run scenario files and folders against their expectations; JUnit XML",
       RunCheck},
      {"diff", "compare two runs over stored traces: findings, roam methods, rates; JUnit",
       RunDiff},
  };
  return commands;
}

namespace {

void PrintHelp(std::ostream& out) {
  out << "Usage: roamreplay COMMAND [options] ...\n\n"
         "Replays wpa_supplicant debug logs through a reference PMKSA cache model and\n"
         "reports why roams fell back to full EAP.\n\nCommands:\n";
  for (const Command& c : Commands()) out << "  " << c.name << std::string(10 - std::strlen(c.name), ' ') << c.summary << "\n";
  out << "\n'roamreplay COMMAND --help' shows a command's options.\n"
         "Exit codes: 0 no findings, 1 findings, 2 usage error, 3 input or internal error.\n";
}

int Main(int argc, const char* const* argv) {
  if (argc < 2) {
    std::cerr << "roamreplay: no command given\n\n";
    PrintHelp(std::cerr);
    return kExitUsage;
  }
  std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") return PrintHelp(std::cout), kExitClean;
  if (name == "--version") return std::cout << "roamreplay " ROAMREPLAY_VERSION "\n", kExitClean;
  for (const Command& c : Commands())
    if (name == c.name) return c.run(argc - 1, argv + 1);
  std::cerr << "roamreplay: unknown command '" << name << "'\n\n";
  PrintHelp(std::cerr);
  return kExitUsage;
}

}  // namespace
}  // namespace roamreplay::cli

int main(int argc, char** argv) {
  // A closed pipe ends the program quietly, even when the parent ignored SIGPIPE.
  std::signal(SIGPIPE, SIG_DFL);
  int rc;
  try {
    rc = roamreplay::cli::Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "roamreplay: internal error: " << e.what() << "\n";
    rc = roamreplay::cli::kExitError;
  }
  // Every command's output is checked here: a write error exits 3.
  if (!roamreplay::cli::FlushStdout()) rc = roamreplay::cli::kExitError;
  return rc;
}
