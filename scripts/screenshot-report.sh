#!/usr/bin/env bash
# Render medlint's HTML report for a draft and take a screenshot of it in headless Chromium.
#
#   scripts/screenshot-report.sh DRAFT [OUTPUT.png]
#
# Needs Debian's chromium (apt-get install chromium fonts-noto-cjk); the report itself is
# self-contained, so Chromium runs with networking disabled.
set -euo pipefail
draft=${1:?usage: scripts/screenshot-report.sh DRAFT [OUTPUT.png]}
png=${2:-medlint-report.png}
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
report="$workdir/report.html"

medlint check --format html --output "$report" "$draft" || [ $? -eq 1 ]

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "screenshot-report: no Chromium found; install it with: apt-get install chromium" >&2
  exit 2
fi
"$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run \
  --user-data-dir="$workdir/profile" --hide-scrollbars \
  --window-size=1200,"${HEIGHT:-1800}" --screenshot="$png" "file://$report" 2>/dev/null
echo "screenshot: $png (report of $draft)"
