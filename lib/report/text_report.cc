#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "base/visible.h"
#include "report/finding_guide.h"
#include "report/attempt_table.h"
#include "report/ap_lanes.h"
#include "report/timeline.h"
#include "report/writers.h"

namespace roamreplay {
namespace {

// Log-derived text, with control bytes rendered visibly (base/visible.h).
std::string V(std::string_view s) { return VisibleControls(s); }

struct Palette {
  std::string_view bold, red, yellow, cyan, dim, reset;
};
constexpr Palette kPlain{"", "", "", "", "", ""};
constexpr Palette kAnsi{"\033[1m", "\033[31m", "\033[33m", "\033[36m", "\033[2m", "\033[0m"};

// MethodName (report/timeline.h), with the refusal of a full
// authentication and the end of the log spelled out.
std::string MethodLabel(const RoamSummary& r) {
  std::string name = MethodName(r);
  if ((r.method == "full-eap" || r.method == "full-auth") && r.offered && r.refused)
    return name + " (refused)";
  if (name == "unfinished") return "unfinished at end of log";
  return name;
}

// Display columns of `s`: ANSI escape sequences take none, a UTF-8
// sequence one.
size_t Columns(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\033') {
      while (i < s.size() && s[i] != 'm') ++i;
      continue;
    }
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// `line` cut to `width` columns with an ellipsis (colour reset after it).
std::string Fit(std::string_view line, size_t width, const Palette& p) {
  if (width == 0 || Columns(line) <= width) return std::string(line);
  std::string out;
  size_t n = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\033') {
      size_t end = line.find('m', i);
      end = end == std::string_view::npos ? line.size() - 1 : end;
      out.append(line.substr(i, end - i + 1));
      i = end;
      continue;
    }
    bool starts = (static_cast<unsigned char>(line[i]) & 0xC0) != 0x80;
    if (starts && ++n > width - 1) break;
    out += line[i];
  }
  // Drop a UTF-8 sequence cut in the middle.
  while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0x80) != 0 &&
         (static_cast<unsigned char>(out.back()) & 0xC0) != 0xC0) {
    size_t start = out.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(out[start]) & 0xC0) == 0x80) --start;
    std::string_view seq(out.data() + start, out.size() - start);
    unsigned char lead = static_cast<unsigned char>(seq[0]);
    size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (seq.size() >= want) break;
    out.resize(start);
  }
  return out + "\u2026" + std::string(p.reset);
}

// `text` word-wrapped to `width` columns, the first line after `indent`,
// the others after `next_indent` (default: `indent`).
std::string Wrap(std::string_view text, size_t width, std::string_view indent,
                 std::string_view next_indent = {}) {
  if (width == 0 || indent.size() + Columns(text) <= width) return std::string(indent) + std::string(text) + "\n";
  if (next_indent.empty()) next_indent = indent;
  std::string out, line;
  size_t room = width > next_indent.size() + 20 ? width - next_indent.size() : 20;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(start, end - start);
    if (!line.empty() && Columns(line) + 1 + Columns(word) > room) {
      out += std::string(out.empty() ? indent : next_indent) + line + "\n";
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
    start = end + 1;
  }
  if (!line.empty()) out += std::string(out.empty() ? indent : next_indent) + line + "\n";
  return out;
}

// More connection attempts than this: no ASCII timeline (72 columns cannot
// show them) and a summarised list.
constexpr size_t kMaxListedRoams = 500;

void WriteTimeline(const Report& report, const Palette& p, std::ostream& out) {
  if (report.roams.empty()) {
    out << "\nNo connection attempts in this log.\n";
    return;
  }
  out << fmt::format("\n{}Connections and roams{}\n", p.bold, p.reset);
  // The interface column only when there is more than one; the method
  // column as wide as its longest label.
  const bool ifnames = report.interfaces.size() > 1;
  size_t method_width = 0, time_width = 5, kind_width = 4, line_width = 4;
  for (const RoamSummary& r : report.roams) {
    method_width = std::max(method_width, MethodLabel(r).size());
    time_width = std::max(time_width, Columns(V(r.start_time)));
    kind_width = std::max(kind_width, r.kind.size());
    line_width = std::max(line_width, std::to_string(r.start_line).size());
  }
  out << fmt::format("  {:>{}}  {:<{}} {}{:<{}} {:<17} {:<{}} {:>7}\n", "line", line_width,
                     "start", time_width, ifnames ? "iface " : "", "kind", kind_width, "AP",
                     "authentication", method_width, "took");
  // Long lists are summarised: the first and the last rows.
  constexpr size_t kShownEachEnd = 20;
  const size_t n = report.roams.size();
  for (size_t i = 0; i < n; ++i) {
    if (n > kMaxListedRoams && i == kShownEachEnd) {
      out << fmt::format("  ... {} more (replay --format json lists them all) ...\n",
                         n - 2 * kShownEachEnd);
      i = n - kShownEachEnd;
    }
    const RoamSummary& r = report.roams[i];
    std::string time = r.start_time.empty() ? "-" : V(r.start_time);
    std::string ifname = ifnames && !r.interface.empty() ? V(r.interface) + " " : "";
    out << fmt::format("  {:>{}}  {:<{}} {}{:<{}} {} {:<{}} {:>7}\n", r.start_line, line_width,
                       time, time_width, ifname, r.kind, kind_width, r.bssid.ToString(),
                       MethodLabel(r), method_width, RoamDurationText(r));
  }
}

void WriteFinding(const Report& report, const FindingCard& card, size_t number,
                  const Palette& p, size_t width, std::ostream& out) {
  const Finding& f = report.findings[card.primary];
  const Finding* also = card.companion >= 0 ? &report.findings[static_cast<size_t>(card.companion)]
                                            : nullptr;
  std::string_view colour = f.severity == Severity::kError ? p.red : p.yellow;
  // Numbers beyond 9 are marked on the timeline by a letter (or '+').
  std::string marker = number > 9 ? fmt::format(" [{}]", MarkerSymbol(number)) : "";
  std::string head = fmt::format("#{}{} {}{}{} {}{}{}", number, marker, colour,
                                 SeverityName(f.severity), p.reset, p.bold, f.kind, p.reset);
  if (!f.cause.empty()) head += " (" + V(f.cause) + ")";
  if (also != nullptr) {
    std::string_view c2 = also->severity == Severity::kError ? p.red : p.yellow;
    head += fmt::format(" + {}{}{} {}{}{}", c2, SeverityName(also->severity), p.reset, p.bold,
                        also->kind, p.reset);
  }
  std::string iso = f.time.empty() || !f.time_us ? "" : IsoTime(report, *f.time_us);
  head += fmt::format(" at {}{}line {}", f.time.empty() ? "" : V(f.time) + ", ",
                      iso.empty() ? "" : iso + ", ", f.line);
  if (f.bssid) head += "  " + f.bssid->ToString();
  out << "\n" << Wrap(head, width, "", "    ");
  out << Wrap(V(f.message), width, "  ");
  if (also != nullptr) out << Wrap(also->kind + ": " + V(also->message), width, "  ");
  for (const Finding* g : {&f, also}) {
    if (g == nullptr) continue;
    std::string_view hint = FindingHint(g->kind);
    if (!hint.empty())
      out << Wrap(fmt::format("{}what to do: {}{}", p.dim, hint, p.reset), width, "  ");
  }
  for (const EvidenceLine& e : f.evidence) {
    out << Fit(fmt::format("  {}{:>7}{}  {}", p.cyan, e.line, p.reset, V(e.text)), width, p) << "\n";
    if (!e.role.empty())
      out << Fit(fmt::format("  {}         ^ {}{}", p.dim, V(e.role), p.reset), width, p) << "\n";
  }
  if (f.evidence_omitted > 0)
    out << fmt::format("  {}... and {} more evidence line{} (the first {} are listed){}\n", p.dim,
                       f.evidence_omitted, f.evidence_omitted == 1 ? "" : "s",
                       Finding::kMaxEvidence, p.reset);
  if (report.ap_joined && !f.ap_cause.empty())
    out << Wrap(fmt::format("AP log: {}", f.ap_cause), width, "  ");
  for (const ApEvidence& e : f.ap_evidence) {
    size_t slash = e.source.rfind('/');
    std::string file = slash == std::string::npos ? e.source : e.source.substr(slash + 1);
    out << Fit(fmt::format("  {}AP {}:{}{}  {}", p.cyan, V(file), e.line, p.reset, V(e.text)),
               width, p)
        << "\n";
    if (!e.role.empty())
      out << Fit(fmt::format("  {}         ^ {}{}", p.dim, V(e.role), p.reset), width, p) << "\n";
  }
}

void WriteInputLines(const Report& report, std::ostream& out) {
  const LineCounts& c = report.counts;
  if (c.other_sources > 0 || c.rejoined > 0)
    out << fmt::format("  {} other-source lines, {} wrapped lines re-joined\n", c.other_sources,
                       c.rejoined);
  if (c.control_padded > 0)
    out << fmt::format("  {} lines padded with NUL or control bytes (skipped)\n",
                       c.control_padded);
  if (!report.input_format.empty())
    out << fmt::format("  input: {} ({}), time axis: {}\n", report.input_format,
                       report.input_format_detected ? "detected" : "given", report.time_axis);
  if (!report.evidence_tier.empty()) {
    std::string kinds;
    for (const std::string& k : report.tier_supports) kinds += (kinds.empty() ? "" : ", ") + k;
    out << fmt::format("  evidence tier: {} (can show {}): {}\n", report.evidence_tier, kinds,
                       report.tier_note);
  }
}

// The ASCII timeline of report/timeline.h; in colour, stale entries are red
// and full-EAP roams yellow (only inside the plot, between the '|').
void WriteAsciiTimeline(const Report& report, const Palette& p, size_t width, std::ostream& out) {
  // (The note for a timeline omitted is written before the list.)
  if (report.roams.size() > kMaxListedRoams) return;
  // The plot between the AP label (23) plus " assoc |" and the closing '|'.
  int columns = width == 0 ? 72 : std::clamp(static_cast<int>(width) - 33, 20, 72);
  std::string t = VisibleControls(AsciiTimeline(ViewWithoutScan(report), columns), "\n");
  if (t.empty()) return;
  out << fmt::format("\n{}Timeline{}\n", p.bold, p.reset);
  size_t start = 0;
  while (start < t.size()) {
    size_t end = t.find('\n', start);
    std::string_view line(t.data() + start, (end == std::string::npos ? t.size() : end) - start);
    size_t open = line.find('|'), close = line.rfind('|');
    for (size_t i = 0; i < line.size(); ++i) {
      bool plot = open != std::string_view::npos && i > open && i < close;
      std::string_view colour = !plot ? "" : line[i] == 'x' ? p.red : line[i] == 'F' ? p.yellow : "";
      if (colour.empty()) out << line[i];
      else out << colour << line[i] << p.reset;
    }
    out << "\n";
    start = end == std::string::npos ? t.size() : end + 1;
  }
}

}  // namespace

// On a terminal: cuts each line to the width as it is written, so that the
// report is never held in memory whole.
class FitLines : public std::streambuf {
 public:
  FitLines(std::ostream& out, size_t width, const Palette& p) : out_(out), width_(width), p_(p) {}
  /// Writes a last line that has no newline.
  void Finish() {
    if (!line_.empty()) out_ << Fit(line_, width_, p_) << '\n';
    line_.clear();
  }

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    Put(traits_type::to_char_type(c));
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    for (std::streamsize i = 0; i < n; ++i) Put(s[i]);
    return n;
  }

 private:
  void Put(char c) {
    if (c != '\n') {
      line_ += c;
      return;
    }
    out_ << Fit(line_, width_, p_) << '\n';
    line_.clear();
  }
  std::ostream& out_;
  size_t width_;
  const Palette& p_;
  std::string line_;
};

void WriteTextReport(const Report& report, const TextStyle& style, std::ostream& stream) {
  const Palette& p = style.color ? kAnsi : kPlain;
  const size_t width = style.width;
  // Streams: straight to `stream`, or through FitLines on a terminal.
  FitLines fit(stream, width, p);
  std::ostream fitted(&fit);
  std::ostream& out = width == 0 ? stream : fitted;
  const LineCounts& c = report.counts;
  out << fmt::format("{}{}{}\n", p.bold, V(report.input), p.reset);
  out << fmt::format("  {} lines: {} events, {} known, {} unknown, {} malformed, {} other\n",
                     c.lines, c.events, c.known, c.unknown, c.malformed, c.other);
  {
    // The header's long lines are wrapped on a terminal, not cut.
    std::ostringstream lines;
    WriteInputLines(report, lines);
    std::istringstream in(lines.str());
    for (std::string line; std::getline(in, line);) out << Wrap(line.substr(2), width, "  ");
  }
  std::string version =
      report.supplicant_version.empty() ? "" : " v" + V(report.supplicant_version) + ",";
  out << Wrap(fmt::format("supplicant:{} era {}{}", version, report.era,
                          report.era_evidence.empty() ? "" : " (" + V(report.era_evidence) + ")"),
              width, "  ");
  if (!report.policy.empty())
    out << Wrap(fmt::format("flush policy: {} ({})", report.policy, V(report.policy_evidence)),
                width, "  ");
  if (report.pmkids_verified > 0)
    out << fmt::format("  PMKID proof: {} PMKIDs recomputed from the logged PMKs\n",
                       report.pmkids_verified);
  if (!report.interfaces.empty()) {
    out << "  interfaces:";
    for (const std::string& i : report.interfaces) out << ' ' << V(i);
    out << '\n';
  }
  out << "  " << RoamCountsText(report) << "\n";
  std::vector<FindingCard> cards = FindingCards(report);
  if (!report.findings.empty())
    out << Wrap(fmt::format("findings: {}", FindingsByKind(report)), width, "  ");
  if (style.ascii_timeline && report.roams.size() > kMaxListedRoams)
    out << fmt::format("\n{}Timeline{} omitted: {} connection attempts are too many for it "
                       "(see `roamreplay report` or `roamreplay stats`)\n",
                       p.bold, p.reset, report.roams.size());
  WriteTimeline(report, p, out);
  WriteAttemptTableText(report, out);
  WriteApLanesText(report, out);
  if (style.ascii_timeline) WriteAsciiTimeline(report, p, width, out);
  if (report.findings.empty()) {
    out << "\nNo findings.\n";
  } else {
    out << fmt::format("\n{}Findings: {}{}", p.bold, report.findings.size(), p.reset);
    if (report.FindingsTotal() != report.findings.size())
      out << fmt::format(" listed of {} (the list's limit; counts by kind above)",
                         report.FindingsTotal());
    if (cards.size() != report.findings.size())
      out << fmt::format(" in {} cards (a pmkid-rejected and the ap-forgot-pmksa citing the same "
                         "lines share one)", cards.size());
    out << "\n";
    for (size_t i = 0; i < cards.size(); ++i) WriteFinding(report, cards[i], i + 1, p, width, out);
  }
  for (const auto& [list, left_out] : report.truncated)
    out << fmt::format("\nTruncated: {} more {} not kept (memory limit)\n", left_out, list);
  if (report.interrupted) out << "\nInterrupted: the above covers the lines read until then.\n";
  if (report.diagnostics_total > 0) {
    out << fmt::format("\nDiagnostics: {}\n", report.diagnostics_total);
    for (const Diagnostic& d : report.diagnostics)
      out << fmt::format("  {}:{}: {}\n", V(report.input), d.line, V(d.message));
    if (report.diagnostics_total > report.diagnostics.size())
      out << fmt::format("  ... and {} more\n", report.diagnostics_total - report.diagnostics.size());
  }
  // On a terminal, no line is wider than it (anything not fitted above is cut).
  fit.Finish();
}

}  // namespace roamreplay
