#!/usr/bin/env bash
# Find (or install and start) a PostgreSQL server for the tests and export
# TEST_DATABASE_URL, an admin URL that may create and drop databases.
#
#   source scripts/ensure_postgres.sh && ensure_postgres   # exports TEST_DATABASE_URL
#   bash scripts/ensure_postgres.sh                         # prints the URL
#
# Order: a TEST_DATABASE_URL given by the caller, if it answers; a running server on
# 127.0.0.1:${TEST_PG_PORT:-5432} reached as postgres (trust auth, database test, made
# when missing) or as the role dundian_test; otherwise install Debian's postgresql if
# needed, create/start a cluster with pg_ctlcluster, and give it a role dundian_test
# (password dundian_test, CREATEDB) over the local socket. A running server is never
# stopped or reconfigured. Under CI=true no usable server is an error; locally a
# warning (the PostgreSQL tests then skip).

# shellcheck source=scripts/setup.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/setup.sh"

PG_HOST=127.0.0.1
PG_PORT="${TEST_PG_PORT:-5432}"
PG_TEST_ROLE=dundian_test

# True when a PostgreSQL connection to "$1" succeeds (psycopg from .venv, else psql).
_pg_connects() {
    if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import psycopg' >/dev/null 2>&1; then
        "$VENV/bin/python" - "$1" >/dev/null 2>&1 <<'EOF'
import sys, psycopg
psycopg.connect(sys.argv[1], connect_timeout=5).close()
EOF
    elif command -v psql >/dev/null 2>&1; then
        PGCONNECT_TIMEOUT=5 psql "$1" -X -w -Atqc 'select 1' >/dev/null 2>&1
    else
        return 1
    fi
}

_port_open() {
    (exec 3<>"/dev/tcp/$PG_HOST/$PG_PORT") 2>/dev/null
}

# Run psql as the OS user postgres over the local socket (peer auth) on $PG_PORT.
_psql_as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then
        (cd / && runuser -u postgres -- psql -p "$PG_PORT" -X -w -qAt "$@")
    elif command -v sudo >/dev/null 2>&1; then
        (cd / && sudo -n -u postgres psql -p "$PG_PORT" -X -w -qAt "$@")
    else
        return 1
    fi
}

# Prints the first URL that connects on $PG_PORT, making database test where only
# the postgres database exists.
_find_pg_url() {
    local base="postgresql://postgres@$PG_HOST:$PG_PORT" role_url
    role_url="postgresql://$PG_TEST_ROLE:$PG_TEST_ROLE@$PG_HOST:$PG_PORT/$PG_TEST_ROLE"
    if _pg_connects "$base/test"; then echo "$base/test"; return 0; fi
    if _pg_connects "$role_url"; then echo "$role_url"; return 0; fi
    if _pg_connects "$base/postgres"; then
        note "creating database test" >&2
        if command -v psql >/dev/null 2>&1; then
            psql "$base/postgres" -X -w -qAtc 'CREATE DATABASE test' >/dev/null 2>&1 || true
        else
            "$VENV/bin/python" - "$base/postgres" >/dev/null 2>&1 <<'EOF' || true
import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as conn:
    conn.execute("CREATE DATABASE test")
EOF
        fi
        if _pg_connects "$base/test"; then echo "$base/test"; return 0; fi
    fi
    return 1
}

_newest_pg_version() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/ 2>/dev/null | sort -V -r); do
        if [ -x "${dir}bin/postgres" ]; then basename "$dir"; return 0; fi
    done
    return 1
}

# Install PostgreSQL if needed, then create/start a cluster; sets PG_PORT to its port.
_start_local_cluster() {
    local version cluster line status i
    if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! _newest_pg_version >/dev/null; then
        apt_install postgresql || { warn "apt-get install postgresql failed"; return 1; }
    fi
    # An existing cluster on the wanted port, else a new one (named main where free).
    line="$(pg_lsclusters -h 2>/dev/null | awk -v p="$PG_PORT" '$3 == p' | head -n1)"
    if [ -z "$line" ]; then
        version="$(_newest_pg_version)" || { warn "no PostgreSQL server binaries found"; return 1; }
        cluster=main
        if pg_lsclusters -h 2>/dev/null | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
            cluster=dundian_test
        fi
        note "creating cluster $version/$cluster on port $PG_PORT"
        as_root pg_createcluster --port "$PG_PORT" "$version" "$cluster" >/dev/null || return 1
        line="$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c' | head -n1)"
    fi
    read -r version cluster PG_PORT status _ <<<"$line"
    if [ "${status%%,*}" != online ]; then
        note "starting cluster $version/$cluster (port $PG_PORT)"
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start \
            || { warn "pg_ctlcluster $version $cluster start failed"; return 1; }
    fi
    for i in $(seq 1 60); do
        _port_open && return 0
        sleep 0.5
    done
    warn "PostgreSQL cluster $version/$cluster does not answer on $PG_HOST:$PG_PORT"
    return 1
}

# Create the role and database dundian_test (idempotent) over the local socket.
_create_test_role() {
    note "creating role $PG_TEST_ROLE (password auth) over the local socket"
    _psql_as_postgres -c "DO \$\$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_TEST_ROLE') THEN
            CREATE ROLE $PG_TEST_ROLE LOGIN CREATEDB PASSWORD '$PG_TEST_ROLE';
        END IF; END \$\$;" >/dev/null || return 1
    if [ -z "$(_psql_as_postgres -c "SELECT 1 FROM pg_database WHERE datname = '$PG_TEST_ROLE'")" ]; then
        _psql_as_postgres -c "CREATE DATABASE $PG_TEST_ROLE OWNER $PG_TEST_ROLE" >/dev/null || return 1
    fi
}

ensure_postgres() {
    section "PostgreSQL (TEST_DATABASE_URL)"
    local url=""
    if [ -n "${TEST_DATABASE_URL:-}" ]; then
        if _pg_connects "$TEST_DATABASE_URL"; then
            note "using the given TEST_DATABASE_URL"
            return 0
        fi
        warn "the given TEST_DATABASE_URL does not connect: looking for a server on $PG_HOST:$PG_PORT"
    fi
    if _port_open; then
        url="$(_find_pg_url)" || true
    else
        note "no server on $PG_HOST:$PG_PORT: installing/starting a local cluster"
        if _start_local_cluster; then url="$(_find_pg_url)" || true; fi
    fi
    if [ -z "$url" ] && _port_open && _create_test_role; then
        url="$(_find_pg_url)" || true
    fi
    if [ -n "$url" ]; then
        export TEST_DATABASE_URL="$url"
        note "TEST_DATABASE_URL=$url"
        return 0
    fi
    unset TEST_DATABASE_URL
    if in_ci; then
        die "CI=true and no usable PostgreSQL server (tried $PG_HOST:$PG_PORT, apt-get install postgresql, pg_ctlcluster)"
    fi
    warn "no usable PostgreSQL server: the PostgreSQL tests will be skipped"
    return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    ensure_postgres
    echo "${TEST_DATABASE_URL:-}"
fi
