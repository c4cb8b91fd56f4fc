#!/usr/bin/env bash
# Set up everything and start the app on the built-in sample data:
#
#   bash scripts/run.sh [extra streamlit args...]      # PORT=8502 bash scripts/run.sh
#
# Creates .venv with the runtime requirements (skipped while unchanged), then runs
# Streamlit headless on ${PORT:-8501}. On its first start the app migrates its SQLite
# database under var/ and loads the sample data by itself.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh

setup_python runtime
[ -f app.py ] || die "app.py not found in $(pwd)"

section "Starting the app on http://localhost:${PORT:-8501}"
export STREAMLIT_BROWSER_GATHER_USAGE_STATS="${STREAMLIT_BROWSER_GATHER_USAGE_STATS:-false}"
exec .venv/bin/streamlit run app.py --server.headless true --server.port "${PORT:-8501}" "$@"
