#!/usr/bin/env bash
# Installs Debian's Chromium for the browser leg of `pnpm test:runtimes` when it is missing.
# playwright's own browser download cannot reach its CDN from these machines; Debian's package can.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "install-chromium: /usr/bin/chromium is missing and this user is not root; run: sudo apt-get install -y chromium" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
/usr/bin/chromium --version
