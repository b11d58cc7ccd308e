#!/usr/bin/env bash
# Sets up and runs the tests. PostgreSQL tests use TEST_POSTGRES_URL (default: the local
# server, database "test"); they skip with a reason when it is absent, except with CI=true.
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh dev
exec .venv/bin/python -m pytest "$@"
