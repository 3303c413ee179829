#include "report/finding_guide.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace roamreplay {

std::string_view FindingHint(std::string_view kind) {
  static const std::map<std::string_view, std::string_view> kHints = {
      {"stale-pmkid-reuse",
       "station: a pre-2011 supplicant keeps OKC entries of a replaced PMK; update to hostap "
       "1.0+ (commit c3fea272, 2.1+ for 4033935d) or set proactive_key_caching=0"},
      {"pmkid-rejected",
       "nothing to fix by itself: the station fell back to full authentication; the cause "
       "(stale-entry, ap-refused) and the finding beside it say what to change"},
      {"ap-forgot-pmksa",
       "network: the AP or controller dropped the PMKSA before the station did; make its PMKSA "
       "lifetime at least the station's (hostapd dot11RSNAConfigPMKLifetime, controller PMK "
       "cache timeout) and check for AP reboots or controller hand-overs"},
      {"okc-unsupported",
       "enable OKC on the network (hostapd okc=1, shared PMKSA cache on the controller) or "
       "turn it off on the station (proactive_key_caching=0) to save a refused attempt per roam"},
      {"over-flush",
       "station: hostap 1.0-2.0 (c3fea272) flushes every entry of the network on a PMK change; "
       "update to 2.1+ (4033935d flushes only entries holding the replaced PMK)"},
      {"config-flush",
       "station: a network manager re-set the network (SET_NETWORK/REMOVE_NETWORK), which "
       "flushes its PMKSA entries; avoid reconfiguring the network while connected"},
      {"pmksa-stall",
       "network: the AP or controller is slow to look up the PMKSA or to start the 4-way "
       "handshake; check its PMKSA cache and RADIUS latency"},
      {"msk-mismatch",
       "station and RADIUS server derived different keys: check the EAP method settings on both "
       "ends (PEAP version, crypto binding, TTLS phase 2) and the server software"},
      {"pmkid-mismatch",
       "station and AP compute PMKIDs differently: check the AKM (key_mgmt SHA-1 vs SHA-256 "
       "variants) and driver/firmware offload of PMKSA caching"},
      {"eviction-churn",
       "station: more APs than the 32-entry PMKSA cache holds (PMKSA_CACHE_MAX_ENTRIES in "
       "src/rsn_supp/pmksa_cache.c); fewer roaming candidates or a larger cache"},
      {"expired-entry-offered",
       "station: the entry outlived dot11RSNAConfigPMKLifetime / dot11RSNAConfigPMKReauthThreshold; "
       "update to a supplicant with bb93ea23 and 74db49d7, or align the lifetimes"},
      {"own-mac-changed",
       "station: MAC randomisation changed the own address; keep one address per network "
       "(wpa_supplicant mac_addr=0 or 2, NetworkManager wifi.cloned-mac-address=stable)"},
      {"full-eap-on-roam",
       "enable fast roaming: OKC (proactive_key_caching=1, hostapd okc=1) or 802.11r (key_mgmt "
       "FT-EAP, hostapd ieee80211r=1), so roams skip full EAP"},
      {"slow-roam",
       "look at the phase that takes long in `roamreplay report`: full EAP (enable OKC or "
       "802.11r), a scan (bgscan, scan_freq) or the AP's answer"},
      {"ft-failed",
       "network: the AP's FT answer did not validate (RSNE/MDE/FTE mismatch between beacon and FT frames, or an R0KH/R1KH key-holder misconfiguration); align the AP's RSN settings across the mobility domain (hostapd r0kh/r1kh, ft_psk_generate_local, pmk_r1_push)"},
      {"pmksa-caching-disabled",
       "station: FT-EAP does not use PMKSA caching unless the network sets ft_eap_pmksa_caching=1; enable it if the APs support it, or expect full EAP after every disconnect"},
      {"roam-ping-pong",
       "station or network: the station bounces between APs of similar signal; raise the roaming hysteresis (bgscan simple thresholds, driver roam RSSI delta) or lower overlapping APs' power"},
      {"roam-storm",
       "look at the triggers it names: beacon loss or deauths point at the radio/AP side, bgscan or signal changes at roaming thresholds (bgscan, driver roam settings)"},
      {"link-loss",
       "network or radio: beacon loss or an AP-side deauthentication ended the link; check coverage, the AP's inactivity/ap_max_inactivity and the reason code it sent"},
      {"btm-not-followed",
       "network: the AP's BSS Transition Management request named no usable candidate or one the station could not join; check the AP's neighbor report and steering thresholds"},
      {"auth-rejected",
       "network: the AP refused authentication (the status code says why: unsupported algorithm, SAE/FT misconfiguration, too many stations); match the AP's key_mgmt and auth_algs to the station's"},
      {"assoc-rejected",
       "network: the AP refused the association (the status code says why: capabilities, MFP/PMF required, load, the AP's own policy); match its RSN/PMF settings to the station's"},
      {"pmksa-retry-loop",
       "station or network: the AP refuses every cached PMKSA (an AP that does not keep SAE PMKSAs, or an association that fails whatever the PMKID, e.g. a driver without working MFP); fix the association failure first, then check that the AP keeps the PMKSAs it makes"},
      {"akmp-mismatch",
       "station: an entry made with one AKM was offered for another after the network's key management changed; update to a supplicant that matches the AKMP in pmksa_cache_get(), as current hostap does, or flush the cache (PMKSA_FLUSH) when key_mgmt changes"},
      {"sae-pmk-outdated",
       "station: the SAE password changed but the entry made with the old one stayed; flush the network's PMKSA entries with the change (PMKSA_FLUSH, or SET_NETWORK through wpa_supplicant's control interface, which flushes them)"},
  };
  auto it = kHints.find(kind);
  return it == kHints.end() ? std::string_view() : it->second;
}

std::vector<FindingCard> FindingCards(const Report& report) {
  const std::vector<Finding>& f = report.findings;
  std::vector<FindingCard> cards;
  std::vector<bool> merged(f.size(), false);
  auto same_evidence = [](const Finding& a, const Finding& b) {
    if (a.line != b.line || a.evidence.size() != b.evidence.size()) return false;
    for (size_t i = 0; i < a.evidence.size(); ++i)
      if (a.evidence[i].line != b.evidence[i].line) return false;
    return true;
  };
  for (size_t i = 0; i < f.size(); ++i) {
    if (merged[i]) continue;
    FindingCard card{i, -1};
    if (f[i].kind == "pmkid-rejected") {
      for (size_t j = i + 1; j < f.size() && f[j].line == f[i].line; ++j) {
        if (!merged[j] && f[j].kind == "ap-forgot-pmksa" && same_evidence(f[i], f[j])) {
          card.companion = static_cast<long>(j);
          merged[j] = true;
          break;
        }
      }
    }
    cards.push_back(card);
  }
  return cards;
}

char MarkerSymbol(size_t number) {
  if (number >= 1 && number <= 9) return static_cast<char>('0' + number);
  if (number >= 10 && number <= 35) return static_cast<char>('a' + (number - 10));
  if (number >= 36 && number <= 61) return static_cast<char>('A' + (number - 36));
  return '+';
}

std::string FindingsByKind(const Report& report) {
  struct KindCount {
    Severity severity;
    std::string kind;
    size_t count;
  };
  std::vector<KindCount> kinds;
  for (const Finding& f : report.findings) {
    auto it = std::find_if(kinds.begin(), kinds.end(), [&](const KindCount& k) {
      return k.kind == f.kind && k.severity == f.severity;
    });
    if (it != kinds.end()) ++it->count;
    else kinds.push_back({f.severity, f.kind, 1});
  }
  // Past the list's limit: the exact counts (severity as listed, else warning).
  if (report.truncated.count("findings") != 0) {
    for (const auto& entry : report.finding_counts) {
      const std::string& kind = entry.first;
      auto it = std::find_if(kinds.begin(), kinds.end(),
                             [&](const KindCount& k) { return k.kind == kind; });
      if (it != kinds.end()) it->count = entry.second;
      else kinds.push_back({Severity::kWarning, kind, entry.second});
    }
  }
  std::stable_sort(kinds.begin(), kinds.end(), [](const KindCount& a, const KindCount& b) {
    return static_cast<int>(a.severity) < static_cast<int>(b.severity);
  });
  std::string out;
  for (const KindCount& k : kinds)
    out += fmt::format("{}{} {} {}", out.empty() ? "" : ", ", k.count, SeverityName(k.severity),
                       k.kind);
  return out;
}

}  // namespace roamreplay
