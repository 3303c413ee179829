// The synthesizer's connection flow: one function per scenario step, writing
// the lines a supplicant of the scenario's era prints (message texts from
// shared/reference/catalog/2011pre.tsv and current.tsv).

#include "scenario/synth.h"

#include <algorithm>

#include <fmt/format.h>

#include "scenario/synth_hostapd.h"
#include "scenario/synth_sim.h"

namespace roamreplay {
namespace synth_internal {
namespace {

int64_t StartTime(TextEra era) { return era == TextEra::k2011 ? 1317158004213370 : 1700000004213370; }

int Freq(int channel) { return channel <= 14 ? 2407 + 5 * channel : 5000 + 5 * channel; }

}  // namespace

Sim::Sim(const Scenario& sc, const SynthOptions& options, SynthResult* out)
    : sc_(sc),
      out_(out),
      era_(options.era.value_or(sc.texts)),
      w_(options.shape, era_, sc.ifname, StartTime(era_), options.seed.value_or(sc.seed)),
      own_(sc.own_mac),
      ap_state_(sc.aps.size()) {
  if (sc.hostapd) hostapd_ = std::make_unique<HostapdSide>(sc, era_, w_.now_us(), &pmks_);
}

Sim::~Sim() = default;

void Sim::Run() {
  w_.Banner(own_, sc_.version);
  for (const Step& step : sc_.steps) {
    StepLines lines;
    lines.first_line = w_.lines() + 1;
    for (int i = 0; i < step.repeat; ++i) DoStep(step);
    lines.last_line = w_.lines();
    out_->steps.push_back(lines);
    ++step_;
  }
  out_->log = w_.text();
  if (hostapd_) hostapd_->Finish(w_.now_us(), &out_->ap_logs);
  std::stable_sort(out_->truth.begin(), out_->truth.end(),
                   [](const TruthFinding& a, const TruthFinding& b) { return a.line < b.line; });
}

void Sim::DoStep(const Step& step) {
  if (ConnFlow(step)) {
    ConnStep(step);  // synth_conn.cc
    return;
  }
  switch (step.kind) {
    case StepKind::kConnect:
    case StepKind::kRoam:
      Join(sc_.FindAp(step.ap), connected_ >= 0);
      break;
    case StepKind::kReauth:
      // SAE/OWE have no re-authentication while associated.
      if (connected_ >= 0 && sc_.akm == SynthAkm::kEap) Reauth(step.success_lost);
      break;
    case StepKind::kWait:
      Wait(step.seconds);
      break;
    case StepKind::kConfigChange:
      ConfigChange();
      break;
    case StepKind::kMacChange:
      MacChange(step.mac);
      break;
    case StepKind::kDisconnect:
      if (connected_ >= 0) Disconnect(3);
      break;
    case StepKind::kApRestart:
      ApRestart(sc_.FindAp(step.ap));
      break;
    default:  // connection flows: ConnStep
      break;
  }
}

void Sim::Truth(std::string kind, const MacAddress& bssid, std::string cause) {
  out_->truth.push_back({std::move(kind), bssid, std::move(cause), w_.lines(), step_});
}

void Sim::Join(int ap, bool roam) {
  ExpireUntil(w_.now_us() + 5 * kSecond);
  w_.ScanRound(sc_, ap);
  const std::string target = sc_.aps[ap].bssid.ToString();
  const std::string current = roam ? sc_.aps[connected_].bssid.ToString() : "00:00:00:00:00:00";
  const char* state = roam ? "COMPLETED" : "SCANNING";
  if (era_ == TextEra::k2011) {
    w_.Ifc(fmt::format("Request association: reassociate: 0  selected: {}  bssid: {}  pending: "
                       "00:00:00:00:00:00  wpa_state: {}", target, current, state));
  } else {
    w_.Ifc(fmt::format("Considering connect request: reassociate: 0  selected: {}  bssid: {}  "
                       "pending: 00:00:00:00:00:00  wpa_state: {}  ssid=0x55d4c8e0  "
                       "current_ssid=0x55d4c8e0", target, current, state));
    w_.Ifc("Request association with " + target);
  }
  if (sc_.akm != SynthAkm::kEap) {
    SaeAttempt(ap, roam);
    return;
  }
  Attempt(ap, roam, sc_.okc, 3);
}

void Sim::SelectionLines(int ap, const Entry* e, bool clone_made) {
  (void)ap;
  (void)clone_made;
  if (e == nullptr) {
    if (era_ == TextEra::k2x) w_.Msg("RSN: No PMKSA cache entry found");
    return;
  }
  std::string dump = HexdumpBytes(e->pmkid.bytes.data(), 16);
  w_.Msg(era_ == TextEra::k2011 ? "RSN: PMKID - hexdump(len=16): " + dump
                                : "RSN: PMKSA cache entry found - PMKID - hexdump(len=16): " + dump);
}

void Sim::Attempt(int ap, bool roam, bool allow_okc, int tries_left) {
  const ApSpec& spec = sc_.aps[ap];
  const MacAddress& bssid = spec.bssid;
  if (era_ == TextEra::k2x) {
    w_.Msg(fmt::format("RSN: PMKSA cache search - network_ctx=0x55d4c8e0 try_opportunistic={} "
                       "akmp=0x1", allow_okc ? 1 : 0));
    w_.Msg("RSN: Search for BSSID " + bssid.ToString());
  }
  const Entry* e = Usable(bssid);
  bool clone = false;
  if (e == nullptr && allow_okc) {
    e = CloneFor(ap);
    clone = e != nullptr;
  }
  SelectionLines(ap, e, clone);
  std::optional<Entry> offered;
  if (e != nullptr) {
    offered = *e;
    TruthOffer offer;
    offer.step = step_;
    offer.bssid = bssid;
    offer.pmkid = e->pmkid;
    offer.clone = e->clone;
    offer.selection_line = w_.lines();
    offer.stale = Stale(*e, &offer.stale_cause);
    if (offer.stale) Truth("stale-pmkid-reuse", bssid, offer.stale_cause);
    out_->offers.push_back(offer);
    w_.Msg("RSN: Trying to use cached PMKSA");
  }
  w_.Msg(fmt::format("WPA: set AP RSN IE - hexdump(len=22): 30 14 01 00 00 0f ac 04 01 00 00 0f "
                     "ac 04 01 00 00 0f ac 01 28 00"));
  w_.Ifc(fmt::format("SME: Trying to authenticate with {} (SSID='{}' freq={} MHz)",
                     bssid.ToString(), sc_.ssid, Freq(spec.channel)));
  w_.Ifc(fmt::format("State: {} -> AUTHENTICATING", roam ? "COMPLETED" : "SCANNING"));
  w_.AuthAssocFrames(bssid, spec.channel, sc_.ssid);
  bool accepts = offered && ApAccepts(ap, offered->pmkid);
  if (hostapd_) {
    // The AP side decides (hostapd's caches), and logs the association.
    auto answer = HostapdSide::Answer::kNotFound;
    if (offered) answer = hostapd_->Lookup(ap, own_, offered->pmkid, w_.now_us());
    accepts = offered && answer != HostapdSide::Answer::kNotFound;
    hostapd_->Associate(ap, connected_, own_,
                        offered ? std::optional<Pmkid>(offered->pmkid) : std::nullopt, answer,
                        w_.now_us());
  }
  auto truth_refused = [&] {
    out_->offers.back().refused = true;
    std::string cause = out_->offers.back().stale ? "stale-entry" : "ap-refused";
    Truth("pmkid-rejected", bssid, cause);
  };
  if (offered && !accepts && spec.refusal == Refusal::kStatus53) {
    w_.Msg("nl80211: Event message available", 3000);
    w_.Ifc(fmt::format("CTRL-EVENT-ASSOC-REJECT bssid={} status_code=53", bssid.ToString()));
    truth_refused();
    w_.Ifc("State: ASSOCIATING -> DISCONNECTED");
    connected_ = -1;
    if (sc_.policy == SupplicantPolicy::kCurrent) {
      // Drop the refused entry, then retry without it.
      w_.Msg("RSN: Flush PMKSA cache entry for " + bssid.ToString());
      PrintRemoved(bssid, 0);
      Remove(bssid, "flushed");
      w_.Ifc("Request association with " + bssid.ToString(), 100000);
      Attempt(ap, false, false, 1);
    } else if (tries_left > 1) {
      w_.Ifc(fmt::format("Request association: reassociate: 0  selected: {}  bssid: "
                         "00:00:00:00:00:00  pending: 00:00:00:00:00:00  wpa_state: DISCONNECTED",
                         bssid.ToString()), 100000);
      Attempt(ap, false, allow_okc, tries_left - 1);
    } else {
      w_.Ifc(fmt::format("CTRL-EVENT-SSID-TEMP-DISABLED id=0 ssid=\"{}\" auth_failures=3 "
                         "duration=60", sc_.ssid));
    }
    return;
  }
  w_.Msg("nl80211: Event message available", 3000);
  w_.Msg("nl80211: MLME event 38");
  w_.Ifc("State: ASSOCIATING -> ASSOCIATED");
  w_.Ifc("Associated to a new BSS: BSSID=" + bssid.ToString());
  w_.Ifc("Associated with " + bssid.ToString());
  w_.Ifc("Setting authentication timeout: 10 sec 0 usec");
  if (offered && spec.stall_s > 0) {
    if (sc_.policy != SupplicantPolicy::kCurrent) {
      w_.Ifc(fmt::format("Authentication with {} timed out.", bssid.ToString()), 10 * kSecond);
      connected_ = ap;  // associated, not authenticated: the deauth names this AP
      Disconnect(3);
      w_.Ifc(fmt::format("CTRL-EVENT-SSID-TEMP-DISABLED id=0 ssid=\"{}\" auth_failures=1 "
                         "duration=10", sc_.ssid));
      return;
    }
    // 76db5b6b: no EAPOL frame after a PMKSA caching attempt: EAPOL-Start.
    w_.Msg("EAPOL: SUPP_PAE entering state CONNECTING",
           static_cast<int64_t>(spec.stall_s * kSecond));
    w_.Msg("EAPOL: txStart");
    accepts = false;
  }
  if (!offered) {
    FullEapAfterAssociation(ap, false);
  } else if (accepts) {
    OfferAccepted(ap, *offered);
  } else {
    w_.Ifc("RX EAPOL from " + bssid.ToString(), 25000);
    w_.Msg("RSN: Authenticator did not accept PMKID, doing full EAP authentication");
    truth_refused();
    w_.Msg("EAPOL: Supplicant port status: Unauthorized");
    w_.Ifc("RSN: Cancelling PMKSA caching attempt");
    FullEapAfterAssociation(ap, true);
  }
}

void Sim::OfferAccepted(int ap, const Entry& offered) {
  const MacAddress& bssid = sc_.aps[ap].bssid;
  std::string dump = HexdumpBytes(offered.pmkid.bytes.data(), 16);
  if (hostapd_) hostapd_->CachedHandshake(ap, own_, w_.now_us());
  w_.EapolKeyFrame(bssid, 1, dump);
  w_.Ifc("State: ASSOCIATED -> 4WAY_HANDSHAKE");
  w_.Ifc(fmt::format("WPA: RX message 1 of 4-Way Handshake from {} (ver=2)", bssid.ToString()));
  w_.Msg("RSN: PMKID from Authenticator - hexdump(len=16): " + dump);
  w_.Msg("RSN: matched PMKID - hexdump(len=16): " + dump);
  w_.Msg("RSN: PMK from PMKSA cache - hexdump(len=32): [REMOVED]");
  w_.Msg("EAPOL: PMKSA caching was used - skip EAPOL");
  w_.Ifc("WPA: Sending EAPOL-Key 2/4");
  w_.EapolKeyFrame(bssid, 3, "");
  w_.Ifc(fmt::format("WPA: RX message 3 of 4-Way Handshake from {} (ver=2)", bssid.ToString()));
  w_.Ifc("WPA: Sending EAPOL-Key 4/4");
  w_.Ifc("WPA: Installing PTK to the driver");
  w_.Ifc("State: 4WAY_HANDSHAKE -> GROUP_HANDSHAKE");
  w_.Msg("RSN: received GTK in pairwise handshake - hexdump(len=18): [REMOVED]");
  w_.Ifc(fmt::format("WPA: Key negotiation completed with {} [PTK=CCMP GTK=CCMP]",
                     bssid.ToString()));
  w_.Ifc("State: GROUP_HANDSHAKE -> COMPLETED");
  w_.Ifc(fmt::format("CTRL-EVENT-CONNECTED - Connection to {} completed (reauth) [id=0 id_str=]",
                     bssid.ToString()));
  if (offered.opportunistic) {
    w_.Ifc("RSN: Authenticator accepted opportunistic PMKSA entry - marking it valid");
    Validated(bssid);
  }
  connected_ = ap;
  used_caching_ = true;
}

void Sim::FullEapAfterAssociation(int ap, bool refused_offer) {
  const MacAddress& bssid = sc_.aps[ap].bssid;
  if (hostapd_) hostapd_->EapStart(ap, own_, false, w_.now_us());
  if (!refused_offer) w_.Ifc("RX EAPOL from " + bssid.ToString(), 25000);
  w_.Msg(fmt::format("EAP: Received EAP-Request id={} method=1 vendor=0 vendorMethod=0", ++eap_id_));
  w_.Ifc("CTRL-EVENT-EAP-STARTED EAP authentication started");
  w_.EapPeapRounds(bssid, eap_id_);
  eap_id_ += 6;
  FullAuthHandshake(ap);
}

void Sim::FullAuthHandshake(int ap) {
  const ApSpec& spec = sc_.aps[ap];
  const MacAddress& bssid = spec.bssid;
  int gen = NewPmk();
  int ap_gen = spec.msk_mismatch ? NewPmk() : gen;
  ApState(ap) = ApPmksa{ap_gen, own_, w_.now_us(), ap, Pmkid()};
  ++out_->full_auths;
  Pmkid ap_pmkid = ComputePmkid(pmks_[ap_gen - 1], bssid, own_);
  if (hostapd_) hostapd_->EapSuccess(ap, own_, ap_gen, reauth_, false, w_.now_us());
  std::string dump = HexdumpBytes(ap_pmkid.bytes.data(), 16);
  w_.EapolKeyFrame(bssid, 1, dump);
  w_.Ifc(fmt::format("State: {} -> 4WAY_HANDSHAKE", connected_ == ap ? "COMPLETED" : "ASSOCIATED"));
  w_.Ifc(fmt::format("WPA: RX message 1 of 4-Way Handshake from {} (ver=2)", bssid.ToString()));
  w_.Msg("RSN: PMKID from Authenticator - hexdump(len=16): " + dump);
  w_.Ifc("RSN: no matching PMKID found");
  w_.Msg("EAPOL: Successfully fetched key (len=32)");
  w_.Msg("WPA: PMK from EAPOL state machines - hexdump(len=32): [REMOVED]");
  AddNewPmk(ap, gen);
  if (ap_gen == gen) {
    w_.Ifc("RSN: the new PMK matches with the PMKID");
  } else {
    if (sc_.policy == SupplicantPolicy::kCurrent)
      w_.Ifc("RSN: PMKID mismatch - authentication server may have derived different MSK?!");
    else
      w_.Ifc("WPA: Sending EAPOL-Key 2/4");
    connected_ = ap;
    Disconnect(sc_.policy == SupplicantPolicy::kCurrent ? 1 : 15);
    return;
  }
  w_.Ifc("WPA: Sending EAPOL-Key 2/4");
  w_.EapolKeyFrame(bssid, 3, "");
  w_.Ifc(fmt::format("WPA: RX message 3 of 4-Way Handshake from {} (ver=2)", bssid.ToString()));
  w_.Ifc("WPA: Sending EAPOL-Key 4/4");
  w_.Ifc("State: 4WAY_HANDSHAKE -> GROUP_HANDSHAKE");
  w_.Ifc(fmt::format("WPA: Key negotiation completed with {} [PTK=CCMP GTK=CCMP]",
                     bssid.ToString()));
  w_.Ifc("State: GROUP_HANDSHAKE -> COMPLETED");
  w_.Ifc(fmt::format("CTRL-EVENT-CONNECTED - Connection to {} completed (auth) [id=0 id_str=]",
                     bssid.ToString()));
  connected_ = ap;
  used_caching_ = false;
}

// AP-initiated re-authentication while connected (session timeout,
// controller PMK timer, EAPOL_REAUTH).
void Sim::Reauth(bool success_lost) {
  const MacAddress& bssid = sc_.aps[connected_].bssid;
  w_.Ifc("RX EAPOL from " + bssid.ToString(), 200000);
  if (hostapd_) hostapd_->EapStart(connected_, own_, true, w_.now_us());
  // eapol_sm keeps cached_pmk set after a cached association, so hostap
  // prints this on the first EAP packet of a re-authentication too.
  if (used_caching_) {
    w_.Msg("RSN: Authenticator did not accept PMKID, doing full EAP authentication");
    w_.Ifc("RSN: Cancelling PMKSA caching attempt");
  }
  w_.Msg(fmt::format("EAP: Received EAP-Request id={} method=1 vendor=0 vendorMethod=0", ++eap_id_));
  w_.Ifc("CTRL-EVENT-EAP-STARTED EAP authentication started");
  if (success_lost) {
    // The AP completes EAP and caches a new PMK; its EAP-Success (and
    // message 1/4) never reach the station, which keeps its old PMK.
    w_.Ifc("CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=25", 30000);
    w_.Ifc("CTRL-EVENT-EAP-METHOD EAP vendor 0 method 25 (PEAP) selected", 4000);
    for (int round = 0; round < 6; ++round) {
      w_.Ifc("RX EAPOL from " + bssid.ToString(), 30000 + w_.Rand(0, 15000));
      w_.Msg(fmt::format("EAP: Received EAP-Request id={} method=25 vendor=0 vendorMethod=0",
                         eap_id_ + 1 + round));
      w_.Msg("EAPOL: SUPP_BE entering state RESPONSE");
    }
    eap_id_ += 6;
    int gen = NewPmk();
    ApState(connected_) = ApPmksa{gen, own_, w_.now_us(), connected_};
    if (hostapd_) hostapd_->EapSuccess(connected_, own_, gen, true, true, w_.now_us() + 20000);
    return;
  }
  w_.EapPeapRounds(bssid, eap_id_);
  eap_id_ += 6;
  reauth_ = true;
  FullAuthHandshake(connected_);
  reauth_ = false;
}

// The hostapd process serving `ap` terminates and starts again; a station
// associated with it is deauthenticated.
void Sim::ApRestart(int ap) {
  int process = sc_.hostapd->ProcessOf(ap);
  bool here = connected_ >= 0 && sc_.hostapd->ProcessOf(connected_) == process;
  w_.Advance(kSecond);
  hostapd_->Restart(ap, own_, w_.now_us());
  if (here) {
    w_.Msg("nl80211: Deauthenticate event", 2000);
    LinkDown(3, /*local=*/false, "COMPLETED");
  }
  w_.Advance(3 * kSecond);
}

void Sim::Wait(double seconds) {
  int64_t end = w_.now_us() + static_cast<int64_t>(seconds * kSecond);
  int scans = 0;
  if (connected_ >= 0 && seconds >= 60) w_.IdleTimers();
  while (w_.now_us() < end) {
    int64_t next = std::min(end, w_.now_us() + w_.Rand(120, 300) * kSecond);
    ExpireUntil(next);
    if (next < end && scans < 4) {
      w_.Advance(next - w_.now_us());
      w_.Msg("RX ctrl_iface - hexdump_ascii(len=4): [REMOVED]");
      w_.ScanRound(sc_, -1);
      ++scans;
    } else {
      ExpireUntil(end);
      if (end > w_.now_us()) w_.Advance(end - w_.now_us());
    }
  }
}

void Sim::ConfigChange() {
  w_.Msg("CTRL_IFACE: SET_NETWORK id=0 name='priority'", 500000);
  w_.Msg("CTRL_IFACE: value - hexdump_ascii(len=1): [REMOVED]");
  if (sc_.policy == SupplicantPolicy::kCurrent) return;  // 5cd317d3: same value, no flush
  std::vector<MacAddress> all;
  for (const Entry& e : cache_) all.push_back(e.aa);
  for (const MacAddress& aa : all) {
    w_.Msg("RSN: Flush PMKSA cache entry for " + aa.ToString());
    PrintRemoved(aa, 0);
    Remove(aa, "flushed");
  }
}

void Sim::MacChange(const MacAddress& mac) {
  if (connected_ >= 0) Disconnect(3);
  if (era_ == TextEra::k2011) {
    w_.Ifc("Own MAC address: " + mac.ToString(), 300000);
  } else {
    w_.Ifc("Using random MAC address " + mac.ToString(), 300000);
    w_.Msg(fmt::format("nl80211: Own MAC address on ifindex 3 ({}) changed from {} to {}",
                       sc_.ifname, own_.ToString(), mac.ToString()));
  }
  own_ = mac;
}

void Sim::Disconnect(int reason) {
  if (connected_ < 0) return;
  const MacAddress& bssid = sc_.aps[connected_].bssid;
  if (hostapd_) hostapd_->StationLeft(connected_, own_, w_.now_us() + 2000);
  w_.Ifc(fmt::format("CTRL-EVENT-DISCONNECTED bssid={} reason={}{}", bssid.ToString(), reason,
                     reason == 3 || reason == 1 ? " locally_generated=1" : ""),
         reason == 15 ? 4 * kSecond : 2000);
  w_.Ifc("State: COMPLETED -> DISCONNECTED");
  connected_ = -1;
  used_caching_ = false;
}

}  // namespace synth_internal

void Synthesize(const Scenario& scenario, const SynthOptions& options, SynthResult* out) {
  *out = SynthResult();
  synth_internal::Sim sim(scenario, options, out);
  sim.Run();
}

}  // namespace roamreplay
