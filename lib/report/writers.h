#pragma once

#include <ostream>

#include "report/report.h"

namespace roamreplay {

struct TextStyle {
  bool color = false;  ///< ANSI colours (the CLI decides: tty, --color).
};

/// Human-readable replay: counts, era, a timeline of connections and roams,
/// then each finding with its evidence lines.
void WriteTextReport(const Report& report, const TextStyle& style, std::ostream& out);

/// The JSON contract (README "JSON output"). `pretty` indents; otherwise one
/// line (JSON Lines).
void WriteJsonReport(const Report& report, bool pretty, std::ostream& out);

}  // namespace roamreplay
