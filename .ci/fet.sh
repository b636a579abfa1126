#!/usr/bin/env bash
# Makes sure FET's command-line generator `fet-cl` is on PATH for the FET tests:
#   bash .ci/fet.sh
# Installs Debian's `fet` package when fet-cl is missing; progress goes to stderr.
# The tests that need fet-cl skip without it, so this is what makes CI run them.
set -euo pipefail

log() { echo "fet.sh: $*" >&2; }

if ! command -v fet-cl >/dev/null; then
    log "fet-cl not found: installing Debian's fet"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends fet >&2
fi
command -v fet-cl >/dev/null || { log "fet-cl still missing after installing fet"; exit 1; }
log "ready: $(fet-cl --version 2>&1 | head -n 1)"
