// PmksaRules, the rules that look at whole roams: the cost of a flush,
// eviction churn, OKC support, full EAP on roams, roam time; and the
// explanation of defects against the log's hostap era.

#include <algorithm>

#include <fmt/format.h>

#include "rules/pmksa_rules.h"
#include "rules/evidence.h"

namespace roamreplay {
namespace {

std::optional<int64_t> DurationMs(const RoamRecord& roam) {
  if (!roam.start.has_time || !roam.end.has_time || roam.end.time_us < roam.start.time_us)
    return std::nullopt;
  return RoundedMs(roam.end.time_us - roam.start.time_us);
}

// "397 ms"; "\u22483 s" when both stamps are whole seconds (a clock without
// fractions cannot tell 3000 ms); "" when unknown.
std::string DurationText(const RoamRecord& roam) {
  std::optional<int64_t> ms = DurationMs(roam);
  if (!ms) return "";
  if (roam.start.time_us % 1'000'000 == 0 && roam.end.time_us % 1'000'000 == 0)
    return fmt::format("\u2248{} s", (roam.end.time_us - roam.start.time_us) / 1'000'000);
  return fmt::format("{} ms", *ms);
}

std::string CostText(const RoamRecord& roam) {
  std::string d = DurationText(roam);
  return !d.empty() ? fmt::format("full EAP at {} (line {}, {})", roam.bssid.ToString(),
                                  roam.end.line, d)
                    : fmt::format("full EAP at {} (line {})", roam.bssid.ToString(), roam.end.line);
}

Finding RoamFinding(std::string kind, Severity severity, std::string_view ifname,
                    const RoamRecord& roam) {
  Finding f;
  f.kind = std::move(kind);
  f.severity = severity;
  f.time = roam.end.time_text;
  if (roam.end.has_time) f.time_us = roam.end.time_us;
  f.line = roam.end.line;
  f.interface = std::string(ifname);
  f.bssid = roam.bssid;
  AddEvidence(&f, roam.start, "roam started");
  AddEvidence(&f, roam.end, "authenticated");
  return f;
}

}  // namespace

void PmksaRules::OnRoam(std::string_view ifname, RoamRecord&& roam) {
  // A successful connection ends a pmksa-retry-loop at that AP.
  if (roam.method != AuthMethod::kFailed && roam.method != AuthMethod::kUnknown)
    retries_.erase({std::string(ifname), roam.bssid});
  RoamSummary r;
  r.interface = std::string(ifname);
  r.bssid = roam.bssid;
  r.ssid = roam.ssid;
  r.method = std::string(AuthMethodName(roam.method));
  r.reauth = roam.reauth;
  if (roam.reauth) r.reauth_cause = roam.reauth_timer ? "pmk-reauth-timer" : "ap-initiated";
  r.first = roam.first;
  r.offered = roam.offered;
  r.refused = roam.refused;
  r.offered_pmkid = roam.offered_pmkid;
  r.start_line = roam.start.line;
  r.start_time = roam.start.time_text;
  if (roam.start.has_time) r.start_time_us = roam.start.time_us;
  r.end_line = roam.end.line;
  if (roam.start.has_time && roam.end.has_time && roam.end.time_us >= roam.start.time_us)
    r.duration_us = roam.end.time_us - roam.start.time_us;
  r.detail = std::move(roam.detail);  // read from the summary from here on
  r.start_text = roam.start.text;
  r.offered_clone = roam.offer_opportunistic;
  // kind: by the AP of the interface's attempt before (all attempts, also
  // those past the list's limit).
  auto last = last_bssid_.find(r.interface);
  if (r.reauth) r.kind = "re-auth";
  else if (r.first) r.kind = "first";
  else r.kind = last != last_bssid_.end() && last->second == r.bssid ? "reconnect" : "roam";
  if (last != last_bssid_.end()) last->second = r.bssid;
  else last_bssid_.emplace(r.interface, r.bssid);
  if (report_->sink) report_->sink->OnRoam(r);
  size_t index = report_->roams.size();
  RoamSummary dropped;  // past the list's limit: still judged, not kept
  RoamSummary* summary = &dropped;
  if (report_->roams.size() < config_.max_roams) {
    ReserveCappedList(&report_->roams, config_.max_roams);
    report_->roams.push_back(std::move(r));
    summary = &report_->roams.back();
  } else {
    ++report_->truncated["roams"];
    dropped = std::move(r);
  }
  // Roams as `stats` and RoamCountsText count them: finished attempts that
  // are neither a first connection nor a re-authentication.
  if (!roam.first && !roam.reauth && roam.method != AuthMethod::kUnknown) ++roams_;
  ConnectionFindings(ifname, roam, index, summary);
  RoamFindings(ifname, roam);
  PingPongAndStorms(*summary);
}

void PmksaRules::AddCost(const ApKey& key, const RoamRecord& roam) {
  auto it = awaiting_cost_.find(key);
  if (it == awaiting_cost_.end()) return;
  for (size_t index : it->second) {
    Finding& f = At(index);
    AddEvidence(&f, roam.end, "cost: full EAP at " + roam.bssid.ToString());
    f.message += "; cost: " + CostText(roam);
  }
  awaiting_cost_.erase(it);
}

// The next visit to a flushed AP did not need full EAP: OKC (a fresh clone)
// or PMKSA caching covered it, so the flush cost nothing there.
void PmksaRules::CostNone(const ApKey& key, const RoamRecord& roam) {
  auto it = awaiting_cost_.find(key);
  if (it == awaiting_cost_.end()) return;
  for (size_t index : it->second) {
    Finding& f = At(index);
    AddEvidence(&f, roam.end, "next visit, no full EAP");
    f.message += fmt::format("; cost: none, the next visit to {} (line {}) used {}",
                             roam.bssid.ToString(), roam.end.line,
                             roam.method == AuthMethod::kOkc ? "OKC"
                             : roam.method == AuthMethod::kFt ? "FT"
                                                              : "PMKSA caching");
  }
  awaiting_cost_.erase(it);
}

void PmksaRules::RoamFindings(std::string_view ifname, const RoamRecord& roam) {
  ApKey key{std::string(ifname), roam.bssid};
  if (roam.method == AuthMethod::kOkc) ++okc_[{key.first, std::string()}].accepted;
  bool full = IsFullAuthentication(roam.method);
  bool completed = full || IsCachedAuthentication(roam.method) || roam.method == AuthMethod::kFt;
  if (!completed || roam.reauth) return;
  if (!full) CostNone(key, roam);
  if (full) {
    AddCost(key, roam);
    auto ev = evicted_.find(key);
    if (ev != evicted_.end() && !roam.offered) {
      Finding f = RoamFinding("eviction-churn", Severity::kWarning, ifname, roam);
      f.message = fmt::format(
          "the entry for {} was evicted to make room (the cache holds {} entries) and was "
          "needed again: {}",
          roam.bssid.ToString(), PmksaCache::kMaxEntries, CostText(roam));
      AddEvidence(&f, ev->second, "entry evicted for room");
      Add(std::move(f));
    }
  }
  evicted_.erase(key);
  if (roam.first) return;
  std::optional<int64_t> ms = DurationMs(roam);
  if (roam.method == AuthMethod::kFullEap) {
    ++full_eap_total_;
    Tally(&full_eap_by_ap_[key], "full-eap-on-roam", Severity::kInfo, ifname, roam, ms);
  }
  if (ms && *ms > config_.slow_roam_ms)
    Tally(&slow_by_ap_[key], "slow-roam", Severity::kWarning, ifname, roam, ms);
}

// Roam-level findings are one per (interface, AP): the first roam gives the
// time and line, later ones are counted and the first few cited, so a day
// of roaming yields a handful of findings, not one per roam.
void PmksaRules::Tally(RoamTally* t, const char* kind, Severity severity, std::string_view ifname,
                       const RoamRecord& roam, std::optional<int64_t> ms) {
  constexpr int kCitedRoams = 3;
  if (t->count == 0) {
    t->finding = Add(RoamFinding(kind, severity, ifname, roam));
    t->first_ms = ms.value_or(-1);
    t->first_text = DurationText(roam);
    t->method = AuthMethodName(roam.method);
  } else if (t->count < kCitedRoams) {
    Finding& f = At(t->finding);
    AddEvidence(&f, roam.start, "roam started");
    AddEvidence(&f, roam.end, "authenticated");
  }
  ++t->count;
  if (roam.refused) ++t->refused;
  if (ms && *ms > t->worst_ms) {
    t->worst_ms = *ms;
    t->worst_line = roam.end.line;
    t->worst_method = AuthMethodName(roam.method);
  }
}

void PmksaRules::RoamMessages() {
  for (const auto& [key, t] : full_eap_by_ap_) {
    std::string ap = key.second.ToString();
    std::string text =
        t.count == 1
            ? fmt::format("roam to {} used full EAP{}{}", ap,
                          t.first_text.empty() ? std::string() : " (" + t.first_text + ")",
                          t.refused ? " after the AP refused the offered PMKID" : "")
            : fmt::format("{} roams to {} used full EAP ({} after the AP refused the offered "
                          "PMKID)",
                          t.count, ap, t.refused);
    At(t.finding).message =
        fmt::format("{} ({} of {} roams used full EAP)", text, full_eap_total_, roams_);
  }
  for (const auto& [key, t] : slow_by_ap_) {
    std::string ap = key.second.ToString();
    At(t.finding).message =
        t.count == 1
            ? fmt::format("roam to {} took {} ms (limit {} ms), authenticated by {}", ap,
                          t.worst_ms, config_.slow_roam_ms, t.worst_method)
            : fmt::format("{} roams to {} took longer than {} ms; the slowest {} ms (line {}, "
                          "authenticated by {})",
                          t.count, ap, config_.slow_roam_ms, t.worst_ms, t.worst_line,
                          t.worst_method);
  }
}

// Every OKC attempt refused and none accepted: the infrastructure does not
// do OKC, and each attempt only adds a round trip before full EAP.
void PmksaRules::OkcFindings() {
  for (const auto& [key, tally] : okc_) {
    if (tally.accepted > 0 || tally.refusals.size() < 2) continue;
    Finding f;
    f.kind = "okc-unsupported";
    f.severity = Severity::kWarning;
    const LineRef& first = tally.refusals.front();
    f.time = first.time_text;
    if (first.has_time) f.time_us = first.time_us;
    f.line = first.line;
    f.interface = key.first;
    f.bssid = tally.aps.front();
    f.message = fmt::format(
        "all {} OKC attempts were refused and none accepted: the network does not support "
        "OKC, so each attempt only delays full EAP (disable proactive_key_caching/okc for it)",
        tally.refusals.size());
    for (const LineRef& r : tally.refusals) AddEvidence(&f, r, "OKC entry refused");
    Add(std::move(f));
  }
}

// Each defect explained against the log's own hostap era and the upstream fix.
void PmksaRules::EraNotes(std::optional<FlushPolicy> policy) {
  if (!policy) return;
  for (Finding& f : report_->findings) {
    std::string note;
    if (f.kind == "stale-pmkid-reuse") {
      switch (*policy) {
        case FlushPolicy::kPre2011:
          note = "expected in pre-2011 supplicants, which keep other entries when the PMK "
                 "changes; fixed upstream by c3fea272 (hostap 1.0/2.0)";
          break;
        case FlushPolicy::kC3fea272:
          note = "not expected from a c3fea272-era supplicant (hostap 1.0/2.0), which flushes "
                 "the whole network when the PMK changes";
          break;
        case FlushPolicy::kCurrent:
          note = f.cause == "okc-clone-of-old-pmk"
                     ? "expected in a 4033935d-era supplicant when the replaced entry was itself "
                       "an unvalidated OKC clone (4033935d skips the flush then); not fixed "
                       "upstream"
                     : "not expected from a 4033935d-era supplicant (hostap 2.1+ or a "
                       "backport), which flushes entries holding the replaced PMK";
          break;
      }
    } else if (f.kind == "over-flush") {
      switch (*policy) {
        case FlushPolicy::kC3fea272:
          note = "expected in hostap 1.0/2.0 (c3fea272 flushes every entry of the network); "
                 "fixed upstream by 4033935d (hostap 2.1)";
          break;
        case FlushPolicy::kPre2011:
          note = "not expected from a pre-2011 supplicant, which does not flush on PMK change";
          break;
        case FlushPolicy::kCurrent:
          note = "not expected from a 4033935d-era supplicant (hostap 2.1+ or a backport), "
                 "which flushes only entries with the replaced PMK";
          break;
      }
    }
    if (!note.empty()) f.message += "; " + note;
  }
}

}  // namespace roamreplay
