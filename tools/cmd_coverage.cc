// roamreplay coverage: how much of each LOG the parser understood. Per file:
// lines read = supplicant events + known supplicant lines the model does not
// use + unknown supplicant lines + malformed + other sources + other (blank,
// unprefixed) + re-joined continuation lines; the share of unknown
// supplicant lines; the most frequent unknown message shapes.

#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/ap_join.h"
#include "app/replay.h"
#include "base/visible.h"
#include "cli_common.h"
#include "interrupt.h"
#include "input_options.h"
#include "progress.h"

namespace roamreplay::cli {
namespace {

using json = nlohmann::ordered_json;

uint64_t SupplicantLines(const LineCounts& c) {
  return c.events + c.known + c.unknown + c.malformed;
}

double UnknownShare(const LineCounts& c) {
  uint64_t total = SupplicantLines(c);
  return total == 0 ? 0.0 : static_cast<double>(c.unknown) / static_cast<double>(total);
}

void WriteText(const Report& r, std::ostream& out) {
  const LineCounts& c = r.counts;
  out << VisibleControls(r.input) << "\n";
  out << fmt::format("  input {} ({}), evidence tier {}, era {}\n", r.input_format,
                     r.input_format_detected ? "detected" : "given", r.evidence_tier, r.era);
  if (r.input_format == "esp-idf") {
    out << fmt::format(
        "  ESP-IDF wrapper \"L (ms) tag: \": {} wpa_supplicant port lines (tag wpa) + {} Wi-Fi"
        " library lines (tag wifi); other tags are other sources\n",
        SupplicantLines(c) - c.esp_wifi, c.esp_wifi);
  }
  out << fmt::format(
      "  {} lines = {} supplicant events + {} known unused + {} unknown supplicant + {} malformed"
      " + {} other sources + {} other + {} re-joined\n",
      c.lines, c.events, c.known, c.unknown, c.malformed, c.other_sources, c.other, c.rejoined);
  out << fmt::format("  unknown supplicant lines: {} of {} ({:.1f}%)\n", c.unknown,
                     SupplicantLines(c), 100.0 * UnknownShare(c));
  if (r.unknown_shapes.empty()) return;
  out << "  most frequent unknown shapes (count, first line, shape):\n";
  for (const ShapeCount& s : r.unknown_shapes)
    out << fmt::format("  {:>7} {:>7}  {}\n", s.count, s.first_line, VisibleControls(s.shape));
}

json ToJson(const Report& r) {
  const LineCounts& c = r.counts;
  json shapes = json::array();
  for (const ShapeCount& s : r.unknown_shapes)
    shapes.push_back(json{{"shape", s.shape}, {"count", s.count}, {"first_line", s.first_line}});
  json doc{
      {"input", r.input},
      {"input_format", r.input_format},
      {"evidence_tier", r.evidence_tier},
      {"era", r.era},
      {"lines", c.lines},
      {"supplicant_events", c.events},
      {"known_unused", c.known},
      {"unknown_supplicant", c.unknown},
      {"malformed", c.malformed},
      {"other_source_lines", c.other_sources},
      {"other_lines", c.other},
      {"rejoined_lines", c.rejoined},
      {"unknown_share", UnknownShare(c)},
      {"unknown_shapes", std::move(shapes)},
  };
  if (r.input_format == "esp-idf")
    doc["esp_idf"] = json{{"wpa_lines", SupplicantLines(c) - c.esp_wifi}, {"wifi_lines", c.esp_wifi}};
  return doc;
}

// A hostapd log given as LOG (issue 14): counted with hostapd's dictionary,
// not as a station log full of unknown lines.
struct ApCoverage {
  std::string input;
  ApView view{0};
  Status status;
};

uint64_t ApHostapdLines(const ApView& v) { return v.events() + v.known() + v.unknown(); }

double ApUnknownShare(const ApView& v) {
  uint64_t total = ApHostapdLines(v);
  return total == 0 ? 0.0 : static_cast<double>(v.unknown()) / static_cast<double>(total);
}

// Each BSS once ("apA 02:a9:5d:f9:fe:cb"), though every restart of its
// process sets it up again.
std::vector<const ApBss*> DistinctBss(const ApView& v) {
  std::vector<const ApBss*> out;
  for (const ApBss& b : v.bss()) {
    bool seen = false;
    for (const ApBss* o : out)
      seen = seen || (o->ifname == b.ifname && o->has_bssid == b.has_bssid && o->bssid == b.bssid);
    if (!seen) out.push_back(&b);
  }
  return out;
}

std::string ApBssList(const ApView& v) {
  std::string out;
  for (const ApBss* b : DistinctBss(v))
    out += (out.empty() ? "" : ", ") + b->ifname +
           (b->has_bssid ? " " + b->bssid.ToString() : std::string());
  return out;
}

void WriteApText(const ApCoverage& a, std::ostream& out) {
  const ApView& v = a.view;
  out << VisibleControls(a.input) << "\n";
  out << "  hostapd (AP) log, not a station log: replay it beside the station's with --ap\n";
  out << fmt::format("  {} lines = {} AP events + {} known unused + {} unknown hostapd + {} other\n",
                     v.lines(), v.events(), v.known(), v.unknown(),
                     v.lines() - ApHostapdLines(v));
  out << fmt::format("  unknown hostapd lines: {} of {} ({:.1f}%)\n", v.unknown(),
                     ApHostapdLines(v), 100.0 * ApUnknownShare(v));
  size_t bss = DistinctBss(v).size();
  out << fmt::format("  {} BSS{} in {} hostapd process{}: {}\n", bss, bss == 1 ? "" : "s",
                     v.processes().size(),
                     v.processes().size() == 1 ? "" : "es", VisibleControls(ApBssList(v)));
}

json ApToJson(const ApCoverage& a) {
  const ApView& v = a.view;
  json bss = json::array();
  for (const ApBss* b : DistinctBss(v))
    bss.push_back(json{{"ifname", b->ifname},
                       {"bssid", b->has_bssid ? json(b->bssid.ToString()) : json(nullptr)}});
  return json{
      {"input", a.input},
      {"kind", "hostapd"},
      {"lines", v.lines()},
      {"ap_events", v.events()},
      {"known_unused", v.known()},
      {"unknown_hostapd", v.unknown()},
      {"other_lines", v.lines() - ApHostapdLines(v)},
      {"unknown_share", ApUnknownShare(v)},
      {"processes", v.processes().size()},
      {"bss", std::move(bss)},
  };
}

}  // namespace

int RunCoverage(int argc, const char* const* argv) {
  std::string format = "text";
  InputOptionValues input;
  po::options_description opts("Usage: roamreplay coverage [options] LOG...\n\nOptions");
  AddCommonOptions(&opts);
  opts.add_options()
      ("format,f", po::value<std::string>(&format), "text (default) or json");
  AddInputOptions(&opts, &input);
  std::string usage;
  std::vector<std::string> inputs;
  po::variables_map vm;
  if (int rc = ParseCommand(argc, argv, opts, "log", &inputs, &vm, &usage); rc >= 0) return rc;
  if (inputs.empty()) return UsageError("coverage needs at least one LOG", usage);
  if (format != "text" && format != "json")
    return UsageError("--format must be text or json, not '" + format + "'", usage);
  ReplayOptions options;
  if (Status s = ResolveInputOptions(input, &options); !s.ok())
    return UsageError(s.message(), usage);

  int exit_code = kExitClean;
  json files = json::array();
  options.stop = InstallInterruptHandlers();
  bool interrupted = false;
  ProgressBar progress;
  progress.Install(&options, inputs.size());
  for (size_t i = 0; i < inputs.size() && !interrupted; ++i) {
    Report report;
    Status s = ReplayFile(inputs[i], options, &report);
    progress.Finish();
    progress.FileDone();
    if (!s.ok()) {
      exit_code = kExitError;
      if (report.counts.lines == 0) {  // otherwise: what was read, then the error
        std::cerr << "roamreplay: " << s.message() << "\n";
        continue;
      }
    }
    interrupted = report.interrupted;
    if (s.ok() && report.hostapd_input) {
      ApCoverage ap;
      ap.input = report.input;
      bool epoch = false;
      ap.status = ReadApLog(inputs[i], options.year, &ap.view, &epoch);
      if (ap.status.ok()) {
        if (format == "json") {
          files.push_back(ApToJson(ap));
        } else {
          if (i > 0) std::cout << '\n';
          WriteApText(ap, std::cout);
        }
        continue;
      }
    }
    // Still shown (coverage is how to look at such a file), but exit 3.
    if (s.ok() && NothingRecognised(report)) {
      std::cerr << "roamreplay: " << NothingRecognisedMessage(report) << "\n";
      exit_code = kExitError;
    }
    if (format == "json") {
      files.push_back(ToJson(report));
    } else {
      if (i > 0) std::cout << '\n';
      WriteText(report, std::cout);
    }
    if (!s.ok()) {
      std::cout.flush();
      std::cerr << "roamreplay: " << s.message() << "\n";
    }
  }
  progress.Finish();
  if (format == "json") {
    json doc{{"files", std::move(files)}};
    if (interrupted) doc["interrupted"] = true;
    std::cout << doc.dump(2, ' ', false, json::error_handler_t::replace) << '\n';
  } else if (interrupted) {
    std::cout << "\nInterrupted: the above covers the lines read until then.\n";
  }
  return InterruptedExit(exit_code);
}

}  // namespace roamreplay::cli
