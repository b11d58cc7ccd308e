"""The staff group's capacity: new cases and family texts per hour through its 20 a minute.

    python -m bench.staff_capacity [--families 30] [--texts 10] [--scale 10]

Every case lives in one staff supergroup, and Telegram lets a bot send a group about 20
messages a minute. `families` cases open at once (topic, card, pin) and each family then
writes `texts` short messages, one every two seconds, as people do. The real outbox worker
delivers them to the fake Bot API on 127.0.0.1, which answers 429 as Telegram does. Time runs
`scale` times faster on both sides (the fake's group budget and the bot's pacing), and the
figures are given back in real minutes.

Compared in the same run: the worker as it is (a family's waiting texts joined into one
message, each case's topic in its own order, pins and edits free of the group budget) and
with bundling off. Reported: when the team sees the last text, the staff messages spent, the
429s, and whether every family's texts arrived complete and in order.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet

from bot.outbox import items
from bot.outbox.limits import ChatLimits
from bot.outbox.queue import put
from bot.outbox.worker import OutboxWorker
from bot.telegram.sender import TelegramSender
from dialogs.staff.groups import StaffGroups
from storage import cases, crypto, families, outbox
from storage.db import Database
from storage.models import utcnow
from tests.fakeapi import FakeBotAPI
from tests.fakeapi.limits import RateLimits

STAFF = -1001000000001
SECOND_STAFF = -1001000000002  # a second staff group: its municipality's cases go there
SECOND_PLACE = "Dülmen"
GROUP_PER_MINUTE = 20
TEXT_EVERY = 2.0  # seconds between one family's texts (real time)


@dataclass(frozen=True)
class Result:
    label: str
    minutes: float  # until the team saw the last text, real time
    staff_messages: int
    rate_limited: int
    complete: bool
    groups_reached: int = 1  # staff groups that received messages

    def row(self, texts: int, families: int) -> str:
        per_hour = texts / self.minutes * 60
        cases_per_hour = families / self.minutes * 60
        return (
            f"| {self.label} | {self.minutes:.1f} min | {self.staff_messages} "
            f"| {per_hour:.0f} | {cases_per_hour:.0f} | {self.rate_limited} "
            f"| {'yes' if self.complete else 'NO'} |"
        )


async def _open_cases(db: Database, count: int, groups: int) -> list[int]:
    """`count` cases; with two groups every other family lives in the second one's place."""
    now = utcnow()
    ids = []
    async with db.transaction() as tx:
        for family in range(1, count + 1):
            await families.save(tx, user_id=family, chat_id=family, locale="de", state={}, now=now)
            place = SECOND_PLACE if groups == 2 and family % 2 == 0 else None
            case = await cases.create(
                tx,
                family_id=family,
                locale="de",
                municipality=place,
                age=None,
                children=[],
                now=now,
            )
            ids.append(case.id)
            for item in (
                items.CreateTopic(f"#{case.id} · de · offen"),
                items.TextMessage(
                    f"Fall #{case.id}\n" + "Angaben zum Kind …\n" * 20,
                    ((("🙋 Übernehmen", f"claim.{case.id}"),),),
                    "staff",
                    True,
                    True,
                ),
            ):
                kind, payload = items.encode(item)
                await outbox.enqueue(
                    tx,
                    chat_id=items.STAFF_CHAT,
                    case_id=case.id,
                    kind=kind,
                    payload=payload,
                    due=now,
                )
    return ids


async def _families_write(db: Database, case_ids: list[int], texts: int, scale: float) -> None:
    for n in range(texts):
        async with db.transaction() as tx:
            for family, case_id in enumerate(case_ids, start=1):
                item = items.TextMessage(f"👤 Familie {family}: Nachricht {n}", (), "staff", True)
                await put(tx, item, chat_id=items.STAFF_CHAT, case_id=case_id, due=utcnow())
        await asyncio.sleep(TEXT_EVERY / scale)


def _complete(fake: FakeBotAPI, families_count: int, texts: int) -> bool:
    seen: dict[int, list[int]] = {}
    for message in [*fake.messages_to(STAFF), *fake.messages_to(SECOND_STAFF)]:
        for line in message.get("text", "").split("\n\n"):
            if line.startswith("👤 Familie "):
                family, number = line.removeprefix("👤 Familie ").split(": Nachricht ")
                seen.setdefault(int(family), []).append(int(number))
    expected = list(range(texts))
    return all(seen.get(f) == expected for f in range(1, families_count + 1))


async def run_once(
    label: str, bundling: bool, families_count: int, texts: int, scale: float, groups: int = 1
) -> Result:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite+aiosqlite:///{Path(tmp) / 'staff.sqlite3'}")
        await db.migrate()
        limits = RateLimits(group_per_minute=round(GROUP_PER_MINUTE * scale))
        async with FakeBotAPI(enforce_rate_limits=True, rate_limits=limits) as fake:
            fake.add_forum_chat(STAFF, "KI Beratung")
            fake.add_forum_chat(SECOND_STAFF, "KI Beratung Dülmen")
            # The fake's group window stays 60 s: `scale` times the messages in it is the
            # same budget `scale` times faster. The bot paces likewise (production: 3.2 s).
            pacing = ChatLimits(per_group=(1, 3.2 / scale))
            worker = OutboxWorker(
                db,
                TelegramSender(fake.create_bot()),
                staff_groups=StaffGroups(
                    STAFF, {SECOND_PLACE: SECOND_STAFF} if groups == 2 else {}
                ),
                limits=pacing,
                senders=4,
                bundling=bundling,
            )
            started = time.perf_counter()
            case_ids = await _open_cases(db, families_count, groups)
            stop = asyncio.Event()
            sending = asyncio.create_task(worker.run(stop, poll_seconds=0.05))
            await _families_write(db, case_ids, texts, scale)
            while True:
                async with db.transaction() as tx:
                    if await outbox.pending_count(tx) == 0:
                        break
                await asyncio.sleep(0.1)  # a bench polls; tests wait for signals
            seconds = (time.perf_counter() - started) * scale
            stop.set()
            await sending
            sent = [c for c in fake.calls if c.status == 200 and c.method.startswith("send")]
            result = Result(
                label,
                seconds / 60,
                len(sent),
                fake.rate_limited,
                _complete(fake, families_count, texts),
                sum(1 for chat in (STAFF, SECOND_STAFF) if fake.messages_to(chat)),
            )
        await db.close()
    return result


async def main(args: argparse.Namespace) -> None:
    crypto.configure(Fernet.generate_key().decode())
    total = args.families * args.texts
    print(
        f"{args.families} new cases, then {args.texts} texts from each family every "
        f"{TEXT_EVERY:.0f} s ({total} texts); time {args.scale:g}× faster, shown in real minutes"
    )
    print(
        "| worker | team sees the last text after | staff messages | texts/h | cases/h "
        "| 429s | complete, in order |"
    )
    print("|---|---|---|---|---|---|---|")
    for label, bundling, groups in (
        ("texts bundled (as shipped)", True, 1),
        ("bundling off", False, 1),
        ("two staff groups (STAFF_GROUPS), bundled", True, 2),
    ):
        result = await run_once(label, bundling, args.families, args.texts, args.scale, groups)
        print(result.row(total, args.families), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--families", type=int, default=30)
    parser.add_argument("--texts", type=int, default=10)
    parser.add_argument("--scale", type=float, default=10.0)
    asyncio.run(main(parser.parse_args()))
