#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "base/hex.h"
#include "base/mac_address.h"
#include "model/line_ref.h"

namespace roamreplay {

/// One PMKSA cache entry as the model knows it. PMKs are normally printed as
/// "[REMOVED]", so the PMK is represented by its lineage: `generation` is the
/// number of the full authentication that produced it (an OKC clone inherits
/// its source's generation; 0 = produced before the log starts).
struct PmksaEntry {
  MacAddress aa;        ///< Authenticator address (the AP's BSSID).
  MacAddress spa;       ///< Own address, when the log shows it (2.x "spa=").
  bool has_spa = false;
  Pmkid pmkid;          ///< As logged; unknown until a line shows it.
  int generation = 0;
  int network = 0;      ///< Index of the network (SSID) it belongs to.
  bool clone = false;          ///< Created by OKC from another entry.
  bool opportunistic = false;  ///< Clone not yet accepted by an AP.
  LineRef created;             ///< The line that added it.
  std::string pmk_hex;         ///< The PMK, only when the log shows it (-K).
};

/// An ordered PMKSA cache. Order is the supplicant's list order (insertion
/// order for entries of equal lifetime), which decides the OKC clone source.
class PmksaCache {
 public:
  static constexpr size_t kMaxEntries = 32;

  const std::vector<PmksaEntry>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }

  PmksaEntry* Find(const MacAddress& aa);
  const PmksaEntry* Find(const MacAddress& aa) const;
  PmksaEntry* FindByPmkid(const Pmkid& pmkid);
  /// First entry of `network` in list order, skipping `except` (the OKC
  /// clone source in pmksa_cache_get_opportunistic()).
  const PmksaEntry* FirstOfNetwork(int network, const MacAddress* except) const;

  /// Appends `entry`, replacing any entry for the same AA (one entry per
  /// identity). Returns the replaced entry, if any.
  std::optional<PmksaEntry> Insert(PmksaEntry entry);
  /// Removes the entry for `aa`; returns it, or nullopt if absent.
  std::optional<PmksaEntry> Remove(const MacAddress& aa);
  void Clear() { entries_.clear(); }

 private:
  std::vector<PmksaEntry> entries_;
};

}  // namespace roamreplay
