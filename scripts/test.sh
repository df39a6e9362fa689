#!/usr/bin/env bash
# Sets up a fresh machine and runs the whole test suite; arguments go to pytest
# (`-m "not e2e"`: the unit and component tiers only).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
. scripts/venv.sh
use_venv
# Lint and types first: a quick, clear failure before the long suite.
python3 -m ruff check .
python3 -m ruff format --check .
python3 -m mypy reviewcrawl devtools
python3 -m pytest -q "$@"
