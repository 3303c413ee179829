#pragma once

// What the text and HTML writers say around findings: a one-line hint per
// finding kind (what to do about it), the cards findings are shown as (a
// pmkid-rejected and the ap-forgot-pmksa that repeats its evidence are one
// card with both verdicts), and the marker symbol of a card's number.

#include <string>
#include <string_view>
#include <vector>

#include "report/report.h"

namespace roamreplay {

/// The likely fix on the station or the network for `kind`, with the
/// hostap option or commit; empty for an unknown kind.
std::string_view FindingHint(std::string_view kind);

/// One numbered card: `primary` indexes Report::findings; `companion` (or
/// -1) a finding shown with it because it cites the same lines.
struct FindingCard {
  size_t primary = 0;
  long companion = -1;
};

/// The findings as cards, in report order; card i has number i + 1.
std::vector<FindingCard> FindingCards(const Report& report);

/// The one-character timeline marker of card number `number` (1-based):
/// 1-9, then a-z (10-35), then A-Z (36-61), then '+'.
char MarkerSymbol(size_t number);

/// "2 error stale-pmkid-reuse, 1 warning pmkid-rejected" (counts by kind,
/// most severe first, then by first appearance).
std::string FindingsByKind(const Report& report);

}  // namespace roamreplay
