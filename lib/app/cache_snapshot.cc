#include "app/cache_snapshot.h"

#include "rules/pmksa_rules.h"

namespace roamreplay {
namespace {

SnapshotEntry ToSnapshot(const std::string& ifname, const PmksaEntry& e) {
  SnapshotEntry s;
  s.interface = ifname;
  s.bssid = e.aa;
  if (e.has_spa) s.own_address = e.spa;
  s.pmkid = e.pmkid;
  s.generation = e.generation;
  s.opportunistic = e.opportunistic;
  s.clone = e.clone;
  if (e.expiration_us != 0) s.expiration_us = e.expiration_us;
  if (e.reauth_us != 0) s.reauth_us = e.reauth_us;
  s.created_line = e.created.line;
  s.keys = KeyFactsOf(e);
  s.created_time = e.created.time_text;
  if (e.created.has_time) s.created_time_us = e.created.time_us;
  return s;
}

}  // namespace

void AppendSnapshot(const InterfaceModel& model, CacheSnapshot* snapshot) {
  for (const PmksaEntry& e : model.observed().entries()) {
    SnapshotEntry s = ToSnapshot(model.ifname(), e);
    if (const StaleContext* stale = model.StaleFor(e)) {
      s.stale = true;
      s.stale_reason = std::string(StaleReasonText(stale->reason));
    }
    snapshot->observed.push_back(std::move(s));
  }
  for (const PmksaEntry& e : model.reference().entries())
    snapshot->reference.push_back(ToSnapshot(model.ifname(), e));
}

}  // namespace roamreplay
