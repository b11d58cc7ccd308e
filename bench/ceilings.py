"""The ceilings Schullotse is measured against: bare aiogram plus the least database work an
exactly-once bot must do per update, written the naive way (SQLAlchemy ORM).

C: one ORM transaction per update — read the user's row, write it, commit.
D: the same plus a ledger row for the update id (so an update is handled exactly once): the
   honest ceiling for a bot that keeps state and never handles an update twice.

Both use the same SQLite settings as Schullotse (WAL, synchronous=NORMAL) or PostgreSQL in a
throw-away schema, and answer every update with one message, as baseline A does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiogram import Dispatcher, Router
from aiogram.types import CallbackQuery, Message, Update
from sqlalchemy import BigInteger, Text, event, func, select
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bench.canned import canned_bot
from bench.scenarios import Target, _Act, _create_schema, _drop_schema, _HasText, _Private


class _Base(DeclarativeBase):
    pass


class _User(_Base):
    __tablename__ = "users"
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    state: Mapped[str] = mapped_column(Text)


class _Ledger(_Base):
    __tablename__ = "ledger"
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)


Unit = Callable[[AsyncSession, int, int], Awaitable[None]]


async def _orm_step(session: AsyncSession, user_id: int, update_id: int) -> None:
    user = await session.get(_User, user_id)
    if user is None:
        session.add(_User(user_id=user_id, state=str(update_id)))
    else:
        user.state = str(update_id)


async def _orm_ledger_step(session: AsyncSession, user_id: int, update_id: int) -> None:
    session.add(_Ledger(update_id=update_id))
    await session.flush()  # a duplicate would fail here, before any effect
    await _orm_step(session, user_id, update_id)


def _dispatcher(sessions: async_sessionmaker[AsyncSession], unit: Unit) -> Dispatcher:
    async def on_message(message: Message, event_update: Update) -> None:
        assert message.from_user is not None
        async with sessions() as session, session.begin():
            await unit(session, message.from_user.id, event_update.update_id)
        await message.answer("ok")

    async def on_button(callback: CallbackQuery, event_update: Update) -> None:
        assert callback.message is not None
        async with sessions() as session, session.begin():
            await unit(session, callback.from_user.id, event_update.update_id)
        await callback.message.answer("ok")

    router = Router(name="ceiling")
    router.message.register(on_message, _Private(), _HasText())
    router.callback_query.register(on_button, _Private(), _Act.filter())
    dp = Dispatcher(disable_fsm=True)
    dp.include_router(router)
    return dp


def _naive_engine(workdir: Path, postgres_url: str | None, schema: str | None) -> AsyncEngine:
    """The stock drivers (aiosqlite, asyncpg) with Schullotse's settings: SQLite in WAL mode
    with synchronous=NORMAL, PostgreSQL in a schema of its own."""
    if postgres_url is None:
        engine = create_async_engine(f"sqlite+aiosqlite:///{workdir / 'ceiling.sqlite3'}")
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(
        postgres_url, connect_args={"server_settings": {"search_path": schema or "public"}}
    )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


async def ceiling_target(
    name: str, workdir: Path, *, ledger: bool, postgres_url: str | None
) -> Target:
    schema = await _create_schema(postgres_url) if postgres_url else None
    engine = _naive_engine(workdir, postgres_url, schema)
    async with engine.begin() as connection:
        await connection.run_sync(_Base.metadata.create_all)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    bot = canned_bot()
    dp = _dispatcher(sessions, _orm_ledger_step if ledger else _orm_step)

    async def close() -> None:
        await bot.session.close()
        await engine.dispose()
        if postgres_url and schema:
            await _drop_schema(postgres_url, schema)

    async def facts() -> dict[str, Any]:
        async with sessions() as session:
            users = await session.scalar(select(func.count()).select_from(_User))
        return {"users": int(users or 0)}

    return Target(name, bot, dp, close, facts)
