#!/usr/bin/env bash
# Debian's Chromium for the dashboard's browser test. Playwright drives it; `playwright install` (which
# downloads its own browsers) is never run. Without root or apt the browser test skips and says why.
set -u
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install_chromium: not root or no apt-get; the browser test will be skipped" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq chromium chromium-driver >/dev/null \
  || echo "install_chromium: apt-get could not install chromium; the browser test will be skipped" >&2
exit 0
