#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the browser tests:
#   bash .ci/chromium.sh
# Installs Debian's `chromium` package when it is missing; progress goes to stderr.
# Playwright drives this binary (executable_path), so no `playwright install` download is needed;
# the browser tests skip without it, so this is what makes CI run them.
set -euo pipefail

log() { echo "chromium.sh: $*" >&2; }

if [ ! -x /usr/bin/chromium ]; then
    log "/usr/bin/chromium not found: installing Debian's chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends chromium >&2
fi
[ -x /usr/bin/chromium ] || { log "/usr/bin/chromium still missing after installing chromium"; exit 1; }
log "ready: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
