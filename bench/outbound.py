"""Outbound at Telegram's limits: the outbox against a fake Bot API that enforces them.

    python -m bench.outbound [--families 500] [--per-family 4] [--groups 100]
                             [--senders 1 4] [--rtt 0 0.04] [--postgres]

Queues `families × per-family` messages to private chats plus one announcement to each of
`groups` group chats, then lets the real worker (real aiogram client, production pacing from
`limits_for`) deliver them to tests/fakeapi on 127.0.0.1, which answers 429 like Telegram
when a limit is broken (30/s for the bot, ~1/s per private chat after a burst of 3, 20/min per
group). `--rtt` adds a round-trip time to every answer (production is not on localhost);
`--senders` runs that many worker loops side by side, as OUTBOX_SENDERS does.

Reported per configuration: messages/s and its share of the 30/s Telegram allows, the 429
answers, and whether every chat received its messages in order. The ideal is
messages ÷ 30 s; nothing else limits this workload (no chat needs more than its own budget).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet

from bench.scenarios import POSTGRES_URL, _create_schema, _drop_schema, postgres_reachable
from bot.config import Settings
from bot.outbox import items
from bot.outbox.limits import limits_for
from bot.outbox.worker import OutboxWorker
from bot.telegram.sender import TelegramSender
from storage import crypto, outbox
from storage.db import Database
from storage.models import Base, utcnow
from tests.fakeapi import FakeBotAPI, FakeUser
from tests.fakeapi.limits import RateLimits

TELEGRAM_PER_SECOND = 30
FIRST_GROUP = -1002000000000


@dataclass(frozen=True)
class Result:
    senders: int
    rtt: float
    database: str
    messages: int
    seconds: float
    rate_limited: int
    in_order: bool

    @property
    def per_second(self) -> float:
        return self.messages / self.seconds

    def row(self) -> str:
        share = self.per_second / TELEGRAM_PER_SECOND
        return (
            f"| {self.database} | {self.senders} | {self.rtt * 1000:.0f} ms | {self.messages} "
            f"| {self.seconds:.1f} s | {self.per_second:.1f} | {share:.0%} | {self.rate_limited} "
            f"| {'yes' if self.in_order else 'NO'} |"
        )


async def _queue(db: Database, families: int, per_family: int, groups: int) -> int:
    now = utcnow()
    async with db.transaction() as tx:
        # Interleaved as real traffic is: each family's messages spread over the run.
        for n in range(per_family):
            for family in range(1, families + 1):
                item = items.TextMessage(f"Nachricht {n} an Familie {family}")
                kind, payload = items.encode(item)
                await outbox.enqueue(tx, chat_id=family, kind=kind, payload=payload, due=now)
            if n == 0:
                for group in range(groups):
                    item = items.TextMessage(f"Ankündigung an Gruppe {group}")
                    kind, payload = items.encode(item)
                    chat = FIRST_GROUP - group
                    await outbox.enqueue(tx, chat_id=chat, kind=kind, payload=payload, due=now)
    return families * per_family + groups


def _in_order(fake: FakeBotAPI, families: int) -> bool:
    for family in range(1, families + 1):
        numbers = [int(m["text"].split()[1]) for m in fake.messages_to(family)]
        if numbers != sorted(numbers):
            return False
    return True


async def run_once(
    url: str, senders: int, rtt: float, families: int, per_family: int, groups: int
) -> Result:
    # On PostgreSQL a throw-away schema: other runs (and tests) may share the database.
    schema = await _create_schema(url) if url.startswith("postgresql") else None
    db = Database(url, schema=schema)
    async with db.engine.begin() as connection:
        await connection.run_sync(Base.metadata.drop_all)
        await connection.run_sync(Base.metadata.create_all)
    total = await _queue(db, families, per_family, groups)
    async with FakeBotAPI(enforce_rate_limits=True, rate_limits=RateLimits()) as fake:
        for family in range(1, families + 1):
            fake.state.remember_user(FakeUser(family, f"Familie {family}"))
        for group in range(groups):
            fake.add_group(FIRST_GROUP - group, f"Initiative {group}")
        if rtt:
            fake.inject("sendMessage", status=None, delay=rtt, times=None)
        bot = fake.create_bot()
        limits = limits_for(db, Settings(bot_token="1:x", data_key=Fernet.generate_key().decode()))
        workers = [
            OutboxWorker(db, TelegramSender(bot), staff_chat_id=None, limits=limits)
            for _ in range(senders)
        ]
        stop = asyncio.Event()
        started = time.perf_counter()
        loops = [asyncio.create_task(w.run(stop, poll_seconds=0.05)) for w in workers]
        while True:
            async with db.transaction() as tx:
                if await outbox.pending_count(tx) == 0:
                    break
            await asyncio.sleep(0.2)  # a bench polls; tests wait for signals
        seconds = time.perf_counter() - started
        stop.set()
        await asyncio.gather(*loops)
        await limits.close()  # the last slots given back before the database closes
        result = Result(
            senders,
            rtt,
            "PostgreSQL" if url.startswith("postgresql") else "SQLite",
            total,
            seconds,
            fake.rate_limited,
            _in_order(fake, families),
        )
    await db.close()
    if schema is not None:
        await _drop_schema(url, schema)
    return result


async def main(args: argparse.Namespace) -> None:
    crypto.configure(Fernet.generate_key().decode())  # payloads are encrypted columns
    urls = []
    with tempfile.TemporaryDirectory() as tmp:
        if not args.postgres_only:
            urls.append(f"sqlite+aiosqlite:///{Path(tmp) / 'outbound.sqlite3'}")
        if args.postgres or args.postgres_only:
            if (reason := await postgres_reachable()) is not None:
                raise SystemExit(f"PostgreSQL at {POSTGRES_URL}: {reason}")
            urls.append(POSTGRES_URL)
        total = args.families * args.per_family + args.groups
        print(f"{total} messages; ideal at 30/s: {total / TELEGRAM_PER_SECOND:.1f} s")
        print("| database | senders | RTT | messages | time | msgs/s | of 30/s | 429s | in order |")
        print("|---|---|---|---|---|---|---|---|---|")
        for url in urls:
            for rtt in args.rtt:
                for senders in args.senders:
                    result = await run_once(
                        url, senders, rtt, args.families, args.per_family, args.groups
                    )
                    print(result.row(), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", type=int, default=500)
    parser.add_argument("--per-family", type=int, default=4)
    parser.add_argument("--groups", type=int, default=100)
    parser.add_argument("--senders", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--rtt", type=float, nargs="+", default=[0.0, 0.04])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--postgres-only", action="store_true")
    asyncio.run(main(parser.parse_args()))
