// The SVG timeline of the HTML triage report: time on x with idle gaps
// compressed (zigzag marks, durations below the axis), one row per AP with
// its association spans on top and its PMKSA cache entries below (coloured
// by PMK generation, hatched where the reference model holds them stale),
// and a numbered marker per finding.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <ostream>
#include <sstream>

#include <fmt/format.h>

#include "report/finding_guide.h"
#include "report/timeline.h"

namespace roamreplay {

void AppendFixed1(std::string* out, double v) {
  char buf[64];
  std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 1);
  if (r.ec == std::errc())
    out->append(buf, static_cast<size_t>(r.ptr - buf));
  else
    *out += fmt::format("{:.1f}", v);  // past 10^60: not a coordinate, but exact all the same
}

namespace {

constexpr double kWidth = 1180, kPlotX0 = 200, kPlotW = 940, kGapW = 30;
constexpr double kTop = 52, kRowH = 62;
constexpr int64_t kMaxGapUs = 5 * 1000000;
constexpr const char* kGenColours[] = {"#4e79a7", "#f28e2b", "#59a14f", "#b07aa1",
                                       "#76b7b2", "#edc948", "#ff9da7", "#9c755f"};

constexpr size_t kPalette = sizeof kGenColours / sizeof *kGenColours;

// A distinct colour per generation: the palette, then hues by the golden
// angle (never a repeat within a report).
std::string GenColour(int gen) {
  if (gen <= 0) return "#9aa5b1";
  if (static_cast<size_t>(gen) <= kPalette) return kGenColours[gen - 1];
  double hue = std::fmod(static_cast<double>(gen) * 137.508, 360.0);
  double light = 38 + 12 * static_cast<double>(gen % 3);
  return fmt::format("hsl({:.1f},62%,{:.0f}%)", hue, light);
}

// At INFO level the log shows entries but not the PMKs behind them: no
// generations are drawn (a burst of OKC entries is not many PMKs).
bool GenerationsKnown(const TriageView& view) { return view.report->evidence_tier != "INFO"; }

std::string FindingColour(Severity severity) {
  return severity == Severity::kError ? "#c62828" : severity == Severity::kWarning ? "#b26a00"
                                                                                  : "#2f5ea8";
}

// Rough width of `text` at `font_size` px (DejaVu Sans averages 0.6 em).
double TextWidth(const std::string& text, double font_size) {
  return 0.6 * font_size * static_cast<double>(text.size());
}

std::string MethodColour(const std::string& method) {
  if (method == "okc" || method == "pmksa-cache" || method == "sae-pmksa" || method == "ft")
    return "#2b8a3e";
  if (method == "full-eap" || method == "full-auth" || method == "sae" || method == "psk" ||
      method == "owe")
    return "#d9480f";
  return "#495057";
}

struct Svg {
  const TimelineAxis& axis;
  std::ostream& out;
  double X(int64_t t) const { return kPlotX0 + axis.X(t); }
  // The two most frequent elements are written without fmt: its "{:.1f}"
  // showed in profiles of large reports; AppendFixed1 writes the same.
  void Rect(double x0, double x1, double y, double h, const std::string& attrs,
            const std::string& title = "") const {
    double w = std::max(x1 - x0, 2.0);
    std::string& e = scratch;
    e.assign("<rect x=\"");
    AppendFixed1(&e, x0);
    e += "\" y=\"";
    AppendFixed1(&e, y);
    e += "\" width=\"";
    AppendFixed1(&e, w);
    e += "\" height=\"";
    AppendFixed1(&e, h);
    e += "\" ";
    e += attrs;
    if (title.empty()) {
      e += "/>\n";
    } else {
      e += "><title>";
      e += HtmlEscape(title);
      e += "</title></rect>\n";
    }
    out << e;
  }
  void Text(double x, double y, const std::string& attrs, const std::string& text) const {
    std::string& e = scratch;
    e.assign("<text x=\"");
    AppendFixed1(&e, x);
    e += "\" y=\"";
    AppendFixed1(&e, y);
    e += "\" ";
    e += attrs;
    e += '>';
    e += HtmlEscape(text);
    e += "</text>\n";
    out << e;
  }
  mutable std::string scratch = {};
};

void DrawRowFrame(const Svg& s, const TriageView& view, size_t i) {
  double y = kTop + static_cast<double>(i) * kRowH;
  if (i % 2 == 0) s.Rect(0, kWidth, y, kRowH, "fill=\"#f6f8fb\"");
  s.Text(12, y + 25, "font-size=\"14\" font-weight=\"700\" fill=\"#1d2330\"",
         fmt::format("AP-{}", i + 1));
  s.Text(12, y + 44, "font-size=\"11.5\" font-family=\"DejaVu Sans Mono, monospace\" fill=\"#5b6475\"",
         view.aps[i].ToString());
  s.Text(kPlotX0 - 8, y + 22, "font-size=\"10\" text-anchor=\"end\" fill=\"#8a94a6\"", "assoc");
  s.Text(kPlotX0 - 8, y + 46, "font-size=\"10\" text-anchor=\"end\" fill=\"#8a94a6\"", "PMKSA");
}

// The drawn row of `ap` (the first kMaxTimelineAps APs), if any.
std::optional<size_t> TimelineRow(const TriageView& view, const MacAddress& ap) {
  size_t rows = std::min(view.aps.size(), kMaxTimelineAps);
  for (size_t i = 0; i < rows; ++i)
    if (view.aps[i] == ap) return i;
  return std::nullopt;
}

void DrawAssociations(const Svg& s, const TriageView& view) {
  for (const AssociationSpan& a : AssociationSpans(view)) {
    std::optional<size_t> row = TimelineRow(view, a.bssid);
    if (!row) continue;
    double y = kTop + static_cast<double>(*row) * kRowH + 10;
    double x0 = s.X(a.t0), x1 = s.X(a.t1);
    RoamSummary as_roam;
    as_roam.method = a.method;
    std::string method = MethodName(as_roam);
    s.Rect(x0, x1, y, 16, "rx=\"3\" fill=\"#c5d3e8\"",
           fmt::format("associated with {} ({}) for {}", view.ApLabel(a.bssid), method,
                       HumanDuration(a.t1 - a.t0)));
    s.Rect(x0, x0 + 6, y, 16, "fill=\"" + MethodColour(a.method) + "\"");
  }
  // Labels at the start of each roam, shortened or left out where the next
  // roam on the same row starts too soon.
  const auto& roams = view.report->roams;
  // The start of the next timed roam to the same AP, from the back.
  std::vector<std::optional<int64_t>> next_start(roams.size());
  std::map<MacAddress, int64_t> later;
  for (size_t i = roams.size(); i-- > 0;) {
    auto it = later.find(roams[i].bssid);
    if (it != later.end()) next_start[i] = it->second;
    if (roams[i].start_time_us) later[roams[i].bssid] = *roams[i].start_time_us;
  }
  for (size_t i = 0; i < roams.size(); ++i) {
    const RoamSummary& r = roams[i];
    std::optional<size_t> row = TimelineRow(view, r.bssid);
    if (!row || !r.start_time_us) continue;
    double y = kTop + static_cast<double>(*row) * kRowH + 10;
    double x = s.X(*r.start_time_us);
    if (r.method == "failed") s.Rect(x, x + 6, y, 16, "fill=\"" + MethodColour(r.method) + "\"");
    double next = next_start[i] ? s.X(*next_start[i]) : kWidth - 4;
    std::string duration = RoamDurationText(r);
    std::string label = MethodName(r) + (duration.empty() ? "" : " " + duration);
    if (r.reauth) label = "re-auth: " + label;
    double room = std::min(next, kWidth - 4) - x - 14;
    if (TextWidth(label, 10.5) > room) label = duration;
    if (label.empty() || TextWidth(label, 10.5) > room) continue;
    s.Text(x + 9, y + 12,
           "font-size=\"10.5\" font-weight=\"600\" fill=\"" + MethodColour(r.method) + "\"", label);
  }
}

// Why each attempt started (a triangle above its bar, at the trigger's
// time) and where a failed one failed (a cross at the failure line).
bool ShownTrigger(const AttemptTrigger& t) {
  return t.time_us != 0 && t.line != 0 && t.kind != "startup" && t.kind != "unknown";
}

std::string TriggerColour(const std::string& kind) {
  if (kind == "beacon-loss" || kind == "deauth-from-ap" || kind == "disassoc-from-ap" ||
      kind == "disconnect" || kind == "auth-failure-retry")
    return "#c62828";
  if (kind == "btm-request") return "#7048e8";
  return "#1971c2";  // bgscan, signal, ctrl-command
}

void DrawTriggersAndFailures(const Svg& s, const TriageView& view) {
  for (const RoamSummary& r : view.report->roams) {
    std::optional<size_t> row = TimelineRow(view, r.bssid);
    if (!row) continue;
    double y = kTop + static_cast<double>(*row) * kRowH + 10;
    const AttemptTrigger& t = r.detail.trigger;
    if (ShownTrigger(t)) {
      double x = s.X(t.time_us);
      std::string what = fmt::format("trigger: {} at {} (line {})", t.kind, t.time, t.line);
      if (t.reason_code) what += fmt::format(", reason {} {}", *t.reason_code, t.reason);
      if (!t.detail.empty()) what += ": " + t.detail;
      s.out << fmt::format("<path class=\"trigger\" d=\"M{:.1f} {:.1f} l-5 -8 h10 z\" fill=\"{}\">"
                           "<title>", x, y - 1, TriggerColour(t.kind))
            << HtmlEscape(what) << "</title></path>\n";
    }
    if (!r.detail.failure || r.detail.failure->time_us == 0) continue;
    const AttemptFailure& f = *r.detail.failure;
    double x = s.X(f.time_us);
    std::string what = fmt::format("failed in {} at {} (line {})", f.phase, f.time, f.line);
    if (f.status_code) what += fmt::format(", status {}", *f.status_code);
    if (f.reason_code) what += fmt::format(", reason {}", *f.reason_code);
    if (!f.name.empty()) what += " " + f.name;
    if (!f.detail.empty()) what += ": " + f.detail;
    s.out << fmt::format("<path class=\"failure\" d=\"M{0:.1f} {1:.1f} l8 8 m0 -8 l-8 8\" "
                         "stroke=\"#c62828\" stroke-width=\"2.5\"><title>",
                         x - 4, y + 4)
          << HtmlEscape(what) << "</title></path>\n";
  }
}

void DrawCacheEntries(const Svg& s, const TriageView& view) {
  std::optional<int64_t> end = view.scan.last_time_us;
  const bool generations = GenerationsKnown(view);
  for (const CacheEntryHistory& c : view.report->cache_history) {
    std::optional<size_t> row = TimelineRow(view, c.aa);
    if (!row || !c.created_time_us) continue;
    double y = kTop + static_cast<double>(*row) * kRowH + 34;
    int64_t t1 = c.removed_time_us ? *c.removed_time_us : end.value_or(*c.created_time_us);
    double x0 = s.X(*c.created_time_us), x1 = s.X(t1);
    const int gen = generations ? c.generation : 0;
    std::string attrs = "rx=\"2\" fill=\"" + GenColour(gen) + "\"";
    if (c.clone) attrs += " fill-opacity=\"0.55\" stroke=\"" + GenColour(gen) +
                          "\" stroke-dasharray=\"3 2\"";
    std::string what = fmt::format("PMKSA entry for {}: {}{}, PMKID {}, lines {}-{}{}",
                                   view.ApLabel(c.aa),
                                   generations ? fmt::format("PMK gen {}", c.generation)
                                               : std::string("PMK not shown at INFO level"),
                                   c.clone ? " (OKC clone)" : "",
                                   c.pmkid.known ? c.pmkid.Short() : "not logged",
                                   c.created_line, c.removed_line ? std::to_string(c.removed_line) : "end",
                                   c.removed_how.empty() ? "" : " (" + c.removed_how + ")");
    s.Rect(x0, x1, y, 16, attrs, what);
    std::optional<int64_t> stale = c.stale_line ? view.TimeOfLine(c.stale_line) : std::nullopt;
    if (stale && *stale < t1)
      s.Rect(s.X(*stale), x1, y, 16, "fill=\"url(#stale)\"",
             fmt::format("stale from line {}: the reference model flushed it", c.stale_line));
    std::string label = generations ? fmt::format("gen {}{}", c.generation, c.clone ? " clone" : "")
                                    : std::string(c.clone ? "clone" : "entry");
    if (TextWidth(label, 10.5) + 10 <= x1 - x0)
      s.Text(x0 + 5, y + 12, "font-size=\"10.5\" font-weight=\"600\" fill=\"#fff\"", label);
    std::optional<int64_t> valid = c.validated_line ? view.TimeOfLine(c.validated_line) : std::nullopt;
    if (valid)
      s.out << fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"#fff\" "
                           "stroke=\"#2b8a3e\" stroke-width=\"2\"><title>accepted by the AP "
                           "(line {})</title></circle>\n",
                           s.X(*valid), y + 8, c.validated_line);
  }
}

void DrawGaps(const Svg& s, double axis_y) {
  double last_label = -1e9;
  for (const TimelineAxis::Gap& g : s.axis.gaps()) {
    double mid = kPlotX0 + (g.x0 + g.x1) / 2;
    s.Rect(kPlotX0 + g.x0 + 3, kPlotX0 + g.x1 - 3, kTop - 6, axis_y - kTop + 6,
           "fill=\"url(#gap)\"", HumanDuration(g.duration_us) + " without events, compressed");
    if (mid - last_label < 72) continue;  // the hover title still tells
    last_label = mid;
    s.Text(mid, axis_y + 30, "font-size=\"10\" text-anchor=\"middle\" fill=\"#8a94a6\"",
           HumanDuration(g.duration_us) + " idle");
  }
}

void DrawAxis(const Svg& s, double axis_y) {
  s.out << fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" "
                       "stroke=\"#5b6475\"/>\n", kPlotX0, axis_y, kPlotX0 + kPlotW, axis_y);
  for (const TimelineAxis::Gap& g : s.axis.gaps()) {
    double mid = kPlotX0 + (g.x0 + g.x1) / 2;
    s.Rect(mid - 6, mid + 6, axis_y - 2, 4, "fill=\"#ffffff\"");
    for (double dx : {-3.0, 3.0})
      s.out << fmt::format("<path d=\"M{:.1f} {:.1f} l5 -8\" stroke=\"#5b6475\" "
                           "stroke-width=\"1.5\"/>\n", mid + dx - 2.5, axis_y + 4);
  }
}

void DrawTicks(const Svg& s, const TriageView& view, double axis_y) {
  std::vector<int64_t> instants = TimelineInstants(view);
  std::sort(instants.begin(), instants.end());
  int64_t origin = s.axis.start();
  double last_x = -1e9;
  for (size_t i = 0; i < instants.size(); ++i) {
    bool segment_start = i == 0 || instants[i] - instants[i - 1] > kMaxGapUs;
    if (!segment_start) continue;
    double x = s.X(instants[i]);
    if (x - last_x < 70) continue;
    last_x = x;
    s.out << fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" "
                         "stroke=\"#5b6475\"/>\n", x, axis_y, axis_y + 5);
    std::string anchor = x > kWidth - 40 ? "end" : "middle";
    s.Text(x, axis_y + 16, "font-size=\"10.5\" text-anchor=\"" + anchor + "\" fill=\"#1d2330\"",
           instants[i] == origin ? "+0 s" : "+" + HumanDuration(instants[i] - origin));
  }
}

void DrawFindings(const Svg& s, const TriageView& view, double axis_y) {
  const auto& findings = view.report->findings;
  std::vector<FindingCard> cards = FindingCards(*view.report);
  std::vector<std::pair<double, int>> placed;  // x and row of each marker
  for (size_t i = 0; i < cards.size() && cards[i].primary < kDetailedFindings; ++i) {
    const Finding& f = findings[cards[i].primary];
    if (!f.time_us) continue;
    double x = s.X(*f.time_us);
    int row = 0;  // the first row with no marker closer than 18 px
    while (row < 3 && std::any_of(placed.begin(), placed.end(), [&](const auto& p) {
             return p.second == row && std::abs(p.first - x) < 18;
           }))
      ++row;
    if (row == 3) {
      // No free row: in the last row, the nearest free place to the right
      // (or, at the edge, to the left).
      row = 2;
      auto clash = [&](double at) {
        return std::any_of(placed.begin(), placed.end(), [&](const auto& p) {
          return p.second == row && std::abs(p.first - at) < 18;
        });
      };
      double right = x, left = x;
      while (clash(right) && right < kWidth - 10) right += 1;
      while (clash(left) && left > kPlotX0) left -= 1;
      x = !clash(right) && right <= kWidth - 10 ? right : left;
    }
    placed.emplace_back(x, row);
    double y = 12 + static_cast<double>(row) * 19;
    std::string colour = FindingColour(f.severity);
    s.out << fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" "
                         "stroke=\"{3}\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>\n",
                         x, y + 6, axis_y, colour);
    s.out << fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"8\" fill=\"{}\"><title>",
                         x, y, colour)
          << HtmlEscape(fmt::format("{} at {}, line {}", f.kind, f.time, f.line))
          << "</title></circle>\n";
    s.Text(x, y + 4, "font-size=\"10\" font-weight=\"700\" text-anchor=\"middle\" fill=\"#fff\"",
           std::to_string(i + 1));
  }
}

// The legend, wrapped to the width; returns the baseline of its last row.
double DrawLegend(const Svg& s, const TriageView& view, double y) {
  double x = kPlotX0;
  auto place = [&](double width) {
    if (x + width > kWidth - 10) {
      x = kPlotX0;
      y += 18;
    }
  };
  auto chip = [&](const std::string& attrs, const std::string& label) {
    double width = 34 + TextWidth(label, 11);
    place(width);
    s.Rect(x, x + 22, y - 10, 12, attrs);
    s.Text(x + 28, y, "font-size=\"11\" fill=\"#1d2330\"", label);
    x += width + 6;
  };
  // Exactly what the bars use: the generations present, the methods seen.
  std::vector<int> gens;
  bool clones = false;
  for (const CacheEntryHistory& c : view.report->cache_history) {
    clones |= c.clone;
    int g = GenerationsKnown(view) ? c.generation : -1;
    if (std::find(gens.begin(), gens.end(), g) == gens.end()) gens.push_back(g);
  }
  std::sort(gens.begin(), gens.end());
  for (int g : gens) {
    if (g < 0) chip("rx=\"2\" fill=\"" + GenColour(0) + "\"", "PMKSA entry (PMK not shown at INFO level)");
    else if (g == 0) chip("rx=\"2\" fill=\"" + GenColour(0) + "\"", "PMK gen 0 (from before the log)");
    else chip("rx=\"2\" fill=\"" + GenColour(g) + "\"", fmt::format("PMK gen {}", g));
  }
  if (clones)
    chip("rx=\"2\" fill=\"#9aa5b1\" fill-opacity=\"0.55\" stroke=\"#5b6475\" stroke-dasharray=\"3 2\"",
         "OKC clone");
  bool stale = false;
  for (const CacheEntryHistory& c : view.report->cache_history) stale |= c.stale_line != 0;
  if (stale) chip("fill=\"url(#stale)\"", "stale (reference model flushed it)");
  chip("rx=\"3\" fill=\"#c5d3e8\"", "associated");
  std::vector<std::string> methods;
  for (const RoamSummary& r : view.report->roams)
    if (std::find(methods.begin(), methods.end(), r.method) == methods.end())
      methods.push_back(r.method);
  auto seen = [&](const char* m) { return std::find(methods.begin(), methods.end(), m) != methods.end(); };
  if (seen("full-eap")) chip("fill=\"#d9480f\"", "full EAP");
  if (seen("full-auth")) chip("fill=\"#d9480f\"", "full auth (SAE, PSK)");
  if (seen("sae")) chip("fill=\"#d9480f\"", "SAE");
  if (seen("psk")) chip("fill=\"#d9480f\"", "PSK");
  if (seen("owe")) chip("fill=\"#d9480f\"", "OWE");
  if (seen("okc") && seen("pmksa-cache")) chip("fill=\"#2b8a3e\"", "OKC / PMKSA cache");
  else if (seen("okc")) chip("fill=\"#2b8a3e\"", "OKC");
  else if (seen("pmksa-cache")) chip("fill=\"#2b8a3e\"", "PMKSA cache");
  if (seen("sae-pmksa")) chip("fill=\"#2b8a3e\"", "SAE PMKSA cache");
  if (seen("ft")) chip("fill=\"#2b8a3e\"", "FT");
  if (seen("driver")) chip("fill=\"#495057\"", "by the driver");
  if (seen("failed") || seen("unfinished")) chip("fill=\"#495057\"", "failed / unfinished");
  bool triggers = false, failures = false;
  for (const RoamSummary& r : view.report->roams) {
    triggers |= ShownTrigger(r.detail.trigger);
    failures |= r.detail.failure && r.detail.failure->time_us != 0;
  }
  if (triggers) chip("fill=\"#1971c2\"", "\u25BC trigger (hover: why the attempt started)");
  if (failures) chip("fill=\"#c62828\"", "\u2715 failure (hover: phase and code)");
  x = kWidth;  // findings on a new row
  const auto& findings = view.report->findings;
  std::vector<FindingCard> cards = FindingCards(*view.report);
  for (size_t i = 0; i < cards.size() && cards[i].primary < kDetailedFindings; ++i) {
    const Finding& f = findings[cards[i].primary];
    std::string colour = FindingColour(f.severity);
    std::string label = f.kind + (f.cause.empty() ? "" : " (" + f.cause + ")");
    if (cards[i].companion >= 0)
      label += " + " + findings[static_cast<size_t>(cards[i].companion)].kind;
    double width = 34 + TextWidth(label, 11);
    place(width);
    s.out << fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"7\" fill=\"{}\"/>\n", x + 7,
                         y - 4, colour);
    s.Text(x + 7, y - 0.5,
           "font-size=\"9.5\" font-weight=\"700\" text-anchor=\"middle\" fill=\"#fff\"",
           std::to_string(i + 1));
    s.Text(x + 19, y, "font-size=\"11\" fill=\"" + colour + "\"", label);
    x += width + 6;
  }
  return y;
}

}  // namespace

void WriteHtmlTimeline(const TriageView& view, std::ostream& out) {
  std::vector<int64_t> instants = TimelineInstants(view);
  for (const RoamSummary& r : view.report->roams) {
    if (ShownTrigger(r.detail.trigger)) instants.push_back(r.detail.trigger.time_us);
    if (r.detail.failure && r.detail.failure->time_us != 0)
      instants.push_back(r.detail.failure->time_us);
  }
  TimelineAxis axis(instants, kPlotW, kGapW, kMaxGapUs, 24);
  if (axis.empty() || view.aps.empty()) {
    out << "<p>No timed events to draw.</p>\n";
    return;
  }
  size_t rows = std::min(view.aps.size(), kMaxTimelineAps);
  double axis_y = kTop + static_cast<double>(rows) * kRowH + 8;
  std::ostringstream body;
  Svg s{axis, body};
  for (size_t i = 0; i < rows; ++i) DrawRowFrame(s, view, i);
  DrawGaps(s, axis_y);
  DrawAssociations(s, view);
  DrawCacheEntries(s, view);
  DrawTriggersAndFailures(s, view);
  DrawAxis(s, axis_y);
  DrawTicks(s, view, axis_y);
  DrawFindings(s, view, axis_y);
  double height = DrawLegend(s, view, axis_y + 58) + 14;
  out << fmt::format("<div class=\"svgbox\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
                     "viewBox=\"0 0 {:.0f} {:.0f}\" width=\"100%\" role=\"img\" "
                     "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n",
                     kWidth, height);
  out << "<title>Timeline: associations, PMKSA cache entries and findings per AP</title>\n"
         "<defs><pattern id=\"stale\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\" "
         "patternTransform=\"rotate(45)\"><rect width=\"7\" height=\"7\" fill=\"#fde2de\"/>"
         "<rect width=\"3.5\" height=\"7\" fill=\"#d93025\"/></pattern>"
         "<pattern id=\"gap\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
         "patternTransform=\"rotate(-45)\"><rect width=\"6\" height=\"6\" fill=\"#ffffff\"/>"
         "<rect width=\"1\" height=\"6\" fill=\"#dde2ea\"/></pattern></defs>\n";
  out << body.str();
  out << "</svg></div>\n";
  if (view.aps.size() > rows)
    out << "<p class=\"note\">" << view.aps.size() - rows << " more APs not drawn.</p>\n";
  out << "<p class=\"note\">Time runs left to right; idle gaps longer than 5 s "
         "are compressed (hatched, duration below the axis); +0 s is the first line of the log. "
         "Numbered markers are the findings below; triangles mark what started an attempt, "
         "crosses where one failed. Hover a bar or mark for its lines.";
  if (axis.gap_width() < kGapW)
    out << fmt::format(" This log has {} active stretches: the compressed gaps are drawn "
                       "narrower so that the whole log fits.", axis.gaps().size() + 1);
  out << "</p>\n";
}

}  // namespace roamreplay
