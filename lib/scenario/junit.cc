#include "scenario/junit.h"

#include <sstream>

#include <fmt/format.h>

namespace roamreplay {

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r') break;
        out += c;
    }
  }
  return out;
}

void WriteJunitReport(const std::vector<ScenarioResult>& results, std::ostream& out) {
  size_t failures = 0, errors = 0, skipped = 0;
  for (const ScenarioResult& r : results) {
    failures += r.status == CheckStatus::kFail;
    errors += r.status == CheckStatus::kError;
    skipped += r.status == CheckStatus::kSkipped;
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
                     results.size(), failures, errors, skipped);
  out << fmt::format(
      "  <testsuite name=\"roamreplay.scenarios\" tests=\"{}\" failures=\"{}\" errors=\"{}\" "
      "skipped=\"{}\">\n",
      results.size(), failures, errors, skipped);
  for (const ScenarioResult& r : results) {
    out << fmt::format("    <testcase classname=\"scenarios\" name=\"{}\" file=\"{}\">",
                       XmlEscape(r.name.empty() ? r.path : r.name), XmlEscape(r.path));
    if (r.status == CheckStatus::kPass) {
      out << "</testcase>\n";
      continue;
    }
    out << "\n";
    if (r.status == CheckStatus::kSkipped) {
      out << fmt::format("      <skipped message=\"{}\"/>\n", XmlEscape(r.message));
    } else if (r.status == CheckStatus::kError) {
      out << fmt::format("      <error message=\"{}\"/>\n", XmlEscape(r.message));
    } else {
      std::ostringstream diff;
      WriteCheckText({r}, diff);
      size_t failed = 0;
      for (const ExpectationResult& e : r.expectations) failed += !e.ok;
      out << fmt::format("      <failure message=\"{} of {} expectations not met\">{}</failure>\n",
                         failed, r.expectations.size(), XmlEscape(diff.str()));
    }
    out << "    </testcase>\n";
  }
  out << "  </testsuite>\n</testsuites>\n";
}

}  // namespace roamreplay
