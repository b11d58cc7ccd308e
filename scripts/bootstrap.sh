#!/usr/bin/env bash
# Creates .venv with a Python ≥ 3.11 and installs the pinned, hash-checked dependencies from
# requirements.lock (or requirements-dev.lock with $1 = "dev"), then the project itself without
# resolving anything. Re-installs only when a lock file or pyproject.toml changed, so repeated
# runs start quickly. scripts/lock.sh makes the lock files.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
case "$extras" in
  "") lock=requirements.lock ;;
  dev) lock=requirements-dev.lock ;;
  *) echo "usage: $0 [dev]" >&2; exit 2 ;;
esac

pick_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "Schullotse needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)" >&2
  return 1
}

if [ ! -x .venv/bin/python ]; then
  "$(pick_python)" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
fi
stamp=".venv/.installed${extras:+-$extras}"
if [ ! -f "$stamp" ] || [ "$lock" -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --require-hashes -r "$lock"
  # --no-build-isolation: the build backend (setuptools) came hashed from the lock file.
  .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
  touch "$stamp"
fi
