"""Throughput of whole updates through the dispatcher, as ratios against bare aiogram.

    python -m bench.updates [--updates N] [--users U] [--runs R] [--postgres]

Each scenario lives in its own Python process (so peak RSS is that scenario's, and one
scenario's garbage cannot slow another) and is set up once; this process then asks them for
runs in turns — A, B, SQLite, …, A, B, SQLite, … — so a burst of load on this noisy machine
hits every scenario of a round alike, and the ratio to baseline A is taken per round.
See bench/README.md for what the numbers mean.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

from bench.measure import median
from bench.runner import ScenarioBench, ScenarioResult
from bench.scenarios import (
    CEILING_OF,
    DESCRIPTIONS,
    POSTGRES_SCENARIOS,
    POSTGRES_URL,
    SCENARIOS,
    postgres_reachable,
)
from bench.workload import WireStep

DEFAULT_UPDATES = 2200  # 50 parents × 2 whole journeys of 22 updates, per run
DEFAULT_USERS = 50
DEFAULT_RUNS = 3
PROTOCOL = "BENCH "  # prefix of a worker's answer lines; anything else on stdout is noise


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.updates",
        description="Updates/s through the dispatcher, against bare aiogram in the same run.",
    )
    parser.add_argument("--updates", type=int, default=DEFAULT_UPDATES, help="updates per run")
    parser.add_argument("--users", type=int, default=DEFAULT_USERS, help="parents taking turns")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, help="runs per scenario")
    parser.add_argument("--postgres", action="store_true", help="also Schullotse on PostgreSQL")
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument(
        "--scenarios", help=f"comma-separated subset of {','.join(SCENARIOS)} (default: all)"
    )
    parser.add_argument(
        "--rate",
        type=float,
        help="open loop: updates arrive at this rate (per second) and overlap, instead of one "
        "after another; p50/p99 then count from each update's arrival",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--worker", help=argparse.SUPPRESS)  # internal: serve one scenario
    parser.add_argument("--journey", help=argparse.SUPPRESS)  # internal: the steps, as JSON
    return parser


# -- a scenario's process ------------------------------------------------------------------


def _answer(data: dict[str, Any]) -> None:
    print(PROTOCOL + json.dumps(data), flush=True)


async def _worker(args: argparse.Namespace, journey: list[WireStep]) -> None:
    """Set up one scenario, then do what the parent asks, one line at a time."""
    with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
        bench = ScenarioBench(
            args.worker,
            journey=journey,
            updates=args.updates,
            users=args.users,
            workdir=Path(workdir),
            postgres_url=args.postgres_url,
            rate=args.rate,
        )
        await bench.setup()
        try:
            _answer({"ready": True})
            while (await asyncio.to_thread(sys.stdin.readline)).strip() == "run":
                _answer(asdict(await bench.run()))
        finally:
            result = await bench.finish()
        _answer(result.as_dict())


class Worker:
    """The parent's handle on a scenario's process."""

    def __init__(self, name: str, args: argparse.Namespace, journey: Path, log: IO[str]) -> None:
        self.name, self.log = name, log
        command = [sys.executable, "-m", "bench.updates", "--worker", name, f"--journey={journey}"]
        command += [f"--updates={args.updates}", f"--users={args.users}"]
        command += [f"--postgres-url={args.postgres_url}"]
        if args.rate is not None:
            command += [f"--rate={args.rate}"]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True
        )

    def receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith(PROTOCOL):
                return dict(json.loads(line.removeprefix(PROTOCOL)))
        self.log.seek(0)
        raise RuntimeError(f"scenario {self.name} failed:\n{self.log.read()[-3000:]}")

    def ask(self, command: str) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.receive()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def run_interleaved(names: list[str], args: argparse.Namespace) -> list[ScenarioResult]:
    """Set all scenarios up in parallel (untimed), then run them in turns, one at a time."""
    # The journey is worked out here, so a baseline's process never imports Schullotse.
    from bench.journey import wire_journey

    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
        journey = workdir / "journey.json"
        journey.write_text(json.dumps(wire_journey()))
        logs = {name: stack.enter_context(tempfile.TemporaryFile("w+")) for name in names}
        workers = [Worker(name, args, journey, logs[name]) for name in names]
        stack.callback(lambda: [worker.stop() for worker in workers])
        for worker in workers:
            worker.receive()  # ready
        for round_no in range(1, args.runs + 1):
            print(f"round {round_no} of {args.runs} …", file=sys.stderr, flush=True)
            for worker in workers:
                worker.ask("run")
        return [ScenarioResult.from_dict(worker.ask("finish")) for worker in workers]


# -- report --------------------------------------------------------------------------------


def ratio_to_baseline(result: ScenarioResult, baseline: ScenarioResult | None) -> float | None:
    """Median over rounds of (this run's rate / baseline A's rate in the same round)."""
    if baseline is None or not baseline.runs:
        return None
    pairs = zip(result.runs, baseline.runs, strict=False)
    return median([mine.rate / base.rate for mine, base in pairs if base.rate])


def format_table(results: list[ScenarioResult], runs: int) -> str:
    by_name = {r.name: r for r in results}
    baseline = by_name.get("bare")
    lines = [
        f"| scenario | updates/s (median of {runs}) | × baseline A | × ceiling D | p50 ms "
        "| p99 ms | max ms | peak RSS MiB | each run (updates/s) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        ratio = ratio_to_baseline(r, baseline)
        ceiling = by_name.get(CEILING_OF.get(r.name, ""))
        to_ceiling = ratio_to_baseline(r, ceiling) if ceiling else None
        each = ", ".join(f"{run.rate:.0f}" for run in r.runs)
        lines.append(
            f"| {DESCRIPTIONS[r.name]} | {r.rate:.0f} | "
            f"{'–' if ratio is None else f'{ratio:.3f}'} | "
            f"{'–' if to_ceiling is None else f'**{to_ceiling:.2f}**'} | {r.p50_ms:.2f} "
            f"| {r.p99_ms:.2f} | {r.max_ms:.1f} | {r.peak_rss_mib:.0f} | {each} |"
        )
    return "\n".join(lines)


def format_notes(results: list[ScenarioResult]) -> str:
    notes = []
    for r in results:
        full_gcs = [run.gc["gen2"] for run in r.runs]
        longest = max(run.gc["max_pause_ms"] for run in r.runs)
        gc_ms = median([run.gc["pause_ms"] for run in r.runs])
        facts = ", ".join(f"{k}={v}" for k, v in r.facts.items()) or "no database"
        notes.append(
            f"- {r.name}: {r.errors} errors logged; one full GC after the runs takes "
            f"{r.full_gc_ms:.1f} ms; full GCs per run {full_gcs}, GC time per run "
            f"{gc_ms:.0f} ms, longest pause {longest:.1f} ms; RSS after set-up "
            f"{r.rss_after_setup_mib:.0f} MiB; {facts}; {r.journeys_finished} journeys of "
            f"{r.journey_length} updates finished per run"
        )
    return "\n".join(notes)


async def _chosen_scenarios(args: argparse.Namespace) -> tuple[list[str], str | None]:
    names = args.scenarios.split(",") if args.scenarios else list(SCENARIOS)
    unknown = set(names) - set(SCENARIOS)
    if unknown:
        raise SystemExit(f"unknown scenarios: {', '.join(sorted(unknown))}")
    if not args.scenarios and not args.postgres:
        names = [n for n in names if n not in POSTGRES_SCENARIOS]
    skipped = None
    if POSTGRES_SCENARIOS & set(names):
        reason = await postgres_reachable(args.postgres_url)
        if reason is not None:
            names = [n for n in names if n not in POSTGRES_SCENARIOS]
            skipped = f"PostgreSQL skipped: not reachable at {args.postgres_url} ({reason})"
    return names, skipped


def main(argv: list[str] | None = None) -> None:
    args = _parser().parse_args(argv)
    if args.worker:
        steps = json.loads(Path(args.journey).read_text())
        asyncio.run(_worker(args, [(kind, value) for kind, value in steps]))
        return
    names, skipped = asyncio.run(_chosen_scenarios(args))
    results = run_interleaved(names, args)
    if args.json:
        print(json.dumps([r.as_dict() for r in results], indent=2))
        return
    pace = f", arriving at {args.rate:g}/s" if args.rate else ""
    print(
        f"{args.updates} updates per run, {args.users} parents taking turns{pace}, {args.runs} runs"
    )
    print(format_table(results, args.runs))
    print(format_notes(results))
    if skipped:
        print(skipped)


if __name__ == "__main__":
    main()
