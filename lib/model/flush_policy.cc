#include "model/flush_policy.h"

namespace roamreplay {

std::string_view FlushPolicyName(FlushPolicy policy) {
  switch (policy) {
    case FlushPolicy::kPre2011:
      return "pre-2011";
    case FlushPolicy::kC3fea272:
      return "c3fea272";
    case FlushPolicy::kCurrent:
      return "current";
  }
  return "?";
}

bool ParseFlushPolicy(std::string_view name, FlushPolicy* out) {
  for (FlushPolicy p : {FlushPolicy::kPre2011, FlushPolicy::kC3fea272, FlushPolicy::kCurrent}) {
    if (FlushPolicyName(p) == name) {
      *out = p;
      return true;
    }
  }
  return false;
}

std::vector<MacAddress> SupplicantFlushOnReplace(FlushPolicy policy, const PmksaCache& cache,
                                                 const PmksaEntry& replaced) {
  std::vector<MacAddress> out;
  for (const PmksaEntry& e : cache.entries()) {
    if (e.network != replaced.network) continue;
    switch (policy) {
      case FlushPolicy::kPre2011:
        break;
      case FlushPolicy::kC3fea272:
        out.push_back(e.aa);
        break;
      case FlushPolicy::kCurrent:
        // Without -K the PMK is known by its lineage.
        if (!replaced.opportunistic && e.Lineage() == replaced.Lineage()) out.push_back(e.aa);
        break;
    }
  }
  return out;
}

std::string_view StaleReasonText(StaleReason reason) {
  switch (reason) {
    case StaleReason::kNone:
      return "valid";
    case StaleReason::kUnvalidatedCloneOfOldPmk:
      return "OKC clone of an older PMK that no AP accepted";
    case StaleReason::kHoldsReplacedPmk:
      return "holds the replaced PMK, an OKC clone of which an AP accepted: the APs share it";
  }
  return "?";
}

std::vector<StaleVerdict> ReferenceStaleOnNewPmk(const PmksaCache& cache, int network,
                                                 int new_generation, const MacAddress& new_aa,
                                                 const PmksaEntry* replaced,
                                                 const std::set<int>& validated_pmks) {
  std::vector<StaleVerdict> out;
  bool replaced_shared = replaced != nullptr && validated_pmks.count(replaced->Lineage()) > 0;
  for (const PmksaEntry& e : cache.entries()) {
    if (e.network != network || e.aa == new_aa) continue;
    if (e.clone && e.opportunistic && e.generation < new_generation) {
      out.push_back({e.aa, StaleReason::kUnvalidatedCloneOfOldPmk});
    } else if (replaced_shared && e.Lineage() == replaced->Lineage()) {
      out.push_back({e.aa, StaleReason::kHoldsReplacedPmk});
    }
  }
  return out;
}

}  // namespace roamreplay
