#!/usr/bin/env bash
# Debian's Chromium and a CJK font for the dashboard's browser test and screenshot. Playwright drives this
# Chromium; `playwright install` (which downloads its own browsers) is never run. Without root or apt the
# browser test skips and says why.
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium chromium-driver)
fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || need+=(fonts-wqy-microhei)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install_chromium: not root or no apt-get; cannot install ${need[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq "${need[@]}" >/dev/null \
  || echo "install_chromium: apt-get could not install ${need[*]}; the browser test will be skipped" >&2
exit 0
