#pragma once

// Turns the interface model's conclusions into findings:
//   stale-pmkid-reuse  the supplicant selected/offered an entry the
//                      reference cache holds as stale (error)
//   pmkid-rejected     the AP did not accept an offered PMKID (warning);
//                      cause "stale-entry" when a stale-pmkid-reuse finding
//                      explains it, otherwise "ap-refused"
// and records every connection/roam for the timeline.

#include <unordered_map>

#include "model/model_observer.h"
#include "report/report.h"

namespace roamreplay {

class PmksaRules : public ModelObserver {
 public:
  explicit PmksaRules(Report* report) : report_(report) {}

  void OnStaleSelection(std::string_view ifname, const Offer& offer,
                        const StaleContext& stale) override;
  void OnOfferRefused(std::string_view ifname, const Offer& offer, RefusalSignal signal,
                      const LineRef& association, const LineRef& refusal) override;
  void OnRoam(std::string_view ifname, const RoamRecord& roam) override;
  void OnEntryAdded(std::string_view ifname, const PmksaEntry& entry) override;
  void OnEntryRemoved(std::string_view ifname, const PmksaEntry& entry, std::string_view how,
                      const LineRef& line) override;
  void OnEntryAtEnd(std::string_view ifname, const PmksaEntry& entry) override;
  void OnEntryStale(std::string_view ifname, const PmksaEntry& entry,
                    const LineRef& line) override;
  void OnEntryValidated(std::string_view ifname, const PmksaEntry& entry,
                        const LineRef& line) override;

  /// Sorts findings by line; call once at the end.
  void Finish();

 private:
  Report* report_;
  // Selection line of a stale offer -> index of its finding.
  std::unordered_map<uint64_t, size_t> stale_by_selection_;
  CacheEntryHistory* History(std::string_view ifname, const PmksaEntry& entry);
};

}  // namespace roamreplay
