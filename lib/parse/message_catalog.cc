#include "parse/message_catalog.h"

#include <string>
#include <unordered_map>
#include <vector>

#include "base/string_util.h"
#include "parse/event_parser.h"

namespace roamreplay {
namespace {

constexpr char kWild = '\037';

struct RawEntry {
  const char* pattern;
  uint8_t eras;
  uint8_t kind;  // 0 wpa_msg, 1 wpa_printf, 2 hexdump title, 3 hexdump_ascii title
};

constexpr RawEntry kRawEntries[] = {
#include "parse/catalog/message_catalog.inc"
};

// Lines that no format string in the catalogue spells out literally: the
// state-machine macros (SM_ENTRY), wpa_printf with a computed prefix, and the
// multi-line parts of a hexdump.
constexpr RawEntry kExtraEntries[] = {
    {"EAPOL: SUPP_PAE entering state \037", 7, 1},
    {"EAPOL: KEY_RX entering state \037", 7, 1},
    {"EAPOL: SUPP_BE entering state \037", 7, 1},
    {"EAP: EAP entering state \037", 7, 1},
    {"WPA: Set own WPA IE default", 7, 2},
    {"RSN: Added PMKSA cache entry for \037 network_ctx=\037 akmp=0x\037", 4, 1},
    {"RSN: Added PMKSA cache entry for \037 network_ctx=\037", 4, 1},
    {"Successfully initialized wpa_supplicant", 7, 1},
};

// Glob match where kWild stands for any run of characters (possibly empty).
bool GlobMatch(std::string_view pattern, std::string_view text) {
  size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == kWild) {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == kWild) ++p;
  return p == pattern.size();
}

constexpr size_t kLongKey = 8;
constexpr size_t kShortKey = 4;
constexpr size_t kMaxMatchBytes = 8192;

}  // namespace

struct MessageCatalog::Impl {
  struct Entry {
    std::string_view pattern;
    uint8_t eras;
    bool hexdump;
  };
  std::vector<Entry> entries;
  // Buckets keyed by the first kLongKey (or kShortKey) literal characters.
  std::unordered_map<std::string_view, std::vector<uint32_t>> long_buckets;
  std::unordered_map<std::string_view, std::vector<uint32_t>> short_buckets;
  // Patterns with a wildcard within their first kShortKey characters, with
  // their longest literal segment: tried only when the buckets fail.
  std::vector<std::pair<std::string_view, uint32_t>> floating;

  void Add(const RawEntry& raw) {
    std::string_view pattern(raw.pattern);
    size_t literal = pattern.find(kWild);
    if (literal == std::string_view::npos) literal = pattern.size();
    uint32_t index = static_cast<uint32_t>(entries.size());
    entries.push_back({pattern, raw.eras, raw.kind >= 2});
    if (literal >= kLongKey)
      long_buckets[pattern.substr(0, kLongKey)].push_back(index);
    else if (literal >= kShortKey)
      short_buckets[pattern.substr(0, kShortKey)].push_back(index);
    else
      floating.emplace_back(LongestSegment(pattern), index);
  }

  static std::string_view LongestSegment(std::string_view pattern) {
    std::string_view best;
    while (!pattern.empty()) {
      size_t wild = pattern.find(kWild);
      std::string_view seg = pattern.substr(0, wild);
      if (seg.size() > best.size()) best = seg;
      if (wild == std::string_view::npos) break;
      pattern.remove_prefix(wild + 1);
    }
    return best;
  }

  uint8_t MatchFloating(std::string_view text, bool is_hexdump) const {
    for (const auto& [segment, i] : floating) {
      const Entry& e = entries[i];
      if (e.hexdump != is_hexdump || text.find(segment) == std::string_view::npos) continue;
      if (GlobMatch(e.pattern, text)) return e.eras;
    }
    return 0;
  }

  uint8_t MatchIn(const std::vector<uint32_t>& bucket, std::string_view body,
                  std::string_view hex_title, bool is_hexdump) const {
    for (uint32_t i : bucket) {
      const Entry& e = entries[i];
      if (e.hexdump != is_hexdump) continue;
      if (GlobMatch(e.pattern, is_hexdump ? hex_title : body)) return e.eras;
    }
    return 0;
  }
};

MessageCatalog::MessageCatalog() {
  auto* impl = new Impl();  // lives for the process, like the table it indexes
  impl->entries.reserve(std::size(kRawEntries) + std::size(kExtraEntries));
  for (const RawEntry& e : kRawEntries) impl->Add(e);
  for (const RawEntry& e : kExtraEntries) impl->Add(e);
  impl_ = impl;
}

const MessageCatalog& MessageCatalog::Default() {
  static const MessageCatalog catalog;
  return catalog;
}

size_t MessageCatalog::size() const { return impl_->entries.size(); }

uint8_t MessageCatalog::Match(std::string_view body) const {
  std::string_view title, payload;
  bool ascii = false;
  bool is_hexdump = SplitHexdump(body, &title, &payload, &ascii);
  std::string_view key_text = is_hexdump ? title : body;
  // Glob matching is O(pattern * text); no format string produces a
  // non-hexdump line this long, so it cannot be a known one.
  if (key_text.size() > kMaxMatchBytes) return 0;
  if (key_text.size() >= kLongKey) {
    auto it = impl_->long_buckets.find(key_text.substr(0, kLongKey));
    if (it != impl_->long_buckets.end()) {
      if (uint8_t eras = impl_->MatchIn(it->second, body, title, is_hexdump)) return eras;
    }
  }
  if (key_text.size() >= kShortKey) {
    auto it = impl_->short_buckets.find(key_text.substr(0, kShortKey));
    if (it != impl_->short_buckets.end()) {
      if (uint8_t eras = impl_->MatchIn(it->second, body, title, is_hexdump)) return eras;
    }
  }
  return impl_->MatchFloating(key_text, is_hexdump);
}

}  // namespace roamreplay
