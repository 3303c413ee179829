// The AP side of the synthesizer (synth_hostapd.h): hostapd's PMKSA caches
// and its `-dd -t` log lines.

#include "scenario/synth_hostapd.h"

#include <algorithm>

#include <fmt/format.h>

#include "scenario/synth_sim.h"

namespace roamreplay::synth_internal {
namespace {

// hostapd's lines within one burst are microseconds apart; EAP round trips
// take a couple of milliseconds.
constexpr int64_t kLineUs = 3;
constexpr int64_t kRoundTripUs = 2500;

}  // namespace

std::string HostapdIfname(const Scenario& sc, int ap) {
  const std::string& name = sc.aps[ap].name;
  bool usable = !name.empty() && name.size() <= 12 &&
                name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                       "0123456789") == std::string::npos;
  return usable ? "ap" + name : fmt::format("ap{}", ap);
}

HostapdSide::HostapdSide(const Scenario& sc, TextEra era, int64_t start_us,
                         const std::vector<Pmk>* pmks)
    : sc_(sc), era_(era), pmks_(pmks) {
  for (const HostapdProcessSpec& spec : sc.hostapd->processes) {
    Process p;
    p.name = spec.name;
    p.aps = spec.aps;
    procs_.push_back(std::move(p));
  }
  // The APs are up before the station starts.
  for (Process& p : procs_) StartUp(p, start_us - 2 * kSecond);
}

void HostapdSide::Line(Process& p, int64_t now_us, const std::string& body) {
  Expire(p, now_us);
  int64_t t = std::max(now_us, p.last_us + kLineUs);
  p.last_us = t;
  p.text += fmt::format("{}.{:06d}: {}\n", t / kSecond, t % kSecond, body);
  ++p.lines;
}

void HostapdSide::Logger(int ap, const MacAddress& sta, const char* module,
                         const std::string& text, int64_t now_us) {
  Line(Of(ap), now_us,
       fmt::format("{}: STA {} {}: {}", HostapdIfname(sc_, ap), sta.ToString(), module, text));
}

// One "Configuration file:" block per BSS, as hostapd prints them when it is
// given one configuration file per interface (corpus pair 20).
void HostapdSide::StartUp(Process& p, int64_t now_us) {
  for (int ap : p.aps) {
    const ApSpec& spec = sc_.aps[ap];
    std::string ifname = HostapdIfname(sc_, ap);
    Line(p, now_us, "Configuration file: /etc/hostapd/" + ifname + ".conf");
    Line(p, now_us, "Completing interface initialization");
    Line(p, now_us, "Flushing old station entries");
    Line(p, now_us, "Deauthenticate all stations");
    Line(p, now_us, fmt::format(era_ == TextEra::k2011
                                    ? "Using interface {} with hwaddr {} and ssid '{}'"
                                    : "Using interface {} with hwaddr {} and ssid \"{}\"",
                                ifname, spec.bssid.ToString(), sc_.ssid));
    Line(p, now_us, "WPA: Start group state machine to set initial keys");
    Line(p, now_us, ifname + ": Setup of interface done.");
  }
}

int64_t HostapdSide::Lifetime(int ap) const {
  const ApSpec& spec = sc_.aps[ap];
  return (spec.forget_after_s ? *spec.forget_after_s : kPmkLifetimeS) * kSecond;
}

// pmksa_cache_expire(): every entry whose expiry has passed, oldest first.
void HostapdSide::Expire(Process& p, int64_t until_us) {
  for (;;) {
    auto first = std::min_element(p.cache.begin(), p.cache.end(),
                                  [](const CacheEntry& a, const CacheEntry& b) {
                                    return a.expires_us < b.expires_us;
                                  });
    if (first == p.cache.end() || first->expires_us > until_us) return;
    int64_t t = std::max(first->expires_us, p.last_us + kLineUs);
    p.last_us = t;
    p.text += fmt::format("{}.{:06d}: RSN: expired PMKSA cache entry for {}\n", t / kSecond,
                          t % kSecond, first->sta.ToString());
    ++p.lines;
    p.cache.erase(first);
  }
}

// pmksa_cache_auth_add(): the station's old entry at this BSS is freed
// without a line, then the new one is linked.
void HostapdSide::AddEntry(Process& p, int bss, const MacAddress& sta, int gen,
                           int64_t expires_us, int64_t now_us) {
  p.cache.erase(std::remove_if(p.cache.begin(), p.cache.end(),
                               [&](const CacheEntry& e) { return e.bss == bss && e.sta == sta; }),
                p.cache.end());
  CacheEntry e;
  e.bss = bss;
  e.sta = sta;
  e.gen = gen;
  e.pmkid = ComputePmkid((*pmks_)[gen - 1], sc_.aps[bss].bssid, sta);
  e.expires_us = expires_us;
  p.cache.push_back(e);
  Line(p, now_us, "RSN: added PMKSA cache entry for " + sta.ToString());
  Line(p, now_us, "RSN: added PMKID - hexdump(len=16): " + HexdumpBytes(e.pmkid.bytes.data(), 16));
}

HostapdSide::Answer HostapdSide::Lookup(int ap, const MacAddress& sta, const Pmkid& pmkid,
                                        int64_t now_us) const {
  const ApSpec& spec = sc_.aps[ap];
  if (!spec.caching) return Answer::kNotFound;
  const Process& p = Of(ap);
  for (const CacheEntry& e : p.cache)
    if (e.expires_us > now_us && e.bss == ap && e.sta == sta && e.pmkid == pmkid)
      return Answer::kFound;
  // wpa_auth_pmksa_get_okc(): every BSS of the process, PMKID derived for
  // this BSSID from each entry of the station.
  if (!spec.okc) return Answer::kNotFound;
  for (const CacheEntry& e : p.cache)
    if (e.expires_us > now_us && e.sta == sta &&
        ComputePmkid((*pmks_)[e.gen - 1], spec.bssid, sta) == pmkid)
      return Answer::kOkcMatch;
  return Answer::kNotFound;
}

void HostapdSide::Associate(int ap, int from, const MacAddress& sta,
                            const std::optional<Pmkid>& offered, Answer answer, int64_t now_us) {
  Process& p = Of(ap);
  Logger(ap, sta, "IEEE 802.11", "associated", now_us);
  Line(p, now_us, "STA included RSN IE in (Re)AssocReq");
  Line(p, now_us, "  New STA");
  if (offered) {
    Line(p, now_us, "RSN IE: STA PMKID - hexdump(len=16): " +
                        HexdumpBytes(offered->bytes.data(), 16));
  }
  if (offered && answer == Answer::kOkcMatch) {
    Logger(ap, sta, "WPA", "OKC match for PMKID", now_us);
    const ApSpec& spec = sc_.aps[ap];
    for (const CacheEntry& e : p.cache) {
      if (e.sta != sta || ComputePmkid((*pmks_)[e.gen - 1], spec.bssid, sta) != *offered) continue;
      CacheEntry source = e;  // AddEntry may erase it
      AddEntry(p, ap, sta, source.gen, source.expires_us, now_us);
      break;
    }
  }
  if (offered && answer != Answer::kNotFound)
    Logger(ap, sta, "WPA",
           era_ == TextEra::k2011 ? "PMKID found from PMKSA cache eap_type=0 vlan_id=0"
                                  : "PMKID found from PMKSA cache eap_type=25 vlan=0",
           now_us);
  Logger(ap, sta, "WPA", "event 1 notification", now_us);
  // hostapd drops the station from the BSS of the same process it left.
  if (from >= 0 && from != ap && sc_.hostapd->ProcessOf(from) == sc_.hostapd->ProcessOf(ap))
    Line(p, now_us, fmt::format("{}: disassociate STA {}", HostapdIfname(sc_, from),
                                sta.ToString()));
  Logger(ap, sta, "IEEE 802.1X", "start authentication", now_us);
  if (offered && answer != Answer::kNotFound)
    Logger(ap, sta, "IEEE 802.1X", "PMK from PMKSA cache - skip IEEE 802.1X/EAP", now_us);
  Logger(ap, sta, "WPA", "start authentication", now_us);
  station_at_ = ap;
}

void HostapdSide::FourWay(int ap, const MacAddress& sta, int64_t now_us) {
  Logger(ap, sta, "WPA", "sending 1/4 msg of 4-Way Handshake", now_us);
  Logger(ap, sta, "WPA", "received EAPOL-Key frame (2/4 Pairwise)", now_us + kRoundTripUs);
  Logger(ap, sta, "WPA", "sending 3/4 msg of 4-Way Handshake", now_us + kRoundTripUs);
  Logger(ap, sta, "WPA", "received EAPOL-Key frame (4/4 Pairwise)", now_us + 2 * kRoundTripUs);
  Logger(ap, sta, "WPA", "pairwise key handshake completed (RSN)", now_us + 2 * kRoundTripUs);
}

void HostapdSide::CachedHandshake(int ap, const MacAddress& sta, int64_t now_us) {
  FourWay(ap, sta, now_us);
  Logger(ap, sta, "IEEE 802.1X", "authorizing port", now_us);
  Logger(ap, sta, "IEEE 802.1X",
         era_ == TextEra::k2011 ? "authenticated - EAP type: 0 ((null)) (PMKSA cache)"
                                : "authenticated - EAP type: 25 (PEAP) (PMKSA cache)",
         now_us);
}

void HostapdSide::EapStart(int ap, const MacAddress& sta, bool reauth, int64_t now_us) {
  Process& p = Of(ap);
  if (reauth) {
    // eap_reauth_period: the authenticator's REAUTH_TIMER.
    Line(p, now_us,
         fmt::format("IEEE 802.1X: {} REAUTH_TIMER entering state REAUTHENTICATE", sta.ToString()));
    Logger(ap, sta, "WPA", "event 5 notification", now_us);
  }
  for (int round = 0; round < 8; ++round) {
    int64_t t = now_us + round * kRoundTripUs;
    Logger(ap, sta, "IEEE 802.1X", fmt::format("Sending EAP Packet (identifier {})", ++eap_id_), t);
    Logger(ap, sta, "IEEE 802.1X",
           fmt::format("received EAP packet (code=2 id={} len={}) from STA: {}", eap_id_,
                       round == 0 ? 10 : round == 3 ? 332 : 43,
                       round == 0 ? "EAP Response-Identity (1)" : "EAP Response-PEAP (25)"),
           t + kRoundTripUs / 2);
  }
}

void HostapdSide::EapSuccess(int ap, const MacAddress& sta, int gen, bool reauth,
                             bool success_lost, int64_t now_us) {
  Process& p = Of(ap);
  Logger(ap, sta, "IEEE 802.1X", fmt::format("Sending EAP Packet (identifier {})", eap_id_), now_us);
  auto entry = [&] {
    Logger(ap, sta, "IEEE 802.1X", "authorizing port", now_us);
    Logger(ap, sta, "IEEE 802.1X",
           era_ == TextEra::k2011 ? "authenticated - EAP type: 0 ((null))"
                                  : "authenticated - EAP type: 25 (PEAP)",
           now_us);
    AddEntry(p, ap, sta, gen, now_us + Lifetime(ap), now_us);
    Logger(ap, sta, "WPA", "Added PMKSA cache entry (IEEE 802.1X)", now_us);
  };
  // A re-authentication caches the new PMK before the 4-way handshake; the
  // first one after it (corpus pairs 20 and 22).
  if (reauth) entry();
  if (success_lost) {
    Logger(ap, sta, "WPA", "sending 1/4 msg of 4-Way Handshake", now_us);
    return;
  }
  FourWay(ap, sta, now_us);
  if (!reauth) entry();
}

void HostapdSide::StationLeft(int ap, const MacAddress& sta, int64_t now_us) {
  Logger(ap, sta, "IEEE 802.11", "disassociated", now_us);
  Logger(ap, sta, "WPA", "event 2 notification", now_us);
  if (station_at_ == ap) station_at_ = -1;
}

void HostapdSide::Restart(int ap, const MacAddress& sta, int64_t now_us) {
  Process& p = Of(ap);
  Line(p, now_us, "Signal 15 received - terminating");
  Line(p, now_us, "Flushing old station entries");
  Line(p, now_us, "Deauthenticate all stations");
  if (station_at_ >= 0 && sc_.hostapd->ProcessOf(station_at_) == sc_.hostapd->ProcessOf(ap)) {
    Logger(station_at_, sta, "MLME",
           fmt::format("MLME-DEAUTHENTICATE.indication({}, 1)", sta.ToString()), now_us);
    station_at_ = -1;
  }
  p.cache.clear();  // the process's memory is gone
  StartUp(p, now_us + kSecond);
}

void HostapdSide::Finish(int64_t now_us, std::vector<SynthApLog>* out) {
  for (Process& p : procs_) {
    Expire(p, now_us);
    SynthApLog log;
    log.process = p.name;
    for (int ap : p.aps) log.aps.push_back(sc_.aps[ap].name);
    log.log = p.text;
    out->push_back(std::move(log));
  }
}

}  // namespace roamreplay::synth_internal
