#include "harness/protocol.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace roamreplay {
namespace {

using nlohmann::json;

json Mac(const MacAddress& mac, bool has) { return has ? json(mac.ToString()) : json(nullptr); }

Status Bad(const TraceStep& step, const std::string& what) {
  return Status::Corruption(fmt::format("malformed answer to step {} ({}): {}", step.index,
                                        StepTypeName(step.type), what));
}

Status ParseEntry(const TraceStep& step, const json& j, const char* where, CacheEntryView* out) {
  if (!j.is_object()) return Bad(step, std::string(where) + " is not an object");
  auto aa = j.find("aa");
  if (aa == j.end() || !aa->is_string() || !MacAddress::Parse(aa->get<std::string>(), &out->aa))
    return Bad(step, std::string(where) + ": \"aa\" must be a MAC address string");
  auto pmk = j.find("pmk");
  if (pmk == j.end() || !pmk->is_number_integer())
    return Bad(step, std::string(where) + ": \"pmk\" must be an integer");
  out->pmk = pmk->get<int>();
  auto opp = j.find("opportunistic");
  if (opp != j.end() && !opp->is_boolean())
    return Bad(step, std::string(where) + ": \"opportunistic\" must be true or false");
  out->opportunistic = opp != j.end() && opp->get<bool>();
  return Status::Ok();
}

}  // namespace

std::string EncodeRequest(const Trace& trace, const TraceStep& step) {
  json j;
  j["type"] = std::string(StepTypeName(step.type));
  if (step.type == StepType::kHello) {
    j["protocol"] = kHarnessProtocolVersion;
    j["trace"] = trace.path;
    j["interface"] = trace.ifname.empty() ? json(nullptr) : json(trace.ifname);
    j["pmk_lifetime_s"] = trace.params.pmk_lifetime_s;
    j["reauth_threshold_pct"] = trace.params.reauth_threshold_pct;
    j["policy"] = trace.params.policy;
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  j["step"] = step.index;
  j["line"] = step.line.valid() ? json(step.line.line) : json(nullptr);
  j["time"] = step.line.has_time ? json(step.line.time_text) : json(nullptr);
  j["time_us"] = step.line.has_time ? json(step.line.time_us) : json(nullptr);
  switch (step.type) {
    case StepType::kPmk:
    case StepType::kEntry:
      j["aa"] = Mac(step.aa, step.has_aa);
      j["spa"] = Mac(step.spa, step.has_spa);
      j["network"] = step.network;
      j["akmp"] = step.akmp != 0 ? json(fmt::format("0x{:x}", step.akmp)) : json(nullptr);
      j["pmk"] = step.pmk;
      j["pmkid"] = step.pmkid.known ? json(step.pmkid.ToHex()) : json(nullptr);
      if (step.type == StepType::kPmk) j["lifetime_s"] = trace.params.pmk_lifetime_s;
      else j["opportunistic"] = step.opportunistic;
      break;
    case StepType::kValidated:
      j["aa"] = Mac(step.aa, step.has_aa);
      break;
    case StepType::kRemove:
      j["aa"] = Mac(step.aa, step.has_aa);
      j["how"] = step.how;
      break;
    case StepType::kAnswer:
      j["aa"] = Mac(step.aa, step.has_aa);
      j["accepted"] = step.accepted;
      break;
    case StepType::kDisconnect:
      j["aa"] = Mac(step.aa, step.has_aa);
      break;
    case StepType::kOffer:
      j["aa"] = Mac(step.aa, step.has_aa);
      j["network"] = step.network;
      j["okc"] = step.okc;
      break;
    case StepType::kCache:
      j["why"] = step.how;
      break;
    case StepType::kHello:
    case StepType::kConfig:
    case StepType::kEnd:
      break;
  }
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Status DecodeAnswer(const TraceStep& step, std::string_view line, StepAnswer* answer) {
  *answer = StepAnswer();
  json j = json::parse(line.begin(), line.end(), nullptr, false);
  if (j.is_discarded()) {
    std::string excerpt(line.substr(0, 80));
    for (char& c : excerpt)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    return Bad(step, "not JSON: \"" + excerpt + (line.size() > 80 ? "...\"" : "\""));
  }
  if (!j.is_object()) return Bad(step, "not a JSON object");
  if (auto err = j.find("error"); err != j.end()) {
    std::string text = err->is_string() ? err->get<std::string>() : err->dump();
    return Status::Corruption(fmt::format("the implementation reported an error at step {} ({}): {}",
                                          step.index, StepTypeName(step.type), text));
  }
  if (step.type == StepType::kOffer) {
    auto offer = j.find("offer");
    if (offer == j.end()) return Bad(step, "no \"offer\" member");
    if (offer->is_null()) return Status::Ok();
    answer->offered = true;
    return ParseEntry(step, *offer, "\"offer\"", &answer->offer);
  }
  if (step.type == StepType::kCache) {
    auto cache = j.find("cache");
    if (cache == j.end() || !cache->is_array()) return Bad(step, "no \"cache\" array");
    for (const json& e : *cache) {
      CacheEntryView v;
      if (Status s = ParseEntry(step, e, "a \"cache\" element", &v); !s.ok()) return s;
      answer->cache.push_back(v);
    }
  }
  return Status::Ok();
}

std::string DescribeEntry(const CacheEntryView& e) {
  return fmt::format("{} PMK {}{}", e.aa.ToString(), e.pmk, e.opportunistic ? " (opportunistic)" : "");
}

std::string DescribeAnswer(const TraceStep& step, const StepAnswer& answer) {
  if (step.type == StepType::kOffer)
    return answer.offered ? "offer " + DescribeEntry(answer.offer) : std::string("offer none");
  if (step.type == StepType::kCache) {
    std::string out = "[";
    for (size_t i = 0; i < answer.cache.size(); ++i) {
      if (i > 0) out += ", ";
      out += DescribeEntry(answer.cache[i]);
    }
    return out + "]";
  }
  return "ok";
}

}  // namespace roamreplay
