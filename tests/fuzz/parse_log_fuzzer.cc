// libFuzzer target over the whole pipeline: input-shape detection, unwrap,
// parsing, the models, the rules and both report writers. Every input is
// replayed twice: with auto-detection, and with the input shape and unwrap
// mode chosen by its first byte (so that every shape's splitter sees every
// input). Built with clang's -fsanitize=fuzzer when ROAMREPLAY_FUZZ=ON;
// fuzz_replay_main.cc replays the corpus as a normal test with any compiler.

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string_view>

#include "app/replay.h"
#include "report/writers.h"

namespace {

constexpr roamreplay::InputFormat kFormats[] = {
    roamreplay::InputFormat::kDashT,          roamreplay::InputFormat::kPlain,
    roamreplay::InputFormat::kSyslog,         roamreplay::InputFormat::kSyslogDashT,
    roamreplay::InputFormat::kShortPrecise,   roamreplay::InputFormat::kShortIso,
    roamreplay::InputFormat::kShortMonotonic, roamreplay::InputFormat::kLogcatBrief,
    roamreplay::InputFormat::kLogcatThreadtime, roamreplay::InputFormat::kEspIdf,
    roamreplay::InputFormat::kHarness,
};

void RunOnce(std::string_view data, const roamreplay::ReplayOptions& options) {
  roamreplay::Report report;
  roamreplay::ReplayBuffer("fuzz", data, options, &report);
  const roamreplay::LineCounts& c = report.counts;
  if (c.lines != c.events + c.known + c.unknown + c.malformed + c.other + c.other_sources +
                     c.rejoined)
    __builtin_trap();  // the accounting invariant
  std::ostringstream out;
  roamreplay::WriteJsonReport(report, true, out);
  roamreplay::TextStyle style;
  roamreplay::WriteTextReport(report, style, out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  roamreplay::ReplayOptions options;
  options.max_line_bytes = 4096;
  RunOnce(input, options);
  if (size == 0) return 0;
  options.input_format = kFormats[data[0] % std::size(kFormats)];
  options.unwrap = static_cast<roamreplay::UnwrapMode>((data[0] / 16) % 3);
  options.year = 2000 + data[0] % 30;
  RunOnce(input, options);
  return 0;
}
