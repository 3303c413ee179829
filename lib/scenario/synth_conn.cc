// The synthesizer's connection flows (issue 11): what starts a roam
// (bgscan, low signal, control-interface and D-Bus commands, an AP's BSS
// Transition Management Request), FT over the air and over the DS within a
// mobility domain and the FT Reassociation Response validation failure, the
// FT/802.1X initial association with ft_eap_pmksa_caching, PSK 4-way
// handshakes (and their timeouts), beacon loss and the AP ending the link.
// Message texts from shared/reference/catalog/current.tsv and
// current-roaming.tsv (2.x only). The PMKSA flows stay in synth.cc.

#include <fmt/format.h>

#include "scenario/synth_sim.h"

namespace roamreplay::synth_internal {
namespace {

int Freq(int channel) { return channel <= 14 ? 2407 + 5 * channel : 5000 + 5 * channel; }

constexpr const char* kDbusPath = "/fi/w1/wpa_supplicant1/Interfaces/0";

}  // namespace

bool Sim::ConnFlow(const Step& step) const {
  switch (step.kind) {
    case StepKind::kBtmRequest:
    case StepKind::kBeaconLoss:
    case StepKind::kApDeauth:
      return true;
    case StepKind::kConnect:
    case StepKind::kRoam:
      return !sc_.network.key_mgmt.empty();
    default:
      return false;
  }
}

void Sim::ConnStep(const Step& step) {
  switch (step.kind) {
    case StepKind::kConnect:
    case StepKind::kRoam:
      ConnJoin(sc_.FindAp(step.ap), step.trigger, step.trigger != "ft-over-ds" &&
                                                  step.trigger != "ctrl-command" &&
                                                  step.trigger != "dbus-roam");
      break;
    case StepKind::kBtmRequest:
      BtmRequest(step);
      break;
    case StepKind::kBeaconLoss:
      BeaconLoss();
      break;
    case StepKind::kApDeauth:
      ApDeauth(step);
      break;
    default:
      break;
  }
}

std::string Sim::KeyMgmtText() const {
  const std::string& k = sc_.network.key_mgmt;
  if (k == "FT-EAP") return "FT/802.1X";
  if (k == "FT-PSK") return "FT/PSK";
  if (k == "WPA-PSK") return "WPA-PSK";
  return "802.1X";
}

// The lines that make the supplicant move (only while connected: after a
// disconnect the supplicant reconnects on its own).
void Sim::TriggerLines(int ap, const std::string& trigger) {
  const std::string target = sc_.aps[ap].bssid.ToString();
  if (trigger == "bgscan") {
    w_.Msg("bgscan simple: Request a background scan", kSecond);
  } else if (trigger == "signal") {
    w_.Msg("nl80211: Connection quality monitor event: RSSI low", kSecond);
  } else if (trigger == "ctrl-command") {
    w_.Msg("RX ctrl_iface - hexdump_ascii(len=22): [REMOVED]", kSecond);
    w_.Ifc(fmt::format("Control interface command 'ROAM {}'", target));
    w_.Msg("CTRL_IFACE ROAM " + target);
  } else if (trigger == "dbus-roam") {
    w_.Msg(fmt::format("dbus: fi.w1.wpa_supplicant1.Interface.Roam ({}) [s]", kDbusPath),
           kSecond);
  } else if (trigger == "dbus-scan") {
    w_.Msg(fmt::format("dbus: fi.w1.wpa_supplicant1.Interface.Scan ({}) [a{{sv}}]", kDbusPath),
           kSecond);
  } else if (trigger == "ft-over-ds") {
    w_.Msg("RX ctrl_iface - hexdump_ascii(len=23): [REMOVED]", kSecond);
    w_.Ifc(fmt::format("Control interface command 'FT_DS {}'", target));
    w_.Msg("CTRL_IFACE FT_DS " + target);
  }
}

// A connect or roam step of a network with "network": a scan (unless the
// command names the BSS), the decision, then FT, PSK or 802.1X.
void Sim::ConnJoin(int ap, const std::string& trigger, bool scan) {
  const bool roam = connected_ >= 0;
  if (roam) TriggerLines(ap, trigger);
  ExpireUntil(w_.now_us() + 5 * kSecond);
  if (scan) w_.ScanRound(sc_, ap);
  const std::string target = sc_.aps[ap].bssid.ToString();
  const std::string& md = sc_.aps[ap].mobility_domain;
  bool ft = roam && sc_.network.IsFt() && !md.empty() && md == sc_.aps[connected_].mobility_domain;
  if (ft && trigger == "ft-over-ds") {
    FtRoam(ap, /*over_ds=*/true);
    return;
  }
  if (roam && scan) w_.Ifc("Considering within-ESS reassociation");
  const std::string current = roam ? sc_.aps[connected_].bssid.ToString() : "00:00:00:00:00:00";
  w_.Ifc(fmt::format("Considering connect request: reassociate: 0  selected: {}  bssid: {}  "
                     "pending: 00:00:00:00:00:00  wpa_state: {}  ssid=0x55d4c8e0  "
                     "current_ssid=0x55d4c8e0", target, current, roam ? "COMPLETED" : "SCANNING"));
  w_.Ifc("Request association with " + target);
  if (ft) {
    FtRoam(ap, /*over_ds=*/false);
  } else if (sc_.network.IsPsk()) {
    PskAttempt(ap, roam);
  } else if (sc_.network.IsFt()) {
    FtEapAttempt(ap, roam);
  } else {
    w_.Ifc("WPA: using KEY_MGMT 802.1X");
    Attempt(ap, roam, sc_.okc, 3);
  }
}

// FT within the mobility domain: over the air (FT Authentication with the
// target) or over the DS (FT Action frames through the current AP), then
// the FT Reassociation, validated by wpa_ft_validate_reassoc_resp().
void Sim::FtRoam(int ap, bool over_ds) {
  const ApSpec& spec = sc_.aps[ap];
  const std::string target = spec.bssid.ToString();
  if (over_ds) {
    w_.Msg("FT: Request over-the-DS with " + target);
    w_.Msg("nl80211: Send Action frame (ifindex=3, freq=0 MHz wait=0 ms no_cck=0 offchanprohibited=0)");
    w_.Msg("nl80211: Event message available", 20000);
    w_.Ifc(fmt::format("FT: Received FT Action Response: STA {} TargetAP {} status 0",
                       own_.ToString(), target));
  } else {
    w_.Ifc("SME: FT mobility domain " + spec.mobility_domain);
    w_.Ifc("SME: Trying to use FT over-the-air");
    w_.Ifc(fmt::format("SME: Trying to authenticate with {} (SSID='{}' freq={} MHz)", target,
                       sc_.ssid, Freq(spec.channel)));
    w_.Ifc("State: COMPLETED -> AUTHENTICATING");
    w_.Msg("nl80211: Authenticate (ifindex=3)");
    w_.Msg("  * bssid=" + target, 10);
    w_.Msg("nl80211: Authentication request send successfully", 400);
    w_.Msg("nl80211: Event message available", 3000);
    w_.Msg("nl80211: MLME event 37");
    w_.Ifc(fmt::format("SME: Authentication response: peer={} auth_type=2 auth_transaction=2 "
                       "status_code=0", target));
  }
  w_.Ifc(fmt::format("Trying to associate with {} (SSID='{}' freq={} MHz)", target, sc_.ssid,
                     Freq(spec.channel)));
  w_.Ifc(fmt::format("State: {} -> ASSOCIATING", over_ds ? "COMPLETED" : "AUTHENTICATING"), 20);
  w_.Msg("nl80211: Associate (ifindex=3)");
  w_.Msg("nl80211: Association request send successfully", 400);
  w_.Msg("nl80211: Event message available", 4000);
  w_.Msg("nl80211: MLME event 38");
  if (spec.ft_failure == "rsne-mismatch") {
    // The AP's FT Reassociation Response carries another RSNE than its
    // Beacon: the station drops the association itself (reason 13).
    w_.Ifc("FT: RSNE mismatch between Beacon/ProbeResp and FT protocol Reassociation Response "
           "frame");
    w_.Ifc("FT: Validation of Reassociation Response failed");
    w_.Ifc(fmt::format("Request to deauthenticate - bssid={} pending_bssid=00:00:00:00:00:00 "
                       "reason=13 (INVALID_IE) state=ASSOCIATING", target));
    connected_ = ap;  // the link that ends is the new one
    LinkDown(13, /*local=*/true, "ASSOCIATING");
    return;
  }
  w_.Ifc("Associated with " + target);
  w_.Msg("FT: Completed successfully");
  w_.Ifc("State: ASSOCIATING -> COMPLETED");
  w_.Ifc(fmt::format("CTRL-EVENT-CONNECTED - Connection to {} completed [id=0 id_str=]", target));
  connected_ = ap;
  used_caching_ = false;
}

// FT/802.1X outside FT (the first association in the mobility domain, or
// after a disconnect): wpa_supplicant_set_suites() drops a selected PMKSA
// entry unless ft_eap_pmksa_caching=1, so the RSNE carries no PMKID and
// hostap's "did not accept PMKID" on the first EAP packet is an artefact.
// A supplicant before 9083ef13 has no ft_eap_pmksa_caching (wpa_supplicant
// 2.9 ChangeLog: FT-EAP initial mobility domain association using PMKSA
// caching fixed, disabled by default, enabled with ft_eap_pmksa_caching=1):
// it always drops the entry, whatever the network block says.
void Sim::FtEapAttempt(int ap, bool roam) {
  const ApSpec& spec = sc_.aps[ap];
  const MacAddress& bssid = spec.bssid;
  if (sc_.network.ft_eap_pmksa_caching && !sc_.Before("9083ef13")) {
    // PMKSA caching allowed: the PMKSA flow of synth.cc, with FT's lines.
    w_.Ifc("WPA: using KEY_MGMT " + KeyMgmtText());
    if (!spec.mobility_domain.empty()) w_.Ifc("SME: FT mobility domain " + spec.mobility_domain);
    Attempt(ap, roam, sc_.okc, 3);
    return;
  }
  w_.Msg(fmt::format("RSN: PMKSA cache search - network_ctx=0x55d4c8e0 try_opportunistic={} "
                     "akmp=0x2000", sc_.okc ? 1 : 0));
  w_.Msg("RSN: Search for BSSID " + bssid.ToString());
  const Entry* e = Usable(bssid);
  if (e == nullptr && sc_.okc) e = CloneFor(ap);
  SelectionLines(ap, e, false);
  bool selected = e != nullptr;
  if (selected) w_.Msg("RSN: Trying to use cached PMKSA");
  w_.Ifc("WPA: using KEY_MGMT " + KeyMgmtText());
  if (selected) w_.Ifc("WPA: Disable PMKSA caching for FT/802.1X connection");
  if (!spec.mobility_domain.empty()) w_.Ifc("SME: FT mobility domain " + spec.mobility_domain);
  w_.Ifc(fmt::format("SME: Trying to authenticate with {} (SSID='{}' freq={} MHz)",
                     bssid.ToString(), sc_.ssid, Freq(spec.channel)));
  w_.Ifc(fmt::format("State: {} -> AUTHENTICATING", roam ? "COMPLETED" : "SCANNING"));
  w_.AuthAssocFrames(bssid, spec.channel, sc_.ssid);
  w_.Msg("nl80211: Event message available", 3000);
  w_.Msg("nl80211: MLME event 38");
  w_.Ifc("State: ASSOCIATING -> ASSOCIATED");
  w_.Ifc("Associated with " + bssid.ToString());
  w_.Ifc("Setting authentication timeout: 10 sec 0 usec");
  w_.Ifc("RX EAPOL from " + bssid.ToString(), 25000);
  if (selected) {
    // eapol_sm's cached_pmk flag is still set from "Trying to use cached PMKSA".
    w_.Msg("RSN: Authenticator did not accept PMKID, doing full EAP authentication");
    w_.Ifc("RSN: Cancelling PMKSA caching attempt");
  }
  FullEapAfterAssociation(ap, /*refused_offer=*/true);
}

void Sim::PskAttempt(int ap, bool roam) {
  const ApSpec& spec = sc_.aps[ap];
  const MacAddress& bssid = spec.bssid;
  w_.Ifc("WPA: using KEY_MGMT " + KeyMgmtText());
  if (sc_.network.IsFt() && !spec.mobility_domain.empty())
    w_.Ifc("SME: FT mobility domain " + spec.mobility_domain);
  w_.Ifc(fmt::format("SME: Trying to authenticate with {} (SSID='{}' freq={} MHz)",
                     bssid.ToString(), sc_.ssid, Freq(spec.channel)));
  w_.Ifc(fmt::format("State: {} -> AUTHENTICATING", roam ? "COMPLETED" : "SCANNING"));
  w_.AuthAssocFrames(bssid, spec.channel, sc_.ssid);
  w_.Msg("nl80211: Event message available", 3000);
  w_.Msg("nl80211: MLME event 38");
  w_.Ifc("State: ASSOCIATING -> ASSOCIATED");
  w_.Ifc("Associated with " + bssid.ToString());
  PskFourWay(ap);
}

void Sim::PskFourWay(int ap) {
  const ApSpec& spec = sc_.aps[ap];
  const MacAddress& bssid = spec.bssid;
  w_.EapolKeyFrame(bssid, 1, "");
  w_.Ifc("State: ASSOCIATED -> 4WAY_HANDSHAKE");
  w_.Ifc(fmt::format("WPA: RX message 1 of 4-Way Handshake from {} (ver=2)", bssid.ToString()));
  w_.Ifc("WPA: Sending EAPOL-Key 2/4");
  if (spec.psk_mismatch) {
    // The AP's MIC check of message 2 fails; it repeats message 1, then
    // gives up with reason 15 (4WAY_HANDSHAKE_TIMEOUT).
    for (int i = 0; i < 3; ++i) {
      w_.EapolKeyFrame(bssid, 1, "");
      w_.Ifc(fmt::format("WPA: RX message 1 of 4-Way Handshake from {} (ver=2)",
                         bssid.ToString()), 1000000);
      w_.Ifc("WPA: Sending EAPOL-Key 2/4");
    }
    w_.Msg("nl80211: Deauthenticate event", 1000000);
    connected_ = ap;
    ++psk_failures_;
    w_.Ifc(fmt::format("CTRL-EVENT-DISCONNECTED bssid={} reason=15", bssid.ToString()), 2000);
    w_.Ifc("WPA: 4-Way Handshake failed - pre-shared key may be incorrect");
    w_.Ifc(fmt::format("CTRL-EVENT-SSID-TEMP-DISABLED id=0 ssid=\"{}\" auth_failures={} "
                       "duration={} reason=WRONG_KEY", sc_.ssid, psk_failures_,
                       psk_failures_ <= 2 ? 10 * psk_failures_ : 60));
    w_.Ifc("State: 4WAY_HANDSHAKE -> DISCONNECTED");
    connected_ = -1;
    // The network stays disabled that long before the next try.
    w_.Advance((psk_failures_ <= 2 ? 10 * psk_failures_ : 60) * kSecond);
    w_.Ifc(fmt::format("CTRL-EVENT-SSID-REENABLED id=0 ssid=\"{}\"", sc_.ssid));
    return;
  }
  psk_failures_ = 0;
  w_.EapolKeyFrame(bssid, 3, "");
  w_.Ifc(fmt::format("WPA: RX message 3 of 4-Way Handshake from {} (ver=2)", bssid.ToString()));
  w_.Ifc("WPA: Sending EAPOL-Key 4/4");
  w_.Ifc("WPA: Installing PTK to the driver");
  w_.Ifc("State: 4WAY_HANDSHAKE -> GROUP_HANDSHAKE");
  w_.Ifc(fmt::format("WPA: Key negotiation completed with {} [PTK=CCMP GTK=CCMP]",
                     bssid.ToString()));
  w_.Ifc("State: GROUP_HANDSHAKE -> COMPLETED");
  w_.Ifc(fmt::format("CTRL-EVENT-CONNECTED - Connection to {} completed [id=0 id_str=]",
                     bssid.ToString()));
  connected_ = ap;
  used_caching_ = false;
}

// The current AP asks the station to move (WNM BSS Transition Management
// Request); the station follows to `step.ap` (status 0) or answers with a
// reject status.
void Sim::BtmRequest(const Step& step) {
  if (connected_ < 0) return;
  const std::string current = sc_.aps[connected_].bssid.ToString();
  ++btm_token_;
  w_.Msg(fmt::format("WNM: BSS Transition Management Request: dialog_token={} request_mode=0x{} "
                     "disassoc_timer=0 validity_interval=100", btm_token_,
                     step.status == 0 ? "1" : "0"), kSecond);
  if (step.status != 0) {
    if (step.status == 7)
      w_.Ifc("WNM: BSS Transition Management Request did not include candidates");
    w_.Msg(fmt::format("WNM: Send BSS Transition Management Response to {} dialog_token={} "
                       "status={} reason=0 delay=0", current, btm_token_, step.status));
    return;
  }
  int ap = sc_.FindAp(step.ap);
  const std::string target = sc_.aps[ap].bssid.ToString();
  w_.Ifc(fmt::format("WNM: Transition to BSS {} based on BSS Transition Management Request (old "
                     "BSSID {} after_new_scan=0)", target, current));
  w_.Msg(fmt::format("WNM: Send BSS Transition Management Response to {} dialog_token={} "
                     "status=0 reason=0 delay=0", current, btm_token_));
  ConnJoin(ap, "", /*scan=*/false);
}

void Sim::BeaconLoss() {
  if (connected_ < 0) return;
  for (int i = 0; i < 10; ++i) {
    w_.Msg("nl80211: Beacon loss event", i == 0 ? 15 * kSecond : 102400);
    w_.Ifc("CTRL-EVENT-BEACON-LOSS");
  }
  LinkDown(4, /*local=*/true, "COMPLETED");
}

void Sim::ApDeauth(const Step& step) {
  if (connected_ < 0) return;
  w_.Msg(step.disassoc ? "nl80211: Disassociate event" : "nl80211: Deauthenticate event",
         kSecond);
  LinkDown(step.reason, /*local=*/false, "COMPLETED");
}

void Sim::LinkDown(int reason, bool local, const char* from_state) {
  const std::string bssid = sc_.aps[connected_].bssid.ToString();
  w_.Ifc(fmt::format("CTRL-EVENT-DISCONNECTED bssid={} reason={}{}", bssid, reason,
                     local ? " locally_generated=1" : ""), 2000);
  w_.Ifc(fmt::format("State: {} -> DISCONNECTED", from_state));
  connected_ = -1;
  used_caching_ = false;
}

}  // namespace roamreplay::synth_internal
