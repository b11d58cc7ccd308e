"""`Database.transaction`: one unit of work, begun at its first statement; one that runs none
costs no commit and no close (a trip through SQLAlchemy's greenlet each)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from storage import families
from storage.db import Database
from storage.models import utcnow


@pytest.fixture
def finishing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sessions' commits and closes, in order."""
    calls: list[str] = []
    for name in ("commit", "close"):
        original = getattr(AsyncSession, name)

        def recording(self: AsyncSession, *args: Any, _name: str = name, _f: Any = original) -> Any:
            calls.append(_name)
            return _f(self, *args)

        monkeypatch.setattr(AsyncSession, name, recording)
    return calls


async def _save(tx: Any, n: int) -> None:
    await families.save(tx, user_id=3, chat_id=3, locale="de", state={"n": n}, now=utcnow())


async def _state(database: Database) -> Any:
    async with database.transaction() as tx:
        family = await families.load(tx, 3)
    return None if family is None else family.state


async def test_a_unit_of_work_without_a_statement_neither_commits_nor_closes(
    database: Database, finishing: list[str]
) -> None:
    async with database.transaction():
        pass
    assert finishing == []


async def test_a_unit_of_work_with_statements_commits_and_closes(
    database: Database, finishing: list[str]
) -> None:
    async with database.transaction() as tx:
        await _save(tx, 1)
    assert finishing == ["commit", "close"]
    assert await _state(database) == {"n": 1}


async def test_an_error_rolls_everything_back(database: Database) -> None:
    async with database.transaction() as tx:
        await _save(tx, 1)
    with pytest.raises(RuntimeError):
        async with database.transaction() as tx:
            await _save(tx, 2)
            raise RuntimeError("the handler failed")
    assert await _state(database) == {"n": 1}
