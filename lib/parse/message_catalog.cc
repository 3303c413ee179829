#include "parse/message_catalog.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "base/hash.h"
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

// hostapd's texts (src/ap/ of 2011 and current; logger lines without their
// "<ifname>: STA <mac> <MODULE>: " prefix).
constexpr RawEntry kHostapdEntries[] = {
#include "parse/catalog/hostapd_catalog.inc"
};

// hostapd lines printed outside src/ap/ (hostapd/main.c, eapol_auth,
// eap_server, radius, the drivers) that matter for reading an AP log.
constexpr RawEntry kHostapdExtraEntries[] = {
    {"Configuration file: \037", 6, 1},
    {"hostapd v\037", 6, 1},
    {"Signal \037 received - terminating", 6, 1},
    {"IEEE 802.1X: \037 \037 entering state \037", 6, 1},
    {"WPA: \037 \037 entering state \037", 6, 1},
    {"EAP: EAP entering state \037", 6, 1},
    {"EAP: Building EAP-Success (id=\037)", 6, 1},
    {"EAP: Building EAP-Failure (id=\037)", 6, 1},
    {"EAP: retransmit timeout \037", 6, 1},
    {"IEEE 802.1X: \037 bytes from \037", 6, 1},
    {"   IEEE 802.1X: version=\037 type=\037 length=\037", 6, 1},
    {"IEEE 802.1X: \037 - (EAP) retransWhile --> 0", 6, 1},
    {"IEEE 802.1X: \037 - aWhile --> 0", 6, 1},
    {"IEEE 802.1X: \037 - reAuthWhen --> 0", 6, 1},
    {"EAP: Server state machine removed", 6, 1},
    {"Removing station \037", 6, 1},
    {"Flushing old station entries", 6, 1},
    {"Deauthenticate all stations", 6, 1},
    {"Completing interface initialization", 6, 1},
    {"BSS count \037, BSSID mask \037 (\037 bits)", 6, 1},
    {"Allowed channel: mode=\037 chan=\037 freq=\037 MHz max_tx_power=\037 dBm", 6, 1},
    {"Mode: IEEE 802.11\037 Channel: \037 Frequency: \037 MHz", 6, 1},
    {"RATE[\037] rate=\037 flags=0x\037", 6, 1},
    {"eapol_version=\037", 6, 1},
    {"test_driver\037", 6, 1},
    {"test: \037", 6, 1},
    {"wpa_driver_test_\037", 6, 1},
    {"TLSv1: \037", 6, 1},
    {"X509: \037", 6, 1},
    {"ASN.1: \037", 6, 1},
    {"PKCS #1: \037", 6, 1},
    {"EAP-PEAP: \037", 6, 1},
    {"EAP-MSCHAPV2: \037", 6, 1},
    {"EAP-TLS: \037", 6, 1},
    {"EAP-TTLS: \037", 6, 1},
    {"EAP: \037", 6, 1},
    {"SSL: \037", 6, 1},
    {"RADIUS: \037", 6, 1},
    {"nl80211: \037", 6, 1},
    // driver_test's set_key continuation lines and hostapd's EAP trace.
    {"   addr=\037", 6, 1},
    {"   key", 6, 2},
    {" (response)", 6, 1},
    // sta_info.c's "  New STA" keeps its indent; "%s: Setup of interface
    // done." is matched after the parser took the interface name.
    {"  New STA", 6, 1},
    {"Setup of interface done.", 6, 1},
    // ieee802_1x.c's ieee802_1x_finished() (a call the catalogue misses);
    // the event parser takes it unless it ends "(PMKSA cache)".
    {"authenticated - EAP type: \037", 6, 0},
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

// memmem: glibc's is much faster than string_view::find for needles that
// start with a common byte (' ', ':').
bool Contains(std::string_view text, std::string_view needle) {
  return needle.empty() ||
         memmem(text.data(), text.size(), needle.data(), needle.size()) != nullptr;
}

// Remembers recent results per thread (the catalogue is shared by parallel
// replays). Logs repeat the same texts all the time ("EAP: EAP entering
// state IDLE", hexdump titles), so most lines skip the matcher. Direct
// mapped; a slot's string keeps its capacity, so a warm memo allocates
// nothing.
class MatchMemo {
 public:
  static MatchMemo& ForThisThread() {
    thread_local MatchMemo memo;
    return memo;
  }

  /// What a memo key is: a plain body or a hexdump title, of the
  /// supplicant's or of hostapd's dictionary.
  enum Kind : uint64_t { kPlainKey = 0, kTitleKey = 2, kHostapdKey = 4 };

  template <typename F>
  uint8_t Lookup(std::string_view text, Kind kind, F compute) {
    if (text.size() > kMaxKey) return compute();
    uint64_t h = HashBytes(text) ^ kind;  // stays odd, never 0
    Slot& slot = slots_[h & (kSlots - 1)];
    if (slot.hash == h && slot.len == text.size() &&
        std::memcmp(slot.text, text.data(), text.size()) == 0)
      return slot.eras;
    uint8_t eras = compute();
    slot.hash = h;
    slot.len = static_cast<uint8_t>(text.size());
    std::memcpy(slot.text, text.data(), text.size());
    slot.eras = eras;
    return eras;
  }

 private:
  static constexpr size_t kSlots = 2048;
  static constexpr size_t kMaxKey = 118;

  struct Slot {  // 128 bytes: the text is stored inline (no pointer chase)
    uint64_t hash = 0;
    uint8_t len = 0;
    uint8_t eras = 0;
    char text[kMaxKey];
  };
  std::vector<Slot> slots_ = std::vector<Slot>(kSlots);
};

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
  // Radix tree of the literal prefixes: node 0 is the root (empty label);
  // a node's entries are the catalogue entries whose literal prefix ends
  // there. Children are few; they are found by their label's first byte.
  struct Node {
    std::string_view label;
    std::vector<uint32_t> kids;
    std::vector<uint32_t> entries;
  };
  std::vector<Node> nodes{Node()};
  // Patterns with a wildcard within their first kShortKey characters, with
  // their longest literal segment: tried only when the tree finds nothing.
  std::vector<std::pair<std::string_view, uint32_t>> floating;
  std::vector<uint64_t> pair_bits;                  // 65536 bits
  struct Anchor {
    uint32_t key;       // two bytes of the segment
    uint32_t floating;  // index into `floating`
    uint32_t offset;    // of the two bytes in the segment
  };
  std::vector<Anchor> by_pair;

  uint32_t Kid(uint32_t node, char c) const {
    for (uint32_t kid : nodes[node].kids)
      if (nodes[kid].label[0] == c) return kid;
    return 0;
  }

  void Insert(std::string_view prefix, uint32_t entry) {
    uint32_t node = 0;
    for (;;) {
      if (prefix.empty()) {
        nodes[node].entries.push_back(entry);
        return;
      }
      uint32_t kid = Kid(node, prefix[0]);
      if (kid == 0) {
        nodes.push_back(Node{prefix, {}, {entry}});
        nodes[node].kids.push_back(static_cast<uint32_t>(nodes.size() - 1));
        return;
      }
      std::string_view label = nodes[kid].label;
      size_t common = 0;
      while (common < label.size() && common < prefix.size() && label[common] == prefix[common])
        ++common;
      if (common < label.size()) {  // split the edge
        uint32_t mid = static_cast<uint32_t>(nodes.size());
        nodes.push_back(Node{label.substr(0, common), {kid}, {}});
        nodes[kid].label = label.substr(common);
        std::replace(nodes[node].kids.begin(), nodes[node].kids.end(), kid, mid);
        kid = mid;
      }
      node = kid;
      prefix.remove_prefix(common);
    }
  }

  void BuildTrie() {
    for (uint32_t index = 0; index < entries.size(); ++index) {
      const Entry& e = entries[index];
      if (e.literal >= kShortKey) Insert(e.pattern.substr(0, e.literal), index);
    }
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

  // Floating patterns are tried in catalogue order, but which of their
  // longest segments occur in the text is found first, in one pass: a
  // bitmap of the segments' first two bytes says where to look.
  // The anchor of a segment is its two-byte window that is rarest in the
  // catalogue's own texts (a stand-in for log text): ": " or " s" would
  // hit at every other position of a line.
  void BuildFloatingIndex() {
    std::vector<uint32_t> freq(65536, 0);
    for (const Entry& e : entries)
      for (size_t i = 0; i + 1 < e.pattern.size(); ++i) ++freq[PairKey(e.pattern[i], e.pattern[i + 1])];
    pair_bits.assign(65536 / 64, 0);
    for (uint32_t f = 0; f < floating.size(); ++f) {
      std::string_view seg = floating[f].first;
      if (seg.size() < 2) continue;
      uint32_t best = 0;
      for (uint32_t i = 1; i + 1 < seg.size(); ++i)
        if (freq[PairKey(seg[i], seg[i + 1])] < freq[PairKey(seg[best], seg[best + 1])]) best = i;
      uint32_t key = PairKey(seg[best], seg[best + 1]);
      pair_bits[key / 64] |= uint64_t{1} << (key % 64);
      by_pair.push_back({key, f, best});
    }
    std::sort(by_pair.begin(), by_pair.end(), [](const Anchor& a, const Anchor& b) {
      return a.key != b.key ? a.key < b.key : a.floating < b.floating;
    });
  }

  static uint32_t PairKey(char a, char b) {
    return static_cast<uint32_t>(static_cast<unsigned char>(a)) << 8 |
           static_cast<unsigned char>(b);
  }

  void FindSegments(std::string_view text, std::vector<bool>* present) const {
    present->assign(floating.size(), false);
    for (size_t i = 0; i + 1 < text.size(); ++i) {
      uint32_t key = PairKey(text[i], text[i + 1]);
      if ((pair_bits[key / 64] >> (key % 64) & 1) == 0) continue;
      auto it = std::lower_bound(by_pair.begin(), by_pair.end(), key,
                                 [](const Anchor& a, uint32_t k) { return a.key < k; });
      for (; it != by_pair.end() && it->key == key; ++it) {
        std::string_view seg = floating[it->floating].first;
        if (i >= it->offset && text.compare(i - it->offset, seg.size(), seg) == 0)
          (*present)[it->floating] = true;
      }
    }
  }

  uint8_t MatchFloating(std::string_view text, bool is_hexdump) const {
    thread_local std::vector<bool> present;
    bool scanned = false;
    for (uint32_t f = 0; f < floating.size(); ++f) {
      const auto& [segment, i] = floating[f];
      const Entry& e = entries[i];
      if (e.hexdump != is_hexdump || !EndsWith(text, e.tail)) continue;
      if (segment.size() < 2) {
        if (!Contains(text, segment)) continue;
      } else {
        if (!scanned) FindSegments(text, &present);
        scanned = true;
        if (!present[f]) continue;
      }
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
    size_t depth = 0;
    for (;;) {
      const std::vector<uint32_t>& here = nodes[node].entries;
      if (!here.empty()) {
        auto& into = depth >= kLongKey ? long_candidates : short_candidates;
        into.insert(into.end(), here.begin(), here.end());
      }
      if (depth >= text.size()) break;
      node = Kid(node, text[depth]);
      if (node == 0 || !StartsWith(text.substr(depth), nodes[node].label)) break;
      depth += nodes[node].label.size();
    }
    if (uint8_t eras = FirstMatch(&long_candidates, text, is_hexdump)) return eras;
    if (uint8_t eras = FirstMatch(&short_candidates, text, is_hexdump)) return eras;
    return MatchFloating(text, is_hexdump);
  }
};

MessageCatalog::MessageCatalog(bool hostapd) : hostapd_(hostapd) {
  auto* impl = new Impl();  // lives for the process, like the table it indexes
  if (hostapd) {
    impl->entries.reserve(std::size(kHostapdEntries) + std::size(kHostapdExtraEntries));
    for (const RawEntry& e : kHostapdEntries) impl->Add(e);
    for (const RawEntry& e : kHostapdExtraEntries) impl->Add(e);
  } else {
    impl->entries.reserve(std::size(kRawEntries) + std::size(kExtraEntries));
    for (const RawEntry& e : kRawEntries) impl->Add(e);
    for (const RawEntry& e : kExtraEntries) impl->Add(e);
  }
  impl->BuildTrie();
  impl->BuildFloatingIndex();
  impl_ = impl;
}

const MessageCatalog& MessageCatalog::Default() {
  static const MessageCatalog catalog(false);
  return catalog;
}

const MessageCatalog& MessageCatalog::Hostapd() {
  static const MessageCatalog catalog(true);
  return catalog;
}

size_t MessageCatalog::size() const { return impl_->entries.size(); }

uint8_t MessageCatalog::Match(std::string_view body) const {
  std::string_view title, payload;
  bool ascii = false;
  bool is_hexdump = SplitHexdump(body, &title, &payload, &ascii);
  return MatchKey(is_hexdump ? title : body, is_hexdump);
}

uint8_t MessageCatalog::MatchKey(std::string_view key_text, bool is_hexdump) const {
  // Glob matching is O(pattern * text); no format string produces a
  // non-hexdump line this long, so it cannot be a known one.
  if (key_text.size() > kMaxMatchBytes) return 0;
  uint64_t kind = (is_hexdump ? MatchMemo::kTitleKey : MatchMemo::kPlainKey) |
                  (hostapd_ ? MatchMemo::kHostapdKey : 0);
  return MatchMemo::ForThisThread().Lookup(key_text, static_cast<MatchMemo::Kind>(kind), [&] {
    return impl_->Match(key_text, is_hexdump);
  });
}

}  // namespace roamreplay
