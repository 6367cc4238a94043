#!/usr/bin/env bash
# Runs the gateway's main job on its embedded default: installs what is missing, then takes the
# sample documents through the gateway and prints a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_venv
exec .venv/bin/edi-gateway demo "$@"
