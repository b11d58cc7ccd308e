"""The outbox worker's own cost: N queued messages delivered through a no-network sender, as a
ratio against the same sends made directly, without the database.

    python -m bench.outbox [--messages N] [--chats M] [--runs R] [--postgres]

Telegram's rate limits are switched off (`Unlimited`): with them every run would take
N / 25 seconds and show Telegram's limits, not our overhead. The sender is the real
`TelegramSender` over the in-process Bot API session (bench/canned.py), so both sides pay the
same aiogram request building and response validation; the difference is the database.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from aiogram import Bot

from bench.canned import canned_bot, session_of
from bench.measure import median
from bench.scenarios import POSTGRES_URL, STAFF_CHAT, postgres_reachable
from bot.outbox.items import STAFF_CHAT as STAFF_PLACEHOLDER
from bot.outbox.limits import Unlimited
from bot.outbox.worker import OutboxWorker
from bot.telegram.sender import TelegramSender
from storage import cases, crypto, outbox
from storage.db import Database
from storage.models import OutboxMessage, utcnow

# A counsellor-facing message of typical length (a case card is longer, a relay shorter).
TEXT = "🙋 Fall #17: Die Familie bittet um Rückmeldung. " + "Angaben zum Kind folgen. " * 12
CASES_IN_STAFF_CHAT = 20


@dataclass(frozen=True)
class Layout:
    """Where the queued messages go."""

    name: str
    chats: int  # distinct chats; the worker sends one row per chat per pass, in order
    staff: bool  # to the staff group, each in its case's topic (one more lookup per row)

    def describe(self) -> str:
        if self.staff:
            return f"staff group, {CASES_IN_STAFF_CHAT} case topics (1 chat)"
        return f"{self.chats} private chats"


@dataclass
class Delivery:
    chat_id: int  # as queued (the staff placeholder is resolved by the worker)
    thread_id: int | None
    case_id: int | None


async def _queue(db: Database, layout: Layout, messages: int) -> list[Delivery]:
    """Fill the outbox (untimed); returns the same sends for the database-free baseline."""
    plan: list[Delivery] = []
    async with db.transaction() as session:
        topics: list[tuple[int, int]] = []
        if layout.staff:
            for i in range(CASES_IN_STAFF_CHAT):
                case = await cases.create(
                    session,
                    family_id=None,
                    locale="de",
                    municipality=None,
                    age=9,
                    children=[],
                    now=utcnow(),
                )
                await cases.set_topic(session, case.id, STAFF_CHAT, 5000 + i)
                topics.append((case.id, 5000 + i))
        for i in range(messages):
            if layout.staff:
                case_id, topic = topics[i % len(topics)]
                plan.append(Delivery(STAFF_PLACEHOLDER, topic, case_id))
            else:
                plan.append(Delivery(10_000 + i % layout.chats, None, None))
        session.add_all(
            OutboxMessage(
                chat_id=d.chat_id,
                case_id=d.case_id,
                kind="message",
                payload={"v": 1, "text": TEXT, "in_topic": d.case_id is not None},
            )
            for d in plan
        )
    return plan


async def _through_outbox(db: Database, bot: Bot, messages: int) -> float:
    worker = OutboxWorker(db, TelegramSender(bot), staff_chat_id=STAFF_CHAT, limits=Unlimited())
    started = time.perf_counter()
    await worker.drain(max_passes=messages + 1)
    elapsed = time.perf_counter() - started
    async with db.transaction() as session:
        pending = await outbox.pending_count(session)
    if pending:
        raise RuntimeError(f"{pending} messages were not delivered")
    return elapsed


async def _direct(bot: Bot, plan: list[Delivery]) -> float:
    """The baseline: the same sends, same limiter call, no database."""
    sender, limits = TelegramSender(bot), Unlimited()
    started = time.perf_counter()
    for d in plan:
        chat_id = STAFF_CHAT if d.chat_id == STAFF_PLACEHOLDER else d.chat_id
        await limits.wait(chat_id)
        await sender.send_text(chat_id, TEXT, d.thread_id)
    return time.perf_counter() - started


Closer = Callable[[], Awaitable[None]]
DatabaseFactory = Callable[[str], Awaitable[tuple[Database, Closer]]]


def sqlite_factory(workdir: Path) -> DatabaseFactory:
    async def make(label: str) -> tuple[Database, Closer]:
        db = Database(f"sqlite+aiosqlite:///{workdir / f'outbox-{label}.sqlite3'}")
        await db.migrate()
        return db, db.close

    return make


def postgres_factory(url: str) -> DatabaseFactory:
    from bench.scenarios import _create_schema, _drop_schema

    async def make(label: str) -> tuple[Database, Closer]:
        schema = await _create_schema(url)
        db = Database(url, schema=schema)
        await db.migrate()

        async def close() -> None:
            await db.close()
            await _drop_schema(url, schema)

        return db, close

    return make


@dataclass
class OutboxResult:
    layout: Layout
    database: str
    messages: int
    outbox_rates: list[float]
    direct_rates: list[float]

    @property
    def ratio(self) -> float:
        """Median over runs of (outbox rate / direct rate in the same run)."""
        pairs = zip(self.outbox_rates, self.direct_rates, strict=True)
        return median([o / d for o, d in pairs])


async def measure_layout(
    layout: Layout, *, database: str, make_db: DatabaseFactory, messages: int, runs: int
) -> OutboxResult:
    """Each run: a fresh database and queue, then baseline and outbox back to back."""
    result = OutboxResult(layout, database, messages, [], [])
    for run in range(runs):
        db, close = await make_db(f"{layout.name}-{run}")
        try:
            plan = await _queue(db, layout, messages)
            bot = canned_bot()
            result.direct_rates.append(messages / await _direct(bot, plan))
            result.outbox_rates.append(messages / await _through_outbox(db, bot, messages))
            sent = session_of(bot).calls["sendMessage"]
            if sent != 2 * messages:
                raise RuntimeError(f"expected {2 * messages} sends, the session saw {sent}")
        finally:
            await close()
    return result


def format_table(results: list[OutboxResult], runs: int) -> str:
    lines = [
        f"| queued to | database | outbox msgs/s (median of {runs}) | direct msgs/s "
        "| outbox ÷ direct | outbox ms/msg |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        rate = median(r.outbox_rates)
        lines.append(
            f"| {r.layout.describe()} | {r.database} | {rate:.0f} "
            f"| {median(r.direct_rates):.0f} | {r.ratio:.3f} | {1000 / rate:.2f} |"
        )
    return "\n".join(lines)


async def run(args: argparse.Namespace) -> list[OutboxResult]:
    from cryptography.fernet import Fernet

    crypto.configure(Fernet.generate_key().decode())  # payloads are encrypted columns
    layouts = [Layout("staff", 1, staff=True), Layout("private", args.chats, staff=False)]
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-outbox-") as workdir:
        databases: list[tuple[str, DatabaseFactory]] = [("SQLite", sqlite_factory(Path(workdir)))]
        if args.postgres:
            reason = await postgres_reachable(args.postgres_url)
            if reason is None:
                databases.append(("PostgreSQL", postgres_factory(args.postgres_url)))
            else:
                print(f"PostgreSQL skipped: {reason}")
        for name, factory in databases:
            for layout in layouts:
                results.append(
                    await measure_layout(
                        layout,
                        database=name,
                        make_db=factory,
                        messages=args.messages,
                        runs=args.runs,
                    )
                )
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.outbox", description=__doc__)
    parser.add_argument("--messages", type=int, default=1000, help="queued messages per run")
    parser.add_argument("--chats", type=int, default=50, help="private chats to spread over")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    args = parser.parse_args(argv)
    results = asyncio.run(run(args))
    print(f"{args.messages} messages per run, {args.runs} runs, rate limits off (Unlimited)")
    print(format_table(results, args.runs))


if __name__ == "__main__":
    main()
