#!/usr/bin/env bash
# Run by `npm test` before the suite: the browser tests drive Debian's Chromium, never a downloaded one.
set -euo pipefail
chromium_path="${IGLOO_CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium_path" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "igloo tests: installing Debian's chromium (needed by the browser tests)…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "igloo tests need Chromium at $chromium_path: run 'sudo apt-get install chromium' (or set IGLOO_CHROMIUM_PATH)." >&2
exit 1
