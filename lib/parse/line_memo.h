#pragma once

// Remembers what the line parser concluded about message bodies that are
// not events, keyed by the exact body text. Logs repeat the same texts all
// the time (state machine entries, scan and driver chatter, hexdump titles):
// in the real corpus logs, 88 % of lines repeat an earlier line's body, so
// most lines skip the event shapes, the hexdump split and the catalogue.
//
// Exact: a hit compares the whole body, and every field of a verdict is a
// function of the body alone. Bounded: at most kMaxEntries bodies of at most
// kMaxKey bytes, kArenaBytes of text; when full it starts over (a log of
// all-distinct lines costs one failed probe and one copy per line). A probe
// looks at kMaxProbe slots at most, so that bodies crafted to share a hash
// cost a bounded search each, not a walk over the table.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace roamreplay {

/// What the parser concluded about a body that is not an event.
struct BodyVerdict {
  uint64_t shape_hash = 0;   ///< HashBytes(MessageShape(body)) for unknown lines, else 0.
  uint8_t eras = 0;          ///< Catalogue era bits; 0: not in the catalogue.
  bool hexdump = false;      ///< A wpa_hexdump header line.
  bool opens_ascii = false;  ///< A hexdump_ascii header whose bytes follow on lines of their own.
  bool opens_lines = false;  ///< A hexdump header whose bytes follow on lines of their own.
};

class LineMemo {
 public:
  static constexpr size_t kMaxKey = 256;
  static constexpr size_t kSlots = 16384;  ///< Open addressing, a power of two.
  static constexpr size_t kMaxEntries = kSlots / 2;
  static constexpr size_t kArenaBytes = 1 << 20;  ///< Texts and their shape hashes.
  static constexpr size_t kMaxProbe = 32;

  /// Whether `body` (whose HashBytes is `hash`) is stored; if so, its
  /// verdict in `*verdict`.
  bool Find(std::string_view body, uint64_t hash, BodyVerdict* verdict) const {
    if (slots_.empty()) return false;
    size_t i = hash & (kSlots - 1);
    for (size_t probe = 0; probe < kMaxProbe; ++probe, i = (i + 1) & (kSlots - 1)) {
      const Slot& s = slots_[i];
      if (s.hash == 0) return false;
      if (s.hash != hash || s.len != body.size()) continue;
      const char* text = arena_.data() + s.offset;
      if (std::memcmp(text + sizeof(uint64_t), body.data(), body.size()) != 0) continue;
      std::memcpy(&verdict->shape_hash, text, sizeof(uint64_t));
      verdict->eras = s.eras;
      verdict->hexdump = s.flags & kHexdump;
      verdict->opens_ascii = s.flags & kOpensAscii;
      verdict->opens_lines = s.flags & kOpensLines;
      return true;
    }
    return false;
  }

  /// Stores `verdict` for `body` (at most kMaxKey bytes; not present).
  /// Not stored when kMaxProbe slots from its hash are all taken.
  void Insert(std::string_view body, uint64_t hash, const BodyVerdict& verdict);

  size_t entries() const { return entries_; }

 private:
  enum Flags : uint8_t { kHexdump = 1, kOpensAscii = 2, kOpensLines = 4 };
  // 16 bytes, so that probing stays in few cache lines; the shape hash sits
  // in the arena, before the text.
  struct Slot {
    uint64_t hash = 0;  // 0: empty (HashBytes is never 0)
    uint32_t offset = 0;
    uint16_t len = 0;
    uint8_t eras = 0;
    uint8_t flags = 0;
  };
  std::vector<Slot> slots_;  // allocated by the first Insert
  std::string arena_;
  size_t entries_ = 0;
};

}  // namespace roamreplay
