// libFuzzer target over the whole pipeline: input-shape detection, unwrap,
// parsing, the models, the rules, redaction and every report writer (text,
// JSON, Markdown, HTML), with the CLI's real line limit (1 MiB); gzip input
// also goes through the LineReader (members, trailing garbage). Every input is
// replayed twice: with auto-detection, and with the input shape and unwrap
// mode chosen by its first byte (so that every shape's splitter sees every
// input). The corpus holds the hostile inputs of issue 18 (a line past the
// 1 MiB limit, more interfaces than max_interfaces, NUL padding, ESC
// sequences, gzip with trailing garbage); run with -max_len=1100000 so that
// mutations reach the line limit. Built with clang's -fsanitize=fuzzer when
// ROAMREPLAY_FUZZ=ON; fuzz_replay_main.cc replays the corpus as a normal
// test with any compiler.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <sstream>
#include <string_view>

#include "app/replay.h"
#include "base/line_reader.h"
#include "report/redact.h"
#include "report/timeline.h"
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
  // The lists stay within their stated limits; the counts stay exact.
  if (report.findings.size() > options.rules.max_findings + roamreplay::PmksaRules::kFinishReserve ||
      report.FindingsTotal() < report.findings.size() ||
      report.interfaces.size() > options.max_interfaces ||
      report.roams.size() > options.rules.max_roams ||
      report.cache_history.size() > options.rules.max_cache_history)
    __builtin_trap();
  std::ostringstream out;
  roamreplay::WriteJsonReport(report, true, out);
  roamreplay::TextStyle style;
  style.ascii_timeline = true;
  roamreplay::WriteTextReport(report, style, out);
  // Text output never carries a raw ESC: control bytes are shown as \x1b.
  if (out.str().find('\x1b') != std::string::npos) __builtin_trap();
  roamreplay::RedactReport(&report);
  roamreplay::TriageView view = roamreplay::ViewWithoutScan(report);
  std::ostringstream md;
  roamreplay::WriteMarkdownReport(view, md);
  if (md.str().find('\x1b') != std::string::npos || md.str().find('\0') != std::string::npos)
    __builtin_trap();
  roamreplay::WriteHtmlReport(view, md);
}

}  // namespace

// gzip input: the streaming reader (ReplayBuffer does not inflate).
void ReadGzip(const uint8_t* data, size_t size) {
  if (size < 2 || data[0] != 0x1f || data[1] != 0x8b) return;
  std::FILE* f = fmemopen(const_cast<uint8_t*>(data), size, "rb");
  if (f == nullptr) return;
  roamreplay::LineReader reader(f);
  uint64_t lines = 0;
  roamreplay::Status status = reader.ForEachLine([&](const roamreplay::LineReader::Line& line) {
    if (line.number != ++lines) __builtin_trap();
  });
  (void)status;
  std::fclose(f);
}

// Both sides (--ap): an input "STATION LOG\n=====AP=====\nHOSTAPD LOG" is
// replayed as a station log with that AP log; without the separator, one
// input in four is the AP log beside a short hand-written station log.
constexpr std::string_view kApSeparator = "\n=====AP=====\n";
constexpr std::string_view kStation =
    "1700000000.000000: wlan0: SME: Trying to authenticate with 00:24:97:aa:bb:01 "
    "(SSID='corp' freq=2412 MHz)\n"
    "1700000000.010000: wlan0: Trying to associate with 00:24:97:aa:bb:01 (SSID='corp' "
    "freq=2412 MHz)\n"
    "1700000000.020000: wlan0: Associated with 00:24:97:aa:bb:01\n"
    "1700000000.030000: wlan0: WPA: RX message 1 of 4-Way Handshake from 00:24:97:aa:bb:01 "
    "(ver=2)\n"
    "1700000000.040000: wlan0: WPA: Key negotiation completed with 00:24:97:aa:bb:01 "
    "[PTK=CCMP GTK=CCMP]\n"
    "1700000000.050000: wlan0: CTRL-EVENT-CONNECTED - Connection to 00:24:97:aa:bb:01 "
    "completed [id=0 id_str=]\n";

void RunWithApLog(std::string_view input, bool any) {
  size_t sep = input.find(kApSeparator);
  if (sep == std::string_view::npos && !any) return;
  roamreplay::ReplayOptions options;
  std::string_view station = sep != std::string_view::npos ? input.substr(0, sep) : kStation;
  std::string_view ap =
      sep != std::string_view::npos ? input.substr(sep + kApSeparator.size()) : input;
  options.ap_texts.push_back({"ap.log", std::string(ap)});
  RunOnce(station, options);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  roamreplay::ReplayOptions options;  // the CLI's limits: 1 MiB lines
  RunOnce(input, options);
  ReadGzip(data, size);
  if (size == 0) return 0;
  RunWithApLog(input, data[0] % 4 == 0);
  options.input_format = kFormats[data[0] % std::size(kFormats)];
  options.unwrap = static_cast<roamreplay::UnwrapMode>((data[0] / 16) % 3);
  options.year = 2000 + data[0] % 30;
  RunOnce(input, options);
  return 0;
}
