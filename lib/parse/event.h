#pragma once

// Typed events: what a wpa_supplicant log line means for the PMKSA model.
// One flat struct rather than a variant: events are produced millions of
// times per second and most carry the same few fields (an address, a PMKID,
// a number).

#include <cstdint>
#include <string>
#include <string_view>

#include "base/hex.h"
#include "base/mac_address.h"

namespace roamreplay {

#define ROAMREPLAY_EVENT_TYPES(X)                                                      \
  /* Connection flow */                                                                \
  X(SelectedBss)            /* "   selected BSS <bssid> ssid='...'"                */  \
  X(RequestAssociation)     /* "Request association: ... bssid: X" / "with X"      */  \
  X(SmeTryAuthenticate)     /* "SME: Trying to authenticate with X" (0.7.3: no SME) */ \
  X(TryAssociate)           /* "Trying to associate with X (SSID='..' ...)"         */ \
  X(Associated)             /* "Associated with X"                                  */ \
  X(StateChange)            /* "State: A -> B"                                      */ \
  X(Connected)              /* "CTRL-EVENT-CONNECTED - Connection to X completed"   */ \
  X(Disconnected)           /* "CTRL-EVENT-DISCONNECTED bssid=X reason=N"           */ \
  X(AssocReject)            /* "CTRL-EVENT-ASSOC-REJECT bssid=X status_code=N"      */ \
  X(AuthTimedOut)           /* "Authentication with X timed out."                   */ \
  X(EapStarted)             /* "CTRL-EVENT-EAP-STARTED"                             */ \
  X(EapSuccess)             /* "CTRL-EVENT-EAP-SUCCESS"                             */ \
  X(EapFailure)             /* "CTRL-EVENT-EAP-FAILURE"                             */ \
  X(RxEapol)                /* "RX EAPOL from X"                                    */ \
  X(RxMsg1of4)              /* "WPA: RX message 1 of 4-Way Handshake from X"        */ \
  X(KeyNegCompleted)        /* "WPA: Key negotiation completed with X [...]"        */ \
  X(VersionBanner)          /* "wpa_supplicant v2.9"                                */ \
  X(OwnMacAddress)          /* "Own MAC address: X" / "Using random MAC address X"  */ \
  X(OwnMacChanged)          /* "nl80211: Own MAC address on ifindex N (..) changed from X to Y" */ \
  X(PtkDerivation)          /* "WPA: PTK derivation - A1=<own> A2=<bssid>"          */ \
  X(ConfigChange)           /* "CTRL_IFACE: SET_NETWORK id=N name='..'" / REMOVE_NETWORK */ \
  X(EapolTxStart)           /* "EAPOL: txStart"                                     */ \
  X(StallFallback)          /* "RSN: Timeout on waiting for the AP to initiate ..." */ \
  X(PeapDerivedKey)         /* "EAP-PEAP: Derived key - hexdump(len=64)" (MSK)      */ \
  /* Connection: triggers, authentication/association flows, outcomes */             \
  X(CtrlCommand)            /* "Control interface command 'ROAM X'" / "CTRL_IFACE ROAM X" ... */ \
  X(BgscanRequest)          /* "bgscan simple: Request a background scan"           */ \
  X(RoamConsider)           /* "Considering within-ESS reassociation"               */ \
  X(SignalChange)           /* "CTRL-EVENT-SIGNAL-CHANGE above=N signal=N ..."      */ \
  X(RssiLow)                /* "nl80211: Connection quality monitor event: RSSI low" */ \
  X(BeaconLoss)             /* "CTRL-EVENT-BEACON-LOSS"                             */ \
  X(BtmRequest)             /* "WNM: BSS Transition Management Request: ..."        */ \
  X(BtmNoCandidates)        /* "WNM: BSS Transition Management Request did not include candidates" */ \
  X(BtmTransition)          /* "WNM: Transition to BSS X based on BSS Transition ..." */ \
  X(BtmResponse)            /* "WNM: Send BSS Transition Management Response to X ... status=N" */ \
  X(KeyMgmt)                /* "WPA: using KEY_MGMT FT/802.1X" / "RSN: using KEY_MGMT SAE" */ \
  X(PmksaCachingDisabled)   /* "WPA: Disable PMKSA caching for FT/802.1X connection" ... */ \
  X(SmeAuthResponse)        /* "SME: Authentication response: peer=X auth_type=N ... status_code=N" */ \
  X(AuthReject)             /* "CTRL-EVENT-AUTH-REJECT X auth_type=N ... status_code=N" */ \
  X(FtCompleted)            /* "FT: Completed successfully"                         */ \
  X(FtFailure)              /* "FT: RSNE mismatch ...", "FT: Validation of Reassociation Response failed" */ \
  X(DeauthRequest)          /* "Request to deauthenticate - bssid=X ... reason=N (NAME) state=S" */ \
  X(FourWayFailed)          /* "WPA: 4-Way Handshake failed - pre-shared key may be incorrect" */ \
  /* Connection: scans, FT over the DS, mobility domain, D-Bus scans (issue 11) */     \
  X(ScanStart)              /* "Starting AP scan for wildcard SSID", "Scan requested (ret=0)" */ \
  X(ScanResults)            /* "New scan results available", "Received scan results (N BSSes)" */ \
  X(DbusScan)               /* "dbus: fi.w1.wpa_supplicant1.Interface.Scan (..) [..]" */ \
  X(FtOverDs)               /* "FT: Request over-the-DS with X"                     */ \
  X(FtMobilityDomain)       /* "SME: FT mobility domain a1b2" (text: "a1b2")       */ \
  X(IgnoreListAdd)          /* "Added BSSID X into ignore list, ..." / "BSSID X ignore list count incremented" */ \
  X(InterfaceStart)         /* "Successfully initialized wpa_supplicant", "nl80211: deinit ifname=X"; number 1: a device boot (ESP-IDF "wifi:wifi driver task: ..."), the cache is empty */ \
  X(AssocComeback)          /* ESP-IDF "Association refused temporarily, comeback time N (TUs)" */ \
  /* Network configuration as the -dd log dumps it while reading the file */           \
  X(NetworkBlock)           /* "Line: N - start of a new network block"             */ \
  X(NetworkOption)          /* "proactive_key_caching=1 (0x1)", "ft_eap_pmksa_caching=1 (0x1)", "okc=1" */ \
  X(NetworkListed)          /* "   id=N ssid='corp'" (the configured networks)       */ \
  /* 4-way handshake: PMKID and PMK */                                                 \
  X(PmkidFromAuthenticator) /* "RSN: PMKID from Authenticator - hexdump(len=16)"    */ \
  X(MatchedPmkid)           /* "RSN: matched PMKID - hexdump(len=16)"               */ \
  X(PmkidDerived)           /* "RSN: Derived PMKID - hexdump(len=16)" (2.x)         */ \
  X(FoundMatchingPmkid)     /* "RSN: found matching PMKID from PMKSA cache"         */ \
  X(NoMatchingPmkid)        /* "RSN: no matching PMKID found"                       */ \
  X(NewPmkMatchesPmkid)     /* "RSN: the new PMK matches with the PMKID"            */ \
  X(PmkFromEapol)           /* "WPA: PMK from EAPOL state machines - hexdump"       */ \
  X(PmkFromCache)           /* "RSN: PMK from PMKSA cache - hexdump"                */ \
  X(CachedAttemptCancelled) /* "RSN: Cancelled PMKSA caching attempt" (msg 1/4)     */ \
  X(TriggerFullEap)         /* "RSN: no PMKSA entry found - trigger full EAP ..."   */ \
  X(PmkidMismatch)          /* "RSN: PMKID mismatch - authentication server ..."    */ \
  X(CachingUsed)            /* "EAPOL: PMKSA caching was used - skip EAPOL"         */ \
  /* PMKSA cache (src/rsn_supp/pmksa_cache.c) */                                      \
  X(PmksaAdded)             /* "RSN: added PMKSA cache entry for X" / "Added ..."   */ \
  X(PmksaReusing)           /* "WPA: reusing previous PMKSA entry"                  */ \
  X(PmksaReplace)           /* "RSN: Replace PMKSA entry for the current AP[...]"   */ \
  X(PmksaReplacingCurrent)  /* "RSN: replacing current PMKSA entry"                 */ \
  X(PmksaFlush)             /* "RSN: Flush PMKSA cache entry for X"                 */ \
  X(PmksaExpired)           /* "RSN: expired PMKSA cache entry for X"               */ \
  X(PmksaEvicted)           /* "RSN: removed the oldest [idle] PMKSA cache entry"   */ \
  X(PmksaFreeCb)            /* "RSN: PMKSA cache entry free_cb: X reason=N"         */ \
  X(OkcConsider)            /* "RSN: Consider X for OKC"                            */ \
  X(OkcAdded)               /* "RSN: added opportunistic PMKSA cache entry for X"   */ \
  X(OkcNotCloned)           /* "RSN: Do not clone PMKSA cache entry for X since ..." */ \
  X(PmksaSearch)            /* "RSN: PMKSA cache search - network_ctx=..."          */ \
  X(PmksaSearchBssid)       /* "RSN: Search for BSSID X"                            */ \
  X(PmksaSelected)          /* "RSN: PMKID - hexdump" / "...entry found - PMKID"    */ \
  X(PmksaNotFound)          /* "RSN: No PMKSA cache entry found"                    */ \
  X(TryingCachedPmksa)      /* "RSN: Trying to use cached PMKSA"                    */ \
  X(OkcValidated)           /* "RSN: Authenticator accepted opportunistic ..."      */ \
  X(PmkidNotAccepted)       /* "RSN: Authenticator did not accept PMKID, ..."       */ \
  X(CancellingCached)       /* "RSN: Cancelling PMKSA caching attempt"              */ \
  X(ClearCurrentPmksa)      /* "RSN: Clear current PMKSA entry selection"           */ \
  X(SaeCachingRejected)     /* "PMKSA caching attempt rejected - drop PMKSA ..."    */ \
  /* Key hierarchies of SAE, FT and MLO (lib/model/pmksa_akm.cc)                    */ \
  X(SaePmkid)               /* "SAE: PMKID - hexdump(len=16)" (sae_derive_keys)    */ \
  X(SaeDropPmksa)           /* "SAE: Drop PMKSA cache entry" (events.c, status 53) */ \
  X(PmksaPostponed)         /* "RSN: postpone PMKSA cache entry expiration for SAE with X" */ \
  X(SaeReauthNotAllowed)    /* "RSN: Do not allow PMKSA cache entry for X to be used for SAE ..." */ \
  X(FtPmkr0Name)            /* "FT: PMKR0Name - hexdump(len=16)"                    */ \
  X(FtPmkr1Name)            /* "FT: PMKR1Name - hexdump(len=16)"                    */ \
  X(FtEapNoDriverPmkid)     /* "Do not add PMKID entry to the driver since FT-EAP PMKSA caching ..." */ \
  X(DriverPmksaFailed)      /* "nl80211: NL80211_CMD_SET_PMKSA failed: -95 (...)"   */ \
  X(MldAddress)             /* "MLD: address: X" (AP MLD address in the assoc response) */ \
  X(SaeReauthDriverRemoved) /* "RSN: remove reauth threshold passed PMKSA from the driver for SAE" */ \
  X(FilsCacheIdSearch)      /* "RSN: Search for FILS Cache Identifier abcd" (number = id) */ \
  X(DriverPmksaCacheId)     /* "nl80211: Add PMKSA for cache id abcd SSID s" (number = id) */ \
  X(ExternalAuth)           /* "nl80211: External auth action: N, AKM: 0x.., SSID: s, BSSID: X" */ \
  X(PmksaCacheAddedEvent)   /* "PMKSA-CACHE-ADDED X N"                              */ \
  X(PmksaCacheRemovedEvent) /* "PMKSA-CACHE-REMOVED X N"                            */

enum class EventType : uint8_t {
  kNone = 0,
#define ROAMREPLAY_EVENT_ENUM(name) k##name,
  ROAMREPLAY_EVENT_TYPES(ROAMREPLAY_EVENT_ENUM)
#undef ROAMREPLAY_EVENT_ENUM
      kCount
};

/// "PmksaAdded" for EventType::kPmksaAdded.
std::string_view EventTypeName(EventType type);

/// Supplicant association states (wpa_supplicant_state_txt()).
enum class WpaState : uint8_t {
  kUnknown,
  kDisconnected,
  kInterfaceDisabled,
  kInactive,
  kScanning,
  kAuthenticating,
  kAssociating,
  kAssociated,
  k4WayHandshake,
  kGroupHandshake,
  kCompleted,
};
std::string_view WpaStateName(WpaState state);
WpaState ParseWpaState(std::string_view name);

/// Which hostap generation a message spelling belongs to, when it tells.
enum class Spelling : uint8_t {
  kAny,      ///< Same text in every era.
  k073,      ///< 0.7.3 only (no "SME: " prefix, ...).
  k2011,     ///< 0.7.3 and 0.8.x up to 2012 ("RSN: added PMKSA cache entry for").
  kCurrent,  ///< 2.x ("RSN: Added PMKSA cache entry for X ... akmp=").
};

struct Event {
  EventType type = EventType::kNone;
  Spelling spelling = Spelling::kAny;
  MacAddress addr;   ///< BSSID / AA / entry address, when the line has one.
  MacAddress addr2;  ///< Second address (own address "spa=" in 2.x adds).
  bool has_addr = false;
  bool has_addr2 = false;
  Pmkid pmkid;        ///< PMKID hexdumps.
  int32_t number = 0; ///< status_code / reason / free_cb reason / network id / ver / akmp.
  /// Second number: auth_type of authentication responses and rejects;
  /// locally_generated (0/1) of CTRL-EVENT-DISCONNECTED (-1 when absent).
  int32_t number2 = 0;
  WpaState from = WpaState::kUnknown;
  WpaState to = WpaState::kUnknown;
  /// For kPmksaReplace: true for the 2.1+ text "... and any PMKSA cache entry
  /// that was based on the old PMK" (4033935d).
  bool narrow_flush_text = false;
  /// Key hexdumps (PMK): bytes were printed (-K). `key_hex` then holds them.
  bool key_shown = false;
  std::string key_hex;  ///< Lowercase hex, only when key_shown.
  /// Free text payload where a later stage may want it (SSID, version).
  std::string text;

  /// Stable one-line rendering for tests: "PmksaAdded addr=.. pmkid=..".
  std::string ToDebugString() const;
};

}  // namespace roamreplay
