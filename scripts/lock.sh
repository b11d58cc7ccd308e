#!/usr/bin/env bash
# Pins every dependency, with the hashes of all its published files, for Python 3.11 and newer
# on any platform: requirements.lock (running the bot) and requirements-dev.lock (tests, lint,
# audit). scripts/bootstrap.sh and the Dockerfile install only from these files
# (`pip install --require-hashes`). Run after changing dependencies in pyproject.toml, or to
# take up fixed releases (`scripts/lock.sh --upgrade`), then commit both files.
set -euo pipefail
cd "$(dirname "$0")/.."
uv="${UV:-.venv/bin/uv}"
[ -x "$uv" ] || scripts/bootstrap.sh dev
# The build backend is locked as well: the project itself is installed without build
# isolation, so nothing unhashed is fetched at install time.
build_requires=$(.venv/bin/python -c 'import tomllib
with open("pyproject.toml", "rb") as f:
    print("\n".join(tomllib.load(f)["build-system"]["requires"]))')
compile() {
  printf '%s\n' "$build_requires" | "$uv" pip compile pyproject.toml - \
    --universal --python-version 3.11 --generate-hashes \
    --custom-compile-command scripts/lock.sh --quiet "$@"
}
compile -o requirements.lock "$@"
compile --extra dev -o requirements-dev.lock "$@"
