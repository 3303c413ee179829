#pragma once

// What happens to the other PMKSA cache entries when a new PMK replaces the
// entry of the current AP: once as each hostap era does it (the supplicant's
// own policy), once as a supplicant that never offers a stale PMKID should
// (the reference rule).

#include <set>
#include <string_view>
#include <vector>

#include "base/mac_address.h"
#include "model/pmksa_cache.h"

namespace roamreplay {

enum class FlushPolicy {
  kPre2011,   ///< 0.7.x, 0.8.x before hostap c3fea272: keep every other entry.
  kC3fea272,  ///< hostap 1.0/2.0 until 4033935d: flush every entry of the network.
  kCurrent,   ///< 4033935d (2.1+): flush entries with the old PMK, only if the
              ///< replaced entry had been validated (not opportunistic).
};

std::string_view FlushPolicyName(FlushPolicy policy);
/// Accepts "pre-2011", "c3fea272", "current".
bool ParseFlushPolicy(std::string_view name, FlushPolicy* out);

/// AAs that a supplicant of `policy`'s era flushes when `replaced` (already
/// taken out of `cache`) is replaced by a new PMK, in list order.
std::vector<MacAddress> SupplicantFlushOnReplace(FlushPolicy policy, const PmksaCache& cache,
                                                 const PmksaEntry& replaced);

/// Why the reference model holds an entry as stale.
enum class StaleReason {
  kNone,
  /// An OKC clone built on an older PMK generation that no AP has accepted.
  kUnvalidatedCloneOfOldPmk,
  /// Holds the PMK that was just replaced, and an AP accepted an OKC clone
  /// of that very PMK: the infrastructure shares it, so the new PMK of the
  /// same authenticator supersedes it everywhere (hostap 4033935d).
  kHoldsReplacedPmk,
};
std::string_view StaleReasonText(StaleReason reason);

struct StaleVerdict {
  MacAddress aa;
  StaleReason reason;
};

/// The reference rule, per PMK. A full authentication gave `network` the
/// new PMK generation `new_generation` at `new_aa`; `replaced` is the entry
/// it replaced (or nullptr); `validated_pmks` holds the lineages
/// (PmksaEntry::Lineage()) of which an AP accepted an OKC clone. Returns the
/// entries of `cache` (the new entry not yet in it) that a correct
/// supplicant must no longer offer:
///  * every OKC clone of an older generation that no AP validated;
///  * every entry holding the replaced PMK, only if an AP validated an OKC
///    clone of that PMK itself;
///  * nothing else: an AP's own full-authentication entry whose PMK no
///    validated clone ever carried stays valid.
std::vector<StaleVerdict> ReferenceStaleOnNewPmk(const PmksaCache& cache, int network,
                                                 int new_generation, const MacAddress& new_aa,
                                                 const PmksaEntry* replaced,
                                                 const std::set<int>& validated_pmks);

}  // namespace roamreplay
