"""Start-up with the data key: never a new key over old data, never one per instance."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import open_database, purge_undecryptable
from bot.config import Settings
from storage import crypto, families
from storage.models import utcnow
from tests.bot.test_cli import run_bot
from tests.support.env import TEST_KEY


@pytest.fixture(autouse=True)
def _restore_key() -> Iterator[None]:
    yield
    crypto.configure(TEST_KEY)


def sqlite_settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'db' / 'bot.sqlite3'}",
        data_key=None,
        data_key_file=tmp_path / ".data" / "data.key",
    )


async def test_a_lost_key_file_is_not_replaced_while_encrypted_data_exists(
    tmp_path: Path,
) -> None:
    settings = sqlite_settings(tmp_path)
    db = await open_database(settings)  # first start: the key is generated, owner-only
    assert stat.S_IMODE(settings.data_key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(settings.data_key_file.parent.stat().st_mode) == 0o700
    async with db.transaction() as tx:
        await families.save(tx, user_id=1, chat_id=1, locale="de", state={"a": 1}, now=utcnow())
    await db.close()
    settings.data_key_file.unlink()
    with pytest.raises(crypto.DataKeyError, match=r"key file .* is missing"):
        await open_database(settings)
    assert not settings.data_key_file.exists()
    # The operator gives the old data up: a new key, the family's answers gone, its row kept.
    assert await purge_undecryptable(settings) == {"families.state": 1}
    db = await open_database(settings)
    async with db.transaction() as tx:
        family = await families.load(tx, 1)
    await db.close()
    assert family is not None and family.state is None


@pytest.mark.postgres
async def test_postgres_never_generates_a_key(scratch_database: str, tmp_path: Path) -> None:
    settings = Settings(
        database_url=scratch_database, data_key=None, data_key_file=tmp_path / "data.key"
    )
    with pytest.raises(crypto.DataKeyError, match="PostgreSQL"):
        await open_database(settings)
    assert not settings.data_key_file.exists()


def test_a_wrong_key_stops_the_bot_with_a_clear_message(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"}
    assert run_bot("migrate", env=env).returncode == 0
    wrong = run_bot("migrate", env={**env, "DATA_KEY": crypto.create_key(tmp_path / "k")})
    assert wrong.returncode == 2
    assert "DATA_KEY does not match this database" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    refused = run_bot("purge-undecryptable", env=env)
    assert refused.returncode == 2 and "--yes" in refused.stderr
