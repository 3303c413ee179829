#!/usr/bin/env bash
# Renders HTML triage reports with headless Chromium: a PNG of the 2011
# reconstruction's report (checked to be a real image), and geometry checks
# run inside the rendered page for several cases: the SVG timeline lies
# within the viewport, no element lies outside its viewBox, no two labels
# overlap, and the whole log is drawn (a marker for every finding card).
#
# Cases: logs/2011-okc-stale-pmkid.log; a synthesized working day of roaming
# (tests/screenshot/long-day.json: 8.5 h, 50 roams, dozens of findings);
# and, when ../shared/corpus is present, real logs (INFO-level journald,
# SAE over several APs).
#
# Usage: tests/screenshot/screenshot.sh ROAMREPLAY_BIN [OUT.png]
# Exit 77 (ctest SKIP_RETURN_CODE) when chromium is not installed, unless
# ROAMREPLAY_REQUIRE_SCREENSHOT=1 (scripts/test.sh sets it; it installs
# the Debian package chromium).
set -euo pipefail
bin=${1:?usage: screenshot.sh ROAMREPLAY_BIN [OUT.png]}
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${2:-${TMPDIR:-/tmp}/roamreplay-report.png}

chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$chromium" ]; then
  if [ "${ROAMREPLAY_REQUIRE_SCREENSHOT:-0}" = 1 ]; then
    echo "FAIL: chromium not installed (apt-get install -y chromium)"
    exit 1
  fi
  echo "SKIP: chromium not installed (apt-get install -y chromium)"
  exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

chrome() {
  "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --no-first-run --user-data-dir="$work/profile" \
    --hide-scrollbars "$@" 2>>"$work/chromium.log"
}

# report LOG HTML: the report, exit 0 or 1 (findings) expected.
report() {
  set +e
  "$bin" report -o "$2" "$1"
  local code=$?
  set -e
  if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
    echo "FAIL: roamreplay report $1 exited $code"
    exit 1
  fi
}

# The checks, run in the page after layout; they write their verdict into
# a <pre id="geometry"> that --dump-dom shows.
cat >"$work/check.js" <<'EOF'
(function () {
  var problems = [];
  function box(e) { var b = e.getBBox(); return {x: b.x, y: b.y, w: b.width, h: b.height}; }
  function label(e) { return e.tagName + ' "' + (e.textContent || '').slice(0, 40) + '"'; }
  var svgs = document.querySelectorAll('svg');
  if (svgs.length === 0) problems.push('no SVG timeline');
  svgs.forEach(function (svg, n) {
    var r = svg.getBoundingClientRect();
    if (r.left < -0.5 || r.right > window.innerWidth + 0.5)
      problems.push('svg ' + n + ' outside the viewport: ' + r.left + '..' + r.right +
                    ' of ' + window.innerWidth);
    var vb = svg.viewBox.baseVal;
    svg.querySelectorAll('rect, text, circle, line, path').forEach(function (e) {
      if (e.closest('defs')) return;
      var b = box(e);
      if (b.x < vb.x - 1 || b.y < vb.y - 1 || b.x + b.w > vb.x + vb.width + 1 ||
          b.y + b.h > vb.y + vb.height + 1)
        problems.push('outside the viewBox ' + vb.width + 'x' + vb.height + ': ' + label(e) +
                      ' at ' + [b.x, b.y, b.w, b.h].map(Math.round).join(','));
    });
    var texts = Array.prototype.map.call(svg.querySelectorAll('text'), function (t) {
      return {t: t, b: box(t)};
    });
    for (var i = 0; i < texts.length; ++i) {
      for (var j = i + 1; j < texts.length; ++j) {
        var a = texts[i].b, c = texts[j].b;
        var dx = Math.min(a.x + a.w, c.x + c.w) - Math.max(a.x, c.x);
        var dy = Math.min(a.y + a.h, c.y + c.h) - Math.max(a.y, c.y);
        if (dx > 1 && dy > 1)
          problems.push('labels overlap: ' + label(texts[i].t) + ' and ' + label(texts[j].t));
      }
    }
  });
  var cards = document.querySelectorAll('div.finding').length;
  var markers = document.querySelectorAll('svg circle title').length;
  var pre = document.createElement('pre');
  pre.id = 'geometry';
  pre.textContent = (problems.length ? 'GEOMETRY-FAIL\n' + problems.join('\n') : 'GEOMETRY-OK') +
                    '\ncards ' + cards + ' markers ' + markers;
  document.body.appendChild(pre);
})();
EOF

# check_geometry NAME HTML
check_geometry() {
  local name=$1 html=$2 page="$work/$1-check.html"
  # The report ends with "</body>\n</html>\n": the script goes before them.
  { head -n -2 "$html"; echo "<script>"; cat "$work/check.js"; echo "</script></body></html>"; } \
    >"$page"
  chrome --dump-dom --virtual-time-budget=5000 --window-size=1400,2000 "file://$page" \
    >"$work/$name.dom" || { cat "$work/chromium.log"; exit 1; }
  local verdict
  verdict=$(sed -n '/<pre id="geometry">/,/<\/pre>/p' "$work/$name.dom")
  if [ -z "$verdict" ]; then
    echo "FAIL: $name: the geometry check did not run"
    cat "$work/chromium.log"
    exit 1
  fi
  if ! grep -q GEOMETRY-OK <<<"$verdict"; then
    echo "FAIL: $name:"
    echo "$verdict" | head -40
    exit 1
  fi
  echo "OK: $name geometry ($(grep -o 'cards [0-9]* markers [0-9]*' <<<"$verdict"))"
}

# 1. The 2011 reconstruction: geometry and a PNG.
report "$src/logs/2011-okc-stale-pmkid.log" "$work/2011.html"
check_geometry 2011 "$work/2011.html"
rm -f "$out"
chrome --screenshot="$out" --window-size=1400,2000 "file://$work/2011.html" >/dev/null ||
  { cat "$work/chromium.log"; exit 1; }
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

# 2. A long day of roaming: many gaps, many findings; the whole log is drawn.
"$bin" synth -o "$work/long-day.log" "$src/tests/screenshot/long-day.json"
report "$work/long-day.log" "$work/long-day.html"
check_geometry long-day "$work/long-day.html"
if ! grep -q 'drawn narrower so that the whole log fits' "$work/long-day.html"; then
  echo "FAIL: long-day: no note that the gaps were narrowed to fit the whole log"
  exit 1
fi

# 3. Real logs, when the corpus is there.
corpus="$src/../shared/corpus"
for name in 02-harvard-eaptls-okc-flush-roam-journald 08-rtw89-sae-multi-ap-roam-pmksa-journald; do
  if [ -f "$corpus/$name.log" ]; then
    report "$corpus/$name.log" "$work/$name.html"
    check_geometry "$name" "$work/$name.html"
  fi
done
