#pragma once

// The input options shared by `replay`, `coverage` and the others that read
// logs: --input-format, --year, --unwrap, --threads (see lib/parse/input_shape.h and lib/parse/unwrap.h).

#include <string>

#include "app/replay.h"
#include "cli_common.h"

namespace roamreplay::cli {

struct InputOptionValues {
  std::string input_format = "auto";
  int year = 0;
  std::string unwrap = "auto";
  int threads = 0;  ///< 0: two when the machine has two cores or more.
};

/// Adds the three options to `opts`, storing into `*values`.
void AddInputOptions(po::options_description* opts, InputOptionValues* values);

/// Checks the values and copies them into `*options`; a usage error names the
/// bad option.
Status ResolveInputOptions(const InputOptionValues& values, ReplayOptions* options);

}  // namespace roamreplay::cli
