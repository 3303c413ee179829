#include "report/timeline.h"

#include <algorithm>
#include <iterator>
#include <set>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include "base/string_util.h"

namespace roamreplay {

std::optional<int64_t> LeadingTimeUs(std::string_view line, std::string_view* text) {
  // The usual "-t" stamp, eight bytes at a time; the reading below gives
  // the same answer.
  if (line.size() >= 18 && line[17] == ':') {
    const int64_t us = TenDotSixDigits(line.data());
    if (us >= 0) {
      if (text != nullptr) *text = line.substr(0, 17);
      return us;
    }
  }
  std::string_view s = line;
  int64_t sec = 0;
  if (!ConsumeInt(&s, &sec) || s.empty() || s.front() != '.') return std::nullopt;
  s.remove_prefix(1);
  size_t digits = 0;
  int64_t frac = 0;
  while (digits < s.size() && IsDigit(s[digits]) && digits < 9) {
    frac = frac * 10 + (s[digits] - '0');
    ++digits;
  }
  if (digits == 0 || digits >= s.size() || s[digits] != ':') return std::nullopt;
  for (size_t d = digits; d < 6; ++d) frac *= 10;
  for (size_t d = 6; d < digits; ++d) frac /= 10;
  if (text != nullptr) *text = line.substr(0, static_cast<size_t>(s.data() - line.data()) + digits);
  return sec * 1000000 + frac;
}

// ---------------------------------------------------------------------------
// LogScanner

namespace {

// The last line of roam `i`'s range: up to the next roam, and not far past
// the end of its key negotiation (CTRL-EVENT-CONNECTED follows it closely).
uint64_t RoamLimit(const Report& report, size_t i) {
  constexpr uint64_t kAfterEnd = 60, kOpenEnded = 4000;
  const RoamSummary& r = report.roams[i];
  uint64_t limit = r.end_line != 0 ? r.end_line + kAfterEnd : r.start_line + kOpenEnded;
  if (i + 1 < report.roams.size() && report.roams[i + 1].start_line > r.start_line)
    limit = std::min(limit, report.roams[i + 1].start_line - 1);
  return limit;
}

void SetOnce(std::optional<int64_t>* slot, int64_t t) {
  if (!*slot) *slot = t;
}

}  // namespace

LogScanner::LogScanner(const Report& report, Redactor* redactor, Anonymizer* anon, int year)
    : report_(report), redactor_(redactor), anon_(anon) {
  InputFormat format;
  if (ParseInputFormat(report.input_format, &format) && format != InputFormat::kDashT &&
      format != InputFormat::kPlain && format != InputFormat::kAuto)
    parser_.emplace(format, year);
  scan_.phases.resize(report.roams.size());
  for (size_t i = 0; i < report.findings.size() && i < kDetailedFindings; ++i) {
    const Finding& f = report.findings[i];
    std::vector<uint64_t> cited{f.line};
    for (const EvidenceLine& e : f.evidence) cited.push_back(e.line);
    for (uint64_t l : cited) {
      ranges_.emplace_back(l > kContextLines ? l - kContextLines : 1, l + kContextLines);
      timed_lines_.push_back(l);
    }
  }
  std::sort(ranges_.begin(), ranges_.end());
  std::vector<std::pair<uint64_t, uint64_t>> merged;
  for (const auto& r : ranges_) {
    if (!merged.empty() && r.first <= merged.back().second + 1)
      merged.back().second = std::max(merged.back().second, r.second);
    else
      merged.push_back(r);
  }
  ranges_ = std::move(merged);
  for (const CacheEntryHistory& c : report.cache_history)
    for (uint64_t l : {c.created_line, c.validated_line, c.stale_line, c.removed_line})
      if (l != 0) timed_lines_.push_back(l);
  for (const RoamSummary& r : report.roams)
    for (uint64_t l : {r.start_line, r.end_line})
      if (l != 0) timed_lines_.push_back(l);
  std::sort(timed_lines_.begin(), timed_lines_.end());
  timed_lines_.erase(std::unique(timed_lines_.begin(), timed_lines_.end()), timed_lines_.end());
}

void LogScanner::OnLine(uint64_t number, std::string_view text) {
  std::string_view time_text;
  std::optional<int64_t> t;
  if (parser_) {
    parser_->Parse(text, &parsed_);
    if (parsed_.has_time) t = parsed_.time_us, time_text = parsed_.time_text;
  } else {
    t = LeadingTimeUs(text, &time_text);
  }
  if (t) {
    if (!scan_.first_time_us) scan_.first_time_us = t, scan_.first_time = std::string(time_text);
    scan_.last_time_us = t;
    scan_.last_time.assign(time_text);  // reuses its buffer: no allocation per line
  }
  if (anon_ != nullptr) anon_->Learn(text);
  while (range_ < ranges_.size() && ranges_[range_].second < number) ++range_;
  bool shown_line = range_ < ranges_.size() && ranges_[range_].first <= number;
  // Only shown lines are redacted; the others are followed for the state
  // that a multi-line secret dump carries to the next lines.
  bool redacted = false;
  if (redactor_ != nullptr) {
    if (shown_line) redacted = redactor_->Redact(text, &scratch_);
    else redactor_->Observe(text);
  }
  if (shown_line) {
    // Lines can be up to 1 MiB; a report shows the start of a long one.
    constexpr size_t kMaxContextChars = 2000;
    std::string_view shown = redacted ? std::string_view(scratch_) : text;
    std::string kept(shown.substr(0, kMaxContextChars));
    if (shown.size() > kMaxContextChars)
      kept += fmt::format(" [... {} more bytes]", shown.size() - kMaxContextChars);
    scan_.context.push_back({number, std::move(kept)});
  }
  while (timed_ < timed_lines_.size() && timed_lines_[timed_] < number) ++timed_;
  if (t && timed_ < timed_lines_.size() && timed_lines_[timed_] == number)
    scan_.line_times[number] = *t;
  while (roam_ < report_.roams.size() && RoamLimit(report_, roam_) < number) ++roam_;
  if (t && roam_ < report_.roams.size() && report_.roams[roam_].start_line <= number)
    NotePhase(roam_, text, *t);
}

namespace {

// The texts that mark a roam's phases, in the order they are tried: a line
// holding two counts for the first.
struct PhaseMark {
  std::string_view text;
  std::optional<int64_t> RoamPhases::*slot;
};
constexpr PhaseMark kPhaseMarks[] = {
    {"Trying to authenticate", &RoamPhases::authentication},
    {"Associated with", &RoamPhases::association},
    {"CTRL-EVENT-EAP-STARTED", &RoamPhases::eap_start},
    {"CTRL-EVENT-EAP-SUCCESS", &RoamPhases::eap_success},
    {"RX message 1 of 4-Way", &RoamPhases::four_way},
    {"Key negotiation completed", &RoamPhases::key_done},
    {"CTRL-EVENT-CONNECTED", &RoamPhases::connected},
};
constexpr int kPhaseMarkCount = static_cast<int>(std::size(kPhaseMarks));

}  // namespace

int FirstPhaseMark(std::string_view text) {
  // One pass over the line for the marks' first letters (16 bytes at a time
  // where SSE2 is there), where seven searches went over it before. A
  // candidate is checked against the marks of its letter only, first by
  // their first 8 bytes (every mark is longer).
  static_assert(std::size(kPhaseMarks) == 7);
  int best = kPhaseMarkCount;
  auto try_mark = [&](size_t i, int k) {
    std::string_view mark = kPhaseMarks[k].text;
    if (k < best && text.size() - i >= mark.size() && Load8(text.data() + i) == Load8(mark.data()) &&
        text.substr(i, mark.size()) == mark)
      best = k;
  };
  auto try_at = [&](size_t i) {
    switch (text[i]) {
      case 'T': try_mark(i, 0); break;
      case 'A': try_mark(i, 1); break;
      case 'C':
        try_mark(i, 2);
        try_mark(i, 3);
        try_mark(i, 6);
        break;
      case 'R': try_mark(i, 4); break;
      case 'K': try_mark(i, 5); break;
      default: break;
    }
  };
  size_t i = 0;
#if defined(__SSE2__)
  if (text.size() >= 16) {
    const __m128i t = _mm_set1_epi8('T'), a = _mm_set1_epi8('A'), c = _mm_set1_epi8('C'),
                  r = _mm_set1_epi8('R'), k = _mm_set1_epi8('K');
    auto letters = [&](size_t at) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
      const __m128i hits = _mm_or_si128(
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, t), _mm_cmpeq_epi8(v, a)),
                       _mm_or_si128(_mm_cmpeq_epi8(v, c), _mm_cmpeq_epi8(v, r))),
          _mm_cmpeq_epi8(v, k));
      return static_cast<unsigned>(_mm_movemask_epi8(hits));
    };
    for (; i + 16 <= text.size() && best > 0; i += 16)
      for (unsigned mask = letters(i); mask != 0 && best > 0; mask &= mask - 1)
        try_at(i + static_cast<size_t>(__builtin_ctz(mask)));
    // The last bytes: the 16 that end the line, minus those already seen.
    if (i < text.size() && best > 0) {
      const size_t last = text.size() - 16;
      for (unsigned mask = letters(last) >> (i - last); mask != 0 && best > 0; mask &= mask - 1)
        try_at(i + static_cast<size_t>(__builtin_ctz(mask)));
    }
    return best == kPhaseMarkCount ? -1 : best;
  }
#endif
  for (; i < text.size() && best > 0; ++i) try_at(i);
  return best == kPhaseMarkCount ? -1 : best;
}

void LogScanner::NotePhase(size_t roam, std::string_view text, int64_t t) {
  RoamPhases& p = scan_.phases[roam];
  SetOnce(&p.selection, t);
  int mark = FirstPhaseMark(text);
  if (mark >= 0) SetOnce(&(p.*kPhaseMarks[mark].slot), t);
}

// ---------------------------------------------------------------------------
// TriageView helpers

std::string TriageView::ApLabel(const MacAddress& mac) const {
  if (ap_index.size() == aps.size()) {
    auto it = ap_index.find(mac);
    return it != ap_index.end() ? fmt::format("AP-{}", it->second + 1) : mac.ToString();
  }
  for (size_t i = 0; i < aps.size(); ++i)
    if (aps[i] == mac) return fmt::format("AP-{}", i + 1);
  return mac.ToString();
}

void TriageView::IndexAps() {
  ap_index.clear();
  for (size_t i = 0; i < aps.size(); ++i) ap_index.emplace(aps[i], i);
}

std::optional<int64_t> TriageView::TimeOfLine(uint64_t line) const {
  auto it = scan.line_times.find(line);
  if (it == scan.line_times.end()) return std::nullopt;
  return it->second;
}

std::vector<MacAddress> CollectAccessPoints(const Report& report) {
  std::vector<MacAddress> aps;
  std::set<MacAddress> seen;
  auto add = [&](const MacAddress& m) {
    if (!m.IsZero() && seen.insert(m).second) aps.push_back(m);
  };
  for (const RoamSummary& r : report.roams) add(r.bssid);
  for (const CacheEntryHistory& c : report.cache_history) add(c.aa);
  for (const Finding& f : report.findings)
    if (f.bssid) add(*f.bssid);
  return aps;
}

const RoamSummary* RoamAt(const Report& report, uint64_t line) {
  const RoamSummary* found = nullptr;
  for (const RoamSummary& r : report.roams)
    if (r.start_line <= line && (r.end_line == 0 || line <= r.end_line)) found = &r;
  return found;
}

std::string MethodName(const RoamSummary& r) {
  if (r.method == "full-eap") return "full EAP";
  if (r.method == "full-auth") return "full auth";
  if (r.method == "pmksa-cache") return "PMKSA cache";
  if (r.method == "okc") return "OKC";
  if (r.method == "failed") return "failed";
  if (r.method == "ft") return "FT";
  if (r.method == "sae") return "SAE";
  if (r.method == "sae-pmksa") return "SAE PMKSA cache";
  if (r.method == "psk") return "PSK";
  if (r.method == "owe") return "OWE";
  if (r.method == "driver") return "by the driver";
  return "unfinished";
}

std::string FormatMs(std::optional<int64_t> us) {
  if (!us) return "";
  return fmt::format("{} ms", RoundedMs(*us));
}

std::string RoamDurationText(const RoamSummary& roam) {
  if (roam.duration_us) return FormatMs(roam.duration_us);
  if (roam.duration_coarse_s) return fmt::format("\u2248{} s", *roam.duration_coarse_s);
  return "";
}

std::string RoamCountsText(const Report& report) {
  size_t roams = 0, reconnects = 0, first = 0, reauths = 0, unfinished = 0;
  for (const RoamSummary& r : report.roams) {
    if (r.kind == "re-auth") ++reauths;
    else if (r.kind == "first") ++first;
    else if (r.method == "unfinished") ++unfinished;
    else ++roams, reconnects += r.kind == "reconnect";
  }
  std::string out = fmt::format("Roams {}", roams);
  if (reconnects > 0)
    out += fmt::format(" ({} to another AP, {} reconnect{} to the same AP)", roams - reconnects,
                       reconnects, reconnects == 1 ? "" : "s");
  out += fmt::format("; {} first connection{}, {} re-authentication{}", first,
                     first == 1 ? "" : "s", reauths, reauths == 1 ? "" : "s");
  if (unfinished > 0) out += fmt::format(", {} unfinished at the end of the log", unfinished);
  return out;
}

std::string HumanDuration(int64_t us) {
  if (us < 1000000) return fmt::format("{} ms", RoundedMs(us));
  int64_t s = us / 1000000;
  if (s < 60) return fmt::format("{:.1f} s", static_cast<double>(us) / 1e6);
  if (s < 3600) return fmt::format("{}m {:02}s", s / 60, s % 60);
  return fmt::format("{}h {:02}m", s / 3600, (s % 3600) / 60);
}

// ---------------------------------------------------------------------------
// Causal chain

namespace {

const CacheEntryHistory* SelectedEntry(const Report& report, const Finding& f) {
  const CacheEntryHistory* best = nullptr;
  for (const CacheEntryHistory& c : report.cache_history) {
    if (!f.bssid || c.aa != *f.bssid || c.created_line > f.line) continue;
    if (f.pmkid.known && c.pmkid == f.pmkid) return &c;
    if (c.removed_line == 0 || c.removed_line > f.line) best = &c;
  }
  return best;
}

const CacheEntryHistory* EntryCreatedAt(const Report& report, uint64_t line, int min_gen) {
  for (const CacheEntryHistory& c : report.cache_history)
    if (c.created_line == line && c.generation > min_gen) return &c;
  return nullptr;
}

// How the roam that ended a finding went: "AP refused (line N)" and the
// cost, compared with the fastest cached roam of the log.
void AppendOutcome(const TriageView& view, const Finding& f, std::vector<ChainStep>* chain) {
  const Report& report = *view.report;
  const RoamSummary* roam = RoamAt(report, f.line);
  if (roam == nullptr) return;
  if (roam->refused) {
    uint64_t refusal = 0;
    for (const EvidenceLine& e : f.evidence)
      if (e.role.find("refused") != std::string::npos) refusal = e.line;
    if (refusal != 0) chain->push_back({"AP refused", refusal});
  }
  std::string cost = MethodName(*roam);
  if (roam->duration_us) cost += ", " + FormatMs(roam->duration_us) + " to connect";
  const RoamSummary* fastest = nullptr;
  for (const RoamSummary& r : report.roams)
    if ((r.method == "okc" || r.method == "pmksa-cache") && r.duration_us &&
        (fastest == nullptr || *r.duration_us < *fastest->duration_us))
      fastest = &r;
  if (roam->method == "full-eap" && fastest != nullptr && roam->duration_us)
    cost += fmt::format(", +{} over the {} roam at line {}",
                        FormatMs(*roam->duration_us - *fastest->duration_us),
                        MethodName(*fastest), fastest->start_line);
  chain->push_back({cost, 0});
}

void StaleReuseChain(const TriageView& view, const Finding& f, std::vector<ChainStep>* chain) {
  const Report& report = *view.report;
  const CacheEntryHistory* sel = SelectedEntry(report, f);
  if (sel == nullptr) return;
  const CacheEntryHistory* origin = nullptr;
  for (const CacheEntryHistory& c : report.cache_history)
    if (c.generation == sel->generation && !c.clone && origin == nullptr) origin = &c;
  if (origin != nullptr)
    chain->push_back({fmt::format("PMK gen {} at {}", sel->generation, view.ApLabel(origin->aa)),
                      origin->created_line});
  int clones = 0;
  for (const CacheEntryHistory& c : report.cache_history) {
    if (c.generation != sel->generation || !c.clone || c.created_line > f.line) continue;
    if (++clones > 3) break;
    std::string after;
    if (c.validated_line != 0) after = fmt::format(", accepted at line {}", c.validated_line);
    chain->push_back({"OKC clone for " + view.ApLabel(c.aa), c.created_line, after});
  }
  if (sel->stale_line != 0) {
    const CacheEntryHistory* newer = EntryCreatedAt(report, sel->stale_line, sel->generation);
    const RoamSummary* roam = RoamAt(report, sel->stale_line);
    std::string how = roam != nullptr && roam->reauth ? "full re-auth" : "full authentication";
    if (newer != nullptr)
      chain->push_back({fmt::format("{} at {}, gen {}", how, view.ApLabel(newer->aa),
                                    newer->generation),
                        sel->stale_line});
    chain->push_back({fmt::format("{} not flushed (still holds gen {})",
                                  view.ApLabel(sel->aa), sel->generation),
                      0});
  }
  std::string pmkid = f.pmkid.known ? f.pmkid.Short() + "\u2026 " : "";
  chain->push_back({fmt::format("stale PMKID {}offered to {}{}", pmkid,
                                f.bssid ? view.ApLabel(*f.bssid) : "the AP",
                                f.time.empty() ? "" : " at " + f.time),
                    f.line});
}

}  // namespace

std::vector<ChainStep> CausalChain(const TriageView& view, const Finding& f) {
  std::vector<ChainStep> chain;
  if (f.kind == "stale-pmkid-reuse") StaleReuseChain(view, f, &chain);
  if (chain.empty()) {
    for (const EvidenceLine& e : f.evidence)
      if (e.role.find("refused") == std::string::npos)
        chain.push_back({e.role.empty() ? "line" : e.role, e.line});
  }
  AppendOutcome(view, f, &chain);
  return chain;
}

std::string ChainText(const std::vector<ChainStep>& chain) {
  std::string out;
  for (const ChainStep& s : chain) {
    if (!out.empty()) out += " \u2192 ";
    out += s.text;
    if (s.line != 0) out += fmt::format(" (line {}{})", s.line, s.after);
  }
  return out;
}

}  // namespace roamreplay
