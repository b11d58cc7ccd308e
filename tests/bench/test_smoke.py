"""Keeps bench/ working: every benchmark runs once with tiny sizes and reports sane numbers.

No timing thresholds: this machine is too noisy for them, and the benchmarks exist to be
read as ratios by a person (bench/README.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import outbox, updates
from bench.journey import wire_journey
from bench.runner import ScenarioResult, measure_scenario
from storage import crypto
from tests.support.env import POSTGRES_URL, TEST_KEY
from tests.support.postgres import require_postgres

# One whole journey for one parent, so a case is opened and the outbox gets rows.
JOURNEY = len(wire_journey())


@pytest.fixture(autouse=True)
def _restore_cipher() -> Iterator[None]:
    # build_app configures the process-wide cipher with the benchmark's own key.
    yield
    crypto.configure(TEST_KEY)


def check_result(result: ScenarioResult) -> None:
    assert result.errors == 0, result.runs[0].first_error
    run = result.runs[0]
    assert run.updates == JOURNEY
    assert result.rate > 0 and run.p50_ms > 0 and run.p99_ms >= run.p50_ms
    assert run.replies >= JOURNEY  # every update was answered
    assert result.peak_rss_mib > 0


@pytest.mark.parametrize("name", ["bare", "bare-magic", "sqlite", "sqlite-nofreeze"])
async def test_update_scenarios_complete(name: str, tmp_path: Path) -> None:
    result = await measure_scenario(name, updates=JOURNEY, users=1, runs=1, workdir=tmp_path)
    check_result(result)
    if name.startswith("sqlite"):
        # The warm-up's parent and the run's parent both finished the intake.
        assert result.facts == {"families": 2, "cases": 2}


@pytest.mark.postgres
@pytest.mark.parametrize("name", ["postgres", "postgres-locked"])
async def test_update_scenario_on_postgres(name: str, tmp_path: Path) -> None:
    await require_postgres()  # skips without PostgreSQL, fails under CI
    result = await measure_scenario(
        name, updates=JOURNEY, users=1, runs=1, workdir=tmp_path, postgres_url=POSTGRES_URL
    )
    check_result(result)
    assert result.facts["cases"] == 2


async def test_updates_can_arrive_at_a_rate_and_overlap(tmp_path: Path) -> None:
    # Three parents whose updates arrive every millisecond: they overlap, and each parent's
    # journey still completes in order (one update per user at a time).
    result = await measure_scenario(
        "sqlite", updates=3 * JOURNEY, users=3, runs=1, workdir=tmp_path, rate=1000.0
    )
    assert result.errors == 0, result.runs[0].first_error
    assert result.facts == {"families": 6, "cases": 6}  # 3 warm-up parents, then 3
    assert result.runs[0].replies >= 3 * JOURNEY


def test_the_cli_interleaves_worker_processes(capsys: pytest.CaptureFixture[str]) -> None:
    updates.main(["--scenarios=bare", f"--updates={JOURNEY}", "--users=1", "--runs=2"])
    out = capsys.readouterr().out
    assert "| A: bare aiogram" in out and "| 1.000 |" in out
    assert "0 errors logged" in out


async def test_outbox_delivers_everything_in_both_layouts(tmp_path: Path) -> None:
    results = [
        # measure_layout raises unless every queued message was sent exactly once.
        await outbox.measure_layout(
            layout,
            database="SQLite",
            make_db=outbox.sqlite_factory(tmp_path),
            messages=20,
            runs=1,
        )
        for layout in (outbox.Layout("staff", 1, staff=True), outbox.Layout("dm", 5, staff=False))
    ]
    for result in results:
        assert result.outbox_rates[0] > 0 and result.direct_rates[0] > 0 and result.ratio > 0
    table = outbox.format_table(results, 1)
    assert "| staff group, 20 case topics (1 chat) | SQLite |" in table
    assert "| 5 private chats | SQLite |" in table


async def test_reports_benchmark_runs_on_a_small_population() -> None:
    from bench import reports

    results = await reports.on_sqlite(300, 1)
    assert results["cases read for the month"] > 0 and results["open cases"] > 0
    assert results["report: figures s"] > 0 and results["queue listing ms"] > 0


async def test_outbound_delivers_everything_in_order_without_429() -> None:
    from bench.outbound import run_once

    url = "sqlite+aiosqlite:///:memory:"
    result = await run_once(url, senders=2, rtt=0.0, families=5, per_family=2, groups=3)
    assert result.messages == 13 and result.rate_limited == 0 and result.in_order


@pytest.mark.postgres
async def test_outbound_on_postgres_runs_in_a_schema_of_its_own() -> None:
    """The shared budget (slot rows, booked ahead), in a throw-away schema: other runs and
    tests on the same database keep their tables."""
    from bench.outbound import run_once

    await require_postgres()
    result = await run_once(POSTGRES_URL, senders=2, rtt=0.0, families=5, per_family=2, groups=3)
    assert result.messages == 13 and result.rate_limited == 0 and result.in_order


async def test_staff_capacity_sees_every_text_and_bundles_them() -> None:
    from bench.staff_capacity import run_once

    bundled = await run_once("on", True, families_count=3, texts=3, scale=50)
    assert bundled.complete and bundled.rate_limited == 0
    assert bundled.staff_messages < 3 * (1 + 3)  # fewer than a card and a message per text
    split = await run_once("two", True, families_count=4, texts=2, scale=50, groups=2)
    assert split.complete and split.rate_limited == 0 and split.groups_reached == 2


@pytest.mark.slow  # seconds of real pacing or subprocesses
def test_memory_counts_parents_in_a_process_of_its_own() -> None:
    from bench.memory import run_target

    figures = run_target("sqlite", 20)
    assert list(figures) == ["20"] and figures["20"] > 0
