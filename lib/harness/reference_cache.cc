#include "harness/reference_cache.h"

#include "model/flush_policy.h"

namespace roamreplay {
namespace {

CacheEntryView View(const PmksaEntry& e) {
  return CacheEntryView{e.aa, e.Lineage(), e.opportunistic};
}

}  // namespace

std::vector<CacheEntryView> ViewOf(const PmksaCache& cache) {
  std::vector<CacheEntryView> out;
  out.reserve(cache.size());
  for (const PmksaEntry& e : cache.entries()) out.push_back(View(e));
  return out;
}

Status ReferenceCache::Handle(const Trace& trace, const TraceStep& step, StepAnswer* answer) {
  *answer = StepAnswer();
  switch (step.type) {
    case StepType::kHello:
      params_ = trace.params;
      cache_.Clear();
      validated_.clear();
      break;
    case StepType::kPmk:
      AddPmk(step);
      break;
    case StepType::kEntry: {
      PmksaEntry e;
      e.aa = step.aa;
      e.network = step.network;
      e.generation = step.pmk > 0 ? step.pmk : 0;
      e.pmk_lineage = step.pmk;
      e.clone = e.opportunistic = step.opportunistic;
      (void)cache_.Insert(std::move(e));
      break;
    }
    case StepType::kValidated:
      if (PmksaEntry* e = cache_.Find(step.aa)) {
        validated_.insert(e->Lineage());
        e->opportunistic = false;
      }
      break;
    case StepType::kRemove:
      (void)cache_.Remove(step.aa);
      break;
    case StepType::kOffer:
      Offer(step, answer);
      break;
    case StepType::kCache:
      answer->cache = ViewOf(cache_);
      break;
    case StepType::kAnswer:
    case StepType::kConfig:
    case StepType::kDisconnect:
    case StepType::kEnd:
      break;
  }
  return Status::Ok();
}

void ReferenceCache::AddPmk(const TraceStep& step) {
  std::optional<PmksaEntry> replaced;
  if (const PmksaEntry* e = cache_.Find(step.aa)) replaced = *e;
  for (const StaleVerdict& v :
       ReferenceStaleOnNewPmk(cache_, step.network, step.pmk, step.aa,
                              replaced ? &*replaced : nullptr, validated_))
    (void)cache_.Remove(v.aa);
  (void)cache_.Remove(step.aa);
  PmksaEntry e;
  e.aa = step.aa;
  e.network = step.network;
  e.generation = step.pmk > 0 ? step.pmk : 0;
  e.pmk_lineage = step.pmk;
  if (step.line.has_time) e.expiration_us = step.line.time_us + params_.pmk_lifetime_s * 1'000'000LL;
  (void)cache_.Insert(std::move(e));
}

void ReferenceCache::Offer(const TraceStep& step, StepAnswer* answer) {
  if (step.line.has_time) (void)cache_.ExpireUntil(step.line.time_us);
  if (const PmksaEntry* e = cache_.Find(step.aa)) {
    answer->offered = true;
    answer->offer = View(*e);
    return;
  }
  if (!step.okc) return;
  const PmksaEntry* source = cache_.FirstOfNetwork(step.network, &step.aa);
  if (source == nullptr) return;
  PmksaEntry clone;
  clone.aa = step.aa;
  clone.network = step.network;
  clone.generation = source->generation;
  clone.pmk_lineage = source->pmk_lineage;
  clone.clone = clone.opportunistic = true;
  int64_t source_expiration = source->expiration_us;
  if (step.line.has_time)
    clone.expiration_us = step.line.time_us + params_.pmk_lifetime_s * 1'000'000LL;
  answer->offered = true;
  answer->offer = View(clone);
  (void)cache_.Insert(std::move(clone));
  if (source_expiration != 0)
    if (PmksaEntry* e = cache_.Find(step.aa)) e->expiration_us = source_expiration;
}

}  // namespace roamreplay
