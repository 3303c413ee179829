#pragma once

// Internal to the synthesizer (synth.cc: connection flow; synth_cache.cc:
// supplicant PMKSA cache, reference cache and AP state). Not a public API.

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "scenario/synth.h"

namespace roamreplay::synth_internal {

inline constexpr int64_t kSecond = 1000000;
inline constexpr int64_t kPmkLifetimeS = 43200;  // dot11RSNAConfigPMKLifetime
inline constexpr int kReauthThresholdPct = 70;   // dot11RSNAConfigPMKReauthThreshold
inline constexpr size_t kCacheMax = 32;

struct Entry {
  MacAddress aa;
  int gen = 0;  // index into Sim::pmks_ + 1
  Pmkid pmkid;
  MacAddress spa;
  bool clone = false;
  bool opportunistic = false;
  int64_t created_us = 0;  // the PMK's; expiration counts from it
  // reauth_time - 70 % of the lifetime: the PMK's age for an entry of its
  // own and, since hostap 6f634b00, for an OKC clone too (before it a clone
  // counted from its own creation).
  int64_t reauth_base_us = 0;
};

struct RefEntry {
  MacAddress aa;
  int gen = 0;
  bool clone = false;
  bool opportunistic = false;
};

struct Retired {
  MacAddress aa;
  int gen = 0;
  std::string cause;
};

// What an AP (or the OKC controller) holds for the station.
struct ApPmksa {
  int gen = 0;  // 0 = nothing
  MacAddress spa;
  int64_t created_us = 0;
  int origin_ap = -1;
  Pmkid pmkid;  // SAE: the PMKID of the exchange (the AP's copy)
};

class HostapdSide;

class Sim {
 public:
  Sim(const Scenario& sc, const SynthOptions& options, SynthResult* out);
  ~Sim();
  void Run();

 private:
  // synth.cc: steps and the connection flow.
  void DoStep(const Step& step);
  void Join(int ap, bool roam);
  void Attempt(int ap, bool roam, bool allow_okc, int tries_left);
  void OfferAccepted(int ap, const Entry& offered);
  void FullEapAfterAssociation(int ap, bool refused_offer);
  void FullAuthHandshake(int ap);
  void Reauth(bool success_lost);
  void ApRestart(int ap);
  void Wait(double seconds);
  void ConfigChange();
  void MacChange(const MacAddress& mac);
  void Disconnect(int reason);
  void Truth(std::string kind, const MacAddress& bssid, std::string cause);
  void SelectionLines(int ap, const Entry* e, bool clone_made);

  // synth_sae.cc: SAE, OWE, FT-SAE and multi-link connections.
  int Akmp() const;
  MacAddress EntryAa(int ap) const;
  int MldOwner(int ap) const;
  bool SaeApAccepts(int ap, const Entry& e) const;
  const ApPmksa& SaeApHolding(int ap, int gen) const;
  const Entry* SaeCloneFor(int ap);
  void SaeAttempt(int ap, bool roam);
  void SaeExchange(int ap, bool roam);
  void AddSaeEntry(int ap, const Pmkid& pmkid);
  void SaeAssociate(int ap, bool roam, const std::optional<Entry>& cached);
  // synth_conn.cc: connection flows (issue 11): triggers, FT, PSK, BTM,
  // beacon loss, AP deauthentication. Entered from DoStep only.
  bool ConnFlow(const Step& step) const;
  void ConnStep(const Step& step);
  void ConnJoin(int ap, const std::string& trigger, bool scan);
  void TriggerLines(int ap, const std::string& trigger);
  void FtRoam(int ap, bool over_ds);
  void FtEapAttempt(int ap, bool roam);
  void PskAttempt(int ap, bool roam);
  void PskFourWay(int ap);
  void BtmRequest(const Step& step);
  void BeaconLoss();
  void ApDeauth(const Step& step);
  void LinkDown(int reason, bool local, const char* from_state);
  std::string KeyMgmtText() const;

  // synth_cache.cc: caches and AP state.
  Entry* Find(const MacAddress& aa);
  const Entry* Usable(const MacAddress& aa);
  const Entry* CloneFor(int ap);
  void AddNewPmk(int ap, int gen);
  void Remove(const MacAddress& aa, const char* how);
  void EvictIfFull();
  void ExpireUntil(int64_t until_us);
  void Validated(const MacAddress& aa);
  bool Stale(const Entry& e, std::string* cause) const;
  bool ApAccepts(int ap, const Pmkid& pmkid) const;
  ApPmksa& ApState(int ap);
  const ApPmksa& ApState(int ap) const;
  int NewPmk();
  void PrintAdded(const MacAddress& aa, const Pmkid& pmkid);
  void PrintRemoved(const MacAddress& aa, int reason);

  const Scenario& sc_;
  SynthResult* out_;
  TextEra era_;
  bool SpaAware() const;
  LogWriter w_;
  MacAddress own_;
  std::vector<Pmk> pmks_;
  std::vector<Entry> cache_;
  std::vector<RefEntry> ref_;
  std::vector<Retired> retired_;
  std::set<int> validated_gens_;  // PMK generations an AP accepted an OKC clone of
  ApPmksa controller_;
  std::vector<ApPmksa> ap_state_;
  int connected_ = -1;       // AP index, -1 = disconnected
  bool used_caching_ = false;  // the current association used PMKSA caching
  int step_ = 0;
  int eap_id_ = 0;
  int btm_token_ = 0;     // synth_conn.cc: last BTM dialog token
  int psk_failures_ = 0;  // synth_conn.cc: consecutive 4-way failures
  // The hostapd side (synth_hostapd.h); null without a "hostapd" block.
  std::unique_ptr<HostapdSide> hostapd_;
  bool reauth_ = false;  // FullAuthHandshake runs for a re-authentication
};

}  // namespace roamreplay::synth_internal
