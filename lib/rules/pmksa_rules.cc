#include "rules/pmksa_rules.h"
#include "rules/evidence.h"
#include "model/pmksa_akm.h"

#include <algorithm>

#include <fmt/format.h>

namespace roamreplay {
namespace {

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
  return generation == 0 ? std::string("a PMK from before the log")
                         : fmt::format("PMK gen {}", generation);
}

std::string ShortPmkid(const Pmkid& p) { return p.known ? p.Short() : "(value not logged)"; }

}  // namespace

EntryKeyFacts KeyFactsOf(const PmksaEntry& e) {
  EntryKeyFacts k;
  k.akmp = e.akmp;
  k.akm = AkmpName(e.akmp);
  k.ap_mld = e.ap_mld;
  k.pmkid_source = std::string(PmkidSourceName(e.pmkid_source));
  if (e.pmkid.known && e.pmkid_line.valid() && e.pmkid_line.line > e.created.line)
    k.pmkid_learned_line = e.pmkid_line.line;
  k.pmkr0_name = e.pmkr0_name;
  k.pmkr1_name = e.pmkr1_name;
  switch (e.driver) {
    case DriverPmksa::kRefused:
      k.driver_pmksa = "refused";
      break;
    case DriverPmksa::kNotAdded:
      k.driver_pmksa = "not-added";
      break;
    case DriverPmksa::kRemovedReauth:
      k.driver_pmksa = "removed-reauth";
      break;
    case DriverPmksa::kUnknown:
      break;
  }
  k.expiration_postponed_line = e.postponed.valid() ? e.postponed.line : 0;
  k.fils_cache_id = e.fils_cache_id;
  if (e.external_auth) k.origin = "external-auth";
  return k;
}

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

size_t PmksaRules::Add(Finding f) {
  ++report_->finding_counts[f.kind];
  if (report_->sink) report_->sink->OnFinding(f);
  // Finish adds the whole-log findings (OKC support, storms open at the end)
  // on top of the list's limit, up to kFinishReserve of them.
  size_t limit = config_.max_findings + (finishing_ ? kFinishReserve : 0);
  if (report_->findings.size() >= limit) {
    ++report_->truncated["findings"];
    return kNoFinding;
  }
  ReserveCappedList(&report_->findings, config_.max_findings + kFinishReserve);
  report_->findings.push_back(std::move(f));
  return report_->findings.size() - 1;
}

Finding& PmksaRules::At(size_t index) {
  if (index < report_->findings.size()) return report_->findings[index];
  scratch_ = Finding();  // a finding not kept: changes to it go nowhere
  return scratch_;
}

void PmksaRules::OnStaleSelection(std::string_view ifname, const Offer& offer,
                                  const StaleContext& stale) {
  Finding f = StartFinding("stale-pmkid-reuse", Severity::kError, ifname, offer.selected);
  f.bssid = offer.aa;
  f.offered = true;
  f.pmkid = offer.pmkid;
  f.cause = std::string(StaleCause(stale.reason));
  std::string what = stale.entry.clone ? "OKC entry" : "PMKSA entry";
  f.message = fmt::format(
      "selected the {} for {} (PMKID {}, {}) although the full authentication at {} "
      "(line {}) replaced that PMK with gen {}; a correct supplicant no longer offers it ({})",
      what, offer.aa.ToString(), ShortPmkid(offer.pmkid), GenerationName(stale.entry.generation),
      stale.superseding_aa.ToString(), stale.superseding_add.line, stale.superseding_generation,
      StaleReasonText(stale.reason));
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
  stale_by_selection_[offer.selected.line] = Add(std::move(f));
}

void PmksaRules::OnOfferRefused(std::string_view ifname, const Offer& offer, RefusalSignal signal,
                                const LineRef& association, const LineRef& refusal) {
  Finding f = StartFinding("pmkid-rejected", Severity::kWarning, ifname, refusal);
  f.bssid = offer.aa;
  f.pmkid = offer.pmkid;
  auto stale = stale_by_selection_.find(offer.selected.line);
  bool explained = stale != stale_by_selection_.end();
  bool other_link = !explained && !offer.fresh && offer.OtherLink();
  bool not_sae = !explained && !offer.fresh && !other_link && offer.pmkid_not_sae;
  f.cause = explained      ? "stale-entry"
            : offer.fresh  ? "fresh-pmksa"
            : other_link   ? "mld-other-link"
            : not_sae      ? "sae-pmkid-mismatch"
                           : "ap-refused";
  f.message = fmt::format("{} did not accept PMKID {}: {}{}", offer.aa.ToString(),
                          ShortPmkid(offer.pmkid), RefusalSignalText(signal),
                          explained ? "; the offered entry was stale (see stale-pmkid-reuse)"
                          : not_sae
                              ? "; the entry holds an HMAC of the PMK, not the PMKID of its SAE "
                                "exchange (see pmkid-mismatch; hostap before ca974ae5)"
                          : other_link
                              ? fmt::format("; offered on link {} of the AP MLD, the SAE ran on "
                                            "link {}: an AP MLD that keeps the PMKSA on the "
                                            "authentication link only (hostapd before 799cc8ec)",
                                            offer.link->ToString(), offer.auth_link->ToString())
                          : offer.fresh
                              ? "; right after the full authentication (SAE) with that AP, so "
                                "the AP rejected the PMKSA it had just made (an AP that matches "
                                "the association's PMKID list strictly: hostapd rejected such "
                                "associations until 63d77c89)"
                              : "; the entry is current by the reference model");
  AddEvidence(&f, offer.selected,
              offer.implied ? "association attempt (the PMKID offered is not logged at this level)"
                            : "PMKID selected");
  AddEvidence(&f, association, "associated with the PMKID in the RSN IE");
  AddEvidence(&f, refusal, "AP refused the PMKID");
  if (explained) AddEvidence(&At(stale->second), refusal, "AP refused the PMKID");
  Finding copy = f;
  Add(std::move(f));
  if (offer.fresh) return;  // not a cached PMKSA: no retry loop, not an AP that forgot
  RetryLoop(ifname, offer, signal, refusal);
  // hostap drops an SAE entry after any failed association ("PMKSA caching
  // attempt rejected"), whatever the status: not evidence that the AP forgot.
  // An AP MLD refusing on another link still holds the PMKSA on the link
  // the SAE ran on: it did not forget it.
  // Nor did an AP refusing a PMKID that never named the PMKSA it holds.
  if (explained || other_link || not_sae || signal == RefusalSignal::kSaeCachingRejected)
    return;
  if (offer.opportunistic) {
    // An OKC clone no AP has accepted yet: evidence about OKC support.
    OkcTally& t = okc_[{std::string(ifname), std::string()}];
    t.refusals.push_back(refusal);
    t.aps.push_back(offer.aa);
    return;
  }
  Finding forgot = std::move(copy);
  forgot.kind = "ap-forgot-pmksa";
  forgot.cause.clear();
  forgot.message = fmt::format(
      "{} refused PMKID {} ({}), an entry that is current by the reference model: the AP or "
      "its controller no longer holds the PMKSA (AP-side expiry, controller PMK timer, reboot "
      "or roaming to another controller)",
      offer.aa.ToString(), ShortPmkid(offer.pmkid), GenerationName(offer.generation));
  Add(std::move(forgot));
}

// pmksa-retry-loop: the station keeps offering cached PMKSAs to an AP that
// keeps refusing them (b43 + SAE: every new SAE entry is offered and
// rejected, hostap sme.c drops it and does SAE again).
void PmksaRules::RetryLoop(std::string_view ifname, const Offer& offer, RefusalSignal signal,
                           const LineRef& refusal) {
  RetryTally& t = retries_[{std::string(ifname), offer.aa}];
  ++t.refusals;
  if (t.refusals < kRetryLoopCount) {
    t.lines.push_back(refusal);
    return;
  }
  if (!t.has_finding) {
    Finding f = StartFinding("pmksa-retry-loop", Severity::kWarning, ifname, refusal);
    f.bssid = offer.aa;
    f.pmkid = offer.pmkid;
    for (const LineRef& l : t.lines) AddEvidence(&f, l, "cached PMKSA refused");
    AddEvidence(&f, refusal, "cached PMKSA refused again");
    t.lines.clear();
    t.finding = Add(std::move(f));  // kNoFinding past the list's limit
    t.has_finding = true;
  } else {
    AddEvidence(&At(t.finding), refusal, "cached PMKSA refused again");
  }
  Finding& f = At(t.finding);
  f.message = fmt::format(
      "{} refused a cached PMKSA {} times without a successful connection in between (last: "
      "{}); each time the station dropped the entry, authenticated again and offered the new "
      "entry on the next attempt",
      offer.aa.ToString(), t.refusals, RefusalSignalText(signal));
}

void PmksaRules::OnSignal(std::string_view ifname, const ModelSignal& s) {
  std::string kind;
  Severity severity = Severity::kWarning;
  std::string message;
  std::string ap = s.has_bssid ? s.bssid.ToString() : "?";
  switch (s.signal) {
    case Signal::kOverFlush:
      kind = "over-flush";
      message = fmt::format(
          "flushed the entry for {} ({}) after another AP's PMK changed, although that entry "
          "did not hold the replaced PMK; a later roam there needs full EAP",
          ap, s.detail);
      break;
    case Signal::kConfigFlush:
      kind = "config-flush";
      message = fmt::format(
          "flushed the entry for {} right after a configuration change (network managers that "
          "rewrite the network block cause this; hostap 5cd317d3, 34ee12c5, 73f06af1)",
          ap);
      break;
    case Signal::kStall:
      kind = "pmksa-stall";
      message = s.value >= 0
                    ? fmt::format("offered PMKID {} to {} and heard no EAPOL for {} ms after "
                                  "associating; {} (APs that mishandle a PMKID in the "
                                  "(Re)Association Request; hostap 76db5b6b)",
                                  ShortPmkid(s.pmkid), ap, s.value, s.detail)
                    : fmt::format("offered PMKID {} to {}; the AP started neither the 4-way "
                                  "handshake nor EAP and {}",
                                  ShortPmkid(s.pmkid), ap, s.detail);
      break;
    case Signal::kMskMismatch:
      kind = "msk-mismatch";
      severity = Severity::kError;
      message = fmt::format(
          "the PMKID {} in {}'s msg 1/4 does not match the PMK from EAP ({}): the "
          "authentication server derived a different MSK for the AP (hostap bddc51e8; e.g. "
          "FreeRADIUS 2.2.6/3.0.7 with OpenSSL 1.0.2)",
          ShortPmkid(s.pmkid), ap, s.detail);
      break;
    case Signal::kPmkidMismatch:
      kind = "pmkid-mismatch";
      severity = Severity::kError;
      if (s.value == 1) {
        message = fmt::format(
            "the SAE entry for {} holds PMKID {}, not the PMKID its SAE exchange derived ({}): an "
            "HMAC of the PMK stored instead (hostap before ca974ae5); an AP refuses PMKSA caching "
            "with it",
            ap, s.pmkid.known ? s.pmkid.ToHex() : "?", s.detail);
        break;
      }
      message = fmt::format(
          "PMKID {} logged for {} is not the PMKID of its PMK (computed {}): the PMKSA "
          "entry's lineage is not what the log claims",
          s.pmkid.known ? s.pmkid.ToHex() : "?", ap, s.detail);
      break;
    case Signal::kExpiredOffered:
      kind = "expired-entry-offered";
      message = s.detail == "its lifetime ended"
                    ? fmt::format("selected the entry for {} {} s after its PMK lifetime ended (the "
                                  "supplicant's expiry timer did not run, e.g. across a suspend)",
                                  ap, s.value)
                    : fmt::format("selected the entry for {} {} s after its PMK passed the reauth "
                                  "threshold ({}% of the lifetime): the AP or controller may have "
                                  "dropped it already (hostap bb93ea23, 74db49d7)",
                                  ap, s.value, config_.reauth_threshold_pct);
      break;
    case Signal::kBtmNotFollowed:
      kind = "btm-not-followed";
      severity = Severity::kInfo;
      message = fmt::format("{} asked the station to move (BSS Transition Management) and it "
                            "did not: {}",
                            ap, s.detail);
      break;
    case Signal::kAkmpMismatch:
      kind = "akmp-mismatch";
      message = fmt::format(
          "offered the entry for {} although {}: an AP accepts a PMKID only for the AKM it "
          "was made with (current hostap pmksa_cache_get() matches the AKMP); the network's key "
          "management changed and the entry should have been skipped",
          ap, s.detail);
      break;
    case Signal::kSaePmkOutdated:
      kind = "sae-pmk-outdated";
      message = fmt::format(
          "selected the SAE entry for {} (PMKID {}) although {}: its PMK comes from the old "
          "password, so an AP with the new one cannot accept it; the entry should have been "
          "flushed with the change",
          ap, ShortPmkid(s.pmkid), s.detail);
      break;
    case Signal::kOwnMacChanged:
      kind = "own-mac-changed";
      message = fmt::format(
          "the entry for {} cannot work any more: {} (MAC randomization or a per-ESS MAC; "
          "hostap 9f04a9c8, 8717110d)",
          ap, s.detail);
      break;
  }
  if (s.group != 0) {
    auto it = grouped_.find({kind, s.group});
    if (it != grouped_.end()) {
      Finding& f = At(it->second);
      for (const SignalEvidence& e : s.evidence) AddEvidence(&f, e.line, e.role);
      f.message += fmt::format("; also {}", ap);
      if (s.has_bssid && it->second != kNoFinding)
        awaiting_cost_[{std::string(ifname), s.bssid}].push_back(it->second);
      return;
    }
  }
  Finding f = StartFinding(kind, severity, ifname, s.at);
  if (s.has_bssid) f.bssid = s.bssid;
  f.pmkid = s.pmkid;
  f.message = std::move(message);
  for (const SignalEvidence& e : s.evidence) AddEvidence(&f, e.line, e.role);
  size_t index = Add(std::move(f));
  if (s.group != 0) grouped_[{kind, s.group}] = index;
  if (index != kNoFinding && s.has_bssid &&
      (s.signal == Signal::kOverFlush || s.signal == Signal::kConfigFlush))
    awaiting_cost_[{std::string(ifname), s.bssid}].push_back(index);
}

// --- cache history --------------------------------------------------------

CacheEntryHistory* PmksaRules::History(std::string_view ifname, const PmksaEntry& entry) {
  auto it = history_index_.find({std::string(ifname), entry.aa, entry.created.line});
  return it == history_index_.end() ? nullptr : &report_->cache_history[it->second];
}

void PmksaRules::OnEntryAdded(std::string_view ifname, const PmksaEntry& entry) {
  if (entry.clone && entry.pmkid.known && report_->sink) report_->sink->OnClone(entry.pmkid);
  if (report_->cache_history.size() >= config_.max_cache_history) {
    ++report_->truncated["cache_history"];
    return;
  }
  history_index_[{std::string(ifname), entry.aa, entry.created.line}] =
      report_->cache_history.size();
  CacheEntryHistory h;
  h.interface = std::string(ifname);
  h.aa = entry.aa;
  h.pmkid = entry.pmkid;
  h.generation = entry.generation;
  h.clone = entry.clone;
  h.created_line = entry.created.line;
  h.keys = KeyFactsOf(entry);
  h.created_time = entry.created.time_text;
  if (entry.created.has_time) h.created_time_us = entry.created.time_us;
  ReserveCappedList(&report_->cache_history, config_.max_cache_history);
  report_->cache_history.push_back(std::move(h));
}

void PmksaRules::OnEntryRemoved(std::string_view ifname, const PmksaEntry& entry,
                                std::string_view how, const LineRef& line) {
  if (entry.clone && entry.pmkid.known && report_->sink) report_->sink->OnClone(entry.pmkid);
  if (how == "evicted") {
    ApKey key{std::string(ifname), entry.aa};
    if (evicted_.count(key) == 0) {
      evicted_order_.push_back(key);
      // Forget the oldest evictions (or keys already erased by a roam).
      while (evicted_order_.size() > kMaxEvictedTracked) {
        evicted_.erase(evicted_order_.front());
        evicted_order_.pop_front();
      }
    }
    LineRef& ref = evicted_[key];
    ref = line;
    if (ref.text.size() > 1024) ref.text.resize(1024);  // bounded, for the evidence
  }
  auto index = history_index_.find({std::string(ifname), entry.aa, entry.created.line});
  if (index != history_index_.end()) {
    CacheEntryHistory* h = &report_->cache_history[index->second];
    h->pmkid = entry.pmkid;
    h->keys = KeyFactsOf(entry);
    h->removed_line = line.line;
    h->removed_time = line.time_text;
    if (line.has_time) h->removed_time_us = line.time_us;
    h->removed_how = std::string(how);
    history_index_.erase(index);
  }
}

void PmksaRules::OnEntryAtEnd(std::string_view ifname, const PmksaEntry& entry) {
  if (CacheEntryHistory* h = History(ifname, entry)) {
    h->pmkid = entry.pmkid;
    h->keys = KeyFactsOf(entry);
  }
}

void PmksaRules::OnEntryStale(std::string_view ifname, const PmksaEntry& entry,
                              const LineRef& line) {
  if (CacheEntryHistory* h = History(ifname, entry))
    if (h->stale_line == 0) h->stale_line = line.line;
}

void PmksaRules::OnEntryValidated(std::string_view ifname, const PmksaEntry& entry,
                                  const LineRef& line) {
  if (entry.clone && entry.pmkid.known && report_->sink) report_->sink->OnClone(entry.pmkid);
  if (CacheEntryHistory* h = History(ifname, entry)) {
    h->pmkid = entry.pmkid;
    if (h->validated_line == 0) h->validated_line = line.line;
  }
}

void PmksaRules::OnPmkidVerified(std::string_view ifname, const PmksaEntry& entry) {
  ++report_->pmkids_verified;
}

void PmksaRules::Finish(std::optional<FlushPolicy> policy, bool whole_seconds) {
  finishing_ = true;
  for (const auto& [key, indexes] : awaiting_cost_) {
    for (size_t index : indexes)
      At(index).message +=
          fmt::format("; cost: none in this log (no later visit to {})", key.second.ToString());
  }
  awaiting_cost_.clear();
  OkcFindings();
  EraNotes(policy);
  RoamMessages();
  FinishStorms();
  if (whole_seconds) {
    // Whole-second clocks cannot time phases: null, never 0.
    for (RoamSummary& r : report_->roams) r.detail.phases = AttemptPhases();
    auto& f = report_->findings;
    f.erase(std::remove_if(f.begin(), f.end(),
                           [](const Finding& x) { return x.kind == "slow-roam"; }),
            f.end());
    report_->finding_counts.erase("slow-roam");
  }
  // By line; on one line, ping-pong and storm findings (decided as the
  // attempts end) after the others, as when they were decided at the end.
  auto rank = [](const Finding& f) {
    return f.kind == "roam-ping-pong" ? 1 : f.kind == "roam-storm" ? 2 : 0;
  };
  std::stable_sort(report_->findings.begin(), report_->findings.end(),
                   [&](const Finding& a, const Finding& b) {
                     return a.line != b.line ? a.line < b.line : rank(a) < rank(b);
                   });
}

}  // namespace roamreplay
