#include "app/batch.h"

#include <fnmatch.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

namespace roamreplay {
namespace {

namespace fs = std::filesystem;

void ExpandDirectory(const std::string& dir, std::vector<std::string>* files,
                     std::vector<Status>* errors, bool* empty = nullptr) {
  std::vector<std::string> found;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec), end;
  while (!ec && it != end) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec)) found.push_back(it->path().string());
    it.increment(ec);
  }
  if (ec) errors->push_back(Status::IoError(dir + ": cannot list directory: " + ec.message()));
  std::sort(found.begin(), found.end());
  if (empty != nullptr) *empty = !ec && found.empty();
  files->insert(files->end(), found.begin(), found.end());
}

// Hands out indexes to workers and holds finished results until the
// calling thread emits them in order.
class OrderedResults {
 public:
  OrderedResults(size_t count, size_t window) : count_(count), window_(window) {}

  // Next index to work on, or count_ when none is left. Blocks while the
  // worker would run too far ahead of the emitter.
  size_t Take() {
    std::unique_lock<std::mutex> lock(mu_);
    space_.wait(lock, [&] { return next_take_ >= count_ || next_take_ < next_emit_ + window_; });
    return next_take_ < count_ ? next_take_++ : count_;
  }

  void Put(size_t index, BatchResult result) {
    std::lock_guard<std::mutex> lock(mu_);
    done_.emplace(index, std::move(result));
    ready_.notify_all();
  }

  // Waits for result `index` (the next in order) and removes it.
  BatchResult Next(size_t index) {
    std::unique_lock<std::mutex> lock(mu_);
    ready_.wait(lock, [&] { return done_.count(index) != 0; });
    auto it = done_.find(index);
    BatchResult result = std::move(it->second);
    done_.erase(it);
    next_emit_ = index + 1;
    space_.notify_all();
    return result;
  }

 private:
  const size_t count_;
  const size_t window_;
  std::mutex mu_;
  std::condition_variable ready_, space_;
  std::map<size_t, BatchResult> done_;
  size_t next_take_ = 0;
  size_t next_emit_ = 0;
};

BatchResult ReplayOne(const std::string& path, const ReplayOptions& options) {
  BatchResult result;
  result.status = ReplayFile(path, options, &result.report);
  return result;
}

}  // namespace

void ExpandInputs(const std::vector<std::string>& args, std::vector<std::string>* files,
                  std::vector<Status>* errors) {
  for (const std::string& arg : args) {
    std::error_code ec;
    if (arg != "-" && fs::is_directory(arg, ec))
      ExpandDirectory(arg, files, errors);
    else
      files->push_back(arg);
  }
}

bool IsNonLogName(const std::string& name, std::string* why) {
  static const char* const kNonLog[] = {
      ".md",   ".markdown", ".rst", ".json", ".py",  ".sh",   ".c",    ".cc",  ".cpp",
      ".h",    ".hpp",      ".cmake", ".html", ".htm", ".css", ".js",  ".svg", ".png",
      ".jpg",  ".jpeg",     ".gif",  ".pdf",  ".xml",  ".yaml", ".yml", ".toml", ".zip",
      ".tar",  ".tgz",      ".xz",   ".bz2",  ".zst",  ".pcap", ".pcapng", ".conf", ".patch",
      ".diff", ".tsv",      ".csv"};
  std::string base = fs::path(name).filename().string();
  size_t dot = base.rfind('.');
  if (dot == std::string::npos || dot == 0) return false;
  std::string ext = base.substr(dot);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* known : kNonLog) {
    if (ext == known) {
      if (why != nullptr) *why = "not a log (" + ext + " file)";
      return true;
    }
  }
  return false;
}

void ExpandInputs(const std::vector<std::string>& args, const ExpandOptions& options,
                  ExpandedInputs* out) {
  for (const std::string& arg : args) {
    std::error_code ec;
    if (arg == "-" || !fs::is_directory(arg, ec)) {
      out->files.push_back(arg);
      out->from_directory.push_back(false);
      continue;
    }
    std::vector<std::string> members;
    bool empty = false;
    ExpandDirectory(arg, &members, &out->errors, &empty);
    if (empty) out->errors.push_back(Status::NotFound(arg + ": empty directory, nothing to replay"));
    for (std::string& member : members) {
      std::string name = fs::path(member).filename().string();
      std::string why;
      if (!options.include.empty()) {
        bool match = false;
        for (const std::string& glob : options.include)
          match = match || fnmatch(glob.c_str(), name.c_str(), 0) == 0;
        if (!match) {
          out->skipped.push_back({std::move(member), "does not match --include"});
          continue;
        }
      } else if (IsNonLogName(name, &why)) {
        out->skipped.push_back({std::move(member), std::move(why)});
        continue;
      }
      out->files.push_back(std::move(member));
      out->from_directory.push_back(true);
    }
  }
}

int DefaultJobs() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

void ReplayBatch(const std::vector<std::string>& files, const ReplayOptions& options, int jobs,
                 const std::function<void(size_t index, BatchResult& result)>& emit) {
  size_t workers = std::min(files.size(), static_cast<size_t>(std::max(jobs, 1)));
  if (workers <= 1) {
    for (size_t i = 0; i < files.size(); ++i) {
      BatchResult result = ReplayOne(files[i], options);
      emit(i, result);
    }
    return;
  }
  OrderedResults results(files.size(), 4 * workers);
  ReplayOptions each = options;
  each.threads = 1;  // the cores already replay several logs
  std::vector<std::thread> threads;
  threads.reserve(workers);
  for (size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      for (size_t i = results.Take(); i < files.size(); i = results.Take())
        results.Put(i, ReplayOne(files[i], each));
    });
  }
  for (size_t i = 0; i < files.size(); ++i) {
    BatchResult result = results.Next(i);
    emit(i, result);
  }
  for (std::thread& t : threads) t.join();
}

}  // namespace roamreplay
