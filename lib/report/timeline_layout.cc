// The geometric half of timeline.h: the compressed time axis, association
// spans and the ASCII timeline.

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report/finding_guide.h"
#include "report/timeline.h"

namespace roamreplay {

TimelineAxis::TimelineAxis(std::vector<int64_t> instants, double width, double gap_width,
                           int64_t max_gap_us, double min_segment_width) {
  std::sort(instants.begin(), instants.end());
  instants.erase(std::unique(instants.begin(), instants.end()), instants.end());
  if (instants.empty()) return;
  for (int64_t t : instants) {
    if (segments_.empty() || t - segments_.back().t1 > max_gap_us)
      segments_.push_back({t, t, 0, 0});
    else
      segments_.back().t1 = t;
  }
  size_t n = segments_.size();
  // Gaps take at most a third of the width in all, so the whole log fits.
  if (n > 1) gap_width = std::min(gap_width, width / 3 / static_cast<double>(n - 1));
  gap_width_ = gap_width;
  double avail = std::max(width - gap_width * static_cast<double>(n - 1), 1.0);
  // Each segment gets a minimum width (so a 30 ms roam stays visible); the
  // rest is shared in proportion to the durations: one time scale.
  double total = 0;
  for (const Segment& s : segments_) total += static_cast<double>(s.t1 - s.t0);
  double min_w = std::min(min_segment_width, avail / static_cast<double>(n));
  double spare = avail - min_w * static_cast<double>(n);
  double x = 0;
  for (size_t i = 0; i < n; ++i) {
    Segment& s = segments_[i];
    double share = total > 0 ? static_cast<double>(s.t1 - s.t0) / total
                             : 1.0 / static_cast<double>(n);
    double w = min_w + spare * share;
    s.x0 = x;
    s.x1 = x + w;
    x = s.x1;
    if (i + 1 < n) {
      gaps_.push_back({x, x + gap_width, segments_[i + 1].t0 - s.t1});
      x += gap_width;
    }
  }
}

double TimelineAxis::X(int64_t t) const {
  if (segments_.empty()) return 0;
  // Segments are in time order (built from sorted instants): the first
  // one that ends at or after t holds t, or t is in the gap before it.
  auto first = std::partition_point(segments_.begin(), segments_.end(),
                                    [t](const Segment& s) { return s.t1 < t; });
  for (size_t i = static_cast<size_t>(first - segments_.begin()); i < segments_.size(); ++i) {
    const Segment& s = segments_[i];
    double pad = std::min(8.0, (s.x1 - s.x0) * 0.08);
    if (t < s.t0) {
      if (i == 0) return s.x0 + pad;
      const Segment& p = segments_[i - 1];
      double f = static_cast<double>(t - p.t1) / static_cast<double>(s.t0 - p.t1);
      return p.x1 + f * (s.x0 - p.x1);
    }
    if (t <= s.t1) {
      if (s.t1 == s.t0) return (s.x0 + s.x1) / 2;
      double f = static_cast<double>(t - s.t0) / static_cast<double>(s.t1 - s.t0);
      return s.x0 + pad + f * (s.x1 - s.x0 - 2 * pad);
    }
  }
  const Segment& last = segments_.back();
  return last.x1 - std::min(8.0, (last.x1 - last.x0) * 0.08);
}

std::vector<int64_t> TimelineInstants(const TriageView& view) {
  const Report& report = *view.report;
  std::vector<int64_t> t;
  auto add = [&](std::optional<int64_t> v) {
    if (v) t.push_back(*v);
  };
  add(view.scan.first_time_us);
  add(view.scan.last_time_us);
  for (const RoamSummary& r : report.roams) {
    add(r.start_time_us);
    if (r.start_time_us && r.duration_us) t.push_back(*r.start_time_us + *r.duration_us);
  }
  for (const CacheEntryHistory& c : report.cache_history) {
    add(c.created_time_us);
    add(c.removed_time_us);
    if (c.stale_line != 0) add(view.TimeOfLine(c.stale_line));
  }
  for (const Finding& f : report.findings) add(f.time_us);
  return t;
}

std::vector<AssociationSpan> AssociationSpans(const TriageView& view) {
  const Report& report = *view.report;
  std::vector<AssociationSpan> spans;
  std::optional<int64_t> end = view.scan.last_time_us;
  // The start of the next timed roam on the same interface, from the back.
  std::vector<std::optional<int64_t>> next_start(report.roams.size());
  std::map<std::string_view, int64_t> later;
  for (size_t i = report.roams.size(); i-- > 0;) {
    const RoamSummary& r = report.roams[i];
    auto it = later.find(r.interface);
    if (it != later.end()) next_start[i] = it->second;
    if (r.start_time_us) later[r.interface] = *r.start_time_us;
  }
  for (size_t i = 0; i < report.roams.size(); ++i) {
    const RoamSummary& r = report.roams[i];
    if (!r.start_time_us || r.method == "failed") continue;
    int64_t t1 = end ? std::max(*end, *r.start_time_us) : *r.start_time_us;
    if (next_start[i]) t1 = *next_start[i];
    spans.push_back({r.bssid, *r.start_time_us, t1, r.method});
  }
  return spans;
}

TriageView ViewWithoutScan(const Report& report) {
  TriageView view;
  view.report = &report;
  view.aps = CollectAccessPoints(report);
  view.IndexAps();
  auto note = [&](uint64_t line, std::optional<int64_t> t) {
    if (line == 0 || !t) return;
    view.scan.line_times[line] = *t;
    if (!view.scan.first_time_us || *t < *view.scan.first_time_us) view.scan.first_time_us = t;
    if (!view.scan.last_time_us || *t > *view.scan.last_time_us) view.scan.last_time_us = t;
  };
  for (const RoamSummary& r : report.roams) {
    note(r.start_line, r.start_time_us);
    if (r.start_time_us && r.duration_us) note(r.end_line, *r.start_time_us + *r.duration_us);
  }
  for (const CacheEntryHistory& c : report.cache_history) {
    note(c.created_line, c.created_time_us);
    note(c.removed_line, c.removed_time_us);
  }
  for (const Finding& f : report.findings) {
    note(f.line, f.time_us);
    for (const EvidenceLine& e : f.evidence) note(e.line, LeadingTimeUs(e.time + ":"));
  }
  return view;
}

// ---------------------------------------------------------------------------
// ASCII timeline

namespace {

struct AsciiGrid {
  const TimelineAxis& axis;
  int width;
  int Col(int64_t t) const {
    int c = static_cast<int>(axis.X(t));
    return std::clamp(c, 0, width - 1);
  }
  void Fill(std::string* row, int64_t t0, int64_t t1, char c) const {
    for (int i = Col(t0); i <= Col(t1); ++i) (*row)[static_cast<size_t>(i)] = c;
  }
};

char MethodChar(const std::string& method) {
  if (method == "full-eap" || method == "full-auth" || method == "sae" || method == "psk" ||
      method == "owe")
    return 'F';
  if (method == "okc") return 'O';
  if (method == "pmksa-cache" || method == "sae-pmksa") return 'P';
  if (method == "ft") return 'T';
  if (method == "driver") return 'D';
  return '?';
}

// 0-9, a-z without x (the stale mark), A-Z; '#' beyond (61 and up).
char GenerationChar(int gen) {
  static constexpr std::string_view kSymbols =
      "0123456789abcdefghijklmnopqrstuvwyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  return gen >= 0 && static_cast<size_t>(gen) < kSymbols.size() ? kSymbols[static_cast<size_t>(gen)]
                                                                 : '#';
}

std::string ApRows(const TriageView& view, const AsciiGrid& g, const MacAddress& ap,
                   const std::vector<AssociationSpan>& spans, size_t label_width) {
  std::string assoc(static_cast<size_t>(g.width), ' '), cache = assoc;
  for (const AssociationSpan& s : spans) {
    if (s.bssid != ap) continue;
    g.Fill(&assoc, s.t0, s.t1, '=');
    assoc[static_cast<size_t>(g.Col(s.t0))] = MethodChar(s.method);
  }
  std::optional<int64_t> end = view.scan.last_time_us;
  for (const CacheEntryHistory& c : view.report->cache_history) {
    if (c.aa != ap || !c.created_time_us) continue;
    int64_t t1 = c.removed_time_us ? *c.removed_time_us : end.value_or(*c.created_time_us);
    // At INFO level the PMKs are not in the log: no generations ('*').
    const bool info = view.report->evidence_tier == "INFO";
    g.Fill(&cache, *c.created_time_us, t1, info ? '*' : GenerationChar(c.generation));
    std::optional<int64_t> stale = c.stale_line ? view.TimeOfLine(c.stale_line) : std::nullopt;
    if (stale && *stale < t1) g.Fill(&cache, *stale, t1, 'x');
  }
  for (const TimelineAxis::Gap& gap : g.axis.gaps()) {
    size_t c = static_cast<size_t>(std::clamp(static_cast<int>(gap.x0), 0, g.width - 1));
    if (assoc[c] == ' ') assoc[c] = '/';
    if (cache[c] == ' ') cache[c] = '/';
  }
  std::string label = view.ApLabel(ap) + " " + ap.ToString();
  std::string out = fmt::format("{:<{}} assoc |{}|\n", label, label_width, assoc);
  out += fmt::format("{:<{}} pmksa |{}|\n", "", label_width, cache);
  return out;
}

}  // namespace

std::string AsciiTimeline(const TriageView& view, int width) {
  TimelineAxis axis(TimelineInstants(view), width, 2, 5 * 1000000, 4);
  if (axis.empty() || view.aps.empty()) return "";
  AsciiGrid g{axis, width};
  std::vector<AssociationSpan> spans = AssociationSpans(view);
  const size_t label_width = 23;
  std::string out;
  for (size_t i = 0; i < view.aps.size() && i < kMaxTimelineAps; ++i)
    out += ApRows(view, g, view.aps[i], spans, label_width);
  if (view.aps.size() > kMaxTimelineAps)
    out += fmt::format("{:<{}} ... {} more APs not drawn\n", "", label_width,
                       view.aps.size() - kMaxTimelineAps);
  std::string marks(static_cast<size_t>(width), ' ');
  const auto& findings = view.report->findings;
  std::vector<FindingCard> cards = FindingCards(*view.report);
  for (size_t i = 0; i < cards.size(); ++i) {
    const Finding& f = findings[cards[i].primary];
    if (!f.time_us) continue;
    size_t c = static_cast<size_t>(g.Col(*f.time_us));
    while (c + 1 < marks.size() && marks[c] != ' ') ++c;
    if (marks[c] == ' ') marks[c] = MarkerSymbol(i + 1);
  }
  if (!findings.empty()) out += fmt::format("{:<{}} found |{}|\n", "", label_width, marks);
  std::string gaps;
  const auto& all_gaps = axis.gaps();
  if (all_gaps.size() > 6) {
    auto [shortest, longest] = std::minmax_element(
        all_gaps.begin(), all_gaps.end(),
        [](const TimelineAxis::Gap& a, const TimelineAxis::Gap& b) { return a.duration_us < b.duration_us; });
    gaps = fmt::format("{} of {} to {}", all_gaps.size(), HumanDuration(shortest->duration_us),
                       HumanDuration(longest->duration_us));
  } else {
    for (const TimelineAxis::Gap& gap : all_gaps)
      gaps += (gaps.empty() ? "" : ", ") + HumanDuration(gap.duration_us);
  }
  out += "  assoc: F full auth (EAP/SAE/PSK/OWE), O OKC, P PMKSA cache, T FT, D driver\n";
  if (view.report->evidence_tier == "INFO")
    out += "  pmksa: * cached entry (INFO level: the PMKs are not in the log); x = stale\n";
  else
    out += "  pmksa: PMK generation of the entry (0 = from before the log; 10 = a, no x,\n"
           "         then A-Z, # from 61); x = stale entry\n";
  out += "  found: findings #1-#9, then a-z (a = #10), A-Z (A = #36), + beyond";
  if (!gaps.empty()) out += "\n  / idle gaps compressed: " + gaps;
  out += "\n";
  return out;
}

}  // namespace roamreplay
