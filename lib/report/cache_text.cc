// Text rendering of a cache snapshot (`roamreplay cache`).

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "report/writers.h"

namespace roamreplay {
namespace {

std::string Expiry(const SnapshotEntry& e) {
  if (!e.expiration_us) return "-";
  if (!e.expiration_time.empty()) return e.expiration_time;
  return fmt::format("{}.{:06d}", *e.expiration_us / 1'000'000, *e.expiration_us % 1'000'000);
}

std::string KeyLine(const SnapshotEntry& e) {
  std::vector<std::string> parts;
  if (e.keys.akmp != 0)
    parts.push_back(fmt::format("akm {} (akmp=0x{:x})", e.keys.akm, static_cast<unsigned>(e.keys.akmp)));
  if (e.keys.ap_mld) parts.push_back("AP MLD address");
  if (!e.keys.pmkid_source.empty()) parts.push_back("PMKID from " + e.keys.pmkid_source);
  if (e.keys.pmkid_learned_line != 0)
    parts.push_back(fmt::format("PMKID learned later (line {})", e.keys.pmkid_learned_line));
  if (e.keys.driver_pmksa != "unknown") parts.push_back("driver PMKSA " + e.keys.driver_pmksa);
  if (e.keys.expiration_postponed_line)
    parts.push_back(fmt::format("expiration postponed (line {})", e.keys.expiration_postponed_line));
  if (e.keys.fils_cache_id >= 0) parts.push_back(fmt::format("FILS cache id {:04x}", e.keys.fils_cache_id));
  if (e.keys.origin != "supplicant") parts.push_back("origin " + e.keys.origin);
  if (parts.empty()) return "";
  std::string line = "        ";
  for (size_t i = 0; i < parts.size(); ++i) line += (i ? ", " : "") + parts[i];
  return line + "\n";
}

void WriteTable(const std::vector<SnapshotEntry>& entries, bool show_stale, std::ostream& out) {
  if (entries.empty()) {
    out << "  (empty)\n";
    return;
  }
  size_t expires_width = 7;
  for (const SnapshotEntry& e : entries) expires_width = std::max(expires_width, Expiry(e).size());
  out << fmt::format("  {:<3} {:<17} {:<17} {:<32} {:>3} {:<5} {:<{}} {:>6}  {}\n", "#",
                     "AA (BSSID)", "own address", "PMKID", "gen", "flags", "expires",
                     expires_width, "line", show_stale ? "status" : "");
  bool keys_known = std::any_of(entries.begin(), entries.end(), [](const SnapshotEntry& e) {
    return e.keys.akmp != 0 || e.keys.ap_mld || e.keys.pmkid_learned_line != 0;
  });
  int i = 0;
  for (const SnapshotEntry& e : entries) {
    std::string flags = std::string(e.clone ? "okc" : "") + (e.opportunistic ? "?" : "");
    std::string status = show_stale ? (e.stale ? "STALE: " + e.stale_reason : "valid") : "";
    out << fmt::format("  {:<3} {:<17} {:<17} {:<32} {:>3} {:<5} {:<{}} {:>6}  {}\n", ++i,
                       e.bssid.ToString(), e.own_address ? e.own_address->ToString() : "-",
                       e.pmkid.known ? e.pmkid.ToHex() : "(not logged)", e.generation,
                       flags.empty() ? "-" : flags, Expiry(e), expires_width, e.created_line,
                       status);
    // Key management beneath the row, when the log tells it (2.x akmp=,
    // SAE, AP MLD, a PMKID learned after this point): old golden tables
    // stay as they were.
    if (keys_known) out << KeyLine(e);
  }
}

}  // namespace

void WriteCacheSnapshotText(const CacheSnapshot& snap, std::ostream& out) {
  out << fmt::format("PMKSA cache after line {}{}\n", snap.at_line,
                     snap.time.empty() ? ""
                     : snap.time_iso.empty() ? " (" + snap.time + ")"
                                             : " (" + snap.time + ", " + snap.time_iso + ")");
  out << "\nSupplicant (as the log implies), in list order:\n";
  WriteTable(snap.observed, true, out);
  out << "\nReference (a supplicant that never offers a stale PMKID):\n";
  WriteTable(snap.reference, false, out);
  out << "\nflags: okc = OKC clone, ? = not yet accepted by an AP (opportunistic)\n";
}

void WriteApCacheSnapshotText(const CacheSnapshot& snap, std::ostream& out) {
  out << fmt::format("AP-side PMKSA caches (hostapd logs) after station line {}{}\n", snap.at_line,
                     snap.time.empty() ? "" : " (" + snap.time + ")");
  if (snap.ap.empty()) {
    out << "  (empty)\n";
    return;
  }
  out << fmt::format("  {:<3} {:<30} {:<17} {:<32} {:<5} {:>6}\n", "#", "AP (BSS, process cache)",
                     "station", "PMKID", "flags", "line");
  int i = 0;
  for (const SnapshotEntry& e : snap.ap)
    out << fmt::format("  {:<3} {:<30} {:<17} {:<32} {:<5} {:>6}\n", ++i, e.ap,
                       e.own_address ? e.own_address->ToString() : "-",
                       e.pmkid.known ? e.pmkid.ToHex() : "(not logged)", e.clone ? "okc" : "-",
                       e.created_line);
  out << "\nflags: okc = created by an OKC match; line = the AP log line that added it\n";
}

}  // namespace roamreplay
