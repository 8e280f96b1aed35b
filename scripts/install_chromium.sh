#!/usr/bin/env bash
# Debian's Chromium (/usr/bin/chromium), a CJK font and the Python package playwright, for the dashboard's
# browser test, benchmark and screenshot. Playwright drives this Chromium through executable_path;
# `playwright install` (which downloads its own browsers) is never run. Without root or apt, the browser
# test skips and says why. Always exits 0.
set -u
here="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-$here/.venv/bin/python}"  # the project's venv; never the system interpreter by surprise

need=()
[ -x /usr/bin/chromium ] || need+=(chromium chromium-driver)
fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk" || need+=(fonts-wqy-microhei)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install_chromium: not root or no apt-get; skipping ${need[*]} (browser tests will skip)" >&2
  else
    export DEBIAN_FRONTEND=noninteractive
    if apt-get update && apt-get install -y "${need[@]}"; then
      echo "install_chromium: installed ${need[*]}"
    else
      echo "install_chromium: apt-get could not install ${need[*]}; browser tests will skip" >&2
    fi
  fi
else
  echo "install_chromium: /usr/bin/chromium present"
fi

if [ ! -x "$python" ]; then
  echo "install_chromium: no interpreter at $python (create .venv or set PYTHON); playwright not checked" >&2
elif "$python" -c "import playwright" 2>/dev/null; then
  echo "install_chromium: playwright importable"
elif "$python" -m pip install -q "playwright>=1.50"; then
  echo "install_chromium: installed playwright into $("$python" -c 'import sys; print(sys.prefix)')"
else
  echo "install_chromium: pip could not install playwright; browser tests will skip" >&2
fi
exit 0
