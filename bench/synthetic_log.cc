#include "synthetic_log.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <string_view>

#include "base/line_reader.h"
#include "base/string_util.h"
#include "parse/line_parser.h"

namespace roamreplay::bench {
namespace {

constexpr std::string_view kApPrefix = "00:24:97:aa:bb:";
constexpr int64_t kIdleGapUs = 10'000'000;      // gaps longer than this get noise
constexpr int64_t kExpiryGapUs = 43'200'000'000;  // dot11RSNAConfigPMKLifetime

// xorshift64*: small, fast and the same on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ULL + 1) {}
  uint64_t Next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 0x2545F4914F6CDD1DULL;
  }
  int Uniform(int lo, int hi) {  // [lo, hi]
    return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  double Unit() { return static_cast<double>(Next() >> 11) / 9007199254740992.0; }

 private:
  uint64_t state_;
};

struct Subst {
  size_t offset;
  int what;  // -1: AP prefix; >= 0: index of a PMKID hex string
};

struct TemplateLine {
  bool has_time = false;
  int64_t time_us = 0;
  std::string rest;  // after "<sec>.<usec>: "
  std::vector<Subst> subst;
};

struct Template {
  std::vector<TemplateLine> prologue;
  std::vector<TemplateLine> body;
};

// Collects the 16-byte PMKID hexdumps ("3a a2 ... 4f", 47 characters).
void CollectPmkids(std::string_view rest, std::vector<std::string>* pmkids) {
  for (std::string_view title : {"PMKID from Authenticator - hexdump(len=16): ",
                                 "RSN: PMKID - hexdump(len=16): "}) {
    size_t pos = rest.find(title);
    if (pos == std::string_view::npos || rest.size() < pos + title.size() + 47) continue;
    std::string hex(rest.substr(pos + title.size(), 47));
    for (const std::string& p : *pmkids)
      if (p == hex) return;
    pmkids->push_back(hex);
  }
}

void FindSubstitutions(const std::vector<std::string>& pmkids, TemplateLine* line) {
  for (size_t pos = line->rest.find(kApPrefix); pos != std::string::npos;
       pos = line->rest.find(kApPrefix, pos + 1))
    line->subst.push_back({pos, -1});
  for (size_t i = 0; i < pmkids.size(); ++i)
    for (size_t pos = line->rest.find(pmkids[i]); pos != std::string::npos;
         pos = line->rest.find(pmkids[i], pos + 1))
      line->subst.push_back({pos, static_cast<int>(i)});
}

Status LoadTemplate(const std::string& path, Template* out) {
  std::vector<TemplateLine> lines;
  std::vector<std::string> pmkids;
  LineReader reader;
  if (Status s = LineReader::Open(path, &reader); !s.ok()) return s;
  Status s = reader.ForEachLine([&](const LineReader::Line& raw) {
    TemplateLine line;
    std::string_view rest = raw.text, time_text;
    line.has_time = ConsumeDashTTimestamp(&rest, &time_text, &line.time_us);
    line.rest.assign(rest);
    CollectPmkids(rest, &pmkids);
    lines.push_back(std::move(line));
  });
  if (!s.ok()) return s;
  size_t body = 0;
  while (body < lines.size() &&
         lines[body].rest.find("State: DISCONNECTED -> SCANNING") == std::string::npos)
    ++body;
  if (body == lines.size()) return Status::InvalidArgument(path + ": not a template log");
  for (TemplateLine& line : lines) FindSubstitutions(pmkids, &line);
  out->prologue.assign(lines.begin(), lines.begin() + static_cast<long>(body));
  out->body.assign(lines.begin() + static_cast<long>(body), lines.end());
  return Status::Ok();
}

// Buffers output and stops after the requested number of lines.
class Sink {
 public:
  Sink(std::FILE* file, std::string* str, uint64_t limit) : file_(file), str_(str), left_(limit) {}
  ~Sink() { Flush(); }
  bool full() const { return left_ == 0; }
  Status status() const { return status_; }

  void Line(int64_t time_us, std::string_view text) {
    if (left_ == 0) return;
    if (time_us >= 0) {
      fmt::format_to(std::back_inserter(buf_), "{}.{:06}: ", time_us / 1'000'000,
                     time_us % 1'000'000);
    }
    buf_.append(text);
    buf_.push_back('\n');
    if (--left_ == 0 || buf_.size() > (1 << 20)) Flush();
  }

  void Flush() {
    if (buf_.empty()) return;
    if (str_ != nullptr) {
      str_->append(buf_);
    } else if (std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size()) {
      status_ = Status::IoError(std::string("write failed: ") + std::strerror(errno));
    }
    buf_.clear();
  }

 private:
  std::FILE* file_;
  std::string* str_;
  uint64_t left_;
  std::string buf_;
  Status status_ = Status::Ok();
};

std::string HexBytes(Rng* rng, int n) {
  std::string out;
  out.reserve(static_cast<size_t>(n) * 3);
  for (int i = 0; i < n; ++i) {
    if (i > 0) out.push_back(' ');
    out += fmt::format("{:02x}", static_cast<unsigned>(rng->Next() & 0xff));
  }
  return out;
}

std::string Mac(int a, int b, int c) { return fmt::format("00:24:97:{:02x}:{:02x}:{:02x}", a, b, c); }

// One burst of idle-time noise in 2.x texts, `n` lines spread over
// [from_us, to_us). `ap` is the AP the station is connected to.
void EmitNoise(Rng* rng, int n, int64_t from_us, int64_t to_us, const std::string& ap,
               Sink* sink) {
  int64_t step = (to_us - from_us) / (n + 1);
  int64_t t = from_us;
  int i = 0;
  auto line = [&](std::string text) {
    t += step;
    sink->Line(t, text);
    ++i;
  };
  while (i < n && !sink->full()) {
    int kind = rng->Uniform(0, 9);
    if (kind <= 4) {  // a background scan
      int bsses = rng->Uniform(3, 12);
      line("nl80211: Event message available");
      line("nl80211: Drv Event 34 (NL80211_CMD_NEW_SCAN_RESULTS) received for wlan0");
      line("wlan0: nl80211: New scan results available");
      line(fmt::format("Received scan results ({} BSSes)", bsses));
      line(fmt::format("wlan0: BSS: Start scan result update {}", rng->Uniform(1, 9999)));
      for (int b = 0; b < bsses && i < n; ++b) {
        std::string bssid = Mac(rng->Uniform(0, 255), rng->Uniform(0, 255), rng->Uniform(0, 255));
        line(fmt::format("wlan0: {}: {} ssid='corp-secure' wpa_ie_len=0 rsn_ie_len=20 "
                         "caps=0x1511 level=-{} freq={} ",
                         b, bssid, rng->Uniform(40, 90), 2412 + 5 * rng->Uniform(0, 12)));
        line("wlan0:    skip - SSID mismatch");
      }
      line("wlan0: CTRL-EVENT-SCAN-RESULTS ");
    } else if (kind <= 6) {  // group key rekey: EAPOL hexdumps
      line(fmt::format("wlan0: RX EAPOL from {}", ap));
      line(fmt::format("RX EAPOL - hexdump(len=99): {}", HexBytes(rng, 99)));
      line("wlan0: WPA: RX message 1 of Group Key Handshake from " + ap + " (ver=2)");
      line(fmt::format("RSN: encrypted key data - hexdump(len=32): {}", HexBytes(rng, 32)));
      line("WPA: decrypted EAPOL-Key key data - hexdump(len=24): [REMOVED]");
      line("WPA: Group Key - hexdump(len=16): [REMOVED]");
      line("wlan0: WPA: Installing GTK to the driver (keyidx=2 tx=0 len=16)");
      line(fmt::format("WPA: RSC - hexdump(len=6): {}", HexBytes(rng, 6)));
      line("wlan0: WPA: Sending EAPOL-Key 2/2");
      line(fmt::format("WPA: Derived Key MIC - hexdump(len=16): {}", HexBytes(rng, 16)));
      line("wlan0: WPA: Group rekeying completed with " + ap + " [GTK=CCMP]");
    } else if (kind <= 8) {
      line(fmt::format("wlan0: CTRL-EVENT-SIGNAL-CHANGE above={} signal=-{} noise=9999 txrate={}",
                       rng->Uniform(0, 1), rng->Uniform(40, 90), 6500 * rng->Uniform(1, 20)));
      line("RTM_NEWLINK: ifi_index=3 ifname=wlan0 operstate=6 linkmode=1 "
           "ifi_family=0 ifi_flags=0x11043 ([UP][RUNNING][LOWER_UP])");
    } else {
      line("EAPOL: disable timer tick");
    }
  }
}

class Generator {
 public:
  Generator(const GenOptions& options, Sink* sink) : opt_(options), rng_(options.seed), sink_(sink) {}

  Status Run() {
    Template stale, postfix;
    if (Status s = LoadTemplate(opt_.template_dir + "/2011-okc-stale-pmkid.log", &stale); !s.ok())
      return s;
    if (Status s = LoadTemplate(opt_.template_dir + "/2011-okc-postfix.log", &postfix); !s.ok())
      return s;
    EmitLines(stale.prologue, 0, 0);
    for (uint64_t cycle = 0; !sink_->full(); ++cycle) {
      const Template& t = rng_.Unit() < opt_.failure_share ? stale : postfix;
      Cycle(t, static_cast<int>(cycle % 65536));
    }
    sink_->Flush();
    return sink_->status();
  }

 private:
  void Cycle(const Template& t, int cycle) {
    int site = cycle % opt_.sites;
    ap_prefix_ = fmt::format("00:24:97:{:02x}:{:02x}:", 0x10 + site / 256, site % 256);
    pmkid_tag_ = fmt::format("{:02x} {:02x}", cycle / 256, cycle % 256);
    int64_t t0 = t.body.front().time_us;
    int64_t offset = clock_us_ - t0;
    EmitLines(t.body, offset, cycle);
    // End of the cycle: leave, let the cache entries expire.
    int64_t end = clock_us_;
    sink_->Line(end + 1000, "wlan0: CTRL-EVENT-DISCONNECTED bssid=" + connected_ +
                                " reason=3 locally_generated=1");
    sink_->Line(end + 1100, "wlan0: State: COMPLETED -> DISCONNECTED");
    end += kExpiryGapUs;
    for (const std::string& aa : cached_) {
      sink_->Line(end, "RSN: expired PMKSA cache entry for " + aa);
      sink_->Line(end + 10, "nl80211: Delete PMKID for " + aa);
      end += 50;
    }
    cached_.clear();
    clock_us_ = end + 1'000'000;
  }

  void EmitLines(const std::vector<TemplateLine>& lines, int64_t offset, int cycle) {
    int64_t prev = -1;
    for (const TemplateLine& line : lines) {
      if (sink_->full()) return;
      int64_t now = line.has_time ? line.time_us + offset : -1;
      if (now >= 0 && prev >= 0 && now - prev > kIdleGapUs)
        EmitNoise(&rng_, rng_.Uniform(opt_.noise_min, opt_.noise_max), prev, now, connected_,
                  sink_);
      std::string text = Substitute(line);
      Track(text);
      sink_->Line(now, text);
      if (now >= 0) prev = clock_us_ = now;
    }
  }

  std::string Substitute(const TemplateLine& line) const {
    std::string text = line.rest;
    for (const Subst& s : line.subst) {
      if (s.what < 0)
        text.replace(s.offset, kApPrefix.size(), ap_prefix_);
      else
        text.replace(s.offset, pmkid_tag_.size(), pmkid_tag_);
    }
    return text;
  }

  // Follows the connection and the cache entries the log creates.
  void Track(std::string_view text) {
    constexpr std::string_view kConnected = "CTRL-EVENT-CONNECTED - Connection to ";
    constexpr std::string_view kAdded = "added PMKSA cache entry for ";
    constexpr std::string_view kFlush = "RSN: Flush PMKSA cache entry for ";
    if (size_t p = text.find(kConnected); p != std::string_view::npos)
      connected_ = std::string(text.substr(p + kConnected.size(), 17));
    else if (size_t q = text.find(kAdded); q != std::string_view::npos)
      cached_.insert(std::string(text.substr(q + kAdded.size(), 17)));
    else if (size_t r = text.find(kFlush); r != std::string_view::npos)
      cached_.erase(std::string(text.substr(r + kFlush.size(), 17)));
  }

  const GenOptions& opt_;
  Rng rng_;
  Sink* sink_;
  int64_t clock_us_ = 0;
  std::string ap_prefix_{kApPrefix};
  std::string pmkid_tag_;
  std::string connected_ = "00:24:97:aa:bb:01";
  std::set<std::string> cached_;
};

}  // namespace

Status GenerateLog(const GenOptions& options, std::FILE* out) {
  Sink sink(out, nullptr, options.lines);
  return Generator(options, &sink).Run();
}

Status GenerateLogToString(const GenOptions& options, std::string* out) {
  out->clear();
  Sink sink(nullptr, out, options.lines);
  return Generator(options, &sink).Run();
}

}  // namespace roamreplay::bench
