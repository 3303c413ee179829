#include "app/policy_inference.h"

#include <array>
#include <cstdio>
#include <vector>

#include <fmt/format.h>

namespace roamreplay {
namespace {

constexpr std::array<FlushPolicy, 3> kAll = {FlushPolicy::kPre2011, FlushPolicy::kC3fea272,
                                             FlushPolicy::kCurrent};

// Major.minor of "2.10", "0.8.x", "2.11-devel"; false if not numeric.
bool ParseVersion(const std::string& v, int* major, int* minor) {
  if (std::sscanf(v.c_str(), "%d.%d", major, minor) == 2) return true;
  if (std::sscanf(v.c_str(), "%d.", major) == 1) {
    *minor = -1;  // "0.8.x"
    return true;
  }
  return false;
}

}  // namespace

// Candidates shrink with each clue: the banner (0.x: before or after the fix,
// which was also backported to 0.7.3 by Ubuntu; 1.x and 2.0: c3fea272; 2.1+:
// current), the Replace text (the long one is 4033935d's), then the flushes
// actually seen at replacements. Among what remains the oldest era wins and
// the evidence says the others were not excluded.
std::optional<FlushPolicy> InferPolicy(const PolicyClues& clues, std::string* evidence) {
  std::array<bool, 3> possible = {true, true, true};
  std::vector<std::string> why;
  auto keep = [&](std::initializer_list<FlushPolicy> allowed, std::string reason) {
    std::array<bool, 3> next{};
    for (FlushPolicy p : allowed) next[static_cast<size_t>(p)] = possible[static_cast<size_t>(p)];
    if (next == std::array<bool, 3>{}) {
      why.push_back(reason + " (contradicts the other clues; ignored)");
      return;
    }
    possible = next;
    why.push_back(std::move(reason));
  };
  int major = 0, minor = 0;
  if (!clues.version.empty() && ParseVersion(clues.version, &major, &minor)) {
    std::string banner = "banner v" + clues.version;
    if (major == 0) keep({FlushPolicy::kPre2011, FlushPolicy::kC3fea272}, banner);
    else if (major == 1 || (major == 2 && minor == 0)) keep({FlushPolicy::kC3fea272}, banner);
    else keep({FlushPolicy::kCurrent}, banner);
  }
  if (clues.replace_narrow_texts > 0)
    keep({FlushPolicy::kCurrent}, "the 2.1+ text of 'Replace PMKSA entry'");
  else if (clues.replace_2011_texts > 0)
    keep({FlushPolicy::kPre2011, FlushPolicy::kC3fea272}, "the pre-2.1 text of 'Replace PMKSA entry'");
  const FlushEvidence& f = clues.flushes;
  if (f.replacements > 0) {
    std::vector<FlushPolicy> matching;
    for (FlushPolicy p : kAll)
      if (f.consistent[static_cast<size_t>(p)] == f.replacements) matching.push_back(p);
    std::string reason = fmt::format("flushes seen at {} PMK replacement(s)", f.replacements);
    if (matching.size() == 1) keep({matching[0]}, reason);
    else if (matching.size() == 2) keep({matching[0], matching[1]}, reason);
    else if (matching.empty()) why.push_back(reason + " match no era's rule");
  }
  if (why.empty()) {
    *evidence = "";
    return std::nullopt;
  }
  std::optional<FlushPolicy> chosen;
  std::vector<std::string> others;
  for (FlushPolicy p : kAll) {
    if (!possible[static_cast<size_t>(p)]) continue;
    if (!chosen) chosen = p;
    else others.push_back(std::string(FlushPolicyName(p)));
  }
  std::string text;
  for (size_t i = 0; i < why.size(); ++i) text += (i ? "; " : "") + why[i];
  if (!others.empty()) {
    text += "; not excluded:";
    for (const std::string& o : others) text += " " + o;
  }
  *evidence = text;
  return chosen;
}

}  // namespace roamreplay
