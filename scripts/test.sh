#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: starts the services the tests talk to when they
# are not running, installs what is missing, then runs ruff and pytest. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_services
ensure_venv
echo "== ruff"
.venv/bin/ruff check gateway tests benchmarks tools
echo "== pytest"
exec .venv/bin/python -m pytest "$@"
