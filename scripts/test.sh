#!/usr/bin/env bash
# Builds roamreplay and runs the whole test suite: once in the normal build,
# once under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/).
# Set ROAMREPLAY_SKIP_SANITIZERS=1 to run only the first pass.
# Installs the Debian package chromium (if missing) so that the screenshot
# test of the HTML report really runs.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q "install ok installed"; then
  echo "roamreplay: installing Debian package: chromium (screenshot test)" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq chromium >/dev/null
fi

# The screenshot test fails (instead of skipping) without chromium here.
export ROAMREPLAY_REQUIRE_SCREENSHOT=1

scripts/build.sh
ctest --test-dir build --output-on-failure -LE perf -j "$(nproc)"

if [ "${ROAMREPLAY_SKIP_SANITIZERS:-0}" != 1 ]; then
  ROAMREPLAY_BUILD_DIR=build-asan scripts/build.sh -DROAMREPLAY_SANITIZE=address,undefined \
    -DCMAKE_BUILD_TYPE=Debug
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -LE perf -j "$(nproc)"
fi
