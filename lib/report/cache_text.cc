// Text rendering of a cache snapshot (`roamreplay cache`).

#include <algorithm>

#include <fmt/format.h>

#include "report/writers.h"

namespace roamreplay {
namespace {

std::string Expiry(const SnapshotEntry& e) {
  if (!e.expiration_us) return "-";
  if (!e.expiration_time.empty()) return e.expiration_time;
  return fmt::format("{}.{:06d}", *e.expiration_us / 1'000'000, *e.expiration_us % 1'000'000);
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
  int i = 0;
  for (const SnapshotEntry& e : entries) {
    std::string flags = std::string(e.clone ? "okc" : "") + (e.opportunistic ? "?" : "");
    std::string status = show_stale ? (e.stale ? "STALE: " + e.stale_reason : "valid") : "";
    out << fmt::format("  {:<3} {:<17} {:<17} {:<32} {:>3} {:<5} {:<{}} {:>6}  {}\n", ++i,
                       e.bssid.ToString(), e.own_address ? e.own_address->ToString() : "-",
                       e.pmkid.known ? e.pmkid.ToHex() : "(not logged)", e.generation,
                       flags.empty() ? "-" : flags, Expiry(e), expires_width, e.created_line,
                       status);
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
