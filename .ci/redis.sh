#!/usr/bin/env bash
# Starts a throw-away Redis on 127.0.0.1 for the test suite (job messages and live events).
#   eval "$(bash .ci/redis.sh)"
# stdout carries only the `export SABAQ_TEST_REDIS_...` lines; progress goes to stderr.
# Installs Debian's redis-server when it is missing. Nothing is written to disk (no RDB, no
# AOF); stop it with $SABAQ_TEST_REDIS_STOP.
set -euo pipefail

log() { echo "redis.sh: $*" >&2; }

if ! command -v redis-server >/dev/null; then
    log "redis-server not found: installing Debian's redis-server"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends redis-server >&2
fi

base=$(mktemp -d "${TMPDIR:-/tmp}/sabaq-redis.XXXXXX")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

log "starting on 127.0.0.1:$port ($base)"
redis-server --bind 127.0.0.1 --port "$port" --dir "$base" --save "" --appendonly no \
    --daemonize yes --pidfile "$base/redis.pid" --logfile "$base/redis.log" >&2

for _ in $(seq 1 50); do
    if redis-cli -p "$port" ping >/dev/null 2>&1; then
        break
    fi
    sleep 0.1
done
redis-cli -p "$port" ping >/dev/null || { cat "$base/redis.log" >&2; exit 1; }

echo "export SABAQ_TEST_REDIS_URL=redis://127.0.0.1:$port/0"
echo "export SABAQ_TEST_REDIS_STOP='redis-cli -p $port shutdown nosave'"
log "ready: redis://127.0.0.1:$port/0"
