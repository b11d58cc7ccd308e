"""What the update benchmark compares: two bare aiogram bots and Schullotse on SQLite/PostgreSQL.

Every target gets the same in-process Bot API session (bench/canned.py), so the differences
are the bot's own work: routing, middlewares, the dialog, the database. Schullotse's modules
are imported only when a Schullotse target is built, so a baseline's process holds aiogram
and nothing of ours, and its peak RSS is a fair floor.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiogram import Bot, Dispatcher, F, Router
from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, Message, TelegramObject

from bench.canned import BOT_TOKEN, canned_bot, session_of

if TYPE_CHECKING:
    from bot.config import Settings

POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
STAFF_CHAT = -1001000000001
ROOT = Path(__file__).resolve().parents[1]

SCENARIOS = (
    "bare",
    "bare-magic",
    "orm",
    "orm-ledger",
    "sqlite",
    "sqlite-nofreeze",
    "orm-pg",
    "orm-ledger-pg",
    "postgres",
    "postgres-locked",
)
DESCRIPTIONS = {
    "bare": "A: bare aiogram, coroutine filters, no DB",
    "bare-magic": "B: bare aiogram, F magic filters, no DB",
    "orm": "C: A + one ORM transaction per update (SQLite)",
    "orm-ledger": "D: C + update-id ledger row (SQLite): exactly-once ceiling",
    "sqlite": "Schullotse, SQLite (WAL)",
    "sqlite-nofreeze": "Schullotse, SQLite, without gc.freeze()",
    "orm-pg": "C: A + one ORM transaction per update (PostgreSQL)",
    "orm-ledger-pg": "D: C + ledger row (PostgreSQL): exactly-once ceiling",
    "postgres": "Schullotse, PostgreSQL",
    "postgres-locked": "Schullotse, PostgreSQL, family row locked (before 2026-12-06)",
}
# Which ceiling (D) each Schullotse scenario is compared with.
CEILING_OF = {
    "sqlite": "orm-ledger",
    "sqlite-nofreeze": "orm-ledger",
    "postgres": "orm-ledger-pg",
    "postgres-locked": "orm-ledger-pg",
}
POSTGRES_SCENARIOS = frozenset({"postgres", "postgres-locked", "orm-pg", "orm-ledger-pg"})
NO_FREEZE = "-nofreeze"  # the same target, without gc.freeze() after set-up


def freezes(name: str) -> bool:
    return not name.endswith(NO_FREEZE)


@dataclass
class Target:
    name: str
    bot: Bot
    dp: Dispatcher
    close: Callable[[], Awaitable[None]]
    # Facts about what the bot did (cases opened …), to check the workload really ran.
    facts: Callable[[], Awaitable[dict[str, int]]] = field(default=lambda: _no_facts())
    app: Any = None  # Schullotse's App, for benches that change a part of it

    def replies(self) -> int:
        calls = session_of(self.bot).calls
        return calls["sendMessage"] + calls["editMessageText"]


async def _no_facts() -> dict[str, int]:
    return {}


# -- baselines ------------------------------------------------------------------------------


class _Private(Filter):
    """A coroutine filter: aiogram awaits it inline instead of sending it to a thread."""

    async def __call__(self, event: TelegramObject) -> bool:
        if isinstance(event, CallbackQuery):
            return event.message is not None and event.message.chat.type == "private"
        return isinstance(event, Message) and event.chat.type == "private"


class _Act(CallbackData, prefix="a"):
    """The same shape as bot.telegram.render.Act, without importing Schullotse."""

    a: str


class _HasText(Filter):
    async def __call__(self, message: Message) -> bool:
        return message.text is not None


async def _echo(message: Message) -> None:
    await message.answer("ok")


async def _echo_button(callback: CallbackQuery) -> None:
    assert callback.message is not None
    await callback.message.answer("ok")


def bare_dispatcher(*, magic: bool) -> Dispatcher:
    """One router, one handler per update type, one `message.answer` per update."""
    router = Router(name="bare")
    if magic:
        router.message.register(_echo, F.chat.type == "private", F.text)
        router.callback_query.register(
            _echo_button, F.message.chat.type == "private", F.data.startswith("a:")
        )
    else:
        router.message.register(_echo, _Private(), _HasText())
        router.callback_query.register(_echo_button, _Private(), _Act.filter())
    dp = Dispatcher()
    dp.include_router(router)
    return dp


async def bare_target(*, magic: bool) -> Target:
    bot = canned_bot()

    async def close() -> None:
        await bot.session.close()

    return Target("bare-magic" if magic else "bare", bot, bare_dispatcher(magic=magic), close)


# -- Schullotse ------------------------------------------------------------------------------


def bench_settings(workdir: Path) -> Settings:
    from cryptography.fernet import Fernet

    from bot.config import Settings

    return Settings(
        _env_file=None,  # type: ignore[call-arg]  # a developer's .env must not change the bench
        bot_token=BOT_TOKEN,
        database_url=f"sqlite+aiosqlite:///{workdir / 'bench.sqlite3'}",
        counsellor_chat_id=STAFF_CHAT,
        data_key=Fernet.generate_key().decode(),
        data_key_file=workdir / "data.key",
        locales_dir=ROOT / "locales",
        # Flood control still runs its limiter per update, but must not drop the benchmark's
        # parents, who press faster than any person (the default is 20 per 10 s).
        flood_rate=1_000_000,
    )


async def postgres_reachable(url: str = POSTGRES_URL) -> str | None:
    """None when reachable, else the reason (never raises)."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url)
    try:
        async with asyncio.timeout(5), engine.connect() as connection:
            await connection.execute(text("select 1"))
        return None
    except Exception as exc:  # any failure means "not here"
        return f"{type(exc).__name__}: {exc}".splitlines()[0][:160]
    finally:
        await engine.dispose()


async def _create_schema(url: str) -> str:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(url)
    async with admin.begin() as connection:
        await connection.execute(text(f'create schema "{schema}"'))
    await admin.dispose()
    return schema


async def _drop_schema(url: str, schema: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    admin = create_async_engine(url)
    async with admin.begin() as connection:
        await connection.execute(text(f'drop schema if exists "{schema}" cascade'))
    await admin.dispose()


async def schullotse_target(
    workdir: Path, *, postgres_url: str | None = None, locked: bool = False
) -> Target:
    """The real `build_app` + `make_dispatcher`; on PostgreSQL only the database is swapped
    for one in a throw-away schema (build_app has no schema option)."""
    from sqlalchemy import func, select

    from bot.app import build_app
    from bot.telegram.dispatcher import make_dispatcher
    from storage.db import Database
    from storage.models import Case, Family

    app = await build_app(bench_settings(workdir))
    schema: str | None = None
    if postgres_url is not None:
        schema = await _create_schema(postgres_url)
        database = Database(postgres_url, schema=schema)
        await database.migrate()
        await app.db.close()
        app.db = database
    # Telegram's pacing (bot/delivery.py) would measure sleeps, not the bot: switch it off,
    # as bench.outbox does.
    from bot.outbox.limits import Unlimited

    app.limits = Unlimited()
    bot = canned_bot()
    dp = make_dispatcher(app)
    if locked:
        from bot.telegram.middlewares import UnitOfWork

        for middleware in dp.update.outer_middleware:
            if isinstance(middleware, UnitOfWork):
                middleware.unlocked = False

    async def close() -> None:
        await bot.session.close()
        await app.db.close()
        if postgres_url is not None and schema is not None:
            await _drop_schema(postgres_url, schema)

    async def facts() -> dict[str, Any]:
        async with app.db.transaction() as session:
            families = await session.scalar(select(func.count()).select_from(Family))
            cases = await session.scalar(select(func.count()).select_from(Case))
        return {"families": int(families or 0), "cases": int(cases or 0)}

    name = ("postgres-locked" if locked else "postgres") if postgres_url else "sqlite"
    return Target(name, bot, dp, close, facts, app)


async def make_target(name: str, workdir: Path, postgres_url: str = POSTGRES_URL) -> Target:
    name = name.removesuffix(NO_FREEZE)
    if name in {"bare", "bare-magic"}:
        return await bare_target(magic=name == "bare-magic")
    if name == "sqlite":
        return await schullotse_target(workdir)
    if name in {"postgres", "postgres-locked"}:
        return await schullotse_target(
            workdir, postgres_url=postgres_url, locked=name == "postgres-locked"
        )
    if name.startswith("orm"):
        from bench.ceilings import ceiling_target

        pg = postgres_url if name.endswith("-pg") else None
        return await ceiling_target(name, workdir, ledger="ledger" in name, postgres_url=pg)
    raise ValueError(f"unknown scenario {name!r}; choose from {', '.join(SCENARIOS)}")
