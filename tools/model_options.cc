#include "model_options.h"

namespace roamreplay::cli {

void AddModelOptions(po::options_description* opts, ModelOptionValues* v, bool with_fail_on,
                     bool with_finding_thresholds) {
  opts->add_options()
      ("policy", po::value<std::string>(&v->policy),
       "the supplicant's flush rule: pre-2011, c3fea272, current, or auto (default: inferred "
       "from the version banner, message texts and the flushes seen)")
      ("pmk-lifetime", po::value<int64_t>(&v->pmk_lifetime_s),
       "PMK lifetime in seconds (dot11RSNAConfigPMKLifetime, default 43200)")
      ("reauth-threshold", po::value<int>(&v->reauth_threshold_pct),
       "re-authentication at this % of the lifetime (default 70)");
  if (with_finding_thresholds) {
    opts->add_options()
        ("slow-roam-ms", po::value<int64_t>(&v->slow_roam_ms),
         "slow-roam above this roam time in ms (default 250)")
        ("stall-ms", po::value<int64_t>(&v->stall_ms),
         "pmksa-stall after this long without EAPOL once a PMKID was offered (default 1000)")
        ("ping-pong-s", po::value<int64_t>(&v->ping_pong_s),
         "roam-ping-pong: back to an AP within this many seconds (default 60)")
        ("storm-count", po::value<int>(&v->storm_count),
         "roam-storm: at least this many connection attempts ... (default 6)")
        ("storm-s", po::value<int64_t>(&v->storm_s),
         "... within this many seconds (default 300)");
  }
  if (with_fail_on) {
    opts->add_options()("fail-on", po::value<std::string>(&v->fail_on),
                        "exit 1 on findings of this severity or above: error, warning "
                        "(default), info");
  }
}

Status ResolveModelOptions(const ModelOptionValues& v, ReplayOptions* options) {
  if (v.policy != "auto") {
    FlushPolicy p;
    if (!ParseFlushPolicy(v.policy, &p))
      return Status::InvalidArgument("--policy must be pre-2011, c3fea272, current or auto, not '" +
                                     v.policy + "'");
    options->policy = p;
  }
  if (v.pmk_lifetime_s <= 0) return Status::InvalidArgument("--pmk-lifetime must be positive");
  if (v.reauth_threshold_pct < 1 || v.reauth_threshold_pct > 100)
    return Status::InvalidArgument("--reauth-threshold must be 1 to 100");
  if (v.slow_roam_ms < 0 || v.stall_ms < 0)
    return Status::InvalidArgument("--slow-roam-ms and --stall-ms must not be negative");
  if (v.ping_pong_s < 0 || v.storm_s < 0 || v.storm_count < 2)
    return Status::InvalidArgument(
        "--ping-pong-s and --storm-s must not be negative, --storm-count must be at least 2");
  options->rules.ping_pong_s = v.ping_pong_s;
  options->rules.storm_count = v.storm_count;
  options->rules.storm_s = v.storm_s;
  options->model.pmk_lifetime_s = v.pmk_lifetime_s;
  options->model.reauth_threshold_pct = v.reauth_threshold_pct;
  options->model.stall_ms = v.stall_ms;
  options->rules.slow_roam_ms = v.slow_roam_ms;
  options->rules.reauth_threshold_pct = v.reauth_threshold_pct;
  return Status::Ok();
}

Status ParseFailOn(const std::string& value, Severity* out) {
  if (value == "error") *out = Severity::kError;
  else if (value == "warning") *out = Severity::kWarning;
  else if (value == "info") *out = Severity::kInfo;
  else return Status::InvalidArgument("--fail-on must be error, warning or info, not '" + value + "'");
  return Status::Ok();
}

// Severities are ordered error < warning < info in the enum.
bool FailsOn(const Report& report, Severity fail_on) {
  for (const Finding& f : report.findings)
    if (static_cast<int>(f.severity) <= static_cast<int>(fail_on)) return true;
  return false;
}

}  // namespace roamreplay::cli
