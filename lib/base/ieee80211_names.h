#pragma once

// IEEE 802.11 reason and status code names as hostap prints them
// ("reason=13 (INVALID_IE)").

#include <string_view>

namespace roamreplay {

/// "INVALID_IE" for 13; empty when the code has no name.
std::string_view ReasonCodeName(int code);
/// "INVALID_PMKID" for 53; empty when the code has no name.
std::string_view StatusCodeName(int code);

}  // namespace roamreplay
