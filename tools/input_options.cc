#include "input_options.h"

#include <algorithm>
#include <thread>

namespace roamreplay::cli {

void AddInputOptions(po::options_description* opts, InputOptionValues* values) {
  static const std::string formats = "input shape: " + InputFormatNames() + " (default auto)";
  opts->add_options()
      ("input-format", po::value<std::string>(&values->input_format), formats.c_str())
      ("year", po::value<int>(&values->year),
       "year of year-less timestamps (syslog, logcat); default 1970, so their dates then only "
       "give relative times")
      ("unwrap", po::value<std::string>(&values->unwrap),
       "re-join hard-wrapped lines: auto (default), on, off")
      ("threads", po::value<int>(&values->threads),
       "threads for one log (0 = default): 2 reads and parses on one thread while the model runs on "
       "another (default 2 on a machine with two cores or more; 1 = one thread; more than 2 "
       "act as 2; with several LOGs, --jobs replays them in parallel instead)");
}

Status ResolveInputOptions(const InputOptionValues& values, ReplayOptions* options) {
  if (!ParseInputFormat(values.input_format, &options->input_format))
    return Status::InvalidArgument("--input-format must be one of " + InputFormatNames() +
                                   ", not '" + values.input_format + "'");
  if (values.year != 0 && (values.year < 1970 || values.year > 9999))
    return Status::InvalidArgument("--year must be between 1970 and 9999");
  options->year = values.year;
  if (values.threads < 0) return Status::InvalidArgument("--threads must be at least 1");
  options->threads = values.threads != 0 ? values.threads
                                         : std::min(2, static_cast<int>(std::max(
                                                           1u, std::thread::hardware_concurrency())));
  if (!ParseUnwrapMode(values.unwrap, &options->unwrap))
    return Status::InvalidArgument("--unwrap must be auto, on or off, not '" + values.unwrap + "'");
  return Status::Ok();
}

}  // namespace roamreplay::cli
