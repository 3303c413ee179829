#pragma once

// JUnit XML for `roamreplay check --junit FILE`, in the shape GitLab and
// Jenkins read: one <testsuite name="roamreplay.scenarios"> with one
// <testcase> per scenario; a failed scenario has a <failure> whose body is
// the expected-vs-actual diff, an invalid one an <error>, a pending one
// <skipped>. All text is XML-escaped; control characters are dropped.

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/check.h"

namespace roamreplay {

/// Escapes &, <, >, " and ' and drops characters XML 1.0 forbids.
std::string XmlEscape(std::string_view text);

void WriteJunitReport(const std::vector<ScenarioResult>& results, std::ostream& out);

}  // namespace roamreplay
