#!/usr/bin/env bash
# Renders the HTML triage report of the 2011 reconstruction to a PNG with
# headless Chromium and checks that the PNG is a real, non-trivial image.
# Usage: tests/screenshot/screenshot.sh ROAMREPLAY_BIN [OUT.png]
# Exit 77 (ctest SKIP_RETURN_CODE) when chromium is not installed.
set -euo pipefail
bin=${1:?usage: screenshot.sh ROAMREPLAY_BIN [OUT.png]}
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${2:-${TMPDIR:-/tmp}/roamreplay-report.png}

chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$chromium" ]; then
  echo "SKIP: chromium not installed (apt-get install -y chromium)"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
html="$work/report.html"
set +e
"$bin" report -o "$html" "$src/logs/2011-okc-stale-pmkid.log"
code=$?
set -e
if [ "$code" -ne 1 ]; then
  echo "FAIL: roamreplay report exited $code, expected 1 (findings)"
  exit 1
fi
rm -f "$out"
"$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --no-first-run --user-data-dir="$work/profile" \
  --hide-scrollbars --screenshot="$out" --window-size=1400,2000 "file://$html" \
  >"$work/chromium.log" 2>&1 || { cat "$work/chromium.log"; exit 1; }

# A PNG signature, and big enough to hold a rendered page (a blank page
# compresses to a few KB).
if [ ! -s "$out" ] || [ "$(head -c 8 "$out" | od -An -tx1 | tr -d ' \n')" != 89504e470d0a1a0a ]; then
  echo "FAIL: no PNG written to $out"
  cat "$work/chromium.log"
  exit 1
fi
size=$(stat -c %s "$out")
if [ "$size" -lt 40000 ]; then
  echo "FAIL: $out is only $size bytes; the page did not render"
  exit 1
fi
echo "OK: $out ($size bytes)"
