# Sourced by the other scripts: the Python environment reviewcrawl is installed in and run from.
# An active virtual environment is used as it is; otherwise the project's own .venv, because a stock
# Debian 12 python3 refuses a system-wide pip install (PEP 668).
VENV=.venv

in_virtual_env() { python3 -c 'import sys; sys.exit(sys.prefix == sys.base_prefix)'; }

use_venv() {
  if ! in_virtual_env; then
    # shellcheck disable=SC1091
    . "$VENV/bin/activate"
  fi
}
