#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster on 127.0.0.1 for the test suite.
#   eval "$(bash .ci/postgres.sh)"
# stdout carries only the `export SABAQ_TEST_POSTGRES_URL=...` lines; progress goes to stderr.
# Installs Debian's postgresql when initdb/pg_ctl are missing. The cluster lives in a temp dir
# owned by an unprivileged user (PostgreSQL refuses to run as root); stop it with
#   pg_ctl -D "$SABAQ_TEST_POSTGRES_DIR/data" stop   (as that user)
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }

find_bindir() {
    local dir
    # the newest installed major version first
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return 0
        fi
    done
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        dirname "$(readlink -f "$(command -v initdb)")"
        return 0
    fi
    return 1
}

if ! bindir=$(find_bindir); then
    log "initdb/pg_ctl not found: installing Debian's postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
    bindir=$(find_bindir)
fi

# PostgreSQL will not run as root: use the postgres user, creating one if needed.
run_as=()
owner=$(id -un)
if [ "$(id -u)" = "0" ]; then
    owner=postgres
    if ! id -u "$owner" >/dev/null 2>&1; then
        log "creating system user $owner"
        useradd --system --no-create-home --shell /usr/sbin/nologin "$owner"
    fi
    run_as=(runuser -u "$owner" --)
fi

base=$(mktemp -d "${TMPDIR:-/tmp}/sabaq-pg.XXXXXX")
chown "$owner" "$base"
chmod 700 "$base"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

locale_args=(--no-locale)
if locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$'; then
    locale_args=(--locale=C.UTF-8)
fi

log "initdb in $base/data ($bindir)"
"${run_as[@]}" "$bindir/initdb" -D "$base/data" -U sabaq --auth=trust -E UTF8 \
    "${locale_args[@]}" >"$base/initdb.log" 2>&1 || { cat "$base/initdb.log" >&2; exit 1; }

log "starting on 127.0.0.1:$port"
"${run_as[@]}" "$bindir/pg_ctl" -D "$base/data" -l "$base/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $base -c fsync=off -c full_page_writes=off" start >&2 \
    || { cat "$base/server.log" >&2; exit 1; }

"${run_as[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U sabaq sabaq_test >&2

echo "export SABAQ_TEST_POSTGRES_URL=postgresql+psycopg://sabaq@127.0.0.1:$port/sabaq_test"
echo "export SABAQ_TEST_POSTGRES_DIR=$base"
stop=("${run_as[@]}" "$bindir/pg_ctl" -D "$base/data" -m fast stop)
echo "export SABAQ_TEST_POSTGRES_STOP='${stop[*]}'"
log "ready: postgresql+psycopg://sabaq@127.0.0.1:$port/sabaq_test"
