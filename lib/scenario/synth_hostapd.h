#pragma once

// Internal to the synthesizer: the AP side of a scenario with a "hostapd"
// block (issue 14). Simulates hostapd's PMKSA caches as hostapd keeps them
// (src/ap/pmksa_cache_auth.c, wpa_auth_ie.c of 0098ce6d and 2.x) and writes
// one `hostapd -dd -t` log per process, in the texts of
// shared/reference/catalog/hostapd-2011.tsv / hostapd-current.tsv and the
// line shapes of the real logs of corpus pairs 20-22:
//
//   - one cache per BSS, one entry per station in it (a new PMK for the
//     station at a BSS silently replaces the old entry: no line);
//   - a PMKID is looked up in the BSS's own cache, then, when the BSS has
//     okc=1, in the caches of every BSS of the same process (OKC match: a
//     copy is added to the BSS's cache with the source's expiry);
//   - entries expire after the BSS's dot11RSNAConfigPMKLifetime
//     ("RSN: expired PMKSA cache entry for <sta>");
//   - a restart ("Signal 15 received - terminating", then the start-up
//     block again) starts with empty caches.
// The Sim (synth.cc) asks Lookup() before the station decides, so the
// station's log and the AP logs tell one story.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/hex.h"
#include "base/mac_address.h"
#include "scenario/scenario.h"
#include "scenario/synth.h"
#include "scenario/synth_text.h"

namespace roamreplay::synth_internal {

class HostapdSide {
 public:
  enum class Answer { kNotFound, kFound, kOkcMatch };

  HostapdSide(const Scenario& sc, TextEra era, int64_t start_us, const std::vector<Pmk>* pmks);

  /// The answer AP `ap` gives to `pmkid` from `sta` at `now_us` (no lines).
  Answer Lookup(int ap, const MacAddress& sta, const Pmkid& pmkid, int64_t now_us) const;

  /// The station associated with `ap` (leaving `from`, -1 = none), offering
  /// `offered` (nullopt = no PMKID); writes the association and the
  /// lookup, and the OKC copy when `answer` is kOkcMatch.
  void Associate(int ap, int from, const MacAddress& sta, const std::optional<Pmkid>& offered,
                 Answer answer, int64_t now_us);
  /// The 4-way handshake with the cached PMK after an accepted PMKID.
  void CachedHandshake(int ap, const MacAddress& sta, int64_t now_us);
  /// EAP starts at `ap` (after an association, or an AP-initiated
  /// re-authentication when `reauth`).
  void EapStart(int ap, const MacAddress& sta, bool reauth, int64_t now_us);
  /// EAP succeeded at `ap` with PMK generation `gen`: the entry, and the
  /// 4-way handshake unless `success_lost` (the station never saw it).
  void EapSuccess(int ap, const MacAddress& sta, int gen, bool reauth, bool success_lost,
                  int64_t now_us);
  /// The station deauthenticated from `ap`.
  void StationLeft(int ap, const MacAddress& sta, int64_t now_us);
  /// The process serving `ap` terminates (deauthenticating `sta` when it
  /// is associated there) and starts again with empty caches.
  void Restart(int ap, const MacAddress& sta, int64_t now_us);
  /// Writes the expiries up to `now_us` and fills `out`.
  void Finish(int64_t now_us, std::vector<SynthApLog>* out);

 private:
  struct CacheEntry {
    int bss = 0;  ///< AP index.
    MacAddress sta;
    int gen = 0;
    Pmkid pmkid;
    int64_t expires_us = 0;
  };
  struct Process {
    std::string name;
    std::vector<int> aps;
    std::string text;
    uint64_t lines = 0;
    int64_t last_us = 0;
    std::vector<CacheEntry> cache;
  };

  Process& Of(int ap) { return procs_[sc_.hostapd->ProcessOf(ap)]; }
  const Process& Of(int ap) const { return procs_[sc_.hostapd->ProcessOf(ap)]; }
  /// One line "secs.usecs: body" at `now_us` (later than the last one).
  void Line(Process& p, int64_t now_us, const std::string& body);
  /// "<if>: STA <sta> <module>: <text>" (hostapd_logger).
  void Logger(int ap, const MacAddress& sta, const char* module, const std::string& text,
              int64_t now_us);
  void StartUp(Process& p, int64_t now_us);
  void FourWay(int ap, const MacAddress& sta, int64_t now_us);
  void Expire(Process& p, int64_t until_us);
  void AddEntry(Process& p, int bss, const MacAddress& sta, int gen, int64_t expires_us,
                int64_t now_us);
  int64_t Lifetime(int ap) const;

  const Scenario& sc_;
  TextEra era_;
  const std::vector<Pmk>* pmks_;
  std::vector<Process> procs_;
  int eap_id_ = 100;
  int station_at_ = -1;  ///< The AP the station is associated with, as hostapd knows.
};

/// The hostapd interface name of AP `ap` ("ap" + its name, as in corpus
/// pairs 20-22's apA/apB; "ap<index>" when the name is not usable).
std::string HostapdIfname(const Scenario& sc, int ap);

}  // namespace roamreplay::synth_internal
