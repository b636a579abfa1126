#!/usr/bin/env bash
# What the code judge needs from Debian, so its sandbox and language tests run instead of failing:
#   bash .ci/judge.sh
# bubblewrap (the sandbox), Free Pascal, a headless JDK 17; g++ and python3 come with the image.
# Progress goes to stderr; installs only what is missing.
set -euo pipefail

log() { echo "judge.sh: $*" >&2; }

need=()
command -v bwrap >/dev/null || need+=(bubblewrap)
command -v fpc >/dev/null || need+=(fp-compiler)
command -v javac >/dev/null || need+=(default-jdk-headless)
command -v g++ >/dev/null || need+=(g++)
if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi
for tool in bwrap fpc javac java g++ /usr/bin/python3; do
    command -v "$tool" >/dev/null || { log "$tool still missing"; exit 1; }
done
log "ready: $(bwrap --version), fpc $(fpc -iV), $(javac -version 2>&1)"
