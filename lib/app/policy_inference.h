#pragma once

// Which hostap era's flush rule the log's supplicant follows (--policy auto).

#include <optional>
#include <string>

#include "model/flush_policy.h"
#include "model/interface_model.h"

namespace roamreplay {

struct PolicyClues {
  std::string version;          ///< "wpa_supplicant vX" banner text, may be empty.
  int replace_2011_texts = 0;   ///< "RSN: Replace PMKSA entry for the current AP"
  int replace_narrow_texts = 0; ///< "... based on the old PMK" (4033935d, 2.1+)
  FlushEvidence flushes;        ///< Observed flush behaviour at replacements.
};

/// Infers the policy from the clues; `*evidence` says what decided it.
/// Returns nullopt when nothing in the log tells.
std::optional<FlushPolicy> InferPolicy(const PolicyClues& clues, std::string* evidence);

}  // namespace roamreplay
