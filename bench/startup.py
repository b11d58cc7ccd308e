"""Start-up: from launching the process to its first `getUpdates`, and its RSS then.

    python -m bench.startup [--runs 5]

Both processes long-poll a fake Bot API on 127.0.0.1 (tests/fakeapi), started here:
bare aiogram (`bench/bare_bot.py`: one echo handler, `start_polling`) and `python -m bot run`
with a fresh SQLite database (migrated at start, as a first deployment does). They are started
in turns — bare, Schullotse, bare, … — so drift on this shared machine hits both alike; the
ratio is taken per pair and its median reported. The figures count what a restart costs the
families: the time until the bot takes updates again.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

from cryptography.fernet import Fernet

from bench.measure import median
from tests.fakeapi import FakeBotAPI

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "123456:AAFAKE"
STAFF_CHAT = -1001000000001


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def launch(fake: FakeBotAPI, argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds until the process's first getUpdates reached the fake, and its RSS then."""
    seen = len(fake.calls_to("getUpdates"))
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        *argv,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        await fake.wait_for("getUpdates", count=seen + 1, timeout=60)
        seconds = time.perf_counter() - started
        rss = _rss_mib(process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 20)
        except TimeoutError:
            process.kill()
            await process.wait()
    return seconds, rss


async def main(runs: int) -> None:
    async with FakeBotAPI(token=TOKEN) as fake:
        fake.add_forum_chat(STAFF_CHAT, "KI Beratung")
        base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
        base |= {"BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE": fake.base_url}
        bare = [sys.executable, "-m", "bench.bare_bot"]
        ours = [sys.executable, "-m", "bot", "run"]
        pairs: list[tuple[tuple[float, float], tuple[float, float]]] = []
        tmp = tempfile.TemporaryDirectory()
        env = base | {
            "DATABASE_URL": f"sqlite+aiosqlite:///{Path(tmp.name) / 'bot.sqlite3'}",
            "DATA_KEY": Fernet.generate_key().decode(),
            "COUNSELLOR_CHAT_ID": str(STAFF_CHAT),
        }
        # The first pair warms the disk cache and creates the database: not counted. The
        # others are restarts, as after a deployment or a crash.
        for run in range(runs + 1):
            a = await launch(fake, bare, base)
            b = await launch(fake, ours, env)
            if run == 0:
                print(f"first start (new database): Schullotse {b[0]:.2f} s {b[1]:.0f} MiB")
            else:
                pairs.append((a, b))
                print(
                    f"run {run}: bare {a[0]:.2f} s {a[1]:.0f} MiB · "
                    f"Schullotse {b[0]:.2f} s {b[1]:.0f} MiB",
                    flush=True,
                )
        tmp.cleanup()
    first = [b[0] / a[0] for a, b in pairs]
    rss = [b[1] / a[1] for a, b in pairs]
    print()
    print("| | bare aiogram | Schullotse | Schullotse ÷ bare (median of pairs) |")
    print("|---|---|---|---|")
    print(
        f"| first getUpdates | {median([a[0] for a, _ in pairs]):.2f} s "
        f"| {median([b[0] for _, b in pairs]):.2f} s | {median(first):.2f}× |"
    )
    print(
        f"| RSS then | {median([a[1] for a, _ in pairs]):.0f} MiB "
        f"| {median([b[1] for _, b in pairs]):.0f} MiB | {median(rss):.2f}× |"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    asyncio.run(main(parser.parse_args().runs))
