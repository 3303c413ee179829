// gen_log: writes a deterministic synthetic `wpa_supplicant -dd -t` log
// (see synthetic_log.h) for benchmarks and memory measurements.
//
//   gen_log --lines 1000000 [--seed 1] [--failures 0.3] [--sites 64] [--noise-max 150]
//           [--templates DIR] [-o FILE]
//
// --noise-max sets the most noise lines per idle gap (default 150: a roam
// about every 800 lines); larger values make roams rarer.
//
// The default template directory is the repository's logs/.

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "synthetic_log.h"

#ifndef ROAMREPLAY_SOURCE_DIR
#define ROAMREPLAY_SOURCE_DIR "."
#endif

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: gen_log --lines N [--seed S] [--failures SHARE] [--sites N] [--noise-max N]\n"
               "               [--templates DIR] [-o FILE]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  roamreplay::bench::GenOptions opt;
  opt.template_dir = ROAMREPLAY_SOURCE_DIR "/logs";
  std::string out_path = "-";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (i + 1 >= argc) return Usage();
    const char* value = argv[++i];
    if (arg == "--lines") opt.lines = std::strtoull(value, nullptr, 10);
    else if (arg == "--seed") opt.seed = std::strtoull(value, nullptr, 10);
    else if (arg == "--failures") opt.failure_share = std::atof(value);
    else if (arg == "--sites") opt.sites = std::atoi(value);
    else if (arg == "--noise-max") opt.noise_max = std::atoi(value);
    else if (arg == "--templates") opt.template_dir = value;
    else if (arg == "-o") out_path = value;
    else return Usage();
  }
  if (opt.lines == 0 || opt.sites <= 0 || opt.noise_max < opt.noise_min) return Usage();
  std::FILE* out = out_path == "-" ? stdout : std::fopen(out_path.c_str(), "wb");
  if (out == nullptr) {
    std::fprintf(stderr, "gen_log: %s: %s\n", out_path.c_str(), std::strerror(errno));
    return 3;
  }
  roamreplay::Status s = roamreplay::bench::GenerateLog(opt, out);
  if (out != stdout && std::fclose(out) != 0 && s.ok())
    s = roamreplay::Status::IoError("close failed");
  if (!s.ok()) {
    std::fprintf(stderr, "gen_log: %s\n", s.message().c_str());
    return 3;
  }
  return 0;
}
