#!/usr/bin/env bash
# Builds roamreplay and runs the whole test suite: once in the normal build,
# once under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/).
# Set ROAMREPLAY_SKIP_SANITIZERS=1 to run only the first pass. Tests labelled
# "timing" (Dask, --follow) run in the first pass only.
# Installs the Debian packages the tests need beyond the build's (only the
# missing ones): chromium, so that the screenshot test of the HTML report
# really runs, and python3-distributed for roamreplay-fleet (tools/fleet/).
set -euo pipefail
cd "$(dirname "$0")/.."

# install_missing [apt-get options] -- PACKAGE...
install_missing() {
  local opts=() missing=() p
  while [ "$1" != "--" ]; do opts+=("$1"); shift; done
  shift
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  echo "roamreplay: installing Debian packages: ${missing[*]}" >&2
  local sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${opts[@]}" \
    "${missing[@]}" >/dev/null
}
install_missing -- chromium
install_missing --no-install-recommends -- python3-distributed

# The screenshot test fails (instead of skipping) without chromium here.
export ROAMREPLAY_REQUIRE_SCREENSHOT=1

scripts/build.sh
ctest --test-dir build --output-on-failure -LE perf -j "$(nproc)"

if [ "${ROAMREPLAY_SKIP_SANITIZERS:-0}" != 1 ]; then
  ROAMREPLAY_BUILD_DIR=build-asan scripts/build.sh -DROAMREPLAY_SANITIZE=address,undefined \
    -DCMAKE_BUILD_TYPE=Debug
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -LE 'perf|timing' -j "$(nproc)"
fi
