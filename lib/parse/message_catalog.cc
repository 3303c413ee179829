#include "parse/message_catalog.h"

#include <algorithm>
#include <array>
#include <string>
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
    // wpa_ctrl.h macros the generated catalogue spells wrongly
    // (WPA_EVENT_TEMP_DISABLED is "CTRL-EVENT-SSID-TEMP-DISABLED ", ...), and
    // macro-only messages whose trailing space syslog/journald drop.
    {"CTRL-EVENT-SSID-TEMP-DISABLED id=\037 ssid=\"\037\" auth_failures=\037 duration=\037 "
     "reason=\037", 6, 0},
    {"CTRL-EVENT-SSID-REENABLED id=\037 ssid=\"\037\"", 6, 0},
    {"CTRL-EVENT-TERMINATING", 7, 0},
    {"WPS-CANCEL", 6, 0},
    // robust_av.c wpas_dscp_deinit(): WPA_EVENT_DSCP_POLICY "clear_all".
    {"CTRL-EVENT-DSCP-POLICY \037", 4, 0},
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

// Entries whose literal prefix (the text before the first wildcard) has at
// least kShortKey characters sit in a trie of those prefixes: walking a line
// down the trie yields exactly the entries whose whole prefix the line
// starts with, so only they are glob-matched, and only after the prefix.
// Which entry wins is unchanged from a plain scan: the first one in
// catalogue order among prefixes of kLongKey or more characters, then among
// shorter ones, then the "floating" patterns that start with a wildcard.
struct MessageCatalog::Impl {
  struct Entry {
    std::string_view pattern;
    std::string_view tail;  // literal text after the last wildcard
    uint32_t literal;       // length of the literal prefix
    uint8_t eras;
    bool hexdump;
  };
  std::vector<Entry> entries;
  // Trie nodes: node 0 is the root; entries[n] lists the catalogue entries
  // whose literal prefix ends at node n. Edges live in one open-addressing
  // table keyed by (node, byte), built once.
  std::vector<std::vector<uint32_t>> node_entries{{}};
  std::vector<std::pair<uint64_t, uint32_t>> edges;  // key + 1 (0 = empty slot), child
  uint64_t edge_mask = 0;
  // Patterns with a wildcard within their first kShortKey characters, with
  // their longest literal segment: tried only when the trie finds nothing.
  std::vector<std::pair<std::string_view, uint32_t>> floating;

  static uint64_t EdgeKey(uint32_t node, char c) {
    return (static_cast<uint64_t>(node) << 8 | static_cast<unsigned char>(c)) + 1;
  }
  static size_t Slot(uint64_t key, uint64_t mask) {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> 20 & mask);
  }

  uint32_t Child(uint32_t node, char c) const {
    uint64_t key = EdgeKey(node, c);
    for (size_t i = Slot(key, edge_mask);; i = (i + 1) & edge_mask) {
      if (edges[i].first == key) return edges[i].second;
      if (edges[i].first == 0) return 0;
    }
  }

  // Builds the trie from the entries' literal prefixes.
  void BuildTrie() {
    size_t chars = 0;
    for (const Entry& e : entries) chars += e.literal;
    size_t size = 1024;
    while (size < 2 * chars) size <<= 1;
    edges.assign(size, {0, 0});
    edge_mask = size - 1;
    for (uint32_t index = 0; index < entries.size(); ++index) {
      const Entry& e = entries[index];
      if (e.literal < kShortKey) continue;
      uint32_t node = 0;
      for (size_t i = 0; i < e.literal; ++i) node = AddChild(node, e.pattern[i]);
      node_entries[node].push_back(index);
    }
  }

  uint32_t AddChild(uint32_t node, char c) {
    uint64_t key = EdgeKey(node, c);
    size_t i = Slot(key, edge_mask);
    for (; edges[i].first != 0; i = (i + 1) & edge_mask)
      if (edges[i].first == key) return edges[i].second;
    uint32_t child = static_cast<uint32_t>(node_entries.size());
    node_entries.emplace_back();
    edges[i] = {key, child};
    return child;
  }

  void Add(const RawEntry& raw) {
    std::string_view pattern(raw.pattern);
    size_t literal = pattern.find(kWild);
    if (literal == std::string_view::npos) literal = pattern.size();
    size_t last_wild = pattern.rfind(kWild);
    std::string_view tail = last_wild == std::string_view::npos ? std::string_view()
                                                                : pattern.substr(last_wild + 1);
    uint32_t index = static_cast<uint32_t>(entries.size());
    entries.push_back({pattern, tail, static_cast<uint32_t>(literal), raw.eras, raw.kind >= 2});
    if (literal < kShortKey) floating.emplace_back(LongestSegment(pattern), index);
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

  // First entry (catalogue order) in `candidates` that matches `text`.
  uint8_t FirstMatch(std::vector<uint32_t>* candidates, std::string_view text,
                     bool is_hexdump) const {
    std::sort(candidates->begin(), candidates->end());
    for (uint32_t i : *candidates) {
      const Entry& e = entries[i];
      if (e.hexdump != is_hexdump || !EndsWith(text, e.tail)) continue;
      if (GlobMatch(e.pattern.substr(e.literal), text.substr(e.literal))) return e.eras;
    }
    return 0;
  }

  uint8_t Match(std::string_view text, bool is_hexdump) const {
    // Thread-local scratch: the catalogue is shared by parallel replays.
    thread_local std::vector<uint32_t> long_candidates, short_candidates;
    long_candidates.clear();
    short_candidates.clear();
    uint32_t node = 0;
    for (size_t depth = 0; depth < text.size();) {
      node = Child(node, text[depth]);
      if (node == 0) break;
      ++depth;
      const std::vector<uint32_t>& here = node_entries[node];
      if (here.empty()) continue;
      auto& into = depth >= kLongKey ? long_candidates : short_candidates;
      into.insert(into.end(), here.begin(), here.end());
    }
    if (uint8_t eras = FirstMatch(&long_candidates, text, is_hexdump)) return eras;
    if (uint8_t eras = FirstMatch(&short_candidates, text, is_hexdump)) return eras;
    return MatchFloating(text, is_hexdump);
  }
};

MessageCatalog::MessageCatalog() {
  auto* impl = new Impl();  // lives for the process, like the table it indexes
  impl->entries.reserve(std::size(kRawEntries) + std::size(kExtraEntries));
  for (const RawEntry& e : kRawEntries) impl->Add(e);
  for (const RawEntry& e : kExtraEntries) impl->Add(e);
  impl->BuildTrie();
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
  return impl_->Match(key_text, is_hexdump);
}

}  // namespace roamreplay
