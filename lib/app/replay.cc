#include "app/replay.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <unordered_map>
#include <unordered_set>
#include <memory>
#include <exception>
#include <thread>

#include <fmt/format.h>

#include "app/ap_join.h"
#include "app/cache_snapshot.h"
#include "app/parse_pipeline.h"
#include "app/policy_inference.h"
#include "base/hash.h"
#include "base/line_reader.h"
#include "model/interface_model.h"
#include "model/tee_observer.h"
#include "parse/driver_info.h"
#include "parse/hostapd_parser.h"
#include "parse/line_parser.h"
#include "parse/message_catalog.h"
#include "rules/pmksa_rules.h"

namespace roamreplay {
namespace {

// Report::clock for an input shape and --year.
std::string ClockOf(InputFormat format, int year) {
  switch (format) {
    case InputFormat::kDashT:
    case InputFormat::kSyslogDashT:
    case InputFormat::kShortIso:
      return "utc";
    case InputFormat::kSyslog:
    case InputFormat::kShortPrecise:
    case InputFormat::kLogcatThreadtime:
      return year != 0 ? "local" : "yearless";
    case InputFormat::kShortMonotonic:
    case InputFormat::kEspIdf:
      return "monotonic";
    case InputFormat::kHarness:
      return "time-of-day";
    default:
      return "none";
  }
}

// Unknown-line shapes by the HashBytes of the shape: open addressing over
// 64-bit keys (a lookup per unknown line; no string is hashed or compared).
// Searches stop after kMaxProbe slots: shapes crafted to crowd one run of
// the table are not counted (as shapes past the table's limit are not),
// rather than making every lookup walk the run.
class ShapeTable {
 public:
  ShapeCount* Find(uint64_t hash) {
    if (keys_.empty()) return nullptr;
    size_t i = hash & (keys_.size() - 1);
    for (size_t probe = 0; probe < kMaxProbe; ++probe, i = (i + 1) & (keys_.size() - 1)) {
      if (keys_[i] == hash) return &counts_[index_[i]];
      if (keys_[i] == 0) return nullptr;
    }
    return nullptr;
  }
  /// False when the shape was not stored (a crowded run).
  bool Add(uint64_t hash, ShapeCount count) {
    if ((counts_.size() + 1) * 2 > keys_.size()) Grow();
    if (!Place(hash, static_cast<uint32_t>(counts_.size()), kMaxProbe)) return false;
    counts_.push_back(std::move(count));
    return true;
  }
  size_t size() const { return counts_.size(); }
  std::vector<ShapeCount> Take() { return std::move(counts_); }

 private:
  static constexpr size_t kMaxProbe = 64;

  bool Place(uint64_t hash, uint32_t index, size_t max_probe) {
    size_t i = hash & (keys_.size() - 1);
    for (size_t probe = 0; keys_[i] != 0; ++probe, i = (i + 1) & (keys_.size() - 1))
      if (probe + 1 >= max_probe) return false;
    keys_[i] = hash;
    index_[i] = index;
    return true;
  }
  void Grow() {
    std::vector<uint64_t> keys = std::move(keys_);
    std::vector<uint32_t> index = std::move(index_);
    keys_.assign(std::max<size_t>(256, keys.size() * 2), 0);  // HashBytes is never 0
    index_.assign(keys_.size(), 0);
    for (size_t i = 0; i < keys.size(); ++i)
      if (keys[i] != 0) Place(keys[i], index[i], keys_.size());
  }
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> index_;
  std::vector<ShapeCount> counts_;
};

// Drives one input through parse -> model -> rules.
//
// Interface attribution: wpa_msg/wpa_dbg lines carry "<ifname>: ", but
// wpa_printf and hexdump lines (all of pmksa_cache.c) carry none. Such lines
// belong to the interface of the most recent prefixed line. Lines before
// the first prefixed line go to an unnamed model, which the first interface
// seen then adopts. Other programs' lines (mixed logs) never move it.
class Replayer : public LineSink {
 public:
  Replayer(Report* report, const ReplayOptions& options)
      : report_(report),
        rules_(report, options.rules),
        tee_(&rules_, options.tap),
        year_(options.year),
        options_(options) {}

  void OnInput(const InputDetection& d) override {
    parser_ = LineParser(d.format, year_);
    report_->input_format = std::string(InputFormatName(d.format));
    report_->input_format_detected = d.detected;
    report_->time_axis = TimeAxisDescription(d.format, year_);
    report_->clock = ClockOf(d.format, year_);
    report_->wrap_column = d.wrap_column;
  }

  void OnLogicalLine(const LogicalLine& raw) override {
    parser_.Parse(raw.text, &parsed_);
    Consume(raw, parsed_);
  }

  /// Everything after parsing, for a line `parsed` from `raw` (on the
  /// calling thread of a pipelined replay; views valid during the call).
  void Consume(const LogicalLine& raw, const ParsedLine& parsed) {
    cur_ = &parsed;
    if (clock_break_) {  // after the restart line's own event
      rules_.OnClockBreak();
      clock_break_ = false;
    }
    LineCounts& counts = report_->counts;
    counts.lines += raw.pieces;
    counts.rejoined += raw.pieces - 1;
    counts.bytes += raw.full_length + 1;
    if (raw.truncated)
      Diagnose(raw.number, fmt::format("line of {} bytes truncated to {} bytes", raw.full_length,
                                       raw.text.size()));
    if (sample_.size() < kHostapdSample) {
      sample_.emplace_back(raw.text.substr(0, 512));
      if (sample_.size() == kHostapdSample) report_->hostapd_input = LooksLikeHostapdLog(sample_);
    }
    if (cur_->control_padding) ++counts.control_padded;
    if (cur_->esp_wifi) {
      ++counts.esp_wifi;
      NoteDriver(raw.text);  // "wifi:wifi firmware version: ..."
    }
    DiagnoseTime(raw.number);
    tier_.Add(*cur_);
    switch (cur_->kind) {
      case LineKind::kOther:
        ++counts.other;
        NoteDriver(raw.text);
        return;
      case LineKind::kOtherSource:
        ++counts.other_sources;
        NoteDriver(raw.text);
        return;
      case LineKind::kUnknown:
        ++counts.unknown;
        CountShape(*cur_, raw.number);
        NoteDriver(raw.text);
        break;
      case LineKind::kKnown:
        ++counts.known;
        VoteEra(cur_->eras);
        break;
      case LineKind::kMalformed:
        ++counts.malformed;
        Diagnose(raw.number, fmt::format("{}: \"{}\"", cur_->why, Excerpt(cur_->body)));
        break;
      case LineKind::kEvent:
        ++counts.events;
        ++event_counts_[static_cast<size_t>(cur_->event.type)];
        break;
    }
    MaybeSnapshot(raw.number);
    if (cur_->has_time) {
      ++timed_lines_;
      subsecond_seen_ |= cur_->time_us % 1'000'000 != 0;
    }
    InterfaceModel* model = ModelFor(cur_->ifname);
    if (cur_->kind != LineKind::kEvent || model == nullptr) return;
    const Event& ev = cur_->event;
    if (ev.type == EventType::kPmksaReplace)
      ++(ev.narrow_flush_text ? clues_.replace_narrow_texts : clues_.replace_2011_texts);
    if (ev.type == EventType::kVersionBanner && report_->supplicant_version.empty())
      report_->supplicant_version = ev.text;
    VoteSpelling(ev.spelling);
    if (ev.type == EventType::kStateChange)
      ++(cur_->ifname.empty() ? state_unprefixed_ : state_prefixed_);
    LineView view{raw.number, cur_->time_text, cur_->time_us, cur_->has_time, raw.text};
    if (options_.event_tap) options_.event_tap(model->ifname(), ev, view);
    if (options_.HasApLogs()) NoteAnchor(ev, raw.number);
    model->Apply(ev, view);
  }

  const std::vector<StationAnchor>& anchors() const { return anchors_; }

  void Finish() {
    if (sample_.size() < kHostapdSample) report_->hostapd_input = LooksLikeHostapdLog(sample_);
    if (options_.snapshot && !report_->snapshot) TakeSnapshot(last_line_, last_time_);
    for (auto& entry : models_) entry.second->Finish();
    InferEra();
    report_->whole_second_clock = timed_lines_ > 0 && !subsecond_seen_;
    // Dates need the whole log: whether its clock has fractions.
    if (report_->snapshot && snapshot_time_us_)
      report_->snapshot->time_iso = IsoTime(*report_, *snapshot_time_us_);
    if (report_->snapshot) {
      for (auto* list : {&report_->snapshot->observed, &report_->snapshot->reference})
        for (SnapshotEntry& e : *list)
          if (e.created_time_us && !e.created_time.empty())
            e.created_time_iso = IsoTime(*report_, *e.created_time_us);
    }
    rules_.Finish(ChoosePolicy(), report_->whole_second_clock);
    if (report_->snapshot) FillLearnedLater(&*report_->snapshot);
    ClassifyRoams();
    TopShapes();
    for (size_t t = 0; t < event_counts_.size(); ++t)
      if (event_counts_[t] != 0)
        report_->event_counts[std::string(EventTypeName(static_cast<EventType>(t)))] +=
            event_counts_[t];
    report_->evidence_tier = std::string(tier_.Tier());
    TierTracker::Supports(report_->evidence_tier, &report_->tier_supports, &report_->tier_note);
  }

 private:
  // Station frames with a time, to align AP logs (rules/ap_rules.h).
  void NoteAnchor(const Event& ev, uint64_t line) {
    if (!cur_->has_time || !ev.has_addr || anchors_.size() >= 100000) return;
    if (ev.type == EventType::kAssociated)
      anchors_.push_back({StationAnchor::kAssociated, ev.addr, cur_->time_us, line});
    else if (ev.type == EventType::kRxMsg1of4)
      anchors_.push_back({StationAnchor::kMsg1, ev.addr, cur_->time_us, line});
  }

  // Coarse durations on whole-second clocks (RoamSummary::kind is set by
  // the rules as each attempt ends).
  void ClassifyRoams() {
    for (RoamSummary& r : report_->roams) {
      if (report_->whole_second_clock && r.duration_us) {
        r.duration_coarse_s = *r.duration_us / 1'000'000;
        r.duration_us.reset();
      }
      if (report_->whole_second_clock) {
        // Phases are shorter than a second: such a clock cannot tell them (null, never 0).
        AttemptPhases& p = r.detail.phases;
        p.scan = p.authentication = p.association = p.eap = p.four_way = p.total = std::nullopt;
      }
    }
  }

  static std::string Excerpt(std::string_view s) {
    constexpr size_t kMax = 120;
    std::string out;
    for (char c : s.substr(0, kMax)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
    if (s.size() > kMax) out += "...";
    return out;
  }

  // The first firmware version a Wi-Fi driver reports (parse/driver_info.h).
  void NoteDriver(std::string_view text) {
    if (!report_->firmware.empty()) return;
    if (text.find("irmware") == std::string_view::npos &&
        text.find("fw_version") == std::string_view::npos)
      return;
    ParseDriverInfo(text, &report_->driver, &report_->firmware);
  }

  void DiagnoseTime(uint64_t line) {
    if (cur_->time_backwards)
      Diagnose(line, fmt::format("timestamp {} is earlier than the line before",
                                 Excerpt(cur_->time_text)));
    if (cur_->clock_restarted) {
      clock_break_ = true;
      Diagnose(line, fmt::format("monotonic clock restarted at {} (reboot?); time axis continues",
                                 Excerpt(cur_->time_text)));
    }
  }

  void Diagnose(uint64_t line, std::string message) {
    ++report_->diagnostics_total;
    if (report_->diagnostics.size() < Report::kMaxDiagnostics)
      report_->diagnostics.push_back({line, std::move(message)});
  }

  // Shapes are counted by their hash (LineParser computes it once per
  // distinct body) and built only when first seen. Distinct shapes are
  // capped so that a log of random text cannot grow the table without
  // bound; the counts of shapes seen first still grow.
  void CountShape(const ParsedLine& parsed, uint64_t line) {
    constexpr size_t kMaxDistinctShapes = 10000;
    uint64_t hash = parsed.shape_hash;
    if (hash == 0) {  // ESP-IDF Wi-Fi library lines
      MessageShapeInto(parsed.body, &shape_);  // reuses shape_'s buffer: no allocation
      hash = HashBytes(shape_);
    }
    ShapeCount* counted = shapes_.Find(hash);
    if (counted != nullptr) {
      ++counted->count;
    } else if (shapes_.size() < kMaxDistinctShapes) {
      shapes_.Add(hash, ShapeCount{MessageShape(parsed.body), 1, line});
    }
  }

  void TopShapes() {
    std::vector<ShapeCount> all = shapes_.Take();
    std::sort(all.begin(), all.end(), [](const ShapeCount& a, const ShapeCount& b) {
      return a.count != b.count ? a.count > b.count : a.first_line < b.first_line;
    });
    if (all.size() > Report::kMaxShapes) all.resize(Report::kMaxShapes);
    report_->unknown_shapes = std::move(all);
  }

  // nullptr for the lines of interfaces past options_.max_interfaces (and
  // the unprefixed lines that follow them).
  InterfaceModel* ModelFor(std::string_view ifname) {
    if (ifname.empty()) {
      if (current_ == nullptr && !current_untracked_) current_ = Adopt("");
      return current_;
    }
    if (current_ != nullptr && current_->ifname() == ifname) return current_;
    auto it = models_.find(std::string(ifname));
    if (it != models_.end()) {
      current_ = it->second.get();
      current_untracked_ = false;
      return current_;
    }
    bool adopts_unnamed = models_.count("") != 0;
    if (models_.size() >= options_.max_interfaces && !adopts_unnamed) {
      constexpr size_t kMaxCounted = 1 << 20;
      if (untracked_.size() < kMaxCounted &&
          untracked_.insert(std::hash<std::string_view>()(ifname)).second)
        ++report_->truncated["interfaces"];
      current_ = nullptr;
      current_untracked_ = true;
      return nullptr;
    }
    current_ = Adopt(ifname);
    current_untracked_ = false;
    return current_;
  }

  InterfaceModel* Adopt(std::string_view ifname) {
    std::string name(ifname);
    auto unnamed = models_.find("");
    if (!name.empty() && unnamed != models_.end()) {
      std::unique_ptr<InterfaceModel> model = std::move(unnamed->second);
      models_.erase(unnamed);
      model->set_ifname(name);
      InterfaceModel* raw = model.get();
      models_.emplace(name, std::move(model));
      report_->interfaces.push_back(name);
      return raw;
    }
    ModelObserver* observer = options_.tap != nullptr ? static_cast<ModelObserver*>(&tee_) : &rules_;
    auto model = std::make_unique<InterfaceModel>(name, observer, options_.model);
    InterfaceModel* raw = model.get();
    models_.emplace(name, std::move(model));
    if (!name.empty()) report_->interfaces.push_back(name);
    return raw;
  }

  void VoteSpelling(Spelling spelling) {
    switch (spelling) {
      case Spelling::kAny:
        break;
      case Spelling::k073:
        ++votes_073_;
        break;
      case Spelling::k2011:
        ++votes_2011_;
        break;
      case Spelling::kCurrent:
        ++votes_current_;
        break;
    }
  }

  // The state after line `at_line`, before the line being read (`line`)
  // changes it: for --line N, before line N+1; for --at T, before the first
  // line stamped later than T.
  void MaybeSnapshot(uint64_t line) {
    if (!options_.snapshot || report_->snapshot) return;
    bool past_line = options_.snapshot_line != 0 && line > options_.snapshot_line;
    bool past_time = options_.snapshot_time_us && cur_->has_time &&
                     cur_->time_us > *options_.snapshot_time_us;
    if (past_line || past_time) TakeSnapshot(last_line_, last_time_);
    last_line_ = line;
    if (cur_->has_time) {
      last_time_ = std::string(cur_->time_text);
      last_time_us_ = cur_->time_us;
    }
  }

  // A PMKID the log shows only after the snapshot's line (an OKC clone's
  // PMKID at its selection, an entry's at msg 1/4) is the entry's from its
  // creation on: show it, marked with the line it was learned at.
  void FillLearnedLater(CacheSnapshot* snap) const {
    for (auto* list : {&snap->observed, &snap->reference}) {
      for (SnapshotEntry& e : *list) {
        if (e.pmkid.known) continue;
        for (const CacheEntryHistory& h : report_->cache_history) {
          if (h.interface != e.interface || h.aa != e.bssid || h.created_line != e.created_line)
            continue;
          if (!h.pmkid.known) break;
          e.pmkid = h.pmkid;
          e.keys.pmkid_source = h.keys.pmkid_source;
          e.keys.pmkid_learned_line = h.keys.pmkid_learned_line;
          e.keys.ap_mld = e.keys.ap_mld || h.keys.ap_mld;
          break;
        }
      }
    }
  }

  void TakeSnapshot(uint64_t at_line, const std::string& time) {
    CacheSnapshot snap;
    snap.at_line = at_line;
    snap.time = time;
    if (!time.empty()) snapshot_time_us_ = last_time_us_;  // time_iso: at Finish
    if (!time.empty()) snap.time_us = last_time_us_;
    for (const auto& entry : models_) AppendSnapshot(*entry.second, &snap);
    for (auto* list : {&snap.observed, &snap.reference})
      for (SnapshotEntry& e : *list)
        if (e.expiration_us) e.expiration_time = LogTimeText(*report_, *e.expiration_us);
    report_->snapshot = std::move(snap);
  }

  std::optional<FlushPolicy> ChoosePolicy() {
    if (options_.policy) {
      report_->policy = std::string(FlushPolicyName(*options_.policy));
      report_->policy_evidence = "set by --policy";
      return options_.policy;
    }
    clues_.version = report_->supplicant_version;
    for (const auto& entry : models_) {
      const FlushEvidence& f = entry.second->flush_evidence();
      clues_.flushes.replacements += f.replacements;
      for (size_t i = 0; i < f.consistent.size(); ++i)
        clues_.flushes.consistent[i] += f.consistent[i];
    }
    std::optional<FlushPolicy> policy = InferPolicy(clues_, &report_->policy_evidence);
    if (policy) report_->policy = std::string(FlushPolicyName(*policy));
    return policy;
  }

  void VoteEra(uint8_t eras) {
    if (eras == kEraCurrent) ++votes_current_;
    if (eras != 0 && (eras & kEraCurrent) == 0) ++votes_2011_;
  }

  void InferEra() {
    const std::string& v = report_->supplicant_version;
    if (!v.empty()) {
      report_->era = v[0] == '0' && v.rfind("0.7", 0) == 0 ? "0.7.3"
                     : v[0] == '0'                         ? "2011"
                                                           : "2.x";
      report_->era_evidence = "version banner \"wpa_supplicant v" + v + "\"";
      return;
    }
    // 0.7.3 printed "State:" with wpa_printf: never an interface prefix.
    if (state_unprefixed_ >= 3 && state_prefixed_ == 0 && votes_current_ * 2 < votes_2011_) {
      report_->era = "0.7.3";
      report_->era_evidence =
          fmt::format("{} State: lines without an interface prefix", state_unprefixed_);
      return;
    }
    // Messages that only 2.x prints are strong evidence; old spellings are
    // weak (2.x releases before the current catalogue still printed many).
    bool strong_current = votes_current_ >= 10 && votes_current_ * 4 >= votes_2011_;
    if (votes_073_ > 0 && votes_current_ == 0) {
      report_->era = "0.7.3";
    } else if (strong_current) {
      report_->era = "2.x";
    } else if (votes_2011_ > votes_current_) {
      report_->era = "2011";
    } else if (votes_current_ > votes_2011_) {
      report_->era = "2.x";
    } else {
      report_->era = "unknown";
      report_->era_evidence = "no era-specific message seen";
      return;
    }
    report_->era_evidence =
        fmt::format("message spellings: {} of 2011 or older, {} of 2.x", votes_2011_ + votes_073_,
                    votes_current_);
  }

  Report* report_;
  PmksaRules rules_;
  TeeObserver tee_;  // rules_ and options_.tap, when a tap is set
  int year_;
  TierTracker tier_;
  LineParser parser_;
  ParsedLine parsed_;
  const ParsedLine* cur_ = &parsed_;  ///< The line Consume() is on.
  std::map<std::string, std::unique_ptr<InterfaceModel>> models_;
  InterfaceModel* current_ = nullptr;
  bool current_untracked_ = false;  ///< The last prefixed line's interface is not modelled.
  std::unordered_set<size_t> untracked_;  ///< Hashes of the names not modelled.
  ShapeTable shapes_;
  /// Report::event_counts by type while reading (no string per event).
  std::array<uint64_t, static_cast<size_t>(EventType::kCount)> event_counts_{};
  std::string shape_;  // an ESP-IDF unknown line's shape
  uint64_t votes_073_ = 0, votes_2011_ = 0, votes_current_ = 0;
  uint64_t state_unprefixed_ = 0, state_prefixed_ = 0;
  ReplayOptions options_;
  PolicyClues clues_;
  uint64_t last_line_ = 0;
  std::string last_time_;
  std::optional<int64_t> last_time_us_;
  std::optional<int64_t> snapshot_time_us_;
  uint64_t timed_lines_ = 0;
  bool subsecond_seen_ = false;
  bool clock_break_ = false;  ///< The clock restarted: rules_.OnClockBreak() before the next line.
  static constexpr size_t kHostapdSample = 200;
  std::vector<std::string> sample_;  ///< The first lines, to tell a hostapd log.
  std::vector<StationAnchor> anchors_;
};

FrontEndOptions FrontEndFor(const ReplayOptions& options) {
  FrontEndOptions f;
  f.format = options.input_format;
  f.unwrap = options.unwrap;
  f.max_record_bytes = options.max_line_bytes;
  return f;
}

}  // namespace

Status ReplayFile(const std::string& path, const ReplayOptions& options, Report* report) {
  *report = Report();
  report->input = path;
  if (options.make_sink) report->sink = options.make_sink();
  LineReader reader;
  Status s = LineReader::Open(path, &reader);
  if (!s.ok()) return s;
  reader.set_max_line_bytes(options.max_line_bytes);
  reader.set_stop(options.stop);
  reader.set_copy(options.spool);
  Replayer replayer(report, options);
  std::error_code size_error;
  uint64_t total = path == "-" ? 0 : std::filesystem::file_size(path, size_error);
  if (size_error) total = 0;
  uint64_t next_progress = 0;
  auto read_all = [&](LineSink* sink) {
    InputFrontEnd front(FrontEndFor(options), sink);
    Status status = reader.ForEachLine([&](const LineReader::Line& line) {
      front.Push(line);
      if (options.progress && reader.bytes_read() >= next_progress) {
        options.progress(reader.bytes_read(), total);
        next_progress = reader.bytes_read() + ReplayOptions::kProgressStep;
      }
    });
    front.Finish();
    return status;
  };
  if (options.threads >= 2) {
    // Read and parse here; model, rules and output on `consumer`.
    BatchQueue queue(8);
    ParseStage stage(&queue, options.year, options.pipeline_batch_bytes, options.pipeline_split);
    // An exception on either side (bad_alloc) ends both and is rethrown
    // here, as a serial replay would throw it.
    std::exception_ptr consumer_error;
    std::thread consumer([&] {
      BodyClassifier classifier;
      while (std::unique_ptr<ParsedBatch> batch = queue.Pop()) {
        try {
          if (!consumer_error) {
            ClassifyPending(batch.get(), &classifier);
            if (batch->detection) replayer.OnInput(*batch->detection);
            for (size_t i = 0; i < batch->count; ++i) {
              ParsedItem& item = batch->items[i];
              replayer.Consume(item.raw, item.parsed);
            }
          }
        } catch (...) {
          consumer_error = std::current_exception();  // drain the rest unread
        }
        queue.Recycle(std::move(batch));
      }
    });
    try {
      s = read_all(&stage);
      stage.Finish();
    } catch (...) {
      stage.Abort();
      consumer.join();
      throw;
    }
    consumer.join();
    if (consumer_error) std::rethrow_exception(consumer_error);
  } else {
    s = read_all(&replayer);
  }
  report->interrupted = reader.interrupted();
  replayer.Finish();
  if (options.progress) options.progress(reader.bytes_read(), total);
  if (!s.ok()) return Status::IoError(path + ": " + s.message());
  if (options.HasApLogs())
    return JoinApFiles(options.ap_logs, options.ap_texts, options.ap_offset_us, options.year,
                       replayer.anchors(), report);
  return Status::Ok();
}

bool NothingRecognised(const Report& report) {
  const LineCounts& c = report.counts;
  return c.events + c.known + c.malformed == 0;
}

std::string NothingRecognisedMessage(const Report& report) {
  if (report.counts.lines == 0) return report.input + ": empty input, no wpa_supplicant line";
  return fmt::format("{}: no wpa_supplicant line recognised in {} line{}; not a wpa_supplicant "
                     "log?", report.input, report.counts.lines,
                     report.counts.lines == 1 ? "" : "s");
}

void ReplayBuffer(std::string_view name, std::string_view data, const ReplayOptions& options,
                  Report* report) {
  *report = Report();
  report->input = std::string(name);
  if (options.make_sink) report->sink = options.make_sink();
  Replayer replayer(report, options);
  InputFrontEnd front(FrontEndFor(options), &replayer);
  ForEachLineInBuffer(
      data, [&](const LineReader::Line& line) { front.Push(line); }, options.max_line_bytes);
  front.Finish();
  replayer.Finish();
  if (!options.HasApLogs()) return;
  // No status to return here: an unreadable AP log becomes a diagnostic.
  Status s = JoinApFiles(options.ap_logs, options.ap_texts, options.ap_offset_us, options.year,
                         replayer.anchors(), report);
  if (!s.ok()) {
    ++report->diagnostics_total;
    report->diagnostics.push_back({0, s.message()});
  }
}

struct IncrementalReplay::Impl {
  Impl(Report* report, const ReplayOptions& options)
      : replayer(report, options), front(FrontEndFor(options), &replayer),
        max_line_bytes(options.max_line_bytes) {}
  Replayer replayer;
  InputFrontEnd front;
  size_t max_line_bytes;
  uint64_t number = 0;
};

IncrementalReplay::IncrementalReplay(std::string name, const ReplayOptions& options) {
  report_.input = std::move(name);
  if (options.make_sink) report_.sink = options.make_sink();
  impl_ = std::make_unique<Impl>(&report_, options);
}

IncrementalReplay::~IncrementalReplay() = default;

void IncrementalReplay::Push(std::string_view text) {
  LineReader::Line line;
  line.number = ++impl_->number;
  line.full_length = text.size();
  line.truncated = text.size() > impl_->max_line_bytes;
  line.text = line.truncated ? text.substr(0, impl_->max_line_bytes) : text;
  impl_->front.Push(line);
}

void IncrementalReplay::Flush() { impl_->front.Flush(); }

void IncrementalReplay::Finish() {
  impl_->front.Finish();
  impl_->replayer.Finish();
}

}  // namespace roamreplay
