#include "parse/event.h"

#include <fmt/format.h>

namespace roamreplay {

std::string_view EventTypeName(EventType type) {
  switch (type) {
    case EventType::kNone:
      return "None";
#define ROAMREPLAY_EVENT_NAME(name) \
  case EventType::k##name:          \
    return #name;
      ROAMREPLAY_EVENT_TYPES(ROAMREPLAY_EVENT_NAME)
#undef ROAMREPLAY_EVENT_NAME
    case EventType::kCount:
      break;
  }
  return "?";
}

namespace {
struct StateName {
  WpaState state;
  std::string_view name;
};
constexpr StateName kStateNames[] = {
    {WpaState::kDisconnected, "DISCONNECTED"},
    {WpaState::kInterfaceDisabled, "INTERFACE_DISABLED"},
    {WpaState::kInactive, "INACTIVE"},
    {WpaState::kScanning, "SCANNING"},
    {WpaState::kAuthenticating, "AUTHENTICATING"},
    {WpaState::kAssociating, "ASSOCIATING"},
    {WpaState::kAssociated, "ASSOCIATED"},
    {WpaState::k4WayHandshake, "4WAY_HANDSHAKE"},
    {WpaState::kGroupHandshake, "GROUP_HANDSHAKE"},
    {WpaState::kCompleted, "COMPLETED"},
};
}  // namespace

std::string_view WpaStateName(WpaState state) {
  for (const auto& s : kStateNames)
    if (s.state == state) return s.name;
  return "UNKNOWN";
}

WpaState ParseWpaState(std::string_view name) {
  for (const auto& s : kStateNames)
    if (s.name == name) return s.state;
  return WpaState::kUnknown;
}

std::string Event::ToDebugString() const {
  std::string out(EventTypeName(type));
  if (has_addr) out += " addr=" + addr.ToString();
  if (has_addr2) out += " addr2=" + addr2.ToString();
  if (pmkid.known) out += " pmkid=" + pmkid.ToHex();
  if (type == EventType::kStateChange)
    out += fmt::format(" {}->{}", WpaStateName(from), WpaStateName(to));
  if (number != 0) out += fmt::format(" number={}", number);
  if (number2 != 0) out += fmt::format(" number2={}", number2);
  if (narrow_flush_text) out += " narrow";
  if (key_shown) out += " key=" + key_hex;
  if (!text.empty()) out += " text=" + text;
  switch (spelling) {
    case Spelling::kAny:
      break;
    case Spelling::k073:
      out += " [0.7.3]";
      break;
    case Spelling::k2011:
      out += " [2011]";
      break;
    case Spelling::kCurrent:
      out += " [2.x]";
      break;
  }
  return out;
}

}  // namespace roamreplay
