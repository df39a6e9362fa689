#!/usr/bin/env bash
# Sets up a fresh machine and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Lint and types first: a quick, clear failure before the long suite.
python3 -m ruff check .
python3 -m ruff format --check .
python3 -m mypy reviewcrawl
python3 -m pytest -q "$@"
