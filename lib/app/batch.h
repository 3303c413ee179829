#pragma once

// Many inputs at once: directory expansion and parallel replay with results
// delivered in input order. No printing, no exiting, no exceptions.

#include <functional>
#include <string>
#include <vector>

#include "app/replay.h"
#include "base/status.h"
#include "report/report.h"

namespace roamreplay {

/// Expands command-line inputs into the list of logs to replay, in order: a
/// directory becomes its regular files (symlinks to files included,
/// subdirectories entered, directory symlinks not followed), sorted by their
/// path below the directory (byte order); anything else ("-", a file, a path
/// that does not exist) is kept as given so that replaying it reports the
/// error. A directory that cannot be listed yields an IoError in `errors`
/// and contributes the files listed before the error.
void ExpandInputs(const std::vector<std::string>& args, std::vector<std::string>* files,
                  std::vector<Status>* errors);

/// How directory members are chosen (`--include`).
struct ExpandOptions {
  /// fnmatch(3) patterns matched against a member's file name; when given,
  /// only matching members are taken (whatever their extension).
  std::vector<std::string> include;
};

/// A directory member that is not replayed, and why.
struct SkippedInput {
  std::string path;
  std::string reason;  ///< e.g. "not a log (.md file)", "no wpa_supplicant line"
};

/// The inputs to replay, from ExpandInputs below.
struct ExpandedInputs {
  std::vector<std::string> files;
  /// Parallel to `files`: true for members of a directory argument. A
  /// member in which nothing is recognised is skipped, not an error.
  std::vector<bool> from_directory;
  std::vector<SkippedInput> skipped;  ///< Members left out by name.
  std::vector<Status> errors;         ///< Unlistable or empty directories.
};

/// As above, and also: directory members with a known non-log extension
/// (.md, .json, .py, ...; see IsNonLogName) or not matching
/// `options.include` are left out and listed in `skipped`; a directory
/// with no regular file gives a NotFound error ("empty directory").
void ExpandInputs(const std::vector<std::string>& args, const ExpandOptions& options,
                  ExpandedInputs* out);

/// True for file names whose extension says they are not a log (README.md,
/// scenario .json, scripts, images, archives other than .gz); `*why` gets
/// "not a log (.ext file)".
bool IsNonLogName(const std::string& name, std::string* why);

/// The outcome of replaying one input.
struct BatchResult {
  Status status;  ///< ReplayFile's status (IoError when the input cannot be read).
  Report report;
};

/// Replays `files` on `jobs` threads (jobs <= 1: on the calling thread, no
/// thread started). `emit(index, result)` is called on the calling thread,
/// once per file, in input order, as soon as that file and all before it
/// are done; the result may be moved from. At most about 4 * jobs finished
/// reports wait in memory for an earlier, slower file.
void ReplayBatch(const std::vector<std::string>& files, const ReplayOptions& options, int jobs,
                 const std::function<void(size_t index, BatchResult& result)>& emit);

/// The number of hardware threads (at least 1): the default for --jobs.
int DefaultJobs();

}  // namespace roamreplay
