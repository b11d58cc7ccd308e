"""Memory with many distinct parents: RSS after 1 000, 10 000 and 100 000 of them.

    python -m bench.memory [--parents 100000] [--postgres]

Each parent sends `/start` and picks a language (two updates), then goes quiet, as most
families do between visits. Each target runs in its own process: bare aiogram (one echo
handler, the baseline) and Schullotse with production flood control and per-chat sending
budgets (their rates lifted, or 200 000 replies would take hours). RSS is
read from /proc after a full garbage collection at each checkpoint; what matters is the
growth from the first checkpoint, which must stay under 20 MB for Schullotse (idle parents
cost nothing: per-chat state is dropped once a chat's budget has refilled).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from aiogram.types import Update

from bench.scenarios import POSTGRES_URL, Target, make_target, postgres_reachable
from bench.workload import UpdateBuilder

CHECKPOINTS = (1_000, 10_000, 100_000)
FIRST_PARENT = 10_000_000


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


async def _feed(target: Target, raw: dict[str, Any]) -> None:
    await target.dp.feed_update(target.bot, Update.model_validate(raw, context={"bot": target.bot}))


async def measure(name: str, parents: int, postgres: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        target = await make_target(name, Path(tmp), POSTGRES_URL)
        if name in {"sqlite", "postgres"}:
            from bot.outbox.limits import ChatLimits

            # Per-chat budgets as in production (a bucket per family, the state that could
            # grow per parent), only roomier: the bench feeds one update after another, and
            # a family's third reply would wait a second for its bucket.
            target.app.limits = ChatLimits(bot_interval=1e-6, per_private_chat=(1000, 1.0))
        builder = UpdateBuilder("de")
        figures: dict[str, float] = {}
        checkpoints = [c for c in CHECKPOINTS if c <= parents] or [parents]
        for parent in range(1, checkpoints[-1] + 1):
            user = FIRST_PARENT + parent
            await _feed(target, builder.message(user, "/start"))
            await _feed(target, builder.callback(user, "a:lang.de"))
            if parent in checkpoints:
                gc.collect()
                figures[str(parent)] = rss_mib()
        await target.close()
    return figures


def run_target(name: str, parents: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.memory", "--worker", name, "--parents", str(parents)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parents", type=int, default=CHECKPOINTS[-1])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(asyncio.run(measure(args.worker, args.parents, False))))
        return
    names = ["bare", "sqlite"]
    if args.postgres:
        if (reason := asyncio.run(postgres_reachable())) is not None:
            raise SystemExit(f"PostgreSQL at {POSTGRES_URL}: {reason}")
        names.append("postgres")
    reached = [c for c in CHECKPOINTS if c <= args.parents] or [args.parents]
    print("| target | " + " | ".join(f"RSS at {c:,} parents" for c in reached) + " | growth |")
    print("|---|" + "---|" * (len(reached) + 1))
    for name in names:
        figures = run_target(name, args.parents)
        values = list(figures.values())
        cells = " | ".join(f"{v:.1f} MiB" for v in values)
        print(f"| {name} | {cells} | {values[-1] - values[0]:+.1f} MiB |", flush=True)


if __name__ == "__main__":
    main()
