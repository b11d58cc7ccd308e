"""What a restart loads before its first getUpdates: only what the first updates need.

Report, export and QR libraries, the webhook server, PostgreSQL's dialect on SQLite, the
catalogs and Babel's locale data load when first used (bench/README.md, `bench.startup`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet

from tests.support.env import ROOT

# Everything `python -m bot run` does before its first poll (bot/cli.py, bot/telegram/run.py
# `run_polling` up to `poll_committed`), then what it has loaded.
PROBE = """
import asyncio, json, sys
import babel.core
from babel import localedata
import bot.cli, bot.telegram.run
from bot.app import build_app
from bot.config import Settings
from bot.telegram import dispatcher
from bot.telegram.dispatcher import allowed_updates, make_bot, make_dispatcher

async def main():
    app = await build_app(Settings())
    telegram = make_bot(app)
    allowed_updates(make_dispatcher(app))
    await telegram.session.close()
    print(json.dumps({
        "modules": sorted(sys.modules),
        "catalogs": sorted(app.catalogs.loaded),
        "locale_data": sorted(localedata._cache),
        "global_data": babel.core._global_data is not None,
        "response_types": len(dispatcher._RESPONSE_TYPES),
    }))
    await app.close()

asyncio.run(main())
"""

# Feature modules no first update needs: reports and exports (charts, PDF, XLSX), invitation
# QR codes, calendar files, migrations (the database is current), the webhook server,
# PostgreSQL's driver and dialect (this is SQLite), Babel's catalog compiler.
NOT_BEFORE_THE_FIRST_POLL = (
    "matplotlib",
    "openpyxl",
    "fpdf",
    "PIL",
    "segno",
    "icalendar",
    "tqdm",
    "alembic",
    "asyncpg",
    "aiohttp.web",
    "sqlalchemy.dialects.postgresql",
    "babel.messages",
)


def _start(tmp_path: Path, key: str) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    env |= {
        "PYTHONPATH": str(ROOT),
        "BOT_TOKEN": "123456:AAFAKE",
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}",
        "DATA_KEY": key,
        "COUNSELLOR_CHAT_ID": "-1001000000001",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.slow  # two bot starts in processes of their own
def test_a_restart_loads_no_feature_module_catalog_or_locale_data_before_polling(
    tmp_path: Path,
) -> None:
    key = Fernet.generate_key().decode()
    _start(tmp_path, key)  # the first start creates the database
    loaded = _start(tmp_path, key)  # a restart, as bench.startup measures it
    modules = set(loaded["modules"])
    early = [m for m in NOT_BEFORE_THE_FIRST_POLL if m in modules]
    assert early == []
    assert loaded["catalogs"] == []
    # Babel's locale data loads for a reader's dates, numbers and names, like the catalogs
    # (the content's codes are checked against stored lists, dialogs/text/cldr.py).
    assert loaded["locale_data"] == [] and not loaded["global_data"]
    # aiogram's response types are kept from each method's first answer, not all built now.
    assert loaded["response_types"] == 0
    # The start path itself is the real one.
    assert {"bot.telegram.run", "bot.telegram.dispatcher", "sqlalchemy"} <= modules
