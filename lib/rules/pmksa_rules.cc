#include "rules/pmksa_rules.h"

#include <algorithm>

#include <fmt/format.h>

namespace roamreplay {
namespace {

void AddEvidence(Finding* f, const LineRef& ref, std::string role) {
  if (!ref.valid()) return;
  for (const EvidenceLine& e : f->evidence)
    if (e.line == ref.line) return;
  EvidenceLine e;
  e.line = ref.line;
  e.time = ref.time_text;
  e.text = ref.text;
  e.role = std::move(role);
  auto pos = std::upper_bound(f->evidence.begin(), f->evidence.end(), e.line,
                              [](uint64_t line, const EvidenceLine& x) { return line < x.line; });
  f->evidence.insert(pos, std::move(e));
}

Finding StartFinding(std::string kind, Severity severity, std::string_view ifname,
                     const LineRef& at) {
  Finding f;
  f.kind = std::move(kind);
  f.severity = severity;
  f.time = at.time_text;
  if (at.has_time) f.time_us = at.time_us;
  f.line = at.line;
  f.interface = std::string(ifname);
  return f;
}

std::string_view StaleCause(StaleReason reason) {
  switch (reason) {
    case StaleReason::kUnvalidatedCloneOfOldPmk:
      return "okc-clone-of-old-pmk";
    case StaleReason::kHoldsReplacedPmk:
      return "replaced-pmk";
    case StaleReason::kNone:
      break;
  }
  return "";
}

std::string GenerationName(int generation) {
  return generation == 0 ? std::string("a PMK from before the log") : fmt::format("PMK gen {}", generation);
}

}  // namespace

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "info";
  }
  return "?";
}

void PmksaRules::OnStaleSelection(std::string_view ifname, const Offer& offer,
                                  const StaleContext& stale) {
  Finding f = StartFinding("stale-pmkid-reuse", Severity::kError, ifname, offer.selected);
  f.bssid = offer.aa;
  f.pmkid = offer.pmkid;
  f.cause = std::string(StaleCause(stale.reason));
  std::string what = stale.entry.clone ? "OKC entry" : "PMKSA entry";
  f.message = fmt::format(
      "selected the {} for {} (PMKID {}, {}) although the full authentication at {} "
      "(line {}) replaced that PMK with gen {}; the entry should have been flushed "
      "({}; fixed upstream by hostap c3fea272, narrowed by 4033935d)",
      what, offer.aa.ToString(), offer.pmkid.known ? offer.pmkid.Short() : "unknown",
      GenerationName(stale.entry.generation), stale.superseding_aa.ToString(),
      stale.superseding_add.line, stale.superseding_generation, StaleReasonText(stale.reason));
  AddEvidence(&f, stale.entry.created,
              fmt::format("entry for {} created ({})", stale.entry.aa.ToString(),
                          GenerationName(stale.entry.generation)));
  AddEvidence(&f, stale.superseding_auth,
              fmt::format("new PMK from full authentication (gen {})", stale.superseding_generation));
  AddEvidence(&f, stale.superseding_replace, "old entry replaced; no flush of the other entries");
  AddEvidence(&f, stale.superseding_add,
              fmt::format("entry for {} now holds gen {}", stale.superseding_aa.ToString(),
                          stale.superseding_generation));
  AddEvidence(&f, offer.selected, "stale entry selected for the association");
  stale_by_selection_[offer.selected.line] = report_->findings.size();
  report_->findings.push_back(std::move(f));
}

void PmksaRules::OnOfferRefused(std::string_view ifname, const Offer& offer, RefusalSignal signal,
                                const LineRef& association, const LineRef& refusal) {
  Finding f = StartFinding("pmkid-rejected", Severity::kWarning, ifname, refusal);
  f.bssid = offer.aa;
  f.pmkid = offer.pmkid;
  auto stale = stale_by_selection_.find(offer.selected.line);
  bool explained = stale != stale_by_selection_.end();
  f.cause = explained ? "stale-entry" : "ap-refused";
  f.message = fmt::format("{} did not accept PMKID {}: {}{}", offer.aa.ToString(),
                          offer.pmkid.known ? offer.pmkid.Short() : "(unknown)",
                          RefusalSignalText(signal),
                          explained ? "; the offered entry was stale (see stale-pmkid-reuse)"
                                    : "; the entry is current by the reference model");
  AddEvidence(&f, offer.selected, "PMKID selected");
  AddEvidence(&f, association, "associated with the PMKID in the RSN IE");
  AddEvidence(&f, refusal, "AP refused the PMKID");
  if (explained) AddEvidence(&report_->findings[stale->second], refusal, "AP refused the PMKID");
  report_->findings.push_back(std::move(f));
}

void PmksaRules::OnRoam(std::string_view ifname, const RoamRecord& roam) {
  RoamSummary r;
  r.interface = std::string(ifname);
  r.bssid = roam.bssid;
  r.method = std::string(AuthMethodName(roam.method));
  r.reauth = roam.reauth;
  r.offered = roam.offered;
  r.refused = roam.refused;
  r.offered_pmkid = roam.offered_pmkid;
  r.start_line = roam.start.line;
  r.start_time = roam.start.time_text;
  if (roam.start.has_time) r.start_time_us = roam.start.time_us;
  r.end_line = roam.end.line;
  if (roam.start.has_time && roam.end.has_time && roam.end.time_us >= roam.start.time_us)
    r.duration_us = roam.end.time_us - roam.start.time_us;
  report_->roams.push_back(std::move(r));
}

CacheEntryHistory* PmksaRules::History(std::string_view ifname, const PmksaEntry& entry) {
  auto& h = report_->cache_history;
  for (auto it = h.rbegin(); it != h.rend(); ++it)
    if (it->aa == entry.aa && it->created_line == entry.created.line && it->interface == ifname)
      return &*it;
  return nullptr;
}

void PmksaRules::OnEntryAdded(std::string_view ifname, const PmksaEntry& entry) {
  CacheEntryHistory h;
  h.interface = std::string(ifname);
  h.aa = entry.aa;
  h.pmkid = entry.pmkid;
  h.generation = entry.generation;
  h.clone = entry.clone;
  h.created_line = entry.created.line;
  h.created_time = entry.created.time_text;
  if (entry.created.has_time) h.created_time_us = entry.created.time_us;
  report_->cache_history.push_back(std::move(h));
}

void PmksaRules::OnEntryRemoved(std::string_view ifname, const PmksaEntry& entry,
                                std::string_view how, const LineRef& line) {
  if (CacheEntryHistory* h = History(ifname, entry)) {
    h->pmkid = entry.pmkid;
    h->removed_line = line.line;
    h->removed_time = line.time_text;
    if (line.has_time) h->removed_time_us = line.time_us;
    h->removed_how = std::string(how);
  }
}

void PmksaRules::OnEntryAtEnd(std::string_view ifname, const PmksaEntry& entry) {
  if (CacheEntryHistory* h = History(ifname, entry)) h->pmkid = entry.pmkid;
}

void PmksaRules::OnEntryStale(std::string_view ifname, const PmksaEntry& entry,
                              const LineRef& line) {
  if (CacheEntryHistory* h = History(ifname, entry))
    if (h->stale_line == 0) h->stale_line = line.line;
}

void PmksaRules::OnEntryValidated(std::string_view ifname, const PmksaEntry& entry,
                                  const LineRef& line) {
  if (CacheEntryHistory* h = History(ifname, entry)) {
    h->pmkid = entry.pmkid;
    if (h->validated_line == 0) h->validated_line = line.line;
  }
}

void PmksaRules::Finish() {
  std::stable_sort(report_->findings.begin(), report_->findings.end(),
                   [](const Finding& a, const Finding& b) { return a.line < b.line; });
}

}  // namespace roamreplay
