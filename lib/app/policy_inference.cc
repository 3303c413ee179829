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

// Candidates shrink with each clue, the strongest first: the flushes
// actually seen at replacements (what the code did), the spelling of the
// Replace line (what code was compiled: the long text is 4033935d's), then
// the banner's version number (0.x: before or after the fix, which Ubuntu
// also backported to 0.7.3; 1.x and 2.0: c3fea272; 2.1+: current). A weaker
// clue that contradicts stronger ones is reported and ignored: distributions
// backported 4033935d to v2.0. Among what remains the oldest era wins and the
// evidence says the others were not excluded.
std::optional<FlushPolicy> InferPolicy(const PolicyClues& clues, std::string* evidence) {
  std::array<bool, 3> possible = {true, true, true};
  // Reasons are reported banner, text, flushes, whatever order decided.
  enum Slot { kBanner, kText, kFlushes, kSlots };
  std::array<std::string, kSlots> why;
  auto keep = [&](Slot slot, std::initializer_list<FlushPolicy> allowed, std::string reason,
                  const char* contradiction) {
    std::array<bool, 3> next{};
    for (FlushPolicy p : allowed) next[static_cast<size_t>(p)] = possible[static_cast<size_t>(p)];
    if (next == std::array<bool, 3>{}) {
      why[slot] = reason + " (" + contradiction + ")";
      return;
    }
    possible = next;
    why[slot] = std::move(reason);
  };
  const FlushEvidence& f = clues.flushes;
  if (f.replacements > 0) {
    std::vector<FlushPolicy> matching;
    for (FlushPolicy p : kAll)
      if (f.consistent[static_cast<size_t>(p)] == f.replacements) matching.push_back(p);
    std::string reason = fmt::format("flushes seen at {} PMK replacement(s)", f.replacements);
    if (matching.size() == 1) keep(kFlushes, {matching[0]}, reason, "");
    else if (matching.size() == 2) keep(kFlushes, {matching[0], matching[1]}, reason, "");
    else if (matching.empty()) why[kFlushes] = reason + " match no era's rule";
  }
  if (clues.replace_narrow_texts > 0)
    keep(kText, {FlushPolicy::kCurrent}, "the 4033935d text of 'Replace PMKSA entry'",
         "contradicts the flushes seen; ignored");
  else if (clues.replace_2011_texts > 0)
    keep(kText, {FlushPolicy::kPre2011, FlushPolicy::kC3fea272},
         "the pre-4033935d text of 'Replace PMKSA entry'", "contradicts the flushes seen; ignored");
  int major = 0, minor = 0;
  if (!clues.version.empty() && ParseVersion(clues.version, &major, &minor)) {
    std::string banner = "banner v" + clues.version;
    const char* backport = "its release predates or postdates what the log's texts and flushes "
                           "show: a backport; ignored";
    if (major == 0) keep(kBanner, {FlushPolicy::kPre2011, FlushPolicy::kC3fea272}, banner, backport);
    else if (major == 1 || (major == 2 && minor == 0))
      keep(kBanner, {FlushPolicy::kC3fea272}, banner, backport);
    else keep(kBanner, {FlushPolicy::kCurrent}, banner, backport);
  }
  std::vector<std::string> reasons;
  for (std::string& w : why)
    if (!w.empty()) reasons.push_back(std::move(w));
  if (reasons.empty()) {
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
  for (size_t i = 0; i < reasons.size(); ++i) text += (i ? "; " : "") + reasons[i];
  if (!others.empty()) {
    text += "; not excluded:";
    for (const std::string& o : others) text += " " + o;
  }
  *evidence = text;
  return chosen;
}

}  // namespace roamreplay
