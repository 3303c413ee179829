#include "app/replay.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <memory>

#include <fmt/format.h>

#include "base/line_reader.h"
#include "model/interface_model.h"
#include "parse/line_parser.h"
#include "parse/message_catalog.h"
#include "rules/pmksa_rules.h"

namespace roamreplay {
namespace {

// Drives one input through parse -> model -> rules.
//
// Interface attribution: wpa_msg/wpa_dbg lines carry "<ifname>: ", but
// wpa_printf and hexdump lines (all of pmksa_cache.c) carry none. Such lines
// belong to the interface of the most recent prefixed line. Lines before
// the first prefixed line go to an unnamed model, which the first interface
// seen then adopts.
class Replayer {
 public:
  explicit Replayer(Report* report) : report_(report), rules_(report) {}

  void OnLine(const LineReader::Line& raw) {
    LineCounts& counts = report_->counts;
    ++counts.lines;
    counts.bytes += raw.full_length + 1;
    if (raw.truncated)
      Diagnose(raw.number, fmt::format("line of {} bytes truncated to {} bytes", raw.full_length,
                                       raw.text.size()));
    parser_.Parse(raw.text, &parsed_);
    switch (parsed_.kind) {
      case LineKind::kOther:
        ++counts.other;
        return;
      case LineKind::kUnknown:
        ++counts.unknown;
        CountShape(parsed_.body, raw.number);
        break;
      case LineKind::kKnown:
        ++counts.known;
        VoteEra(parsed_.eras);
        break;
      case LineKind::kMalformed:
        ++counts.malformed;
        Diagnose(raw.number, fmt::format("{}: \"{}\"", parsed_.why, Excerpt(parsed_.body)));
        break;
      case LineKind::kEvent:
        ++counts.events;
        break;
    }
    InterfaceModel* model = ModelFor(parsed_.ifname);
    if (parsed_.kind != LineKind::kEvent) return;
    const Event& ev = parsed_.event;
    if (ev.type == EventType::kVersionBanner && report_->supplicant_version.empty())
      report_->supplicant_version = ev.text;
    VoteSpelling(ev.spelling);
    LineView view{raw.number, parsed_.time_text, parsed_.time_us, parsed_.has_time, raw.text};
    model->Apply(ev, view);
  }

  void Finish() {
    for (auto& entry : models_) entry.second->Finish();
    rules_.Finish();
    InferEra();
    TopShapes();
  }

 private:
  static std::string Excerpt(std::string_view s) {
    constexpr size_t kMax = 120;
    std::string out;
    for (char c : s.substr(0, kMax)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
    if (s.size() > kMax) out += "...";
    return out;
  }

  void Diagnose(uint64_t line, std::string message) {
    ++report_->diagnostics_total;
    if (report_->diagnostics.size() < Report::kMaxDiagnostics)
      report_->diagnostics.push_back({line, std::move(message)});
  }

  // Distinct shapes are capped so that a log of random text cannot grow the
  // table without bound; the counts of shapes seen first still grow.
  void CountShape(std::string_view body, uint64_t line) {
    constexpr size_t kMaxDistinctShapes = 10000;
    std::string shape = MessageShape(body);
    auto it = shapes_.find(shape);
    if (it != shapes_.end()) {
      ++it->second.count;
    } else if (shapes_.size() < kMaxDistinctShapes) {
      shapes_.emplace(shape, ShapeCount{shape, 1, line});
    }
  }

  void TopShapes() {
    std::vector<ShapeCount> all;
    all.reserve(shapes_.size());
    for (auto& entry : shapes_) all.push_back(std::move(entry.second));
    std::sort(all.begin(), all.end(), [](const ShapeCount& a, const ShapeCount& b) {
      return a.count != b.count ? a.count > b.count : a.first_line < b.first_line;
    });
    if (all.size() > Report::kMaxShapes) all.resize(Report::kMaxShapes);
    report_->unknown_shapes = std::move(all);
  }

  InterfaceModel* ModelFor(std::string_view ifname) {
    if (ifname.empty()) {
      if (current_ == nullptr) current_ = Adopt("");
      return current_;
    }
    if (current_ != nullptr && current_->ifname() == ifname) return current_;
    auto it = models_.find(std::string(ifname));
    if (it != models_.end()) {
      current_ = it->second.get();
      return current_;
    }
    current_ = Adopt(ifname);
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
    auto model = std::make_unique<InterfaceModel>(name, &rules_);
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
    if (votes_073_ > 0 && votes_current_ == 0) {
      report_->era = "0.7.3";
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
  LineParser parser_;
  ParsedLine parsed_;
  std::map<std::string, std::unique_ptr<InterfaceModel>> models_;
  InterfaceModel* current_ = nullptr;
  std::unordered_map<std::string, ShapeCount> shapes_;
  uint64_t votes_073_ = 0, votes_2011_ = 0, votes_current_ = 0;
};

}  // namespace

Status ReplayFile(const std::string& path, const ReplayOptions& options, Report* report) {
  *report = Report();
  report->input = path;
  LineReader reader;
  Status s = LineReader::Open(path, &reader);
  if (!s.ok()) return s;
  reader.set_max_line_bytes(options.max_line_bytes);
  Replayer replayer(report);
  s = reader.ForEachLine([&](const LineReader::Line& line) { replayer.OnLine(line); });
  replayer.Finish();
  if (!s.ok()) return Status::IoError(path + ": " + s.message());
  return Status::Ok();
}

void ReplayBuffer(std::string_view name, std::string_view data, const ReplayOptions& options,
                  Report* report) {
  *report = Report();
  report->input = std::string(name);
  Replayer replayer(report);
  ForEachLineInBuffer(
      data, [&](const LineReader::Line& line) { replayer.OnLine(line); }, options.max_line_bytes);
  replayer.Finish();
}

}  // namespace roamreplay
