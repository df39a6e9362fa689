#!/usr/bin/env bash
# Installs everything reviewcrawl needs on a fresh Debian machine (as root or with sudo):
# Debian's Chromium for script-built pages and Redis for shared crawls (and their tests), then
# reviewcrawl itself with its test tools, into the active virtual environment or else into .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# Debian keeps ensurepip, which `python3 -m venv` needs, in its own package.
if ! in_virtual_env && ! python3 -c 'import ensurepip' 2>/dev/null; then missing+=(python3-venv); fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]} from Debian's packages"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# A .venv that a failed attempt left without pip is made again.
if ! in_virtual_env && ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
  echo "setup: creating the virtual environment $VENV"
  python3 -m venv --clear "$VENV"
  # The pip the constraints were resolved with: Debian's bundled one is older.
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -c constraints.txt pip
fi
use_venv

# constraints.txt holds the versions the tests ran with, so every machine installs the same ones.
python3 -m pip install -q --disable-pip-version-check -c constraints.txt -e ".[test]"
