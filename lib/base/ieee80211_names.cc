// The tables come from ../shared/reference/ieee80211-codes.tsv:
//   rows = [l.split('\t') for l in open(tsv) if not l.startswith('#')][1:]
// one {code, "NAME"} per "reason" / "status" row, in file order.

#include "base/ieee80211_names.h"

namespace roamreplay {
namespace {

struct CodeName {
  int code;
  const char* name;
};

#include "base/ieee80211_codes.inc"

template <size_t N>
std::string_view Lookup(const CodeName (&table)[N], int code) {
  for (const CodeName& c : table)
    if (c.code == code) return c.name;
  return {};
}

}  // namespace

std::string_view ReasonCodeName(int code) { return Lookup(kReasons, code); }
std::string_view StatusCodeName(int code) { return Lookup(kStatuses, code); }

}  // namespace roamreplay
