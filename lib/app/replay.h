#pragma once

// The whole pipeline for one input: read lines, parse, replay through the
// interface models, apply the rules, fill a Report. No printing, no exiting.

#include <string>
#include <string_view>

#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "app/ap_join.h"
#include "app/parse_pipeline.h"
#include "base/status.h"
#include "model/line_ref.h"
#include "model/model_observer.h"
#include "parse/event.h"
#include "model/flush_policy.h"
#include "model/model_config.h"
#include "rules/pmksa_rules.h"
#include "parse/input_shape.h"
#include "parse/unwrap.h"
#include "report/report.h"

namespace roamreplay {

struct ReplayOptions {
  /// Longest line kept; longer lines are truncated and reported.
  size_t max_line_bytes = 1 << 20;
  /// Input shape; kAuto detects it from the first lines (parse/input_shape.h).
  InputFormat input_format = InputFormat::kAuto;
  /// Year of year-less stamps (syslog, logcat); 0 = unknown (1970 is used).
  int year = 0;
  /// Re-joining of hard-wrapped lines (parse/unwrap.h).
  UnwrapMode unwrap = UnwrapMode::kAuto;
  /// Lifetimes and thresholds of the PMKSA model.
  ModelConfig model;
  /// Thresholds of the rules (slow-roam).
  RulesConfig rules;
  /// The supplicant's flush policy; nullopt = infer it from the log (auto).
  std::optional<FlushPolicy> policy;
  /// Take a cache snapshot (Report::snapshot) after this line, or at the
  /// last line whose time is <= snapshot_time_us; 0 = at the end.
  bool snapshot = false;
  uint64_t snapshot_line = 0;
  std::optional<int64_t> snapshot_time_us;
  /// Called by ReplayFile now and then (about every kProgressStep bytes, and
  /// once at the end) with the bytes read and the input's size (0 when
  /// unknown, e.g. stdin). On the thread running ReplayFile.
  std::function<void(uint64_t bytes_read, uint64_t total_bytes)> progress;
  /// Reading stops early once `*stop` is non-zero (a SIGINT/SIGTERM handler
  /// sets it); the report is then complete for the lines read and marked
  /// Report::interrupted.
  const volatile std::sig_atomic_t* stop = nullptr;
  /// ReplayFile with 2 or more: reading and parsing on the calling thread,
  /// model, rules, taps and sinks on a second one (parse_pipeline.h); the
  /// report is the same as with 1 (serial). More than 2 act as 2.
  int threads = 1;
  /// Text per batch handed between the two threads (tests make it tiny).
  size_t pipeline_batch_bytes = 256 * 1024;
  /// Which thread classifies message bodies (parse_pipeline.h; tests force one).
  BodySplit pipeline_split = BodySplit::kAdaptive;
  /// Interfaces modelled; the lines of further interfaces are counted but
  /// not replayed, and Report::truncated["interfaces"] says how many
  /// interfaces were left out (distinct names, counted up to 1 M).
  size_t max_interfaces = 1024;
  /// When set, called once per input before it is replayed; the sink
  /// (Report::sink) then sees every roam and finding as it is decided
  /// (`stats` aggregates that way, keeping no lists).
  std::function<std::shared_ptr<ReplaySink>()> make_sink;
  /// When set, every byte read from the input is also written here, so a
  /// second pass (report's context lines) reads the copy, never the input.
  std::FILE* spool = nullptr;
  /// A second observer that receives every conclusion of the models, in the
  /// order the rules receive them (the test harness extracts its traces
  /// with it). Not owned; nullptr = none.
  ModelObserver* tap = nullptr;
  /// Called with every event, and the name of the interface model it goes
  /// to, right before that model applies it.
  std::function<void(std::string_view ifname, const Event& event, const LineView& line)>
      event_tap;
  /// hostapd logs to read beside the station's (--ap; app/ap_join.h); empty
  /// = station only (the output is then exactly as without this option).
  std::vector<std::string> ap_logs;
  /// hostapd logs held in memory, joined after `ap_logs` (`check` on a
  /// scenario with a "hostapd" block).
  std::vector<ApText> ap_texts;
  bool HasApLogs() const { return !ap_logs.empty() || !ap_texts.empty(); }
  /// --ap-offset: added to every AP log's stamps; nullopt = same clock or
  /// estimated (rules/ap_rules.h).
  std::optional<int64_t> ap_offset_us;
  static constexpr uint64_t kProgressStep = 1 << 20;
};

/// Replays the file at `path` ("-" = stdin) into `*report`. Returns an
/// IoError if the file cannot be read; malformed lines never fail the replay
/// (they become diagnostics). A read error, corrupt gzip data or trailing
/// garbage after the last gzip member also returns an error, but after the
/// lines read before it were replayed: `*report` holds them.
Status ReplayFile(const std::string& path, const ReplayOptions& options, Report* report);

/// True when no line of the input matched the message dictionary (no
/// event, known or malformed supplicant line): the input is not a
/// wpa_supplicant log (an empty file, dpkg.log, a binary).
bool NothingRecognised(const Report& report);

/// "INPUT: no wpa_supplicant line recognised in N lines; not a
/// wpa_supplicant debug log?" for inputs where NothingRecognised holds.
std::string NothingRecognisedMessage(const Report& report);
/// The pipeline fed line by line, for inputs that grow (`replay --follow`):
/// report() fills as lines arrive (roams and per-event findings are appended
/// as the model decides them); Finish() adds the findings that need the
/// whole input and sorts them, as ReplayFile does at the end.
class IncrementalReplay {
 public:
  IncrementalReplay(std::string name, const ReplayOptions& options);
  ~IncrementalReplay();
  IncrementalReplay(const IncrementalReplay&) = delete;
  IncrementalReplay& operator=(const IncrementalReplay&) = delete;

  /// One physical line without its newline.
  void Push(std::string_view text);
  /// Decides the input shape now if it is still sampling, and hands over a
  /// line held back for a possible continuation: call when input is idle.
  void Flush();
  void Finish();
  Report& report() { return report_; }

 private:
  struct Impl;
  Report report_;
  std::unique_ptr<Impl> impl_;
};

/// Replays an in-memory log; `name` becomes report->input.
void ReplayBuffer(std::string_view name, std::string_view data, const ReplayOptions& options,
                  Report* report);

}  // namespace roamreplay
