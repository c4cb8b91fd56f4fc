#!/usr/bin/env bash
# Set up everything and run the whole test suite:
#
#   bash scripts/test.sh [pytest args...]      # e.g. bash scripts/test.sh tests/test_db.py -q
#
# Creates .venv with the dev requirements (skipped while unchanged), makes sure Debian's
# Chromium is at /usr/bin/chromium (browser tests and the documents' charts), LibreOffice and
# poppler render documents (scripts/ensure_libreoffice.sh), a PostgreSQL server answers (exports
# TEST_DATABASE_URL), its client (pg_dump, pg_restore, psql: backups) and nginx (several processes)
# are installed, then runs pytest. Under CI=true a missing Chromium, LibreOffice, PostgreSQL,
# client or nginx is an error; locally only a warning, and the tests that need it skip.
# Before pytest: ruff (lint and format) and import-linter (the layers in pyproject.toml).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
# shellcheck source=scripts/ensure_chromium.sh
source scripts/ensure_chromium.sh
# shellcheck source=scripts/ensure_postgres.sh
source scripts/ensure_postgres.sh
# shellcheck source=scripts/ensure_libreoffice.sh
source scripts/ensure_libreoffice.sh
# shellcheck source=scripts/ensure_pg_client.sh
source scripts/ensure_pg_client.sh
# shellcheck source=scripts/ensure_nginx.sh
source scripts/ensure_nginx.sh

started=$SECONDS
setup_python dev
ensure_chromium
ensure_libreoffice
ensure_postgres
ensure_pg_client
ensure_nginx
section "Set-up done in $((SECONDS - started)) s; lint, format and import contracts"
.venv/bin/ruff check --quiet . || die "ruff found problems (ruff check --fix . mends most)"
.venv/bin/ruff format --check --quiet . || die "files need formatting: .venv/bin/ruff format ."
.venv/bin/lint-imports --no-cache >/dev/null || { .venv/bin/lint-imports --no-cache | tail -n 30; die "an import contract in pyproject.toml is broken"; }
note "ruff and import-linter: clean"
section "Running pytest $*"
export STREAMLIT_BROWSER_GATHER_USAGE_STATS=false
exec .venv/bin/python -m pytest "$@"
