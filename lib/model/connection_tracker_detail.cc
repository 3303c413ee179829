// ConnectionTracker: why each attempt started (trigger), how it went
// (AKM, authentication algorithm, phases), how it ended (outcome, failure)
// and which faster path it could have taken. See attempt_detail.h.

#include <fmt/format.h>

#include "base/ieee80211_names.h"
#include "base/string_util.h"
#include "model/connection_detail.h"
#include "model/connection_tracker.h"

namespace roamreplay {

bool AkmIsSae(std::string_view akm) {
  return StartsWith(akm, "SAE") || StartsWith(akm, "FT/SAE");
}

bool AkmIsPsk(std::string_view akm) {
  return akm == "PSK" || akm == "WPA-PSK" || akm == "FT/PSK" || StartsWith(akm, "PSK ");
}

bool AkmIsFt(std::string_view akm) { return StartsWith(akm, "FT/") || StartsWith(akm, "FT-"); }

std::string_view AuthAlgorithmName(int auth_type) {
  switch (auth_type) {
    case 0:
      return "open";
    case 1:
      return "shared";
    case 2:
      return "ft";
    case 3:
      return "sae";
    case 4:
    case 5:
    case 6:
      return "fils";
    case 7:
      return "pasn";
    default:
      return {};
  }
}

namespace {

// hostap's "using KEY_MGMT" spellings, in the names README documents.
std::string NormalizeAkm(std::string_view text) {
  if (text == "WPA-PSK") return "PSK";
  if (text == "SAE (ext key)") return "SAE-EXT-KEY";
  if (text == "FT/SAE (ext key)") return "FT/SAE-EXT-KEY";
  return std::string(text);
}

std::optional<int64_t> Span(const LineRef& from, const LineRef& to) {
  if (!from.valid() || !to.valid() || !from.has_time || !to.has_time || to.time_us < from.time_us)
    return std::nullopt;
  return to.time_us - from.time_us;
}

// IEEE 802.11 Table 9-428, BTM status codes (hostap enum bss_trans_mgmt_status_code).
std::string_view BtmStatusName(int status) {
  switch (status) {
    case 0: return "accept";
    case 1: return "reject, unspecified";
    case 2: return "reject, insufficient beacon";
    case 3: return "reject, insufficient capacity";
    case 4: return "reject, BSS termination undesired";
    case 5: return "reject, BSS termination delay requested";
    case 6: return "reject, candidate list provided";
    case 7: return "reject, no suitable candidates";
    case 8: return "reject, leaving ESS";
    default: return "reject";
  }
}

}  // namespace

// An AP's BTM request the station rejected or could not follow: one signal
// per request.
void ConnectionTracker::BtmNotFollowed(const LineView& line, std::string detail) {
  if (trigger_ && trigger_->kind == "btm-request") trigger_.reset();
  if (!btm_request_.valid()) return;
  ModelSignal s{::roamreplay::Signal::kBtmNotFollowed, line.Copy()};
  if (attempt_.active) {
    s.bssid = attempt_.target;
    s.has_bssid = true;
  }
  s.detail = std::move(detail);
  s.group = btm_request_.line;
  s.evidence.push_back({btm_request_, "BSS Transition Management Request"});
  s.evidence.push_back({line.Copy(), "not followed"});
  Emit(std::move(s));
}

void ConnectionTracker::SetTrigger(std::string kind, const LineView& line, std::string detail) {
  AttemptTrigger t;
  t.kind = std::move(kind);
  t.line = line.line;
  t.time = std::string(line.time_text);
  t.detail = std::move(detail);
  t.text = std::string(line.text);
  if (line.has_time) t.time_us = line.time_us;
  trigger_ = std::move(t);
}

// Why the attempt starting now started: the last trigger seen since the
// previous attempt, else what the link state says.
AttemptTrigger ConnectionTracker::TakeTrigger() {
  std::optional<AttemptTrigger> t = std::move(trigger_);
  trigger_.reset();
  if (!t && link_up_ && bgscan_.valid()) {
    t.emplace();
    t->kind = "bgscan";
    t->line = bgscan_.line;
    t->time = bgscan_.time_text;
    if (bgscan_.has_time) t->time_us = bgscan_.time_us;
    t->detail = "a background scan found a better BSS";
  }
  if (!t && link_up_ && dbus_scan_.valid()) {
    t.emplace();
    t->kind = "ctrl-command";
    t->line = dbus_scan_.line;
    t->time = dbus_scan_.time_text;
    if (dbus_scan_.has_time) t->time_us = dbus_scan_.time_us;
    t->detail = "a D-Bus client requested a scan whose results led to this roam";
    t->text = dbus_scan_.text;
  }
  if (!t && link_up_ && low_signal_.valid()) {
    t.emplace();
    t->kind = "signal";
    t->line = low_signal_.line;
    t->time = low_signal_.time_text;
    if (low_signal_.has_time) t->time_us = low_signal_.time_us;
    t->detail = "signal below the roaming threshold";
  }
  if (!t && !connected_once_) {
    t.emplace();
    t->kind = "startup";
    t->detail = "first connection of the interface in the log";
  }
  if (!t) {
    t.emplace();
    t->detail = link_up_ ? "roam while connected; the log does not say why"
                         : "the log does not say why";
  }
  bgscan_ = low_signal_ = beacon_loss_ = dbus_scan_ = LineRef();
  return std::move(*t);  // not a copy of its strings
}

void ConnectionTracker::NoteTriggerEvent(const Event& ev, const LineView& line) {
  switch (ev.type) {
    case EventType::kCtrlCommand:
      // The parser keeps only commands that start a connection or roam.
      SetTrigger("ctrl-command", line, "control interface: " + ev.text);
      break;
    case EventType::kBgscanRequest:
      // The later of a bgscan and a D-Bus scan request is the one whose
      // results lead to a roam.
      if (link_up_) bgscan_ = line.Copy(), dbus_scan_ = LineRef();
      break;
    case EventType::kDbusScan:
      if (link_up_) dbus_scan_ = line.Copy(), bgscan_ = LineRef();
      break;
    case EventType::kRoamConsider:
      if (link_up_ && bgscan_.valid() && !trigger_) {
        SetTrigger("bgscan", LineView{bgscan_.line, bgscan_.time_text, bgscan_.time_us,
                                      bgscan_.has_time, bgscan_.text},
                   "bgscan requested a scan; its results led to within-ESS reassociation");
      } else if (link_up_ && dbus_scan_.valid() && !trigger_) {
        SetTrigger("ctrl-command", LineView{dbus_scan_.line, dbus_scan_.time_text,
                                            dbus_scan_.time_us, dbus_scan_.has_time,
                                            dbus_scan_.text},
                   "a D-Bus client requested a scan; its results led to within-ESS "
                   "reassociation");
      }
      break;
    case EventType::kSignalChange:
      if (link_up_ && ev.number2 == 0) low_signal_ = line.Copy();
      break;
    case EventType::kRssiLow:
      if (link_up_) low_signal_ = line.Copy();
      break;
    case EventType::kBeaconLoss:
      if (link_up_ && !beacon_loss_.valid()) beacon_loss_ = line.Copy();
      break;
    case EventType::kBtmRequest:
      if (link_up_) SetTrigger("btm-request", line, "BSS Transition Management Request from the AP");
      btm_request_ = line.Copy();
      break;
    case EventType::kBtmNoCandidates:
      BtmNotFollowed(line, "the request listed no candidate BSS");
      break;
    case EventType::kBtmResponse:
      if (ev.number != 0) {
        BtmNotFollowed(line, fmt::format("the station answered status {} ({})", ev.number,
                                         BtmStatusName(ev.number)));
      }
      break;
    case EventType::kDeauthRequest:
      if (link_up_) local_deauth_reason_ = ev.number;
      break;
    case EventType::kDisconnected: {
      if (!link_up_) break;
      link_up_ = false;
      // Before 2.1 the event has no locally_generated=: the supplicant's own
      // "Request to deauthenticate" just before says so (and gives the reason).
      bool local = ev.number2 == 1 || local_deauth_reason_.has_value();
      int reason = ev.number == 0 && local_deauth_reason_ ? *local_deauth_reason_ : ev.number;
      local_deauth_reason_.reset();
      std::string_view name = ReasonCodeName(reason);
      std::string kind = "disconnect";
      std::string detail = "disconnected";
      LineView at = line;
      if (beacon_loss_.valid()) {
        kind = "beacon-loss";
        detail = fmt::format("beacon loss (line {}), then disconnected", beacon_loss_.line);
        at = LineView{beacon_loss_.line, beacon_loss_.time_text, beacon_loss_.time_us,
                      beacon_loss_.has_time, beacon_loss_.text};
      } else if (!local) {
        bool disassoc = StartsWith(name, "DISASSOC");
        kind = disassoc ? "disassoc-from-ap" : "deauth-from-ap";
        detail = disassoc ? "the AP disassociated the station" : "the AP ended the link";
      } else {
        detail = "the station ended the link";
      }
      SetTrigger(kind, at, detail);
      trigger_->reason_code = reason;
      trigger_->reason = std::string(name);
      trigger_->locally_generated = local;
      trigger_->ended_bssid = ev.addr.ToString();
      break;
    }
    default:
      break;
  }
}

// The scan phase: from the start of the scan whose results led to the
// selection, to the selection ("selected BSS" / "Considering within-ESS
// reassociation"). Also FT over the DS, the mobility domain and the PMKSA
// search's OKC flag, which the next attempt takes over in StartAttempt.
void ConnectionTracker::NoteScanEvent(const Event& ev, const LineView& line) {
  switch (ev.type) {
    case EventType::kScanStart:
      // "Starting AP scan" and the driver's "Scan requested" of one round:
      // the round starts at the first.
      if (scan_start_.valid() && !scan_results_ && line.has_time && scan_start_.has_time &&
          line.time_us - scan_start_.time_us < 1000000)
        break;
      scan_start_ = line.Copy();
      scan_results_ = false;
      scan_phase_us_.reset();
      scan_selected_known_ = false;
      break;
    case EventType::kScanResults:
      scan_results_ = scan_start_.valid();
      break;
    case EventType::kSelectedBss:
    case EventType::kRoamConsider:
      if (!scan_results_) break;
      scan_phase_us_ = Span(scan_start_, line.Copy());
      if (ev.type == EventType::kSelectedBss && ev.has_addr) {
        scan_selected_ = ev.addr;
        scan_selected_known_ = true;
      }
      scan_results_ = false;
      scan_start_ = LineRef();
      break;
    case EventType::kDisconnected:
      scan_phase_us_.reset();
      break;
    case EventType::kFtOverDs:
      ft_ds_target_ = ev.addr;
      ft_ds_pending_ = true;
      break;
    case EventType::kFtMobilityDomain:
      pending_md_ = ev.text;
      ft_network_ = true;
      break;
    case EventType::kPmksaSearch:
      okc_off_pending_ = line.text.find("try_opportunistic=0") != std::string_view::npos;
      break;
    default:
      break;
  }
}

// The configuration dump of a -dd log: options per network block, the
// block's SSID from the list that follows ("   id=N ssid='...'").
void ConnectionTracker::NoteConfigEvent(const Event& ev, const LineView& line) {
  bool block_or_option =
      ev.type == EventType::kNetworkBlock || ev.type == EventType::kNetworkOption;
  if (block_or_option && networks_listed_) {
    // A new dump (the supplicant read its configuration again).
    networks_.clear();
    global_okc_ = -1;
    networks_listed_ = false;
  }
  switch (ev.type) {
    case EventType::kNetworkBlock:
      networks_.emplace_back();
      break;
    case EventType::kNetworkListed:
      networks_listed_ = true;
      if (ev.number >= 0 && static_cast<size_t>(ev.number) < networks_.size())
        networks_[static_cast<size_t>(ev.number)].ssid = ev.text;
      break;
    case EventType::kNetworkOption:
      if (ev.text == "okc") {
        global_okc_ = ev.number;
        global_okc_line_ = line.line;
      } else if (networks_.empty()) {
        break;  // an option outside a network block (a partial dump)
      } else if (ev.text == "proactive_key_caching") {
        networks_.back().okc = ev.number;
        networks_.back().okc_line = line.line;
      } else if (ev.text == "ft_eap_pmksa_caching") {
        networks_.back().ft_eap_caching = ev.number;
        networks_.back().ft_eap_caching_line = line.line;
      }
      break;
    default:
      break;
  }
}

// The configuration of the network the new attempt joins: the block with
// its SSID, or the only block of a one-network configuration.
void ConnectionTracker::TakeNetworkConfig() {
  const ConfiguredNetwork* net = nullptr;
  for (const ConfiguredNetwork& n : networks_)
    if (!current_ssid_.empty() && n.ssid == current_ssid_) net = &n;
  if (net == nullptr && networks_.size() == 1 &&
      (networks_[0].ssid.empty() || current_ssid_.empty()))
    net = &networks_[0];
  if (net != nullptr && net->okc >= 0) {
    attempt_.okc_config = net->okc;
    attempt_.okc_config_name = "proactive_key_caching";
    attempt_.okc_config_line = net->okc_line;
  } else if (global_okc_ >= 0 && (net != nullptr || networks_.empty())) {
    // proactive_key_caching not set for the network: the global okc (2.x).
    attempt_.okc_config = global_okc_;
    attempt_.okc_config_name = "okc";
    attempt_.okc_config_line = global_okc_line_;
  }
  if (net != nullptr) {
    attempt_.ft_eap_caching = net->ft_eap_caching;
    attempt_.ft_eap_caching_line = net->ft_eap_caching_line;
  }
}

void ConnectionTracker::NoteFailure(std::string phase, const LineView& line, std::string detail) {
  if (!attempt_.active || attempt_.key_neg_done || attempt_.failure) return;
  AttemptFailure f;
  f.phase = std::move(phase);
  f.line = line.line;
  f.time = std::string(line.time_text);
  if (line.has_time) f.time_us = line.time_us;
  f.detail = std::move(detail);
  f.text = std::string(line.text);
  attempt_.failure = std::move(f);
}

void ConnectionTracker::NoteFlowEvent(const Event& ev, const LineView& line) {
  bool open = attempt_.active && !attempt_.key_neg_done;
  switch (ev.type) {
    case EventType::kKeyMgmt:
      akm_ = NormalizeAkm(ev.text);
      break;
    case EventType::kSmeAuthResponse:
      if (!open) break;
      attempt_.detail.auth_algorithm = std::string(AuthAlgorithmName(ev.number2));
      // SAE commits answered with SAE_HASH_TO_ELEMENT (126) or SAE_PK (127)
      // are accepted (H2E, SAE-PK), not rejected.
      if (ev.number != 0 && !(ev.number2 == 3 && (ev.number == 126 || ev.number == 127))) {
        NoteFailure("authentication", line, "authentication rejected");
        attempt_.failure->status_code = ev.number;
        attempt_.failure->name = std::string(StatusCodeName(ev.number));
      }
      break;
    case EventType::kAuthReject:
      if (!open) break;
      attempt_.detail.auth_algorithm = std::string(AuthAlgorithmName(ev.number2));
      NoteFailure("authentication", line, "authentication rejected");
      if (attempt_.failure && !attempt_.failure->status_code) {
        attempt_.failure->status_code = ev.number;
        attempt_.failure->name = std::string(StatusCodeName(ev.number));
      }
      break;
    case EventType::kAssocReject:
      if (!open) break;
      NoteFailure("association", line, "association rejected");
      if (attempt_.failure && !attempt_.failure->status_code) {
        attempt_.failure->status_code = ev.number;
        attempt_.failure->name = std::string(StatusCodeName(ev.number));
      }
      break;
    case EventType::kAssocComeback:
      // Status 30 with a comeback time: the station retries after it; if
      // the attempt then fails, this is what the AP said.
      if (!open) break;
      NoteFailure("association", line,
                  fmt::format("association refused temporarily, comeback time {} TUs",
                              ev.number2));
      if (attempt_.failure && !attempt_.failure->status_code) {
        attempt_.failure->status_code = ev.number;
        attempt_.failure->name = std::string(StatusCodeName(ev.number));
      }
      break;
    case EventType::kFtCompleted:
      ft_network_ = true;
      if (open) attempt_.ft_completed = true;
      break;
    case EventType::kFtFailure:
      if (!open) break;
      attempt_.ft_failed = true;
      ft_network_ = true;
      {
        // The message itself, without the log's prefix.
        std::string_view text = TrimRight(line.text);
        size_t at = text.find("FT: ");
        NoteFailure("association", line,
                    std::string(at == std::string_view::npos ? text : text.substr(at)));
      }
      break;
    case EventType::kDeauthRequest:
      if (!open || !attempt_.failure) break;
      if (!attempt_.failure->reason_code) {
        attempt_.failure->reason_code = ev.number;
        attempt_.failure->name = std::string(ReasonCodeName(ev.number));
        attempt_.failure->locally_generated = true;
      }
      break;
    case EventType::kEapStarted:
      if (open && !attempt_.eap_start.valid()) attempt_.eap_start = line.Copy();
      break;
    case EventType::kEapSuccess:
      if (open && !attempt_.eap_end.valid()) attempt_.eap_end = line.Copy();
      break;
    case EventType::kEapFailure:
      if (open) NoteFailure("eap", line, "EAP authentication failed");
      break;
    case EventType::kRxMsg1of4:
      if (open && !attempt_.msg1.valid()) attempt_.msg1 = line.Copy();
      break;
    case EventType::kFourWayFailed:
      if (open) NoteFailure("4way", line, "4-way handshake failed - pre-shared key may be incorrect");
      break;
    case EventType::kAuthTimedOut:
      if (open) {
        const char* phase = !attempt_.associated && attempt_.assoc_start.valid() ? "association"
                            : !attempt_.associated                      ? "authentication"
                            : attempt_.msg1.valid()                     ? "4way"
                            : attempt_.eap_start.valid() && !attempt_.eap_end.valid() ? "eap"
                                                                        : "unknown";
        NoteFailure(phase, line, "authentication timed out");
      }
      break;
    case EventType::kDisconnected:
      if (!open) break;
      if (!attempt_.failure) {
        NoteFailure("", line, "disconnected");
      }
      if (!attempt_.failure->reason_code) {
        attempt_.failure->reason_code = ev.number;
        if (attempt_.failure->name.empty())
          attempt_.failure->name = std::string(ReasonCodeName(ev.number));
      }
      if (!attempt_.failure->locally_generated) attempt_.failure->locally_generated = ev.number2 == 1;
      break;
    default:
      break;
  }
}

// The failure of an attempt ended at `end` without a failure line of its own
// (a new attempt superseded it, the state went to DISCONNECTED).
AttemptFailure ConnectionTracker::FailureAtEnd(const LineView* end) const {
  AttemptFailure f;
  if (attempt_.failure) f = *attempt_.failure;
  if (f.phase.empty() || f.phase == "unknown") {
    int reason = f.reason_code.value_or(0);
    if (reason == 15 || reason == 17) f.phase = "4way";  // 4WAY_HANDSHAKE_TIMEOUT, IE_IN_4WAY_DIFFERS
    else if (reason == 16) f.phase = "group-key";              // GROUP_KEY_HANDSHAKE_TIMEOUT
    else if (reason == 23) f.phase = "eap";                    // IEEE_802_1X_AUTH_FAILED
    else if (!attempt_.associated) f.phase = attempt_.assoc_start.valid() ? "association" : "authentication";
    else if (attempt_.msg1.valid()) f.phase = "4way";
    else if (attempt_.eap_start.valid()) f.phase = "eap";
    else f.phase = "unknown";
  }
  if (!attempt_.failure && end != nullptr) {
    f.line = end->line;
    f.time = std::string(end->time_text);
    if (end->has_time) f.time_us = end->time_us;
    f.detail = "the attempt ended before key negotiation";
    f.text = std::string(end->text);
  }
  return f;
}

FastPath ConnectionTracker::FastPathOf(AuthMethod method) const {
  FastPath fp;
  if (method == AuthMethod::kDriver) {
    fp.expected = "unknown";
    fp.why_not = "driver-roam";
    fp.detail = "the driver roamed on its own; how it authenticated is not logged";
    return fp;
  }
  // INFO logs name no AKM: an FT success or failure line says FT was used.
  bool ft_akm = AkmIsFt(akm_) || attempt_.ft_failed || attempt_.ft_completed ||
                attempt_.detail.auth_algorithm == "ft";
  bool sae = AkmIsSae(akm_) || attempt_.detail.auth_algorithm == "sae";
  bool cached = IsCachedAuthentication(method);
  // FT over the air needs a current association: an attempt that shows FT
  // was a roam while connected even where the log starts inside it.
  bool ft_shown = attempt_.ft_failed || attempt_.ft_completed ||
                  attempt_.detail.auth_algorithm == "ft";
  // FT only works within one mobility domain (sme.c tries FT over the air
  // only when the target's MDID is the current association's).
  if (ft_akm && attempt_.roam_while_connected && !attempt_.mobility_domain.empty() &&
      !current_md_.empty() && attempt_.mobility_domain != current_md_ && !ft_shown) {
    fp.expected = "ft";
    fp.why_not = "other-mobility-domain";
    fp.detail = fmt::format("the target AP is in mobility domain {}, the current association in {}",
                            attempt_.mobility_domain, current_md_);
    return fp;
  }
  if (ft_akm && (attempt_.roam_while_connected || ft_shown)) {
    fp.expected = "ft";
    fp.used = method == AuthMethod::kFt;
    if (!fp.used) fp.why_not = attempt_.ft_failed ? "ft-failed" : "unknown";
    fp.detail = fp.used ? "FT within the mobility domain"
                        : attempt_.ft_failed ? "the FT attempt failed"
                                             : "FT possible, not used";
    return fp;
  }
  bool had = attempt_.had_entry || attempt_.offer.has_value() ||
             attempt_.detail.caching_disabled_line != 0;
  if (AkmIsPsk(akm_) && !had) {
    fp.detail = "PSK: the 4-way handshake is all there is";
    if (!connected_once_) {
      fp.why_not = "first-connection";
      fp.detail = "no earlier connection in the log";
    } else if (ft_akm) {
      fp.why_not = "ft-not-possible-after-disconnect";
      fp.detail = "FT needs a current association; after a disconnect only the 4-way handshake";
    }
    return fp;
  }
  if (had) {
    bool okc = attempt_.offer && attempt_.offer->opportunistic;
    fp.expected = sae ? "sae-pmksa" : okc ? "okc" : "pmksa";
    fp.used = cached;
    if (fp.used) {
      fp.detail = "the cached PMKSA was used";
    } else if (attempt_.detail.caching_disabled_line != 0) {
      fp.why_not = "pmksa-disabled-by-config";
      fp.detail = fmt::format("the supplicant withdrew its PMKSA entry (line {})",
                              attempt_.detail.caching_disabled_line);
    } else if (attempt_.refused) {
      fp.why_not = "ap-refused";
      fp.detail = "the AP refused the PMKID";
    } else if (attempt_.entry_stale) {
      fp.why_not = "entry-stale";
      fp.detail = "the held entry's PMK had been replaced";
    } else if (attempt_.entry_expired) {
      fp.why_not = "entry-expired";
      fp.detail = "the held entry had expired";
    } else if (ft_network_ && !AkmIsPsk(akm_) && !sae && attempt_.ft_eap_caching != 1) {
      // With ft_eap_pmksa_caching=1 in the configuration, FT-EAP may use it.
      fp.why_not = "pmksa-disabled-by-config";
      if (attempt_.ft_eap_caching == 0) {
        fp.detail = fmt::format(
            "FT network: ft_eap_pmksa_caching=0 (line {}), so wpa_supplicant does not use "
            "PMKSA caching for FT/802.1X",
            attempt_.ft_eap_caching_line);
      } else {
        fp.detail = "FT network: wpa_supplicant does not use PMKSA caching for FT/802.1X unless "
                    "ft_eap_pmksa_caching=1" +
                    std::string(akm_.empty() ? " (inferred; this log level does not show it)" : "");
      }
    } else {
      fp.why_not = "unknown";
      fp.detail = "an entry was held but not used";
    }
    return fp;
  }
  // OKC off: the search said so (2.x), or the configuration dump (any era).
  bool okc_off = attempt_.okc_off || attempt_.okc_config == 0;
  if (okc_off && attempt_.okc_source && !sae && !ft_akm && !AkmIsPsk(akm_) && connected_once_) {
    // pmksa_cache_get_opportunistic() could have cloned the entry of another
    // AP of the network, but the search ran with try_opportunistic=0.
    fp.expected = "okc";
    fp.why_not = "okc-disabled";
    fp.detail = attempt_.okc_off
                    ? "OKC is off for this network (PMKSA cache search with try_opportunistic=0; "
                      "proactive_key_caching=0)"
                    : fmt::format("OKC is off for this network ({}=0 in the configuration, line {})",
                                  attempt_.okc_config_name, attempt_.okc_config_line);
    return fp;
  }
  if (!connected_once_ && !attempt_.roam_while_connected) {
    fp.why_not = "first-connection";
    fp.detail = "no earlier connection in the log";
  } else if (ft_akm || ft_network_) {
    fp.why_not = "ft-not-possible-after-disconnect";
    fp.detail = "FT needs a current association in the mobility domain";
  } else {
    fp.why_not = "no-cache-entry";
    fp.detail = "no PMKSA entry for this AP";
  }
  return fp;
}

void ConnectionTracker::FinishDetail(AuthMethod method, const LineView* end,
                                     RoamRecord* roam) const {
  AttemptDetail& d = roam->detail;
  d = attempt_.detail;
  d.akm = akm_;
  d.outcome = method == AuthMethod::kUnknown  ? "unfinished"
              : method == AuthMethod::kFailed ? "failed"
                                              : "success";
  if (method == AuthMethod::kFailed) d.failure = FailureAtEnd(end);
  LineRef end_ref = end != nullptr ? end->Copy() : LineRef();
  AttemptPhases& p = d.phases;
  const LineRef& auth_end = attempt_.assoc_start.valid() ? attempt_.assoc_start : attempt_.association;
  if (attempt_.auth_start.valid()) p.authentication = Span(attempt_.auth_start, auth_end);
  p.association = Span(attempt_.assoc_start, attempt_.association);
  p.eap = Span(attempt_.eap_start, attempt_.eap_end);
  if (method != AuthMethod::kFailed && method != AuthMethod::kUnknown)
    p.four_way = Span(attempt_.msg1, end_ref);
  if (end != nullptr) p.total = Span(attempt_.start, end_ref);
  d.fast_path = FastPathOf(method);
}

}  // namespace roamreplay
