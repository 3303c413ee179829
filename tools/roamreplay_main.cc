// roamreplay: dispatches to one subcommand (tools/cmd_*.cc). Exit codes:
// 0 clean, 1 findings, 2 usage, 3 input or internal error.

#include <algorithm>
#include <csignal>
#include <cstring>
#include <exception>
#include <iostream>
#include <string_view>
#include <vector>

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
int RunDrive(int argc, const char* const* argv);

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
      {"drive", "drive another PMKSA cache implementation through logs' steps and report where "
                "it decides differently from the reference", RunDrive},
  };
  return commands;
}

namespace {

void PrintHelp(std::ostream& out) {
  out << "Usage: roamreplay COMMAND [options] ...\n\n"
         "Replays wpa_supplicant debug logs through a reference PMKSA cache model and\n"
         "reports why roams fell back to full EAP.\n\nCommands:\n";
  for (const Command& c : Commands()) out << "  " << c.name << std::string(10 - std::strlen(c.name), ' ') << c.summary << "\n";
  out << "\n'roamreplay COMMAND --help' (or 'roamreplay help COMMAND') shows a command's "
         "options;\n'roamreplay --version' (-V, also after a command) prints the version.\n"
         "Exit codes: 0 no findings, 1 findings, 2 usage error, 3 input or internal error.\n";
}

// Levenshtein distance, for "did you mean".
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

// The command `name` was probably meant to be, or nullptr.
const Command* Closest(std::string_view name) {
  const Command* best = nullptr;
  size_t best_distance = 3;  // at most two edits
  for (const Command& c : Commands()) {
    size_t d = EditDistance(name, c.name);
    if (d < best_distance) best = &c, best_distance = d;
  }
  return best;
}

int Main(int argc, const char* const* argv) {
  if (argc < 2) {
    std::cerr << "roamreplay: no command given\ntry 'roamreplay --help'\n";
    return kExitUsage;
  }
  std::string_view name = argv[1];
  if (name == "help" && argc >= 3) {
    // "roamreplay help replay" = "roamreplay replay --help".
    for (const Command& c : Commands()) {
      if (argv[2] == std::string_view(c.name)) {
        const char* args[] = {c.name, "--help"};
        return c.run(2, args);
      }
    }
    std::cerr << "roamreplay: unknown command '" << argv[2] << "'\ntry 'roamreplay --help'\n";
    return kExitUsage;
  }
  if (name == "--help" || name == "-h" || name == "help") return PrintHelp(std::cout), kExitClean;
  if (name == "--version" || name == "-V")
    return std::cout << "roamreplay " ROAMREPLAY_VERSION "\n", kExitClean;
  for (const Command& c : Commands()) {
    if (name != c.name) continue;
    // The commands that read logs print what they decided when interrupted:
    // catch the signal from the start, not only once the reading begins.
    for (const char* reads : {"replay", "cache", "report", "stats", "coverage"})
      if (name == reads) (void)InstallInterruptHandlers();
    return c.run(argc - 1, argv + 1);
  }
  if (!name.empty() && name[0] == '-') {
    std::cerr << "roamreplay: unknown option '" << name
              << "' (options come after the command)\ntry 'roamreplay --help'\n";
    return kExitUsage;
  }
  std::cerr << "roamreplay: unknown command '" << name << "'";
  if (const Command* c = Closest(name)) std::cerr << "; did you mean '" << c->name << "'?";
  std::cerr << "\ntry 'roamreplay --help'\n";
  return kExitUsage;
}

}  // namespace
}  // namespace roamreplay::cli

int main(int argc, char** argv) {
  // A closed pipe ends the program quietly, even when the parent ignored SIGPIPE.
  std::signal(SIGPIPE, SIG_DFL);
  roamreplay::cli::InstallStdoutBuffer();
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
