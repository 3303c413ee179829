// PmksaRules, the per-attempt connection rules: ft-failed,
// pmksa-caching-disabled (and the artefact "did not accept PMKID"),
// auth-rejected / assoc-rejected, link-loss, roam-ping-pong, roam-storm.

#include <fmt/format.h>

#include "rules/evidence.h"
#include "rules/pmksa_rules.h"

namespace roamreplay {
namespace {

Finding AttemptFinding(std::string kind, Severity severity, std::string_view ifname,
                       const LineRef& at, const MacAddress& bssid) {
  Finding f = StartFinding(std::move(kind), severity, ifname, at);
  f.bssid = bssid;
  return f;
}

LineRef FailureRef(const AttemptFailure& f, const RoamRecord& roam) {
  if (f.line == roam.end.line) return roam.end;
  return LineRef{f.line, f.time, 0, false, f.text};
}

LineRef TriggerRef(const AttemptTrigger& t) {
  return LineRef{t.line, t.time, t.time_us, t.time_us != 0, t.text};
}

std::string CodeText(const AttemptFailure& f) {
  std::string out;
  if (f.status_code) out = fmt::format("status {}", *f.status_code);
  if (f.reason_code) out += fmt::format("{}reason {}", out.empty() ? "" : ", ", *f.reason_code);
  if (!f.name.empty()) out += fmt::format(" ({})", f.name);
  return out;
}

std::string SecondsText(int64_t us) { return fmt::format("{:.1f} s", us / 1e6); }

}  // namespace

void PmksaRules::OnOfferWithdrawn(std::string_view ifname, const Offer& offer,
                                  const LineRef& line) {
  Finding f = AttemptFinding("pmksa-caching-disabled", Severity::kInfo, ifname, line, offer.aa);
  f.pmkid = offer.pmkid;
  bool ft = line.text.find("FT/802.1X") != std::string::npos;
  f.message = fmt::format(
      "selected the PMKSA entry for {} (PMKID {}) and then dropped it: {}; the association "
      "carries no PMKID and needs a full authentication",
      offer.aa.ToString(), offer.pmkid.known ? offer.pmkid.Short() : "(unknown)",
      ft ? "PMKSA caching is disabled for FT/802.1X (network option ft_eap_pmksa_caching=0, "
           "the default)"
         : "the entry's AKM differs from the one selected for this association");
  AddEvidence(&f, offer.selected, "PMKSA entry selected");
  AddEvidence(&f, line, "selection withdrawn");
  // A stale selection that never reached the AP is a latent defect only.
  auto stale = stale_by_selection_.find(offer.selected.line);
  if (stale != stale_by_selection_.end()) {
    Finding& s = At(stale->second);
    s.offered = false;
    s.message += fmt::format(
        "; the PMKID never reached the AP: the supplicant withdrew the selection (line {}), "
        "so this is a latent defect here",
        line.line);
    AddEvidence(&s, line, "selection withdrawn before association");
  }
  caching_disabled_[std::string(ifname)] = {Add(std::move(f)), line.line};
}

void PmksaRules::ConnectionFindings(std::string_view ifname, const RoamRecord& roam,
                                    size_t index, RoamSummary* kept) {
  std::string name(ifname);
  RoamSummary& summary = *kept;
  const AttemptDetail& d = summary.detail;  // OnRoam moved it there
  if (roam.reauth) return;

  // Fallback: this attempt replaced the failed one before it.
  auto failed = last_failed_roam_.find(name);
  if (d.fallback && failed != last_failed_roam_.end()) summary.fallback_of = failed->second;
  if (d.outcome == "failed") {
    last_failed_roam_[name] = index;
  } else {
    last_failed_roam_.erase(name);
  }

  // The cost of an FT failure is the attempt that replaced it.
  auto waiting = ft_failed_waiting_.find(name);
  if (waiting != ft_failed_waiting_.end() && summary.fallback_of && d.outcome == "failed") {
    Finding& f = At(waiting->second);
    f.message += fmt::format("; the fallback to {} failed too (line {})", roam.bssid.ToString(),
                             roam.end.line);
    AddEvidence(&f, roam.end, "fallback failed");
  } else if (waiting != ft_failed_waiting_.end() && summary.fallback_of) {
    Finding& f = At(waiting->second);
    std::string ms = summary.duration_us ? fmt::format(", {} ms", *summary.duration_us / 1000)
                                         : std::string();
    f.message += fmt::format("; cost: a new connection to {} by {} (line {}{})",
                             roam.bssid.ToString(), AuthMethodName(roam.method), roam.end.line, ms);
    AddEvidence(&f, roam.end, "fallback connection completed");
    ft_failed_waiting_.erase(waiting);
  } else if (waiting != ft_failed_waiting_.end()) {
    ft_failed_waiting_.erase(waiting);
  }

  // The "did not accept PMKID" after a withdrawn selection.
  auto disabled = caching_disabled_.find(name);
  if (disabled != caching_disabled_.end() && d.caching_disabled_line == disabled->second.second) {
    Finding& f = At(disabled->second.first);
    if (d.artefact_not_accepted_line != 0) {
      f.message += fmt::format(
          "; the \"did not accept PMKID\" at line {} is an artefact (no PMKID was offered; "
          "hostap's cached-PMK flag was still set), not an AP refusal",
          d.artefact_not_accepted_line);
    }
    f.message += fmt::format("; the association authenticated by {}", AuthMethodName(roam.method));
    caching_disabled_.erase(disabled);
  }

  if (d.outcome == "failed" && d.failure) {
    const AttemptFailure& fail = *d.failure;
    bool ft_attempt = d.auth_algorithm == "ft" || fail.detail.rfind("FT:", 0) == 0 ||
                      fail.detail.find("FT ") != std::string::npos;
    if (ft_attempt) {
      Finding f = AttemptFinding("ft-failed", Severity::kWarning, ifname, FailureRef(fail, roam),
                                 roam.bssid);
      f.message = fmt::format(
          "FT to {} failed in {}{}: {}; ended {}",
          roam.bssid.ToString(), fail.phase,
          CodeText(fail).empty() ? std::string() : " with " + CodeText(fail), fail.detail,
          fail.locally_generated.value_or(false) ? "by the station" : "by the AP");
      AddEvidence(&f, roam.start, "FT attempt started");
      AddEvidence(&f, FailureRef(fail, roam), "FT failed");
      AddEvidence(&f, roam.end, "attempt ended");
      ft_failed_waiting_[name] = Add(std::move(f));
    } else {
      RejectFinding(ifname, roam, fail);
    }
  }

  // Link loss: the AP ended the link, or beacons were lost.
  const std::string& kind = d.trigger.kind;
  if (kind == "beacon-loss" || kind == "deauth-from-ap" || kind == "disassoc-from-ap") {
    LineRef at = TriggerRef(d.trigger);
    MacAddress lost = roam.bssid;
    if (!d.trigger.ended_bssid.empty()) (void)MacAddress::Parse(d.trigger.ended_bssid, &lost);
    Finding f = AttemptFinding("link-loss", Severity::kWarning, ifname, at, lost);
    std::string why = kind == "beacon-loss" ? "beacons were lost"
                      : kind == "deauth-from-ap" ? "the AP deauthenticated the station"
                                                 : "the AP disassociated the station";
    std::string reason =
        d.trigger.reason_code
            ? fmt::format(" (reason {}{})", *d.trigger.reason_code,
                          d.trigger.reason.empty() ? "" : " " + d.trigger.reason)
            : std::string();
    std::string cost = "the log ends before a reconnection";
    if (d.outcome == "success") {
      cost = at.has_time && roam.end.has_time && roam.end.time_us >= at.time_us
                 ? fmt::format("reconnected to {} after {} by {}", roam.bssid.ToString(),
                               SecondsText(roam.end.time_us - at.time_us),
                               AuthMethodName(roam.method))
                 : fmt::format("reconnected to {} at line {} by {}", roam.bssid.ToString(),
                               roam.end.line, AuthMethodName(roam.method));
    } else if (d.outcome == "failed") {
      cost = fmt::format("the reconnection to {} failed (line {})", roam.bssid.ToString(),
                         roam.end.line);
    }
    f.message = fmt::format("link lost: {}{}; {}", why, reason, cost);
    AddEvidence(&f, at, kind == "beacon-loss" ? "beacon loss" : "link ended by the AP");
    AddEvidence(&f, roam.start, "reconnection started");
    AddEvidence(&f, roam.end, d.outcome == "success" ? "reconnected" : "attempt ended");
    Add(std::move(f));
  }
}

// Rejections are one finding per (kind, interface, AP), as the roam
// findings are. A status-53 rejection of an offered PMKID is pmkid-rejected.
void PmksaRules::RejectFinding(std::string_view ifname, const RoamRecord& roam,
                               const AttemptFailure& fail) {
  if (!fail.status_code || *fail.status_code == 0) return;
  if (fail.phase != "authentication" && fail.phase != "association") return;
  if (*fail.status_code == 53 && roam.offered) return;
  std::string kind = fail.phase == "authentication" ? "auth-rejected" : "assoc-rejected";
  auto key = std::make_tuple(kind, std::string(ifname), roam.bssid);
  LineRef at = FailureRef(fail, roam);
  auto it = rejects_.find(key);
  if (it != rejects_.end()) {
    Finding& f = At(it->second);
    AddEvidence(&f, at, fmt::format("rejected again ({})", CodeText(fail)));
    return;
  }
  Finding f = AttemptFinding(kind, Severity::kWarning, ifname, at, roam.bssid);
  f.message = fmt::format("{} rejected the {} with {}", roam.bssid.ToString(),
                          fail.phase == "authentication" ? "authentication" : "association",
                          CodeText(fail));
  AddEvidence(&f, roam.start, "attempt started");
  AddEvidence(&f, at, "rejected");
  rejects_[key] = Add(std::move(f));
}

// Ping-pong and storms, decided as the attempts end (streaming: they see
// every attempt, also those past the roam list's limit, and keep only a
// window per interface).

PmksaRules::WindowRoam PmksaRules::Windowed(const RoamSummary& r) {
  WindowRoam w;
  w.bssid = r.bssid;
  w.ref = LineRef{r.start_line, r.start_time, r.start_time_us.value_or(0),
                  r.start_time_us.has_value(), r.start_text};
  w.trigger = r.detail.trigger.kind;
  w.failed = r.detail.outcome == "failed";
  return w;
}

// A warning at the first line of attempt `at`.
Finding PmksaRules::WindowFinding(const char* kind, const std::string& ifname,
                                  const WindowRoam& at) {
  Finding f;
  f.kind = kind;
  f.severity = Severity::kWarning;
  f.time = at.ref.time_text;
  f.time_us = at.ref.time_us;
  f.line = at.ref.line;
  f.interface = ifname;
  f.bssid = at.bssid;
  return f;
}

namespace {

// "2 bgscan, 1 link-loss": trigger kinds by name, with their counts.
std::string TriggersText(const std::map<std::string, int>& count) {
  std::string out;
  for (const auto& [k, n] : count) out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, k);
  return out;
}

}  // namespace

// A -> B -> A within ping_pong_s among successful connections: the newest
// connection c and the most recent earlier one to the same AP (not the one
// right before c) within the window. After a finding the next connection
// is not a candidate (a cycle is reported once).
void PmksaRules::PingPong(const std::string& ifname, const RoamSummary& r) {
  PongWindow& w = pong_[ifname];
  WindowRoam c = Windowed(r);
  int64_t limit = config_.ping_pong_s * 1'000'000;
  if (w.skip > 0) {
    --w.skip;
  } else if (w.ok.size() >= 2) {
    const MacAddress& before = w.ok.back().bssid;
    for (size_t j = w.ok.size() - 1; j-- > 0;) {
      const WindowRoam& a = w.ok[j];
      if (c.ref.time_us - a.ref.time_us > limit) break;
      if (a.bssid != c.bssid || before == c.bssid) continue;
      Finding f = WindowFinding("roam-ping-pong", ifname, c);
      std::string path;
      std::map<std::string, int> triggers;
      for (size_t i = j; i < w.ok.size(); ++i) {
        path += (path.empty() ? "" : " -> ") + w.ok[i].bssid.ToString();
        ++triggers[w.ok[i].trigger];
      }
      path += " -> " + c.bssid.ToString();
      ++triggers[c.trigger];
      f.message = fmt::format("roamed {} within {} (limit {} s); triggers: {}", path,
                              SecondsText(c.ref.time_us - a.ref.time_us), config_.ping_pong_s,
                              TriggersText(triggers));
      // The first connections of a long cycle (as for storms): bounded.
      size_t cited = 0;
      for (size_t i = j; i < w.ok.size() && cited < 8; ++i, ++cited)
        AddEvidence(&f, w.ok[i].ref, "connection");
      if (cited < 8) AddEvidence(&f, c.ref, "connection");
      Add(std::move(f));
      w.skip = 1;
      break;
    }
  }
  w.ok.push_back(std::move(c));
  // Keep the window (and the connection right before the next one).
  const WindowRoam& newest = w.ok.back();
  while (w.ok.size() > 1 &&
         (w.ok.size() > kPongWindow || newest.ref.time_us - w.ok.front().ref.time_us > limit))
    w.ok.pop_front();
}

// Bursts of at least storm_count attempts within storm_s: a burst starts
// at the first attempt whose storm_count-th successor is within the window
// and goes on while each new attempt has storm_count-1 others before it
// within the window; it is reported when it ends.
void PmksaRules::Storm(const std::string& ifname, const RoamSummary& r) {
  if (config_.storm_count <= 0) return;
  size_t n = static_cast<size_t>(config_.storm_count);
  int64_t limit = config_.storm_s * 1'000'000;
  StormWindow& w = storms_[ifname];
  WindowRoam x = Windowed(r);
  if (w.burst) {
    w.recent.push_back(x.ref.time_us);
    if (w.recent.size() > n) w.recent.pop_front();
    if (w.recent.back() - w.recent.front() <= limit) {
      StormBurst& b = *w.burst;
      ++b.count;
      b.failed += x.failed;
      ++b.triggers[x.trigger];
      b.last_us = x.ref.time_us;
      if (b.cited.size() < 6) b.cited.push_back(std::move(x.ref));
      return;
    }
    EndStorm(ifname, &w);  // x starts afresh
  }
  w.candidates.push_back(std::move(x));
  if (w.candidates.size() > n) w.candidates.pop_front();
  if (w.candidates.size() < n ||
      w.candidates.back().ref.time_us - w.candidates.front().ref.time_us > limit)
    return;
  StormBurst b;
  for (WindowRoam& c : w.candidates) {
    ++b.count;
    b.failed += c.failed;
    ++b.triggers[c.trigger];
    b.last_us = c.ref.time_us;
    if (b.cited.empty()) b.first = c;
    if (b.cited.size() < 6) b.cited.push_back(c.ref);
  }
  w.recent.clear();
  for (const WindowRoam& c : w.candidates) w.recent.push_back(c.ref.time_us);
  if (w.recent.size() > n - 1) w.recent.pop_front();  // the last n-1 times
  w.candidates.clear();
  w.burst = std::move(b);
}

void PmksaRules::EndStorm(const std::string& ifname, StormWindow* w) {
  const StormBurst& b = *w->burst;
  const WindowRoam& a = b.first;
  Finding f = WindowFinding("roam-storm", ifname, a);
  f.message = fmt::format(
      "{} connection attempts in {} (at least {} within {} s), {} of them failed; "
      "triggers: {}",
      b.count, SecondsText(b.last_us - a.ref.time_us), config_.storm_count, config_.storm_s,
      b.failed, TriggersText(b.triggers));
  for (const LineRef& ref : b.cited) AddEvidence(&f, ref, "attempt started");
  Add(std::move(f));
  w->burst.reset();
  w->recent.clear();
  w->candidates.clear();
}

void PmksaRules::PingPongAndStorms(const RoamSummary& r) {
  if (r.reauth || !r.start_time_us) return;
  if (r.detail.outcome == "success") PingPong(r.interface, r);
  Storm(r.interface, r);
}

void PmksaRules::OnClockBreak() {
  FinishStorms();
  pong_.clear();
  storms_.clear();
}

void PmksaRules::FinishStorms() {
  for (auto& [ifname, w] : storms_)
    if (w.burst) EndStorm(ifname, &w);
}

}  // namespace roamreplay
