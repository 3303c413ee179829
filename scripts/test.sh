#!/usr/bin/env bash
# Builds roamreplay and runs the whole test suite: once in the normal build,
# once under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/).
# Set ROAMREPLAY_SKIP_SANITIZERS=1 to run only the first pass. Tests labelled
# "timing" (Dask, --follow) run in the first pass only.
set -euo pipefail
cd "$(dirname "$0")/.."

# roamreplay-fleet (tools/fleet/) and its tests need Dask distributed.
if ! dpkg-query -W -f='${Status}' python3-distributed 2>/dev/null | grep -q "install ok installed"; then
  echo "roamreplay: installing Debian packages: python3-distributed" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    python3-distributed >/dev/null
fi

scripts/build.sh
ctest --test-dir build --output-on-failure -LE perf -j "$(nproc)"

if [ "${ROAMREPLAY_SKIP_SANITIZERS:-0}" != 1 ]; then
  ROAMREPLAY_BUILD_DIR=build-asan scripts/build.sh -DROAMREPLAY_SANITIZE=address,undefined \
    -DCMAKE_BUILD_TYPE=Debug
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-asan --output-on-failure -LE 'perf|timing' -j "$(nproc)"
fi
