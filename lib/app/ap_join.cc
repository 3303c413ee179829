#include "app/ap_join.h"

#include <memory>

#include <fmt/format.h>

#include "base/line_reader.h"
#include "parse/unwrap.h"

namespace roamreplay {
namespace {

class ApSink : public LineSink {
 public:
  ApSink(int year, ApView* view) : year_(year), view_(view) {}
  void OnInput(const InputDetection& d) override {
    parser_ = HostapdLineParser(d.format, year_);
    format_ = d.format;
  }
  void OnLogicalLine(const LogicalLine& line) override {
    parser_.Parse(line.text, &parsed_);
    if (parsed_.has_time && !parsed_.time_text.empty() &&
        (format_ == InputFormat::kDashT || parsed_.time_text.find('.') != std::string_view::npos))
      ++dash_t_lines_;
    view_->Apply(parsed_, line.number, line.text);
  }
  bool epoch() const {
    return (format_ == InputFormat::kDashT || format_ == InputFormat::kSyslogDashT ||
            format_ == InputFormat::kSyslog) &&
           dash_t_lines_ > 0;
  }

 private:
  int year_;
  ApView* view_;
  HostapdLineParser parser_;
  ApParsedLine parsed_;
  InputFormat format_ = InputFormat::kDashT;
  uint64_t dash_t_lines_ = 0;
};

// hostapd names its BSS interfaces ("Using interface", "<if>: STA <mac>
// ..."); a station's log never does.
Status CheckRecognised(const std::string& path, const ApView& view) {
  if (!view.bss().empty()) return Status::Ok();
  return Status::InvalidArgument(fmt::format(
      "--ap {}: no hostapd line recognised in {} line{}; not a hostapd debug log?", path,
      view.lines(), view.lines() == 1 ? "" : "s"));
}

FrontEndOptions ApFrontEnd() {
  FrontEndOptions f;
  f.unwrap = UnwrapMode::kOff;
  return f;
}

Status ReadApText(const ApText& in, int year, ApView* view, bool* epoch_clock) {
  ApSink sink(year, view);
  InputFrontEnd front(ApFrontEnd(), &sink);
  ForEachLineInBuffer(in.text, [&](const LineReader::Line& line) { front.Push(line); });
  front.Finish();
  view->Finish();
  *epoch_clock = sink.epoch();
  return CheckRecognised(in.name, *view);
}

}  // namespace

Status ReadApLog(const std::string& path, int year, ApView* view, bool* epoch_clock) {
  if (path == "-") return Status::InvalidArgument("--ap: an AP log cannot be read from stdin");
  LineReader reader;
  Status s = LineReader::Open(path, &reader);
  if (!s.ok()) return Status::IoError("--ap " + s.message());
  ApSink sink(year, view);
  InputFrontEnd front(ApFrontEnd(), &sink);
  s = reader.ForEachLine([&](const LineReader::Line& line) { front.Push(line); });
  front.Finish();
  view->Finish();
  *epoch_clock = sink.epoch();
  if (!s.ok()) return Status::IoError("--ap " + path + ": " + s.message());
  return CheckRecognised(path, *view);
}

Status JoinApFiles(const std::vector<std::string>& paths, const std::vector<ApText>& texts,
                   std::optional<int64_t> offset_us, int year,
                   const std::vector<StationAnchor>& anchors, Report* report) {
  std::vector<std::unique_ptr<ApView>> views;
  std::vector<ApLogInput> inputs;
  for (size_t i = 0; i < paths.size() + texts.size(); ++i) {
    views.push_back(std::make_unique<ApView>(i));
    bool epoch = false;
    bool file = i < paths.size();
    Status s = file ? ReadApLog(paths[i], year, views.back().get(), &epoch)
                    : ReadApText(texts[i - paths.size()], year, views.back().get(), &epoch);
    if (!s.ok()) return s;
    ApLogInput in;
    in.path = file ? paths[i] : texts[i - paths.size()].name;
    in.view = views.back().get();
    in.epoch_clock = epoch;
    inputs.push_back(in);
  }
  ApJoinOptions options;
  options.offset_us = offset_us;
  options.station_epoch_clock = report->clock == "utc";
  JoinApLogs(inputs, anchors, options, report);
  return Status::Ok();
}

}  // namespace roamreplay
