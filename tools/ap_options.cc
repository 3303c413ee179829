#include "ap_options.h"

#include <cmath>
#include <cstdlib>

namespace roamreplay::cli {

void AddApOptions(po::options_description* opts, ApOptionValues* values) {
  opts->add_options()
      ("ap", po::value<std::vector<std::string>>(&values->ap_logs),
       "a hostapd -dd [-t] log of the same run (repeatable: one per AP process); roams gain "
       "the AP's answer to each PMKID, refusals their AP-side cause")
      ("ap-offset", po::value<std::string>(&values->offset),
       "SECONDS added to the AP logs' stamps to put them on the station's clock (default: "
       "the same clock, or estimated from frames both logs show)");
}

Status ResolveApOptions(const ApOptionValues& values, ReplayOptions* options) {
  options->ap_logs = values.ap_logs;
  if (values.offset.empty()) return Status::Ok();
  if (values.ap_logs.empty()) return Status::InvalidArgument("--ap-offset needs --ap");
  char* end = nullptr;
  double s = std::strtod(values.offset.c_str(), &end);
  if (end == values.offset.c_str() || *end != '\0' || !std::isfinite(s) || std::fabs(s) > 1e9)
    return Status::InvalidArgument("--ap-offset must be a number of seconds, not '" +
                                   values.offset + "'");
  options->ap_offset_us = static_cast<int64_t>(std::llround(s * 1e6));
  return Status::Ok();
}

}  // namespace roamreplay::cli
