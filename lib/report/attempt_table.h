#pragma once

// The per-attempt table: for every connection attempt its time, trigger,
// from -> to, AKM/authentication algorithm, method, outcome (failure phase
// and code name), fast path (expected / used / why not) and total time. One
// row model, three renderings (text, Markdown, HTML).

#include <ostream>
#include <string>
#include <vector>

#include "report/report.h"

namespace roamreplay {

std::vector<std::string> AttemptTableHeader();
/// One row per element of report.roams, in order.
std::vector<std::vector<std::string>> AttemptTableRows(const Report& report);

void WriteAttemptTableText(const Report& report, std::ostream& out);
void WriteAttemptTableMarkdown(const Report& report, std::ostream& out);
void WriteAttemptTableHtml(const Report& report, std::ostream& out);

}  // namespace roamreplay
