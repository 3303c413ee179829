#pragma once

// Which files of a folder are traces, and the name each trace goes by when
// two runs are compared (`check --record`, `diff`). No printing.
//
// A folder stands for its regular files, recursively, sorted by path (as for
// `replay`), keeping only names that end in .log, .txt or .gz (so README.md,
// SOURCES.md, scripts and scenario files beside the traces are skipped). A
// file named directly is always a trace. The key of a trace found in a folder
// is its path below that folder ("sub/x.log"); of a file named directly, its
// base name.

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace roamreplay {

struct TraceFile {
  std::string path;  ///< As found: "logs/x.log".
  std::string key;   ///< "x.log", "sub/x.log".
};

/// True for names ending in .log, .txt or .gz.
bool LooksLikeTraceName(std::string_view name);

/// Expands `args` (files and folders) into traces, in order. A path that does
/// not exist gives a NotFound in `errors`; a folder that cannot be listed an
/// IoError (with the files listed before it).
void CollectTraceFiles(const std::vector<std::string>& args, std::vector<TraceFile>* out,
                       std::vector<Status>* errors);

}  // namespace roamreplay
