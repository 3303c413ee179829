#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "base/hex.h"
#include "base/mac_address.h"
#include "model/line_ref.h"

namespace roamreplay {

/// Where an entry's PMKID came from (JSON "pmkid_source").
enum class PmkidSource : uint8_t {
  kUnknown,  ///< Not logged yet.
  kHmac,     ///< HMAC of the PMK: "RSN: Derived PMKID", or recomputed from a shown PMK.
  kSae,      ///< The SAE exchange ("SAE: PMKID"), or an SAE clone's source.
  kLogged,   ///< Shown by a selection or msg 1/4 only.
};
/// "hmac", "sae", "logged"; "" for kUnknown.
std::string_view PmkidSourceName(PmkidSource source);

/// What the driver holds of an entry (nl80211 SET_PMKSA), as far as the
/// supplicant's log tells. The model never judges from it.
enum class DriverPmksa : uint8_t {
  kUnknown,   ///< Not logged (the usual case; offloading drivers keep their own).
  kRefused,   ///< "nl80211: NL80211_CMD_SET_PMKSA failed: ..." right after the add.
  kNotAdded,  ///< "FT: Do not add PMKID entry to the driver since FT-EAP PMKSA caching ..."
  /// "RSN: remove reauth threshold passed PMKSA from the driver for SAE"
  /// (driver BSS selection: the driver must not use it for roaming any more;
  /// the supplicant keeps it until it expires).
  kRemovedReauth,
};

/// One PMKSA cache entry as the model knows it. PMKs are normally printed as
/// "[REMOVED]", so the PMK is represented by its lineage: `generation` is the
/// number of the full authentication that produced it (an OKC clone inherits
/// its source's generation; 0 = produced before the log starts).
struct PmksaEntry {
  MacAddress aa;        ///< Authenticator address (the AP's BSSID).
  MacAddress spa;       ///< Own address, when known (2.x "spa=", else the station's).
  bool has_spa = false;
  /// The log printed the own address with the entry ("RSN: Added ... spa="):
  /// that supplicant keys entries by (AA, own address) (hostap 9f04a9c8,
  /// 2022); entries without it are keyed by AA alone, as in 2011.
  bool spa_logged = false;
  Pmkid pmkid;          ///< As logged; unknown until a line shows it.
  int generation = 0;
  /// Which PMK the entry holds, when `generation` cannot tell: every PMK
  /// from before the log is generation 0, but each gets its own negative
  /// lineage here (0 = the same as `generation`). OKC clones copy it.
  int pmk_lineage = 0;
  int network = 0;      ///< Index of the network (SSID) it belongs to.
  bool clone = false;          ///< Created by OKC from another entry.
  bool opportunistic = false;  ///< Clone not yet accepted by an AP.
  LineRef created;             ///< The line that added it.
  std::string pmk_hex;         ///< The PMK, only when the log shows it (-K, PEAP MSK).
  LineRef pmk_line;            ///< Where the PMK was shown.
  LineRef pmkid_line;          ///< Where the PMKID was first shown.
  int akmp = 0;                ///< AKM bits when logged (2.x "akmp=0x.."); 0 = unknown.
  PmkidSource pmkid_source = PmkidSource::kUnknown;
  /// AA is an AP MLD address (Wi-Fi 7 multi-link): one entry for every link
  /// of that AP MLD, looked up by the MLD address, not a link BSSID.
  bool ap_mld = false;
  /// For an AP MLD's SAE entry: the link BSSID the SAE exchange ran on.
  std::optional<MacAddress> auth_link;
  /// An SAE entry whose PMKID is not the one its exchange derived (hostap
  /// before ca974ae5 stored an HMAC of the PMK): no AP knows it.
  bool pmkid_not_sae = false;
  /// FT key hierarchy names derived from this entry's PMK (FT/802.1X, FT-SAE).
  Pmkid pmkr0_name;
  Pmkid pmkr1_name;
  DriverPmksa driver = DriverPmksa::kUnknown;
  /// FILS Cache Identifier the entry was made for (pmksa_cache_add()
  /// cache_id; logged by "nl80211: Add PMKSA for cache id abcd" or found by
  /// "RSN: Search for FILS Cache Identifier abcd"); -1 = none known.
  int fils_cache_id = -1;
  /// Made after the driver asked for SAE (external authentication, "nl80211:
  /// External auth action: 0"): the driver, not the supplicant, associates
  /// and holds the PMKSA for its own roaming (JSON "origin").
  bool external_auth = false;
  /// "RSN: postpone PMKSA cache entry expiration for SAE": hostap keeps the
  /// current SAE entry past its lifetime while associated (pmksa_cache_expire()).
  LineRef postponed;
  /// A password change (SET_NETWORK sae_password/psk) after the entry was
  /// made: its PMK came from the old password.
  LineRef password_changed;
  /// Absolute expiry and re-authentication times on the log's clock, in
  /// microseconds; 0 when the log has no timestamps. An OKC clone copies
  /// its source's expiration (not its reauth time, as hostap before 2021).
  int64_t expiration_us = 0;
  int64_t reauth_us = 0;
  /// When the PMK itself was established (an OKC clone: its source's PMK).
  int64_t pmk_created_us = 0;
  bool current = false;  ///< The supplicant's cur_pmksa (selected for use).

  /// Identifies the PMK: entries with the same lineage hold the same PMK.
  int Lineage() const { return pmk_lineage != 0 ? pmk_lineage : generation; }
};

/// An ordered PMKSA cache in the supplicant's list order: entries are
/// inserted by expiration (ascending, after equal ones) and never re-sorted,
/// so an OKC clone keeps its insertion position although its expiration is
/// then overwritten with its source's. The order decides the OKC clone
/// source (the first entry of the network) and which entry is evicted.
class PmksaCache {
 public:
  static constexpr size_t kMaxEntries = 32;

  /// Whether eviction may drop the current entry: yes before hostap
  /// 0e502f97c (2012-08), no after ("oldest idle").
  void set_evict_current(bool evict) { evict_current_ = evict; }
  /// The station's address now. Lookups by AA then skip entries logged for
  /// another own address (they stay in the list, unusable).
  void set_own_address(const std::optional<MacAddress>& own) { own_ = own; }

  const std::vector<PmksaEntry>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }

  PmksaEntry* Find(const MacAddress& aa);
  const PmksaEntry* Find(const MacAddress& aa) const;
  PmksaEntry* FindByPmkid(const Pmkid& pmkid);
  /// First entry of `network` in list order, skipping `except` (the OKC
  /// clone source in pmksa_cache_get_opportunistic()).
  /// With `spa`, only entries made for that own address (hostap 9f04a9c8+).
  const PmksaEntry* FirstOfNetwork(int network, const MacAddress* except,
                                   const std::optional<MacAddress>& spa = std::nullopt) const;

  /// Inserts `entry` in expiration order, replacing any entry for the same
  /// AA (one entry per identity). Returns the replaced entry, if any. When
  /// the cache is full, first evicts the oldest (idle) entry into `*evicted`
  /// (if non-null) as pmksa_cache_add() does.
  std::optional<PmksaEntry> Insert(PmksaEntry entry, std::optional<PmksaEntry>* evicted = nullptr);
  /// Removes every entry whose expiration is set and <= `now_us`, in list
  /// order; returns them.
  std::vector<PmksaEntry> ExpireUntil(int64_t now_us);
  /// Removes the entry for `aa`; returns it, or nullopt if absent.
  std::optional<PmksaEntry> Remove(const MacAddress& aa);
  /// Marks the entry for `aa` as the current one (cur_pmksa), no other.
  void SetCurrent(const MacAddress& aa);
  void Clear() { entries_.clear(); }

 private:
  bool Usable(const PmksaEntry& e) const {
    return !own_ || !e.spa_logged || e.spa == *own_;
  }

  std::vector<PmksaEntry> entries_;
  bool evict_current_ = false;
  std::optional<MacAddress> own_;
};

}  // namespace roamreplay
