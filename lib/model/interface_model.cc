#include "model/interface_model.h"

#include <fmt/format.h>

namespace roamreplay {

std::string_view AuthMethodName(AuthMethod method) {
  switch (method) {
    case AuthMethod::kUnknown:
      return "unfinished";
    case AuthMethod::kFullEap:
      return "full-eap";
    case AuthMethod::kPmksaCache:
      return "pmksa-cache";
    case AuthMethod::kOkc:
      return "okc";
    case AuthMethod::kFullAuth:
      return "full-auth";
    case AuthMethod::kFailed:
      return "failed";
    case AuthMethod::kFt:
      return "ft";
    case AuthMethod::kSae:
      return "sae";
    case AuthMethod::kSaePmksa:
      return "sae-pmksa";
    case AuthMethod::kPsk:
      return "psk";
    case AuthMethod::kOwe:
      return "owe";
    case AuthMethod::kDriver:
      return "driver";
  }
  return "?";
}

bool IsFullAuthentication(AuthMethod method) {
  switch (method) {
    case AuthMethod::kFullEap:
    case AuthMethod::kFullAuth:
    case AuthMethod::kSae:
    case AuthMethod::kPsk:
    case AuthMethod::kOwe:
      return true;
    default:
      return false;
  }
}

bool IsCachedAuthentication(AuthMethod method) {
  return method == AuthMethod::kPmksaCache || method == AuthMethod::kOkc ||
         method == AuthMethod::kSaePmksa;
}

std::string_view RefusalSignalText(RefusalSignal signal) {
  switch (signal) {
    case RefusalSignal::kDidNotAcceptPmkid:
      return "the AP started EAP instead of the 4-way handshake";
    case RefusalSignal::kEapStarted:
      return "EAP started before key negotiation";
    case RefusalSignal::kOtherPmkidInMsg1:
      return "the AP's msg 1/4 carried a different PMKID";
    case RefusalSignal::kNoPmkidInMsg1:
      return "the AP's msg 1/4 did not carry the offered PMKID";
    case RefusalSignal::kAssocRejectInvalidPmkid:
      return "association rejected with status 53 (invalid PMKID)";
    case RefusalSignal::kSaeCachingRejected:
      return "the AP rejected the SAE PMKSA caching attempt";
  }
  return "?";
}

InterfaceModel::InterfaceModel(std::string ifname, ModelObserver* observer, ModelConfig config)
    : ifname_(ifname), pmksa_(ifname, observer, config), tracker_(ifname, observer, config) {}

void InterfaceModel::set_ifname(std::string name) {
  ifname_ = name;
  pmksa_.set_ifname(name);
  tracker_.set_ifname(std::move(name));
}

void InterfaceModel::Apply(const Event& ev, const LineView& line) {
  PmksaEffects pmksa_effects;
  pmksa_.Apply(ev, line, tracker_.View(), &pmksa_effects);
  TrackerEffects tracker_effects;
  tracker_.Apply(ev, line, pmksa_, pmksa_effects, &tracker_effects);
  if (tracker_effects.attempt_started) pmksa_.OnAttemptStarted();
  if (tracker_effects.key_negotiated) pmksa_.OnKeyNegotiated();
}

void InterfaceModel::Finish() {
  pmksa_.Finish();
  tracker_.Finish();
}

}  // namespace roamreplay
