#include "scenario/scenario.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <sys/stat.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "model/flush_policy.h"

namespace roamreplay {
namespace {

using Json = nlohmann::json;

// Validation walks the document with explicit type checks, so nlohmann never
// throws after parsing; every error carries "<file>: <json path>: ...".
class Checker {
 public:
  explicit Checker(const std::string& file) : file_(file) {}

  Status Error(const std::string& where, const std::string& what) const {
    return Status::InvalidArgument(fmt::format("{}: {}: {}", file_, where, what));
  }

  Status Keys(const Json& obj, const std::string& where,
              std::initializer_list<std::string_view> allowed) const {
    if (!obj.is_object()) return Error(where, "expected an object");
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      bool ok = false;
      for (std::string_view a : allowed) ok = ok || it.key() == a;
      if (!ok) {
        std::string list;
        for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        return Error(Join(where, it.key()), "unknown key (allowed: " + list + ")");
      }
    }
    return Status::Ok();
  }

  static std::string Join(const std::string& where, std::string_view key) {
    return where.empty() ? std::string(key) : where + "." + std::string(key);
  }

  Status String(const Json& obj, const std::string& where, std::string_view key,
                std::string* out) const {
    auto it = obj.find(key);
    if (it == obj.end()) return Status::Ok();
    if (!it->is_string()) return Error(Join(where, key), "expected a string");
    *out = it->get<std::string>();
    return Status::Ok();
  }

  Status Bool(const Json& obj, const std::string& where, std::string_view key, bool* out) const {
    auto it = obj.find(key);
    if (it == obj.end()) return Status::Ok();
    if (!it->is_boolean()) return Error(Join(where, key), "expected true or false");
    *out = it->get<bool>();
    return Status::Ok();
  }

  Status Number(const Json& obj, const std::string& where, std::string_view key, double min,
                double* out, bool* present = nullptr) const {
    auto it = obj.find(key);
    if (present) *present = it != obj.end();
    if (it == obj.end()) return Status::Ok();
    if (!it->is_number()) return Error(Join(where, key), "expected a number");
    double v = it->get<double>();
    if (v < min) return Error(Join(where, key), fmt::format("must be at least {}", min));
    *out = v;
    return Status::Ok();
  }

  Status Int(const Json& obj, const std::string& where, std::string_view key, int64_t min,
             std::optional<int64_t>* out) const {
    auto it = obj.find(key);
    if (it == obj.end()) return Status::Ok();
    if (!it->is_number_integer()) return Error(Join(where, key), "expected an integer");
    int64_t v = it->get<int64_t>();
    if (v < min) return Error(Join(where, key), fmt::format("must be at least {}", min));
    *out = v;
    return Status::Ok();
  }

  Status Mac(const Json& obj, const std::string& where, std::string_view key,
             MacAddress* out, bool required) const {
    std::string text;
    if (Status s = String(obj, where, key, &text); !s.ok()) return s;
    if (text.empty()) return required ? Error(Join(where, key), "required") : Status::Ok();
    if (!MacAddress::Parse(text, out))
      return Error(Join(where, key), "expected a MAC address like 00:24:97:aa:bb:01, not '" +
                                         text + "'");
    return Status::Ok();
  }

 private:
  std::string file_;
};

#define ROAMREPLAY_RETURN_IF_ERROR(expr) \
  do {                                   \
    Status _s = (expr);                  \
    if (!_s.ok()) return _s;             \
  } while (0)

bool FileExists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// "logs/x.log" next to the scenario, or in a parent folder (scenarios/ sits
// beside logs/ in the repository).
bool ResolveLog(const std::string& scenario_path, const std::string& log, std::string* out) {
  if (!log.empty() && log[0] == '/') {
    *out = log;
    return FileExists(log);
  }
  std::string dir = DirName(scenario_path);
  for (int depth = 0; depth < 8; ++depth) {
    std::string candidate = dir + "/" + log;
    if (FileExists(candidate)) {
      *out = candidate;
      return true;
    }
    dir += "/..";
  }
  return false;
}

Status ResolveAp(const Checker& c, const Scenario& sc, const std::string& where,
                 const std::string& ap, std::optional<MacAddress>* out);

// Connection-flow settings (issue 11): kept apart from the PMKSA ones.
Status ParseApConnection(const Checker& c, const Json& j, const std::string& where, ApSpec* ap) {
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "mobility_domain", &ap->mobility_domain));
  if (!ap->mobility_domain.empty() &&
      (ap->mobility_domain.size() != 4 ||
       ap->mobility_domain.find_first_not_of("0123456789abcdef") != std::string::npos))
    return c.Error(where + ".mobility_domain", "must be 4 lowercase hex digits like \"a1b2\"");
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "ft_failure", &ap->ft_failure));
  if (!ap->ft_failure.empty() && ap->ft_failure != "rsne-mismatch")
    return c.Error(where + ".ft_failure", "must be \"rsne-mismatch\", not '" + ap->ft_failure + "'");
  return c.Bool(j, where, "psk_mismatch", &ap->psk_mismatch);
}

Status ParseNetwork(const Checker& c, const Json& j, Scenario* sc) {
  ROAMREPLAY_RETURN_IF_ERROR(c.Keys(j, "network", {"key_mgmt", "ft_eap_pmksa_caching"}));
  NetworkSpec& n = sc->network;
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, "network", "key_mgmt", &n.key_mgmt));
  bool ok = false;
  for (const char* k : {"WPA-EAP", "FT-EAP", "WPA-PSK", "FT-PSK"}) ok = ok || n.key_mgmt == k;
  if (!ok)
    return c.Error("network.key_mgmt", "must be \"WPA-EAP\", \"FT-EAP\", \"WPA-PSK\" or "
                                       "\"FT-PSK\", not '" + n.key_mgmt + "'");
  if (sc->texts != TextEra::k2x)
    return c.Error("network", "connection flows are written in 2.x texts only");
  return c.Bool(j, "network", "ft_eap_pmksa_caching", &n.ft_eap_pmksa_caching);
}

// Step keys of the connection flows (issue 11).
Status ParseStepConnection(const Checker& c, const Json& j, const std::string& where,
                           const Scenario& sc, Step* step) {
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "trigger", &step->trigger));
  if (!step->trigger.empty()) {
    bool ok = false;
    for (const char* t : {"bgscan", "signal", "ctrl-command", "dbus-roam", "dbus-scan",
                          "ft-over-ds"})
      ok = ok || step->trigger == t;
    if (!ok)
      return c.Error(where + ".trigger", "must be bgscan, signal, ctrl-command, dbus-roam, "
                                         "dbus-scan or ft-over-ds, not '" + step->trigger + "'");
    if (step->kind != StepKind::kRoam && step->kind != StepKind::kConnect)
      return c.Error(where + ".trigger", "only connect and roam take a trigger");
  }
  std::optional<int64_t> status, reason;
  ROAMREPLAY_RETURN_IF_ERROR(c.Int(j, where, "status", 0, &status));
  ROAMREPLAY_RETURN_IF_ERROR(c.Int(j, where, "reason", 1, &reason));
  if (status && (step->kind != StepKind::kBtmRequest || *status > 255))
    return c.Error(where + ".status", "only btm-request takes a status (0-255)");
  if (reason && (step->kind != StepKind::kApDeauth || *reason > 65535))
    return c.Error(where + ".reason", "only deauth takes a reason (1-65535)");
  if (status) step->status = static_cast<int>(*status);
  step->reason = reason ? static_cast<int>(*reason) : 2;  // PREV_AUTH_NOT_VALID
  ROAMREPLAY_RETURN_IF_ERROR(c.Bool(j, where, "disassoc", &step->disassoc));
  if (step->kind == StepKind::kBtmRequest) {
    if (step->status == 0 && step->ap.empty())
      return c.Error(where + ".ap", "a followed btm-request (status 0) names the AP to move to");
    if (step->status != 0 && !step->ap.empty())
      return c.Error(where + ".ap", "a rejected btm-request (status > 0) takes no AP");
  }
  if (!step->trigger.empty() && sc.network.key_mgmt.empty())
    return c.Error(where + ".trigger", "needs a \"network\" block (connection flows)");
  if (step->trigger == "ft-over-ds" && !sc.network.IsFt())
    return c.Error(where + ".trigger", "ft-over-ds needs an FT key_mgmt");
  return Status::Ok();
}

// expect.attempts[i] (issue 11).
Status ParseAttempt(const Checker& c, const Json& j, const std::string& where, const Scenario& sc,
                    AttemptExpectation* a) {
  ROAMREPLAY_RETURN_IF_ERROR(c.Keys(
      j, where, {"step", "ap", "trigger", "method", "outcome", "failure_phase", "status_code",
                 "reason_code", "auth_algorithm", "akm", "expected", "why_not", "fallback",
                 "scan_timed", "count", "ap_answer"}));
  std::optional<int64_t> step, status, reason, count;
  ROAMREPLAY_RETURN_IF_ERROR(c.Int(j, where, "step", 0, &step));
  if (step) {
    if (*step >= static_cast<int64_t>(sc.steps.size()))
      return c.Error(where + ".step", fmt::format("no step {} ({} steps)", *step, sc.steps.size()));
    a->step = static_cast<int>(*step);
  }
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "ap", &a->ap));
  ROAMREPLAY_RETURN_IF_ERROR(ResolveAp(c, sc, where + ".ap", a->ap, &a->bssid));
  for (auto [key, out] : {std::pair<const char*, std::string*>{"trigger", &a->trigger},
                          {"method", &a->method}, {"outcome", &a->outcome},
                          {"failure_phase", &a->failure_phase},
                          {"auth_algorithm", &a->auth_algorithm}, {"akm", &a->akm},
                          {"expected", &a->expected}, {"why_not", &a->why_not}})
    ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, key, out));
  ROAMREPLAY_RETURN_IF_ERROR(c.Int(j, where, "status_code", 0, &status));
  ROAMREPLAY_RETURN_IF_ERROR(c.Int(j, where, "reason_code", 0, &reason));
  if (status) a->status_code = static_cast<int>(*status);
  if (reason) a->reason_code = static_cast<int>(*reason);
  if (j.contains("fallback")) {
    bool b = false;
    ROAMREPLAY_RETURN_IF_ERROR(c.Bool(j, where, "fallback", &b));
    a->fallback = b;
  }
  if (j.contains("scan_timed")) {
    bool b = false;
    ROAMREPLAY_RETURN_IF_ERROR(c.Bool(j, where, "scan_timed", &b));
    a->scan_timed = b;
  }
  ROAMREPLAY_RETURN_IF_ERROR(c.Int(j, where, "count", 1, &count));
  if (count) a->count = static_cast<int>(std::min<int64_t>(*count, 100000));
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "ap_answer", &a->ap_answer));
  if (!a->ap_answer.empty()) {
    if (!sc.hostapd)
      return c.Error(where + ".ap_answer", "needs a \"hostapd\" block (the AP side)");
    bool ok = false;
    for (const char* v : {"found", "okc-match", "not-found", "no-pmkid-offered"})
      ok = ok || a->ap_answer == v;
    if (!ok)
      return c.Error(where + ".ap_answer", "must be found, okc-match, not-found or "
                                           "no-pmkid-offered, not '" + a->ap_answer + "'");
  }
  a->text = j.dump();
  return Status::Ok();
}

Status ParseAp(const Checker& c, const Json& j, const std::string& where, ApSpec* ap) {
  ROAMREPLAY_RETURN_IF_ERROR(c.Keys(j, where, {"name", "bssid", "channel", "caching", "okc",
                                               "forget_after_s", "refuse", "stall_s",
                                               "msk_mismatch", "okc_pmkid_bug", "mld",
                                               "anti_clogging", "mobility_domain", "ft_failure",
                                               "psk_mismatch", "mld_pmksa_per_link"}));
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "name", &ap->name));
  if (ap->name.empty()) return c.Error(where + ".name", "required");
  ROAMREPLAY_RETURN_IF_ERROR(c.Mac(j, where, "bssid", &ap->bssid, true));
  std::optional<int64_t> channel;
  ROAMREPLAY_RETURN_IF_ERROR(c.Int(j, where, "channel", 1, &channel));
  if (channel) {
    if (*channel > 165) return c.Error(where + ".channel", "must be a WLAN channel (1-165)");
    ap->channel = static_cast<int>(*channel);
  }
  ROAMREPLAY_RETURN_IF_ERROR(c.Bool(j, where, "caching", &ap->caching));
  ROAMREPLAY_RETURN_IF_ERROR(c.Bool(j, where, "okc", &ap->okc));
  ROAMREPLAY_RETURN_IF_ERROR(c.Int(j, where, "forget_after_s", 0, &ap->forget_after_s));
  std::string refuse = "eap";
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "refuse", &refuse));
  if (refuse == "status-53") {
    ap->refusal = Refusal::kStatus53;
  } else if (refuse != "eap") {
    return c.Error(where + ".refuse", "must be \"eap\" or \"status-53\", not '" + refuse + "'");
  }
  ROAMREPLAY_RETURN_IF_ERROR(c.Number(j, where, "stall_s", 0, &ap->stall_s));
  ROAMREPLAY_RETURN_IF_ERROR(c.Bool(j, where, "msk_mismatch", &ap->msk_mismatch));
  ROAMREPLAY_RETURN_IF_ERROR(c.Bool(j, where, "okc_pmkid_bug", &ap->okc_pmkid_bug));
  if (j.contains("mld")) {
    MacAddress mld;
    ROAMREPLAY_RETURN_IF_ERROR(c.Mac(j, where, "mld", &mld, true));
    ap->mld = mld;
  }
  ROAMREPLAY_RETURN_IF_ERROR(c.Bool(j, where, "anti_clogging", &ap->anti_clogging));
  ROAMREPLAY_RETURN_IF_ERROR(c.Bool(j, where, "mld_pmksa_per_link", &ap->mld_pmksa_per_link));
  if (ap->mld_pmksa_per_link && !ap->mld)
    return c.Error(where + ".mld_pmksa_per_link", "needs \"mld\" (a link of an AP MLD)");
  return ParseApConnection(c, j, where, ap);
}

Status ParseStep(const Checker& c, const Json& j, const std::string& where, const Scenario& sc,
                 Step* step) {
  ROAMREPLAY_RETURN_IF_ERROR(c.Keys(j, where, {"do", "ap", "seconds", "mac", "repeat", "trigger",
                                               "status", "reason", "disassoc", "success_lost"}));
  std::string what;
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "do", &what));
  static constexpr StepKind kKinds[] = {StepKind::kConnect, StepKind::kRoam,
                                        StepKind::kReauth, StepKind::kWait,
                                        StepKind::kConfigChange, StepKind::kMacChange,
                                        StepKind::kDisconnect, StepKind::kBtmRequest,
                                        StepKind::kBeaconLoss, StepKind::kApDeauth,
                                        StepKind::kApRestart};
  bool found = false;
  for (StepKind k : kKinds) {
    if (StepKindName(k) == what) step->kind = k, found = true;
  }
  if (!found)
    return c.Error(where + ".do", "must be connect, roam, reauth, wait, config-change, "
                                  "mac-change, disconnect, btm-request, beacon-loss, deauth or "
                                  "ap-restart, not '" + what + "'");
  bool needs_ap = step->kind == StepKind::kConnect || step->kind == StepKind::kRoam ||
                  step->kind == StepKind::kApRestart;
  bool may_have_ap = needs_ap || step->kind == StepKind::kBtmRequest;
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "ap", &step->ap));
  if ((needs_ap || (may_have_ap && !step->ap.empty())) && sc.FindAp(step->ap) < 0) {
    std::string known;
    for (const ApSpec& ap : sc.aps) known += (known.empty() ? "" : ", ") + ap.name;
    return c.Error(where + ".ap", fmt::format("unknown AP '{}' (known: {})", step->ap, known));
  }
  if (!may_have_ap && !step->ap.empty())
    return c.Error(where + ".ap", "only connect, roam, btm-request and ap-restart take an AP");
  if (step->kind == StepKind::kApRestart && !sc.hostapd)
    return c.Error(where + ".do", "ap-restart needs a \"hostapd\" block (the AP side)");
  if (sc.hostapd && (step->kind == StepKind::kBtmRequest || step->kind == StepKind::kBeaconLoss ||
                     step->kind == StepKind::kApDeauth))
    return c.Error(where + ".do", "connection-flow steps are not scripted on the hostapd side");
  ROAMREPLAY_RETURN_IF_ERROR(c.Bool(j, where, "success_lost", &step->success_lost));
  if (step->success_lost && step->kind != StepKind::kReauth)
    return c.Error(where + ".success_lost", "only reauth takes success_lost");
  bool has_seconds = false;
  ROAMREPLAY_RETURN_IF_ERROR(c.Number(j, where, "seconds", 0, &step->seconds, &has_seconds));
  if (step->kind == StepKind::kWait && !has_seconds) return c.Error(where + ".seconds", "required");
  ROAMREPLAY_RETURN_IF_ERROR(
      c.Mac(j, where, "mac", &step->mac, step->kind == StepKind::kMacChange));
  std::optional<int64_t> repeat;
  ROAMREPLAY_RETURN_IF_ERROR(c.Int(j, where, "repeat", 1, &repeat));
  if (repeat) step->repeat = static_cast<int>(std::min<int64_t>(*repeat, 1000));
  return ParseStepConnection(c, j, where, sc, step);
}

Status ResolveAp(const Checker& c, const Scenario& sc, const std::string& where,
                 const std::string& ap, std::optional<MacAddress>* out) {
  if (ap.empty()) return Status::Ok();
  int i = sc.FindAp(ap);
  MacAddress mac;
  if (i >= 0) {
    *out = sc.aps[i].bssid;
  } else if (MacAddress::Parse(ap, &mac)) {
    *out = mac;
  } else {
    return c.Error(where, "unknown AP '" + ap + "' (an AP name or a BSSID)");
  }
  return Status::Ok();
}

Status ParseFinding(const Checker& c, const Json& j, const std::string& where,
                    const Scenario& sc, FindingExpectation* f) {
  ROAMREPLAY_RETURN_IF_ERROR(
      c.Keys(j, where, {"kind", "ap", "cause", "time", "line", "step", "ap_cause"}));
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "kind", &f->kind));
  bool known = false;
  for (std::string_view k : KnownFindingKinds()) known = known || k == f->kind;
  if (!known) return c.Error(where + ".kind", "unknown finding kind '" + f->kind + "'");
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "ap", &f->ap));
  ROAMREPLAY_RETURN_IF_ERROR(ResolveAp(c, sc, where + ".ap", f->ap, &f->bssid));
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "cause", &f->cause));
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "ap_cause", &f->ap_cause));
  if (!f->ap_cause.empty()) {
    if (!sc.hostapd)
      return c.Error(where + ".ap_cause", "needs a \"hostapd\" block (the AP side)");
    static constexpr std::string_view kRejected[] = {"ap-never-had-pmk", "ap-entry-expired",
                                                     "ap-restarted", "ap-has-newer-pmk",
                                                     "unknown"};
    static constexpr std::string_view kForgot[] = {"confirmed", "dismissed"};
    bool ok = false;
    if (f->kind == "pmkid-rejected")
      for (std::string_view v : kRejected) ok = ok || v == f->ap_cause;
    else if (f->kind == "ap-forgot-pmksa")
      for (std::string_view v : kForgot) ok = ok || v == f->ap_cause;
    else
      return c.Error(where + ".ap_cause", "only pmkid-rejected and ap-forgot-pmksa have one");
    if (!ok)
      return c.Error(where + ".ap_cause",
                     f->kind == "pmkid-rejected"
                         ? "must be ap-never-had-pmk, ap-entry-expired, ap-restarted, "
                           "ap-has-newer-pmk or unknown, not '" + f->ap_cause + "'"
                         : "must be confirmed or dismissed, not '" + f->ap_cause + "'");
  }
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "time", &f->time));
  std::optional<int64_t> line, step;
  ROAMREPLAY_RETURN_IF_ERROR(c.Int(j, where, "line", 1, &line));
  ROAMREPLAY_RETURN_IF_ERROR(c.Int(j, where, "step", 0, &step));
  if (line) f->line = static_cast<uint64_t>(*line);
  if (step) {
    if (!sc.log.empty()) return c.Error(where + ".step", "only for synthesized scenarios");
    if (*step >= static_cast<int64_t>(sc.steps.size()))
      return c.Error(where + ".step", fmt::format("no step {} ({} steps)", *step, sc.steps.size()));
    f->step = static_cast<int>(*step);
  }
  return Status::Ok();
}

Status ParseCount(const Checker& c, const Json& j, const std::string& where, const Scenario& sc,
                  CountExpectation* n) {
  ROAMREPLAY_RETURN_IF_ERROR(c.Keys(
      j, where, {"method", "finding", "ap", "step", "reauth", "min", "max", "per_roams"}));
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "method", &n->method));
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "finding", &n->finding));
  if (n->method.empty() == n->finding.empty())
    return c.Error(where, "give exactly one of \"method\" (roams) or \"finding\" (a kind)");
  static constexpr std::string_view kMethods[] = {
      "full-eap", "full-auth", "pmksa-cache", "okc",    "ft",  "sae", "sae-pmksa",
      "psk",      "owe",       "cached",      "failed", "unfinished", "any"};
  bool ok = n->method.empty();
  for (std::string_view m : kMethods) ok = ok || m == n->method;
  if (!ok) return c.Error(where + ".method", "unknown method '" + n->method + "'");
  ok = n->finding.empty();
  for (std::string_view k : KnownFindingKinds()) ok = ok || k == n->finding;
  if (!ok) return c.Error(where + ".finding", "unknown finding kind '" + n->finding + "'");
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "ap", &n->ap));
  ROAMREPLAY_RETURN_IF_ERROR(ResolveAp(c, sc, where + ".ap", n->ap, &n->bssid));
  std::optional<int64_t> step;
  ROAMREPLAY_RETURN_IF_ERROR(c.Int(j, where, "step", 0, &step));
  if (step) {
    if (!sc.log.empty()) return c.Error(where + ".step", "only for synthesized scenarios");
    if (*step >= static_cast<int64_t>(sc.steps.size()))
      return c.Error(where + ".step", fmt::format("no step {} ({} steps)", *step, sc.steps.size()));
    n->step = static_cast<int>(*step);
  }
  if (j.contains("reauth")) {
    bool r = false;
    ROAMREPLAY_RETURN_IF_ERROR(c.Bool(j, where, "reauth", &r));
    n->reauth = r;
  }
  ROAMREPLAY_RETURN_IF_ERROR(c.Int(j, where, "min", 0, &n->min));
  ROAMREPLAY_RETURN_IF_ERROR(c.Int(j, where, "max", 0, &n->max));
  ROAMREPLAY_RETURN_IF_ERROR(c.Int(j, where, "per_roams", 1, &n->per_roams));
  if (!n->min && !n->max) return c.Error(where, "give \"min\", \"max\" or both");
  if (n->per_roams && !n->max) return c.Error(where + ".per_roams", "needs \"max\"");
  n->text = j.dump();
  return Status::Ok();
}

Status ParseSupplicant(const Checker& c, const Json& j, Scenario* sc) {
  const std::string where = "supplicant";
  ROAMREPLAY_RETURN_IF_ERROR(
      c.Keys(j, where, {"policy", "texts", "version", "mac", "interface", "okc", "akm",
                        "before"}));
  if (auto b = j.find("before"); b != j.end()) {
    if (!b->is_array()) return c.Error(where + ".before", "must be an array of hostap commits");
    for (size_t i = 0; i < b->size(); ++i) {
      const Json& x = (*b)[i];
      std::string commit = x.is_string() ? x.get<std::string>() : std::string();
      bool known = false;
      for (std::string_view k : KnownBeforeCommits()) known = known || k == commit;
      if (!known) {
        std::string list;
        for (std::string_view k : KnownBeforeCommits())
          list += (list.empty() ? "" : ", ") + std::string(k);
        return c.Error(fmt::format("{}.before[{}]", where, i),
                       "unknown hostap commit '" + commit + "' (known: " + list + ")");
      }
      sc->before.push_back(commit);
    }
  }
  std::string akm = "eap";
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "akm", &akm));
  bool akm_ok = false;
  for (SynthAkm a : {SynthAkm::kEap, SynthAkm::kSae, SynthAkm::kSaeH2e, SynthAkm::kOwe,
                     SynthAkm::kFtSae})
    if (SynthAkmName(a) == akm) sc->akm = a, akm_ok = true;
  if (!akm_ok)
    return c.Error(where + ".akm", "must be \"eap\", \"sae\", \"sae-h2e\", \"owe\" or "
                                   "\"ft-sae\", not '" + akm + "'");
  std::string policy = "current", texts;
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "policy", &policy));
  bool ok = false;
  for (SupplicantPolicy p :
       {SupplicantPolicy::kPre2011, SupplicantPolicy::kC3fea272, SupplicantPolicy::kCurrent})
    if (SupplicantPolicyName(p) == policy) sc->policy = p, ok = true;
  if (!ok)
    return c.Error(where + ".policy",
                   "must be \"pre-2011\", \"c3fea272\" or \"current\", not '" + policy + "'");
  sc->texts = sc->policy == SupplicantPolicy::kCurrent ? TextEra::k2x : TextEra::k2011;
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "texts", &texts));
  if (texts == "2011") sc->texts = TextEra::k2011;
  else if (texts == "2.x") sc->texts = TextEra::k2x;
  else if (!texts.empty())
    return c.Error(where + ".texts", "must be \"2011\" or \"2.x\", not '" + texts + "'");
  ROAMREPLAY_RETURN_IF_ERROR(c.Mac(j, where, "mac", &sc->own_mac, false));
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "version", &sc->version));
  for (char ch : sc->version)
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '.' && ch != '-')
      return c.Error(where + ".version", "must be a version like 2.0 or 2.10-devel");
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, where, "interface", &sc->ifname));
  if (sc->ifname.empty() || sc->ifname.find_first_of(" :") != std::string::npos)
    return c.Error(where + ".interface", "must be an interface name like wlan0");
  return c.Bool(j, where, "okc", &sc->okc);
}

Status ParseEss(const Checker& c, const Json& j, Scenario* sc) {
  ROAMREPLAY_RETURN_IF_ERROR(c.Keys(j, "ess", {"ssid", "aps"}));
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, "ess", "ssid", &sc->ssid));
  if (sc->ssid.empty() || sc->ssid.size() > 32) return c.Error("ess.ssid", "must be 1-32 bytes");
  auto aps = j.find("aps");
  if (aps == j.end() || !aps->is_array() || aps->empty())
    return c.Error("ess.aps", "required: a non-empty array of APs");
  for (size_t i = 0; i < aps->size(); ++i) {
    ApSpec ap;
    std::string where = fmt::format("ess.aps[{}]", i);
    ROAMREPLAY_RETURN_IF_ERROR(ParseAp(c, (*aps)[i], where, &ap));
    for (const ApSpec& other : sc->aps) {
      if (other.name == ap.name) return c.Error(where + ".name", "duplicate AP '" + ap.name + "'");
      if (other.bssid == ap.bssid) return c.Error(where + ".bssid", "duplicate BSSID");
    }
    sc->aps.push_back(std::move(ap));
  }
  return Status::Ok();
}

// "hostapd" (issue 14): which APs share a hostapd process. The AP side is
// written for WPA-EAP scripts with the PMKSA features hostapd has.
Status ParseHostapd(const Checker& c, const Json& j, Scenario* sc) {
  ROAMREPLAY_RETURN_IF_ERROR(c.Keys(j, "hostapd", {"processes"}));
  if (sc->akm != SynthAkm::kEap || !sc->network.key_mgmt.empty())
    return c.Error("hostapd", "the AP side is scripted for WPA-EAP without a \"network\" block");
  auto list = j.find("processes");
  if (list == j.end() || !list->is_array() || list->empty())
    return c.Error("hostapd.processes", "required: a non-empty array of processes");
  HostapdSpec spec;
  std::vector<int> owner(sc->aps.size(), -1);
  for (size_t i = 0; i < list->size(); ++i) {
    const Json& p = (*list)[i];
    std::string where = fmt::format("hostapd.processes[{}]", i);
    ROAMREPLAY_RETURN_IF_ERROR(c.Keys(p, where, {"name", "aps"}));
    HostapdProcessSpec proc;
    ROAMREPLAY_RETURN_IF_ERROR(c.String(p, where, "name", &proc.name));
    if (proc.name.empty() || proc.name.size() > 20 ||
        proc.name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                    "-_") != std::string::npos)
      return c.Error(where + ".name", "required: 1-20 letters, digits, '-' or '_'");
    for (const HostapdProcessSpec& other : spec.processes)
      if (other.name == proc.name) return c.Error(where + ".name", "duplicate process name");
    auto aps = p.find("aps");
    if (aps == p.end() || !aps->is_array() || aps->empty())
      return c.Error(where + ".aps", "required: a non-empty array of AP names");
    for (size_t k = 0; k < aps->size(); ++k) {
      std::string at = fmt::format("{}.aps[{}]", where, k);
      if (!(*aps)[k].is_string()) return c.Error(at, "expected an AP name");
      int ap = sc->FindAp((*aps)[k].get<std::string>());
      if (ap < 0) return c.Error(at, "unknown AP '" + (*aps)[k].get<std::string>() + "'");
      if (owner[ap] >= 0) return c.Error(at, "AP already served by a process");
      owner[ap] = static_cast<int>(i);
      proc.aps.push_back(ap);
    }
    spec.processes.push_back(std::move(proc));
  }
  for (size_t a = 0; a < sc->aps.size(); ++a) {
    const ApSpec& ap = sc->aps[a];
    std::string where = fmt::format("ess.aps[{}]", a);
    if (owner[a] < 0) return c.Error("hostapd.processes", "AP '" + ap.name + "' has no process");
    if (ap.msk_mismatch || ap.okc_pmkid_bug || ap.stall_s > 0 || ap.mld ||
        ap.refusal != Refusal::kEap || !ap.mobility_domain.empty() || !ap.ft_failure.empty() ||
        ap.psk_mismatch)
      return c.Error(where, "with \"hostapd\", an AP takes only name, bssid, channel, caching, "
                            "okc and forget_after_s");
  }
  sc->hostapd = std::move(spec);
  return Status::Ok();
}

Status ParseScript(const Checker& c, const Json& doc, Scenario* sc) {
  auto sup = doc.find("supplicant");
  if (sup == doc.end()) return c.Error("supplicant", "required for a synthesized scenario");
  ROAMREPLAY_RETURN_IF_ERROR(ParseSupplicant(c, *sup, sc));
  auto ess = doc.find("ess");
  if (ess == doc.end()) return c.Error("ess", "required for a synthesized scenario");
  ROAMREPLAY_RETURN_IF_ERROR(ParseEss(c, *ess, sc));
  if (auto net = doc.find("network"); net != doc.end())
    ROAMREPLAY_RETURN_IF_ERROR(ParseNetwork(c, *net, sc));
  if (auto hostapd = doc.find("hostapd"); hostapd != doc.end())
    ROAMREPLAY_RETURN_IF_ERROR(ParseHostapd(c, *hostapd, sc));
  auto steps = doc.find("steps");
  if (steps == doc.end() || !steps->is_array() || steps->empty())
    return c.Error("steps", "required: a non-empty array of steps");
  for (size_t i = 0; i < steps->size(); ++i) {
    Step step;
    ROAMREPLAY_RETURN_IF_ERROR(ParseStep(c, (*steps)[i], fmt::format("steps[{}]", i), *sc, &step));
    sc->steps.push_back(std::move(step));
  }
  std::optional<int64_t> seed;
  ROAMREPLAY_RETURN_IF_ERROR(c.Int(doc, "", "seed", 0, &seed));
  if (seed) sc->seed = static_cast<uint64_t>(*seed);
  return Status::Ok();
}

Status ParseExpect(const Checker& c, const Json& j, Scenario* sc) {
  ROAMREPLAY_RETURN_IF_ERROR(
      c.Keys(j, "expect", {"findings", "absent", "counts", "exact", "min_severity", "policy",
                           "attempts"}));
  ROAMREPLAY_RETURN_IF_ERROR(c.Bool(j, "expect", "exact", &sc->exact));
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, "expect", "policy", &sc->expect_policy));
  FlushPolicy unused;
  if (!sc->expect_policy.empty() && !ParseFlushPolicy(sc->expect_policy, &unused))
    return c.Error("expect.policy", "must be \"pre-2011\", \"c3fea272\" or \"current\", not '" +
                                        sc->expect_policy + "'");
  std::string min_severity;
  ROAMREPLAY_RETURN_IF_ERROR(c.String(j, "expect", "min_severity", &min_severity));
  if (j.contains("min_severity")) {
    for (Severity s : {Severity::kError, Severity::kWarning, Severity::kInfo})
      if (SeverityName(s) == min_severity) sc->exact_min_severity = s;
    if (!sc->exact_min_severity)
      return c.Error("expect.min_severity",
                     "must be \"error\", \"warning\" or \"info\", not '" + min_severity + "'");
    if (!sc->exact) return c.Error("expect.min_severity", "needs \"exact\": true");
  }
  for (const char* key : {"findings", "absent"}) {
    auto list = j.find(key);
    if (list == j.end()) continue;
    if (!list->is_array()) return c.Error(std::string("expect.") + key, "expected an array");
    auto* out = std::string_view(key) == "findings" ? &sc->expect : &sc->absent;
    for (size_t i = 0; i < list->size(); ++i) {
      FindingExpectation f;
      ROAMREPLAY_RETURN_IF_ERROR(
          ParseFinding(c, (*list)[i], fmt::format("expect.{}[{}]", key, i), *sc, &f));
      out->push_back(std::move(f));
    }
  }
  if (auto attempts = j.find("attempts"); attempts != j.end()) {
    if (!attempts->is_array()) return c.Error("expect.attempts", "expected an array");
    for (size_t i = 0; i < attempts->size(); ++i) {
      AttemptExpectation a;
      ROAMREPLAY_RETURN_IF_ERROR(
          ParseAttempt(c, (*attempts)[i], fmt::format("expect.attempts[{}]", i), *sc, &a));
      sc->attempts.push_back(std::move(a));
    }
  }
  auto counts = j.find("counts");
  if (counts == j.end()) return Status::Ok();
  if (!counts->is_array()) return c.Error("expect.counts", "expected an array");
  for (size_t i = 0; i < counts->size(); ++i) {
    CountExpectation n;
    ROAMREPLAY_RETURN_IF_ERROR(
        ParseCount(c, (*counts)[i], fmt::format("expect.counts[{}]", i), *sc, &n));
    sc->counts.push_back(std::move(n));
  }
  return Status::Ok();
}

}  // namespace

const std::vector<std::string_view>& KnownBeforeCommits() {
  // ca974ae5: SAE entries hold the PMKID of the SAE exchange (IEEE 802.11
  // 12.4.5.4), not an HMAC of the PMK (12.7.1.3).
  // 6f634b00: an OKC clone takes the reauth time of the entry it copies
  // (pmksa_cache_clone_entry()), not a fresh one from pmksa_cache_add().
  // 9083ef13: FT/802.1X may use PMKSA caching when the network sets
  // ft_eap_pmksa_caching=1; before it the supplicant always dropped the entry.
  // bb93ea23: an SAE entry past its reauth threshold is not cloned for OKC
  // ("RSN: Do not clone PMKSA cache entry for X since its reauth threshold
  // has passed"); before it any entry of the network was.
  static const std::vector<std::string_view> kCommits = {"ca974ae5", "6f634b00", "9083ef13",
                                                         "bb93ea23"};
  return kCommits;
}

std::string_view SupplicantPolicyName(SupplicantPolicy policy) {
  switch (policy) {
    case SupplicantPolicy::kPre2011: return "pre-2011";
    case SupplicantPolicy::kC3fea272: return "c3fea272";
    case SupplicantPolicy::kCurrent: return "current";
  }
  return "?";
}

std::string_view SynthAkmName(SynthAkm akm) {
  switch (akm) {
    case SynthAkm::kEap: return "eap";
    case SynthAkm::kSae: return "sae";
    case SynthAkm::kSaeH2e: return "sae-h2e";
    case SynthAkm::kOwe: return "owe";
    case SynthAkm::kFtSae: return "ft-sae";
  }
  return "?";
}

std::string_view TextEraName(TextEra era) { return era == TextEra::k2011 ? "2011" : "2.x"; }

std::string_view StepKindName(StepKind kind) {
  switch (kind) {
    case StepKind::kConnect: return "connect";
    case StepKind::kRoam: return "roam";
    case StepKind::kReauth: return "reauth";
    case StepKind::kWait: return "wait";
    case StepKind::kConfigChange: return "config-change";
    case StepKind::kMacChange: return "mac-change";
    case StepKind::kDisconnect: return "disconnect";
    case StepKind::kBtmRequest: return "btm-request";
    case StepKind::kBeaconLoss: return "beacon-loss";
    case StepKind::kApDeauth: return "deauth";
    case StepKind::kApRestart: return "ap-restart";
  }
  return "?";
}

int HostapdSpec::ProcessOf(int ap) const {
  for (size_t p = 0; p < processes.size(); ++p)
    for (int a : processes[p].aps)
      if (a == ap) return static_cast<int>(p);
  return -1;
}

int Scenario::FindAp(std::string_view ap_name) const {
  for (size_t i = 0; i < aps.size(); ++i)
    if (aps[i].name == ap_name) return static_cast<int>(i);
  return -1;
}

const std::vector<std::string_view>& KnownFindingKinds() {
  static const std::vector<std::string_view> kinds = {
      "stale-pmkid-reuse", "pmkid-rejected",  "over-flush",       "ap-forgot-pmksa",
      "okc-unsupported",   "pmksa-stall",     "msk-mismatch",     "eviction-churn",
      "expired-entry-offered", "config-flush", "own-mac-changed", "full-eap-on-roam",
      "slow-roam",         "pmkid-mismatch",
      // Connection findings (issue 11).
      "ft-failed", "pmksa-caching-disabled", "roam-ping-pong", "roam-storm", "link-loss",
      "btm-not-followed", "auth-rejected", "assoc-rejected",
      // Key management across AKMs (issue 13).
      "pmksa-retry-loop", "akmp-mismatch", "sae-pmk-outdated"};
  return kinds;
}

Status ParseScenario(std::string_view json_text, const std::string& path, Scenario* out) {
  *out = Scenario();
  out->path = path;
  MacAddress::Parse("00:1f:3b:5c:9e:71", &out->own_mac);
  Checker c(path);
  Json doc;
  try {
    doc = Json::parse(json_text.begin(), json_text.end());
  } catch (const Json::parse_error& e) {
    // "path:LINE:COLUMN: not valid JSON: <what the parser expected>", without
    // the library's "[json.exception.parse_error.101] parse error at ...: ".
    size_t line = 1, column = 1;
    for (size_t i = 0; i + 1 < e.byte && i < json_text.size(); ++i) {
      if (json_text[i] == '\n') ++line, column = 1;
      else ++column;
    }
    std::string what = e.what();
    if (size_t colon = what.find(": "); what.rfind("[json.exception", 0) == 0 &&
                                        colon != std::string::npos)
      what = what.substr(colon + 2);
    return Status::InvalidArgument(
        fmt::format("{}:{}:{}: not valid JSON: {}", path, line, column, what));
  } catch (const Json::exception& e) {
    return Status::InvalidArgument(fmt::format("{}: not valid JSON: {}", path, e.what()));
  }
  ROAMREPLAY_RETURN_IF_ERROR(c.Keys(doc, "", {"name", "description", "pending", "log", "seed",
                                              "supplicant", "ess", "network", "hostapd",
                                              "steps", "expect"}));
  ROAMREPLAY_RETURN_IF_ERROR(c.String(doc, "", "name", &out->name));
  ROAMREPLAY_RETURN_IF_ERROR(c.String(doc, "", "description", &out->description));
  ROAMREPLAY_RETURN_IF_ERROR(c.String(doc, "", "pending", &out->pending));
  std::string log;
  ROAMREPLAY_RETURN_IF_ERROR(c.String(doc, "", "log", &log));
  if (out->name.empty()) return c.Error("name", "required");
  if (!log.empty()) {
    for (const char* key : {"supplicant", "ess", "network", "hostapd", "steps", "seed"})
      if (doc.contains(key)) return c.Error(key, "a stored-trace scenario (\"log\") has no script");
    if (!ResolveLog(path, log, &out->log)) return c.Error("log", "cannot find '" + log + "'");
  } else {
    ROAMREPLAY_RETURN_IF_ERROR(ParseScript(c, doc, out));
  }
  auto expect = doc.find("expect");
  if (expect == doc.end()) return c.Error("expect", "required");
  return ParseExpect(c, *expect, out);
}

Status LoadScenario(const std::string& path, Scenario* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IoError(path + ": read error");
  return ParseScenario(text.str(), path, out);
}

}  // namespace roamreplay
