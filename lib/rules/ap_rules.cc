#include "rules/ap_rules.h"

#include <algorithm>
#include <cstdlib>
#include <map>

#include <fmt/format.h>

namespace roamreplay {
namespace {

constexpr size_t kMaxPairs = 200000;

struct Offset {
  int64_t us = 0;
  std::optional<int64_t> spread_us;
  uint64_t matched = 0;
};

// Offsets of all same-kind, same-BSSID pairs; the biggest 50 ms cluster.
Offset Estimate(const ApView& view, const std::vector<StationAnchor>& anchors) {
  std::vector<int64_t> diffs;
  auto add = [&](StationAnchor::Kind kind, size_t bss, int64_t ap_us) {
    const ApBss& b = view.bss()[bss];
    if (!b.has_bssid) return;
    for (const StationAnchor& a : anchors)
      if (a.kind == kind && a.bssid == b.bssid && diffs.size() < kMaxPairs)
        diffs.push_back(a.time_us - ap_us);
  };
  for (const ApAssociation& a : view.associations())
    if (a.assoc.time_us) add(StationAnchor::kAssociated, a.bss, *a.assoc.time_us);
  for (const auto& [bss, t] : view.msg1_times()) add(StationAnchor::kMsg1, bss, t);
  Offset out;
  if (diffs.empty()) return out;
  std::sort(diffs.begin(), diffs.end());
  size_t best_lo = 0, best_n = 0;
  for (size_t lo = 0, hi = 0; lo < diffs.size(); ++lo) {
    while (hi < diffs.size() && diffs[hi] - diffs[lo] <= ApJoinOptions::kClusterUs) ++hi;
    if (hi - lo > best_n) {
      best_n = hi - lo;
      best_lo = lo;
    }
  }
  out.us = diffs[best_lo + best_n / 2];
  out.spread_us = diffs[best_lo + best_n - 1] - diffs[best_lo];
  out.matched = best_n;
  return out;
}

struct LogState {
  const ApLogInput* input = nullptr;
  int64_t offset_us = 0;
  size_t index = 0;
};

std::optional<int64_t> OnStation(const LogState& log, const ApLineRef& ref) {
  if (!ref.time_us) return std::nullopt;
  return *ref.time_us + log.offset_us;
}

ApEvidence Evidence(const LogState& log, const ApLineRef& ref, std::string role) {
  ApEvidence e;
  e.line = ref.line;
  e.time = ref.time;
  e.text = ref.text;
  e.source = log.input->path;
  e.role = std::move(role);
  e.time_us = OnStation(log, ref);
  return e;
}

void AddEvidence(Finding* f, ApEvidence e) {
  for (const ApEvidence& have : f->ap_evidence)
    if (have.source == e.source && have.line == e.line) return;
  f->ap_evidence.push_back(std::move(e));
}

bool Offered(const ApAssociation& a, const Pmkid& pmkid) {
  return std::find(a.offered.begin(), a.offered.end(), pmkid) != a.offered.end();
}

// "earlier" across logs: by line in one log, by station time across logs.
bool Before(const std::vector<LogState>& logs, const ApLineRef& a, const ApLineRef& b) {
  if (a.log == b.log) return a.line < b.line;
  auto ta = OnStation(logs[a.log], a), tb = OnStation(logs[b.log], b);
  return ta && tb && *ta < *tb;
}

struct Match {
  size_t log = 0;
  const ApAssociation* assoc = nullptr;
};

// The AP association of `bssid` that belongs to a station event at
// `time_us` (station axis): the first one from kMatchWindowUs before it to
// `until_us`, preferring one where `pmkid` was offered.
std::optional<Match> FindAssociation(const std::vector<LogState>& logs, const MacAddress& bssid,
                                     std::optional<int64_t> time_us, int64_t before_us,
                                     int64_t until_us, const Pmkid& pmkid) {
  if (!time_us) return std::nullopt;
  std::optional<Match> best;
  bool best_offered = false;
  int64_t best_gap = 0;
  for (const LogState& log : logs) {
    const ApView& v = *log.input->view;
    for (const ApAssociation& a : v.associations()) {
      const ApBss& b = v.bss()[a.bss];
      if (!b.has_bssid || b.bssid != bssid) continue;
      auto t = OnStation(log, a.assoc);
      if (!t || *t < *time_us - before_us || *t > *time_us + until_us) continue;
      bool offered = pmkid.known && Offered(a, pmkid);
      int64_t gap = std::llabs(*t - *time_us);
      if (!best || (offered && !best_offered) || (offered == best_offered && gap < best_gap)) {
        best = Match{log.index, &a};
        best_offered = offered;
        best_gap = gap;
      }
    }
  }
  return best;
}

bool Covers(const std::vector<LogState>& logs, const MacAddress& bssid) {
  for (const LogState& log : logs)
    for (const ApBss& b : log.input->view->bss())
      if (b.has_bssid && b.bssid == bssid) return true;
  return false;
}

// Why the AP of `m` did not find any PMKID the station offered there.
std::string RefusalCause(const std::vector<LogState>& logs, const Match& m, Finding* f) {
  const LogState& here = logs[m.log];
  const ApView& view = *here.input->view;
  const ApAssociation& a = *m.assoc;
  const ApBss& bss = view.bss()[a.bss];
  // 1. The AP once held one of the offered PMKIDs for this station at this BSSID.
  const ApPmksaEntry* had = nullptr;
  const LogState* had_log = nullptr;
  for (const LogState& log : logs) {
    const ApView& v = *log.input->view;
    for (const ApPmksaEntry& e : v.entries()) {
      const ApBss& eb = v.bss()[e.bss];
      if (!eb.has_bssid || eb.bssid != bss.bssid || e.spa != a.sta || !e.pmkid.known) continue;
      if (!Offered(a, e.pmkid) || !Before(logs, e.added, a.assoc)) continue;
      if (!had || Before(logs, had->added, e.added)) {
        had = &e;
        had_log = &log;
      }
    }
  }
  if (had) {
    AddEvidence(f, Evidence(*had_log, had->added, "the AP's entry for the offered PMKID created"));
    bool gone = had->removed && Before(logs, *had->removed, a.assoc);
    if (gone) AddEvidence(f, Evidence(*had_log, *had->removed, "the AP's entry removed (" +
                                                                    had->removed_how + ")"));
    if (had_log != &here || (gone && had->removed_how == "process-ended")) return "ap-restarted";
    if (!gone) return "unknown";
    if (had->removed_how == "expired") return "ap-entry-expired";
    if (had->removed_how == "replaced") return "ap-has-newer-pmk";
    return "unknown";
  }
  // 2. Never held at this BSSID: what the AP's process holds for the station.
  const ApPmksaEntry* live_here = nullptr;
  const ApPmksaEntry* live_sibling = nullptr;
  for (const ApPmksaEntry& e : view.entries()) {
    if (e.spa != a.sta || view.bss()[e.bss].process != bss.process) continue;
    if (!Before(logs, e.added, a.assoc)) continue;
    if (e.removed && Before(logs, *e.removed, a.assoc)) continue;
    (e.bss == a.bss ? live_here : live_sibling) = &e;
  }
  const ApProcess& process = view.processes()[bss.process];
  if (live_here) {
    AddEvidence(f, Evidence(here, live_here->added, "the AP holds another PMK for the station"));
    return "ap-has-newer-pmk";
  }
  if (live_sibling && process.okc_seen) {
    AddEvidence(f, Evidence(here, live_sibling->added,
                            "the AP process holds another PMK for the station (OKC on)"));
    return "ap-has-newer-pmk";
  }
  // An earlier process of this log, or another log, served this BSSID.
  for (const LogState& log : logs) {
    const ApView& v = *log.input->view;
    for (const ApPmksaEntry& e : v.entries()) {
      const ApBss& eb = v.bss()[e.bss];
      bool same_bssid = eb.has_bssid && eb.bssid == bss.bssid;
      bool earlier_process = &log == &here ? eb.process < bss.process : same_bssid;
      if (e.spa == a.sta && same_bssid && earlier_process && Before(logs, e.added, a.assoc)) {
        AddEvidence(f, Evidence(log, e.added, "entry held by an earlier hostapd process"));
        return "ap-restarted";
      }
    }
  }
  if (live_sibling)
    AddEvidence(f, Evidence(here, live_sibling->added,
                            "the PMK is held by another BSS of the process (no OKC match seen)"));
  for (const LogState& log : logs) {
    if (&log == &here) continue;
    for (const ApPmksaEntry& e : log.input->view->entries())
      if (e.spa == a.sta && Before(logs, e.added, a.assoc)) {
        AddEvidence(f, Evidence(log, e.added, "the PMK is held by another hostapd process"));
        break;
      }
  }
  return "ap-never-had-pmk";
}

std::string BssName(const ApView& v, size_t bss) {
  const ApBss& b = v.bss()[bss];
  return b.has_bssid ? b.bssid.ToString() : b.ifname;
}

void Summarise(const LogState& log, Report* report, const Offset& est) {
  const ApView& v = *log.input->view;
  ApLogSummary& s = report->ap_logs[log.index];
  s.path = log.input->path;
  for (const ApBss& b : v.bss()) {
    std::string name = b.has_bssid ? b.bssid.ToString() : b.ifname;
    if (std::find(s.bss.begin(), s.bss.end(), name) != s.bss.end()) continue;
    s.bss.push_back(name);
    s.ifnames.push_back(b.ifname);
  }
  for (const ApProcess& p : v.processes()) {
    ApProcessSummary ps;
    ps.start_line = p.start.line;
    ps.version = p.version;
    for (size_t i : p.bss) ps.bss.push_back(BssName(v, i));
    if (p.bss.size() > 1) {
      ps.shared_evidence = fmt::format(
          "{} configuration files set up in one start-up block of this log", p.config_files.size());
      if (p.moves_within > 0)
        ps.shared_evidence += fmt::format(
            "; {} time(s) the process disassociated a station from one BSS when it associated "
            "with another",
            p.moves_within);
    } else {
      ps.shared_evidence = "one BSS in this process";
    }
    s.processes.push_back(std::move(ps));
  }
  for (const ApSideEvent& e : v.side_events()) {
    ApEventSummary es;
    es.kind = e.kind;
    if (e.has_bss) es.bss = BssName(v, e.bss);
    if (e.kind != "restart") es.sta = e.sta.ToString();
    es.line = e.ref.line;
    es.time = e.ref.time;
    es.time_us = OnStation(log, e.ref);
    es.text = e.ref.text;
    s.events.push_back(std::move(es));
  }
  s.lines = v.lines();
  s.events_count = v.events();
  s.known = v.known();
  s.unknown = v.unknown();
  s.matched_frames = est.matched;
}

// The AP-side entries live at the snapshot's time (all live ones at the end
// when the snapshot has no time).
void Snapshot(const std::vector<LogState>& logs, Report* report) {
  CacheSnapshot& snap = *report->snapshot;
  std::optional<int64_t> at = snap.time_us;
  for (const LogState& log : logs) {
    const ApView& v = *log.input->view;
    for (const ApPmksaEntry& e : v.entries()) {
      auto added = OnStation(log, e.added);
      if (at && (!added || *added > *at)) continue;
      if (e.removed) {
        auto removed = OnStation(log, *e.removed);
        if (!at || (removed && *removed <= *at)) continue;
      }
      SnapshotEntry s;
      const ApBss& b = v.bss()[e.bss];
      s.bssid = b.bssid;
      s.own_address = e.spa;
      s.pmkid = e.pmkid;
      s.opportunistic = e.okc;
      s.clone = e.okc;
      s.created_line = e.added.line;
      s.created_time = e.added.time;
      s.created_time_us = added;
      s.ap = BssName(v, e.bss) + (b.ifname.empty() ? "" : " (" + b.ifname + ")");
      snap.ap.push_back(std::move(s));
    }
  }
}

}  // namespace

void JoinApLogs(const std::vector<ApLogInput>& inputs, const std::vector<StationAnchor>& anchors,
                const ApJoinOptions& options, Report* report) {
  report->ap_joined = true;
  report->ap_logs.assign(inputs.size(), ApLogSummary());
  std::vector<LogState> logs(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    LogState& log = logs[i];
    log.input = &inputs[i];
    log.index = i;
    Offset est = Estimate(*inputs[i].view, anchors);
    ApLogSummary& s = report->ap_logs[i];
    if (options.offset_us) {
      log.offset_us = *options.offset_us;
      s.offset_source = "option";
    } else if (options.station_epoch_clock && inputs[i].epoch_clock &&
               (!est.spread_us || std::llabs(est.us) < ApJoinOptions::kSameClockUs)) {
      log.offset_us = 0;
      s.offset_source = "same-clock";
    } else if (est.spread_us) {
      log.offset_us = est.us;
      s.offset_source = "estimated";
    } else {
      s.offset_source = "none";
    }
    s.offset_s = static_cast<double>(log.offset_us) / 1e6;
    if (est.spread_us) s.offset_spread_ms = static_cast<double>(*est.spread_us) / 1e3;
    Summarise(log, report, est);
  }
  // Roams: the AP's answer.
  for (RoamSummary& r : report->roams) {
    if (!Covers(logs, r.bssid)) continue;
    int64_t until = r.duration_us ? *r.duration_us + 1'000'000 : ApJoinOptions::kMatchWindowUs;
    // A re-authentication has no association of its own: an association
    // shortly before it is the connection it re-authenticates.
    auto m = r.reauth ? std::nullopt
                      : FindAssociation(logs, r.bssid, r.start_time_us, 2'000'000, until,
                                        r.offered_pmkid);
    if (r.reauth && r.start_time_us) {
      // A re-authentication has no association: the AP's re-auth event.
      for (const LogState& log : logs) {
        const ApView& v = *log.input->view;
        for (const ApSideEvent& e : v.side_events()) {
          auto t = OnStation(log, e.ref);
          if (!e.has_bss || !v.bss()[e.bss].has_bssid || v.bss()[e.bss].bssid != r.bssid || !t ||
              *t < *r.start_time_us - 2'000'000 || *t > *r.start_time_us + 1'000'000 ||
              (e.kind != "reauth-timer" && e.kind != "reauth-started"))
            continue;
          r.ap_answer = "no-pmkid-offered";
          r.ap_line = e.ref.line;
          r.ap_log = log.index;
          r.ap_line_text = e.ref.text;
          r.ap_time_us = t;
          break;
        }
        if (!r.ap_answer.empty()) break;
      }
      continue;
    }
    if (!m) continue;
    const ApAssociation& a = *m->assoc;
    r.ap_answer = a.answer;
    const ApLineRef& shown = a.answer_line ? *a.answer_line : a.offer_line ? *a.offer_line : a.assoc;
    r.ap_line = shown.line;
    r.ap_log = m->log;
    r.ap_line_text = shown.text;
    r.ap_time_us = OnStation(logs[m->log], shown);
  }
  // Findings.
  for (Finding& f : report->findings) {
    if (!f.bssid) continue;
    if (Covers(logs, *f.bssid)) {
      auto m = FindAssociation(logs, *f.bssid, f.time_us, ApJoinOptions::kMatchWindowUs,
                               2'000'000, f.pmkid);
      if (m) {
        const LogState& log = logs[m->log];
        const ApAssociation& a = *m->assoc;
        AddEvidence(&f, Evidence(log, a.assoc, "station associated at the AP"));
        if (a.offer_line) AddEvidence(&f, Evidence(log, *a.offer_line, "PMKID offered to the AP"));
        if (a.answer_line)
          AddEvidence(&f, Evidence(log, *a.answer_line,
                                   a.answer == "okc-match" ? "AP derived the PMKID by OKC"
                                                           : "AP found the PMKID"));
        bool found = a.answer == "found" || a.answer == "okc-match";
        if (f.kind == "pmkid-rejected") {
          f.ap_cause = found ? "unknown" : RefusalCause(logs, *m, &f);
        } else if (f.kind == "ap-forgot-pmksa") {
          std::string cause = found ? "found" : RefusalCause(logs, *m, &f);
          f.ap_cause = cause == "ap-entry-expired" || cause == "ap-restarted" ? "confirmed"
                       : cause == "unknown"                                   ? ""
                                                                              : "dismissed";
        }
      } else if (f.kind == "pmkid-rejected") {
        f.ap_cause = "unknown";
      }
    }
    // AP-side events at this AP in the minute before the finding.
    if (!f.time_us) continue;
    for (const LogState& log : logs) {
      const ApView& v = *log.input->view;
      for (const ApSideEvent& e : v.side_events()) {
        if (!e.has_bss || !v.bss()[e.bss].has_bssid || v.bss()[e.bss].bssid != *f.bssid) continue;
        auto t = OnStation(log, e.ref);
        if (t && *t <= *f.time_us && *t >= *f.time_us - 60'000'000)
          AddEvidence(&f, Evidence(log, e.ref, "AP event: " + e.kind));
      }
    }
  }
  if (report->snapshot) Snapshot(logs, report);
  for (Finding& f : report->findings)
    std::sort(f.ap_evidence.begin(), f.ap_evidence.end(),
              [](const ApEvidence& a, const ApEvidence& b) {
                return a.time_us != b.time_us ? a.time_us < b.time_us : a.line < b.line;
              });
}

}  // namespace roamreplay
