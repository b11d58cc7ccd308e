#!/usr/bin/env bash
# Sets up and runs Schullotse: the console chat without BOT_TOKEN, Telegram with it.
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh
exec .venv/bin/python -m bot "$@"
