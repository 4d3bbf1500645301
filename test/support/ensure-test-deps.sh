#!/usr/bin/env bash
# Run by `npm test` before the suite: the browser tests drive Debian's Chromium (never a downloaded
# one), the media tests need ffmpeg, igloo certs needs openssl and the drop-in HTTPS test brings up
# loopback in its own network namespace with ip (iproute2; unshare and nsenter are util-linux, which
# Debian always has). The storage contract suite starts throwaway PostgreSQL clusters from Debian's
# postgresql package (tools/postgres-cluster.ts). On Debian, as root, missing packages are installed.
set -euo pipefail
chromium_path="${IGLOO_CHROMIUM_PATH:-/usr/bin/chromium}"
missing=()
[ -x "$chromium_path" ] || missing+=(chromium)
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
command -v openssl >/dev/null || missing+=(openssl)
command -v ip >/dev/null || missing+=(iproute2)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || [ -n "${IGLOO_POSTGRES_BIN:-}" ] || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "igloo tests: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "igloo tests need: ${missing[*]} (sudo apt-get install ${missing[*]}; or set IGLOO_CHROMIUM_PATH)." >&2
exit 1
