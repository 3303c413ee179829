#include "app/follow.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <set>
#include <thread>
#include <tuple>

namespace roamreplay {
namespace {

using Clock = std::chrono::steady_clock;

// One open instance of the followed file (or stdin).
struct Source {
  int fd = -1;
  bool regular = false;
  dev_t dev = 0;
  ino_t ino = 0;
  off_t offset = 0;

  void Close() {
    if (fd >= 0) close(fd);
    fd = -1;
  }
};

bool OpenSource(const std::string& path, Source* src) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  if (fstat(fd, &st) != 0) {
    close(fd);
    return false;
  }
  src->fd = fd;
  src->regular = S_ISREG(st.st_mode);
  src->dev = st.st_dev;
  src->ino = st.st_ino;
  src->offset = 0;
  return true;
}

// A finding's identity across the final sort.
using FindingKey = std::tuple<std::string, uint64_t, std::string, std::string>;
FindingKey KeyOf(const Finding& f) {
  return {f.kind, f.line, f.interface, f.bssid ? f.bssid->ToString() : std::string()};
}

class Follower {
 public:
  Follower(const std::string& path, const ReplayOptions& options, const FollowCallbacks& cb)
      : path_(path), replay_(path, options), cb_(cb) {}

  Status Run(Report* report) {
    if (path_ == "-") {
      src_.fd = STDIN_FILENO;
    } else if (!OpenSource(path_, &src_)) {
      return Status::IoError(path_ + ": " + std::strerror(errno));
    }
    Loop();
    if (!partial_.empty()) Line(partial_);
    partial_.clear();
    replay_.Finish();
    Deliver();
    Report& r = replay_.report();
    for (const Finding& f : r.findings)
      if (!delivered_.count(KeyOf(f)) && cb_.finding) cb_.finding(r, next_finding_++, f);
    if (src_.fd != STDIN_FILENO) src_.Close();
    *report = std::move(r);
    return Status::Ok();
  }

 private:
  // Reads while there is input; each time it has caught up with the
  // writer (end of file, or nothing to read from the pipe for kPollMs) it
  // flushes the replay and delivers what is decided.
  void Loop() {
    char buf[64 * 1024];
    bool caught_up = true;
    while (!(cb_.stop && cb_.stop())) {
      if (src_.fd >= 0) {
        struct pollfd p{src_.fd, POLLIN, 0};
        int ready = src_.regular ? 1 : poll(&p, 1, kFollowPollMs);
        if (ready < 0 && errno != EINTR) return;
        if (ready > 0) {
          ssize_t n = read(src_.fd, buf, sizeof buf);
          if (n < 0 && errno == EINTR) continue;
          if (n > 0) {
            src_.offset += n;
            Consume(buf, static_cast<size_t>(n));
            caught_up = false;
            continue;
          }
          if (n < 0 || !src_.regular) return;  // the pipe closed
        }
      }
      if (!caught_up) {
        replay_.Flush();
        Deliver();
        caught_up = true;
      }
      if (src_.regular || src_.fd < 0) {
        CheckFile();
        std::this_thread::sleep_for(std::chrono::milliseconds(kFollowPollMs));
      }
    }
  }

  // At end of file: a rotated file is drained (done: read() returned 0) and
  // replaced by the new one; a truncated one is read again from the start.
  void CheckFile() {
    struct stat now;
    bool exists = stat(path_.c_str(), &now) == 0;
    if (src_.fd < 0) {
      if (exists && OpenSource(path_, &src_)) Notice(path_ + ": appeared; following it");
      return;
    }
    if (exists && (now.st_dev != src_.dev || now.st_ino != src_.ino)) {
      EndPartialLine();
      src_.Close();
      if (OpenSource(path_, &src_)) Notice(path_ + ": replaced (rotated); following the new file");
      return;
    }
    struct stat st;
    if (fstat(src_.fd, &st) == 0 && st.st_size < src_.offset) {
      EndPartialLine();
      lseek(src_.fd, 0, SEEK_SET);
      src_.offset = 0;
      Notice(path_ + ": truncated; reading it from the start");
    }
  }

  void EndPartialLine() {
    if (partial_.empty()) return;
    Line(partial_);
    partial_.clear();
  }

  void Notice(const std::string& text) {
    if (cb_.notice) cb_.notice(text);
  }

  void Consume(const char* data, size_t size) {
    size_t start = 0;
    for (size_t i = 0; i < size; ++i) {
      if (data[i] != '\n') continue;
      if (partial_.empty()) {
        Line(std::string_view(data + start, i - start));
      } else {
        partial_.append(data + start, i - start);
        Line(partial_);
        partial_.clear();
      }
      start = i + 1;
    }
    partial_.append(data + start, size - start);
    Deliver();
  }

  void Line(std::string_view text) {
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    replay_.Push(text);
  }

  // Hands over what the model has decided since the last call.
  void Deliver() {
    Report& r = replay_.report();
    for (const RoamSummary& roam : r.roams)
      if (cb_.roam) cb_.roam(r, next_roam_++, roam);
    r.roams.clear();
    for (; scanned_findings_ < r.findings.size(); ++scanned_findings_) {
      const Finding& f = r.findings[scanned_findings_];
      if (IsAggregateFinding(f.kind)) continue;
      delivered_.insert(KeyOf(f));
      if (cb_.finding) cb_.finding(r, next_finding_++, f);
    }
  }

  std::string path_;
  IncrementalReplay replay_;
  const FollowCallbacks& cb_;
  Source src_;
  std::string partial_;
  size_t next_roam_ = 0, next_finding_ = 0, scanned_findings_ = 0;
  std::set<FindingKey> delivered_;
};

}  // namespace

bool IsAggregateFinding(const std::string& kind) {
  return kind == "full-eap-on-roam" || kind == "slow-roam" || kind == "okc-unsupported";
}

Status FollowLog(const std::string& path, const ReplayOptions& options,
                 const FollowCallbacks& callbacks, Report* report) {
  Follower follower(path, options, callbacks);
  return follower.Run(report);
}

}  // namespace roamreplay
