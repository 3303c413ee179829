// Trace extraction: one replay with a tap on the model (ReplayOptions::tap
// and event_tap) collects, per interface, what the cache saw; the steps are
// then put in log order. See trace.h.

#include "harness/trace.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "app/replay.h"

namespace roamreplay {

std::string_view StepTypeName(StepType type) {
  switch (type) {
    case StepType::kHello: return "hello";
    case StepType::kPmk: return "pmk";
    case StepType::kEntry: return "entry";
    case StepType::kValidated: return "validated";
    case StepType::kRemove: return "remove";
    case StepType::kAnswer: return "answer";
    case StepType::kConfig: return "config";
    case StepType::kDisconnect: return "disconnect";
    case StepType::kOffer: return "offer";
    case StepType::kCache: return "cache";
    case StepType::kEnd: return "end";
  }
  return "?";
}

namespace {

// A step with its sort key: steps are ordered by line; at one line the
// facts come before the decisions (an entry from before the log is learnt
// from the selection line at which the offer is decided).
struct Pending {
  uint64_t line = 0;
  int rank = 0;  // 0 = fact, 1 = decision
  uint64_t seq = 0;
  TraceStep step;
};

struct InterfaceSteps {
  std::vector<Pending> steps;
  std::set<int> lineages;  // PMK lineages entered so far
  std::set<int> okc_networks;
  // Network in use from a line on (the model's NetworkFor order).
  std::vector<std::pair<uint64_t, int>> network_at;
  std::unordered_map<std::string, int> networks;  // SSID -> index
  bool debug_seen = false;  // pmksa_cache.c's -d lines: selections are logged
  uint64_t last_line = 0;
  LineRef last;
};

class Collector : public ModelObserver {
 public:
  void OnEvent(std::string_view ifname, const Event& ev, const LineView& line) {
    InterfaceSteps& s = For(ifname);
    s.last_line = line.line;
    s.last = line.Copy();
    switch (ev.type) {
      case EventType::kPmksaAdded:
      case EventType::kPmksaSelected:
      case EventType::kPmksaSearch:
      case EventType::kOkcConsider:
      case EventType::kOkcAdded:
      case EventType::kPmksaReplace:
      case EventType::kPmksaFlush:
      case EventType::kPmksaExpired:
      case EventType::kPmksaEvicted:
      case EventType::kPmksaFreeCb:
        s.debug_seen = true;
        break;
      default:
        break;
    }
    switch (ev.type) {
      case EventType::kSmeTryAuthenticate:
      case EventType::kTryAssociate:
        if (!ev.text.empty()) {
          auto it = s.networks.find(ev.text);
          int id = it != s.networks.end() ? it->second : static_cast<int>(s.networks.size()) + 1;
          s.networks.emplace(ev.text, id);
          s.network_at.emplace_back(line.line, id);
        }
        break;
      case EventType::kPmksaAdded:
      case EventType::kPmksaCacheAddedEvent:
        replace_open_[std::string(ifname)] = false;
        break;
      case EventType::kConfigChange: {
        TraceStep step;
        step.type = StepType::kConfig;
        Add(ifname, line.Copy(), 0, std::move(step));
        break;
      }
      case EventType::kDisconnected: {
        TraceStep step;
        step.type = StepType::kDisconnect;
        step.aa = ev.addr;
        step.has_aa = ev.has_addr;
        Add(ifname, line.Copy(), 0, std::move(step));
        break;
      }
      default:
        break;
    }
    // Flushes after "RSN: Replace PMKSA entry ..." until the new entry is
    // added are the supplicant's own decision on the replacement.
    if (ev.type == EventType::kPmksaReplace) replace_open_[std::string(ifname)] = true;
  }

  void OnEntryAdded(std::string_view ifname, const PmksaEntry& e) override {
    InterfaceSteps& s = For(ifname);
    int lineage = e.Lineage();
    bool known_pmk = s.lineages.count(lineage) > 0;
    s.lineages.insert(lineage);
    if (e.clone && known_pmk) {
      // An OKC clone of an entry the cache holds: the implementation makes
      // its own when asked for the offer.
      s.okc_networks.insert(e.network);
      return;
    }
    TraceStep step;
    step.aa = e.aa;
    step.has_aa = true;
    step.network = e.network;
    step.pmk = lineage;
    step.pmkid = e.pmkid;
    step.akmp = e.akmp;
    if (e.has_spa) {
      step.spa = e.spa;
      step.has_spa = true;
    }
    if (!e.clone && e.generation > 0) {
      step.type = StepType::kPmk;
      Add(ifname, e.created, 0, step);
      TraceStep cache;
      cache.type = StepType::kCache;
      cache.how = "after-pmk";
      Add(ifname, e.created, 1, std::move(cache));
    } else {
      // From before the log: a selected entry the log never showed being
      // made, or a clone whose source the log never showed.
      step.type = StepType::kEntry;
      step.opportunistic = e.opportunistic;
      if (e.clone) s.okc_networks.insert(e.network);
      Add(ifname, e.created, 0, std::move(step));
    }
  }

  void OnEntryRemoved(std::string_view ifname, const PmksaEntry& e, std::string_view how,
                      const LineRef& line) override {
    if (how == "replaced") return;  // part of the new PMK's step
    if (how == "flushed" && replace_open_[std::string(ifname)]) return;  // the supplicant's decision
    TraceStep step;
    step.type = StepType::kRemove;
    step.aa = e.aa;
    step.has_aa = true;
    step.how = std::string(how);
    Add(ifname, line, 0, std::move(step));
  }

  void OnEntryValidated(std::string_view ifname, const PmksaEntry& e,
                        const LineRef& line) override {
    TraceStep step;
    step.type = StepType::kValidated;
    step.aa = e.aa;
    step.has_aa = true;
    Add(ifname, line, 0, std::move(step));
  }

  void OnOfferRefused(std::string_view ifname, const Offer& offer, RefusalSignal,
                      const LineRef&, const LineRef& refusal) override {
    TraceStep step;
    step.type = StepType::kAnswer;
    step.aa = offer.aa;
    step.has_aa = true;
    step.accepted = false;
    Add(ifname, refusal, 0, std::move(step));
  }

  void OnRoam(std::string_view ifname, RoamRecord&& roam) override {
    if (roam.reauth || !roam.start.valid()) return;  // no association, no offer
    InterfaceSteps& s = For(ifname);
    // The decision is made where the supplicant selected its entry (before
    // or after the attempt's first line, depending on the driver), else at
    // the attempt's start.
    LineRef at = roam.start;
    if (roam.offered && roam.offer_line != 0) at = LineAt(ifname, roam.offer_line, roam.start);
    TraceStep step;
    step.type = StepType::kOffer;
    step.aa = roam.bssid;
    step.has_aa = true;
    step.network = NetworkAt(s, at.line);
    step.logged_offered = roam.offered;
    step.logged_pmk = roam.offer_lineage;
    step.logged_pmkid = roam.offered_pmkid;
    step.logged_opportunistic = roam.offer_opportunistic;
    Add(ifname, at, 1, std::move(step));
    bool cached = roam.method == AuthMethod::kPmksaCache || roam.method == AuthMethod::kOkc ||
                  roam.method == AuthMethod::kSaePmksa;
    if (roam.offered && !roam.refused && cached && roam.end.valid()) {
      TraceStep answer;
      answer.type = StepType::kAnswer;
      answer.aa = roam.bssid;
      answer.has_aa = true;
      answer.accepted = true;
      Add(ifname, roam.end, 0, std::move(answer));
    }
  }

  // Staleness is the reference's judgement, not a fact to feed.
  void OnStaleSelection(std::string_view, const Offer&, const StaleContext&) override {}

  std::map<std::string, InterfaceSteps>& interfaces() { return interfaces_; }

  /// A selection line ("RSN: PMKSA cache entry found" dumps): where an
  /// offer is decided.
  void NoteSelection(const LineView& line) { selection_lines_[line.line] = line.Copy(); }

 private:
  InterfaceSteps& For(std::string_view ifname) { return interfaces_[std::string(ifname)]; }

  void Add(std::string_view ifname, LineRef line, int rank, TraceStep step) {
    Pending p;
    p.line = line.line;
    p.rank = rank;
    p.seq = seq_++;
    step.line = std::move(line);
    p.step = std::move(step);
    For(ifname).steps.push_back(std::move(p));
  }

  LineRef LineAt(std::string_view, uint64_t number, const LineRef& fallback) const {
    auto it = selection_lines_.find(number);
    return it != selection_lines_.end() ? it->second : fallback;
  }

  static int NetworkAt(const InterfaceSteps& s, uint64_t line) {
    int network = 1;
    for (const auto& [from, id] : s.network_at) {
      if (from > line) break;
      network = id;
    }
    return network;
  }

  std::map<std::string, InterfaceSteps> interfaces_;
  std::unordered_map<std::string, bool> replace_open_;
  std::map<uint64_t, LineRef> selection_lines_;
  uint64_t seq_ = 0;
};

void BuildTraces(const std::string& path, const TraceOptions& options, const Report& report,
                 Collector* collector, std::vector<Trace>* traces) {
  auto& interfaces = collector->interfaces();
  // Lines before the first interface prefix belong to the first interface
  // (the replay's unnamed model is adopted by it).
  auto unnamed = interfaces.find("");
  if (unnamed != interfaces.end() && !report.interfaces.empty()) {
    InterfaceSteps& first = interfaces[report.interfaces.front()];
    for (Pending& p : unnamed->second.steps) first.steps.push_back(std::move(p));
    first.okc_networks.insert(unnamed->second.okc_networks.begin(),
                              unnamed->second.okc_networks.end());
    first.debug_seen |= unnamed->second.debug_seen;
    if (first.last_line < unnamed->second.last_line) {
      first.last_line = unnamed->second.last_line;
      first.last = unnamed->second.last;
    }
    interfaces.erase(unnamed);
  }
  for (auto& [ifname, s] : interfaces) {
    bool has_cache = std::any_of(s.steps.begin(), s.steps.end(), [](const Pending& p) {
      return p.step.type == StepType::kPmk || p.step.type == StepType::kEntry;
    });
    if (!has_cache) continue;
    std::stable_sort(s.steps.begin(), s.steps.end(), [](const Pending& a, const Pending& b) {
      if (a.line != b.line) return a.line < b.line;
      if (a.rank != b.rank) return a.rank < b.rank;
      return a.seq < b.seq;
    });
    Trace trace;
    trace.path = path;
    trace.ifname = ifname;
    trace.params = options.params;
    TraceStep hello;
    hello.type = StepType::kHello;
    trace.steps.push_back(hello);
    for (Pending& p : s.steps) {
      if (p.step.type == StepType::kOffer) {
        p.step.okc = s.okc_networks.count(p.step.network) > 0;
        p.step.logged_known = s.debug_seen;
      }
      trace.steps.push_back(std::move(p.step));
    }
    TraceStep final_cache;
    final_cache.type = StepType::kCache;
    final_cache.how = "end";
    final_cache.line = s.last;
    trace.steps.push_back(std::move(final_cache));
    TraceStep end;
    end.type = StepType::kEnd;
    trace.steps.push_back(end);
    for (size_t i = 0; i < trace.steps.size(); ++i) trace.steps[i].index = i + 1;
    traces->push_back(std::move(trace));
  }
}

ReplayOptions OptionsFor(const TraceOptions& options, Collector* collector) {
  ReplayOptions r;
  r.model = options.model;
  r.tap = collector;
  r.event_tap = [collector](std::string_view ifname, const Event& ev, const LineView& line) {
    if (ev.type == EventType::kPmksaSelected) collector->NoteSelection(line);
    collector->OnEvent(ifname, ev, line);
  };
  return r;
}

}  // namespace

Status ExtractTraces(const std::string& path, const TraceOptions& options,
                     std::vector<Trace>* traces) {
  Collector collector;
  Report report;
  Status s = ReplayFile(path, OptionsFor(options, &collector), &report);
  if (!s.ok()) return s;
  if (NothingRecognised(report)) return Status::Corruption(NothingRecognisedMessage(report));
  BuildTraces(path, options, report, &collector, traces);
  return Status::Ok();
}

void ExtractTracesFromBuffer(std::string_view name, std::string_view data,
                             const TraceOptions& options, std::vector<Trace>* traces) {
  Collector collector;
  Report report;
  ReplayBuffer(name, data, OptionsFor(options, &collector), &report);
  BuildTraces(std::string(name), options, report, &collector, traces);
}

}  // namespace roamreplay
