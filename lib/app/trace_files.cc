#include "app/trace_files.h"

#include <sys/stat.h>

#include "app/batch.h"

namespace roamreplay {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

bool LooksLikeTraceName(std::string_view name) {
  return EndsWith(name, ".log") || EndsWith(name, ".txt") || EndsWith(name, ".gz");
}

void CollectTraceFiles(const std::vector<std::string>& args, std::vector<TraceFile>* out,
                       std::vector<Status>* errors) {
  for (const std::string& arg : args) {
    struct stat st;
    if (stat(arg.c_str(), &st) != 0) {
      errors->push_back(Status::NotFound(arg + ": no such file or folder"));
      continue;
    }
    if (!S_ISDIR(st.st_mode)) {
      out->push_back({arg, BaseName(arg)});
      continue;
    }
    std::vector<std::string> files;
    ExpandInputs({arg}, &files, errors);
    std::string prefix = arg;
    while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
    if (prefix != "/") prefix += '/';
    for (std::string& f : files) {
      if (!LooksLikeTraceName(BaseName(f))) continue;
      std::string key = f.compare(0, prefix.size(), prefix) == 0 ? f.substr(prefix.size()) : f;
      out->push_back({std::move(f), std::move(key)});
    }
  }
}

}  // namespace roamreplay
