#!/usr/bin/env bash
# Make sure Debian's PostgreSQL client (pg_dump, pg_restore, psql) is on PATH: manage.py backup
# and restore use it on PostgreSQL, and so do their tests.
#
#   bash scripts/ensure_pg_client.sh      # or: source it and call ensure_pg_client
#
# Installs the apt package postgresql-client where one is missing. Under CI=true a missing
# client is an error; locally a warning (the PostgreSQL backup tests then skip).

# shellcheck source=scripts/setup.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/setup.sh"

_pg_client_works() {
    local program
    for program in pg_dump pg_restore psql; do
        "$program" --version >/dev/null 2>&1 || return 1
    done
}

ensure_pg_client() {
    section "PostgreSQL client (backup and restore)"
    _pg_client_works || apt_install postgresql-client || warn "apt-get install postgresql-client failed"
    if _pg_client_works; then
        note "$(pg_dump --version 2>/dev/null | head -n1)"
        return 0
    fi
    if in_ci; then
        die "CI=true and pg_dump, pg_restore or psql is missing (apt-get install postgresql-client failed)"
    fi
    warn "pg_dump, pg_restore or psql is missing: the PostgreSQL backup tests will be skipped"
    return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    ensure_pg_client
fi
