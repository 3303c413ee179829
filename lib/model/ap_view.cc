#include "model/ap_view.h"

namespace roamreplay {
namespace {

// Memory stays bounded on huge or hostile AP logs: past these, further
// records are not kept (the answers of the records kept stay right).
constexpr size_t kMaxAssociations = 200000;
constexpr size_t kMaxEntries = 200000;
constexpr size_t kMaxSideEvents = 10000;

}  // namespace

void ApView::StartProcess(const ApLineRef& ref) {
  if (!processes_.empty()) {
    size_t old = processes_.size() - 1;
    for (ApPmksaEntry& e : entries_)
      if (!e.removed && bss_[e.bss].process == old) {
        e.removed = ref;
        e.removed_how = "process-ended";
        live_.erase(std::make_pair(e.bss, e.spa));
      }
    ApSideEvent ev;
    ev.kind = "restart";
    ev.ref = ref;
    side_.push_back(ev);
  }
  processes_.emplace_back();
  processes_.back().start = ref;
  station_activity_ = false;
  ended_ = false;
  last_bss_.reset();
}

ApProcess& ApView::Current() {
  if (processes_.empty()) {
    ApLineRef none;
    none.log = log_;
    StartProcess(none);
  }
  return processes_.back();
}

size_t ApView::BssFor(std::string_view ifname) {
  ApProcess& p = Current();
  for (size_t i : p.bss)
    if (bss_[i].ifname == ifname) return i;
  ApBss b;
  b.ifname = std::string(ifname);
  b.process = processes_.size() - 1;
  bss_.push_back(b);
  p.bss.push_back(bss_.size() - 1);
  return bss_.size() - 1;
}

ApAssociation* ApView::OpenAssociation(size_t bss, const MacAddress& sta) {
  for (size_t i = assocs_.size(); i-- > 0;)
    if (assocs_[i].bss == bss && assocs_[i].sta == sta) return &assocs_[i];
  return nullptr;
}

void ApView::AddEntry(size_t bss, const MacAddress& spa, const ApLineRef& ref) {
  ApPmksaEntry e;
  e.bss = bss;
  e.spa = spa;
  e.added = ref;
  e.okc = pending_okc_;
  pending_okc_ = false;
  entries_.push_back(e);
  pending_entry_ = entries_.size() - 1;
}

// hostapd keeps one entry per station and BSS: a new one replaces the old
// one, unless it carries the same PMKID (2011 re-adds the entry after each
// PMKSA-cached association: same PMK, nothing replaced).
void ApView::Resolve(size_t index) {
  ApPmksaEntry& fresh = entries_[index];
  auto key = std::make_pair(fresh.bss, fresh.spa);
  auto it = live_.find(key);
  if (it != live_.end() && it->second != index) {
    ApPmksaEntry& old = entries_[it->second];
    if (fresh.pmkid.known && old.pmkid == fresh.pmkid && index + 1 == entries_.size()) {
      entries_.pop_back();
      return;
    }
    old.removed = fresh.added;
    old.removed_how = "replaced";
  }
  live_[key] = index;
}

void ApView::RemoveEntries(size_t process, const MacAddress& spa, const ApLineRef& ref,
                           const char* how) {
  // The expiry/flush/evict lines name the station but not the BSS: the
  // oldest live entry of the station in the process is the one.
  if (process >= processes_.size()) return;
  std::optional<size_t> oldest;
  for (size_t b : processes_[process].bss) {
    auto it = live_.find(std::make_pair(b, spa));
    if (it != live_.end() && (!oldest || it->second < *oldest)) oldest = it->second;
  }
  if (!oldest) return;
  ApPmksaEntry& e = entries_[*oldest];
  e.removed = ref;
  e.removed_how = how;
  live_.erase(std::make_pair(e.bss, spa));
}

void ApView::Side(const char* kind, std::optional<size_t> bss, const ApEvent& ev,
                  const ApLineRef& ref) {
  if (side_.size() >= kMaxSideEvents) return;
  ApSideEvent s;
  s.kind = kind;
  if (bss) {
    s.bss = *bss;
    s.has_bss = true;
  }
  s.sta = ev.sta;
  s.number = ev.number;
  s.ref = ref;
  side_.push_back(s);
}

void ApView::Apply(const ApParsedLine& p, uint64_t number, std::string_view raw) {
  ++lines_;
  if (p.has_time && !first_time_us_) first_time_us_ = p.time_us;
  if (p.kind == ApLineKind::kKnown) ++known_;
  if (p.kind == ApLineKind::kUnknown) ++unknown_;
  if (p.kind != ApLineKind::kEvent) {
    if (!p.ifname.empty() && !processes_.empty()) last_bss_ = BssFor(p.ifname);
    return;
  }
  ++events_;
  const ApEvent& ev = p.event;
  ApLineRef ref;
  ref.log = log_;
  ref.line = number;
  ref.time = std::string(p.time_text);
  if (p.has_time) ref.time_us = p.time_us;
  ref.text = std::string(raw);
  if (ev.type == ApEventType::kConfigFile) {
    if (processes_.empty() || ended_ || station_activity_) StartProcess(ref);
    Current().config_files.emplace_back(ev.text);
    return;
  }
  if (ev.type == ApEventType::kTerminating) {
    Current().end = ref;
    ended_ = true;
    return;
  }
  if (ev.type == ApEventType::kVersionBanner) {
    if (Current().version.empty()) Current().version = std::string(ev.text);
    return;
  }
  if (ev.type == ApEventType::kInterface) {
    size_t b = BssFor(ev.ifname2);
    bss_[b].bssid = ev.bssid;
    bss_[b].has_bssid = true;
    bss_[b].ssid = std::string(ev.text);
    return;
  }
  std::optional<size_t> bss;
  if (!p.ifname.empty()) {
    bss = BssFor(p.ifname);
    last_bss_ = bss;
  } else {
    bss = last_bss_;
  }
  size_t process = processes_.empty() ? 0 : processes_.size() - 1;
  switch (ev.type) {
    case ApEventType::kAssociated: {
      if (!bss || assocs_.size() >= kMaxAssociations) break;
      station_activity_ = true;
      ApAssociation a;
      a.bss = *bss;
      a.sta = ev.sta;
      a.assoc = ref;
      assocs_.push_back(a);
      break;
    }
    case ApEventType::kStaPmkid:
      if (bss && !assocs_.empty())
        for (size_t i = assocs_.size(); i-- > 0;)
          if (assocs_[i].bss == *bss) {
            assocs_[i].offered.push_back(ev.pmkid);
            if (!assocs_[i].offer_line) assocs_[i].offer_line = ref;
            break;
          }
      break;
    case ApEventType::kOkcMatch:
    case ApEventType::kPmkidFound:
      if (bss)
        if (ApAssociation* a = OpenAssociation(*bss, ev.sta)) {
          if (ev.type == ApEventType::kOkcMatch) {
            a->answer = "okc-match";
            a->answer_line = ref;
            Current().okc_seen = true;
            pending_okc_ = true;
          } else if (a->answer != "okc-match") {
            a->answer = "found";
            a->answer_line = ref;
          }
        }
      break;
    case ApEventType::kPmksaAdded:
      if (pending_entry_) Resolve(*pending_entry_);
      pending_entry_.reset();
      if (bss && entries_.size() < kMaxEntries) AddEntry(*bss, ev.sta, ref);
      break;
    case ApEventType::kPmksaAddedPmkid:
      if (pending_entry_) {
        entries_[*pending_entry_].pmkid = ev.pmkid;
        Resolve(*pending_entry_);
        pending_entry_.reset();
      }
      break;
    case ApEventType::kPmksaExpired:
      RemoveEntries(process, ev.sta, ref, "expired");
      break;
    case ApEventType::kPmksaFlushed:
      RemoveEntries(process, ev.sta, ref, "flushed");
      break;
    case ApEventType::kPmksaEvicted:
      RemoveEntries(process, ev.sta, ref, "evicted");
      break;
    case ApEventType::kEapSuccess:
      if (bss)
        if (ApAssociation* a = OpenAssociation(*bss, ev.sta)) a->full_eap = true;
      break;
    case ApEventType::kDisassociated:
    case ApEventType::kDeauthenticated:
      if (bss)
        if (ApAssociation* a = OpenAssociation(*bss, ev.sta))
          if (!a->ended) a->ended = ref;
      break;
    case ApEventType::kInactivity:
    case ApEventType::kSessionTimeout:
      if (bss)
        if (ApAssociation* a = OpenAssociation(*bss, ev.sta))
          if (!a->ended) a->ended = ref;
      Side(ev.type == ApEventType::kInactivity ? "inactivity" : "session-timeout", bss, ev, ref);
      break;
    case ApEventType::kDisassocSent:
    case ApEventType::kDeauthSent: {
      // A station that just associated with another BSS of this process.
      bool moved = false;
      if (bss)
        for (size_t i = assocs_.size(); i-- > 0;) {
          const ApAssociation& a = assocs_[i];
          if (a.sta != ev.sta) continue;
          moved = a.bss != *bss && bss_[a.bss].process == bss_[*bss].process &&
                  !a.ended && a.assoc.line + 50 >= number;
          break;
        }
      if (bss)
        if (ApAssociation* a = OpenAssociation(*bss, ev.sta))
          if (!a->ended) a->ended = ref;
      if (moved) {
        ++Current().moves_within;
        break;
      }
      if (!ended_)
        Side(ev.type == ApEventType::kDeauthSent ? "deauth-sent" : "disassoc-sent", bss, ev, ref);
      break;
    }
    case ApEventType::kEapolSent:
      if (bss && ev.number == 1 && p.has_time && msg1_.size() < 100000)
        msg1_.emplace_back(*bss, p.time_us);
      if (bss) {
        // p.event.sta is set for logger lines; EAPOL to a station whose
        // association here has ended, or which associated elsewhere since.
        ApAssociation* a = OpenAssociation(*bss, ev.sta);
        if (a == nullptr) break;
        bool departed = a->ended.has_value();
        for (const ApAssociation& other : assocs_)
          departed |= other.sta == ev.sta && other.bss != *bss && other.assoc.line > a->assoc.line;
        bool noted = false;
        for (const ApSideEvent& e : side_)
          noted |= e.kind == "eapol-to-departed-station" && e.sta == ev.sta && e.has_bss &&
                   e.bss == *bss && e.ref.line > a->assoc.line;
        if (departed && !noted) Side("eapol-to-departed-station", bss, ev, ref);
      }
      break;
    case ApEventType::kWpaEvent:
      if (ev.number == 5) Side("reauth-started", bss, ev, ref);
      break;
    case ApEventType::kReauthTimer:
      Side("reauth-timer", bss, ev, ref);
      break;
    default:
      break;
  }
}

void ApView::Finish() {
  if (pending_entry_) Resolve(*pending_entry_);
  pending_entry_.reset();
  for (ApAssociation& a : assocs_)
    if (!a.answer_line) a.answer = a.offered.empty() ? "no-pmkid-offered" : "not-found";
}

}  // namespace roamreplay
