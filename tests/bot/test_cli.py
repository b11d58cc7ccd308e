"""The command line as a user runs it: real subprocesses, stdin in, stdout/stderr out."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import cmd_assess
from bot.config import Settings
from tests.support.env import ROOT, TEST_KEY


def run_bot(
    *args: str, stdin: str = "", cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {
        **{k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "DATABASE_URL"}},
        "PYTHONPATH": str(ROOT),
        "DATA_KEY": TEST_KEY,
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=full_env,
        timeout=120,
    )


def test_assess_prints_the_estimate_as_json() -> None:
    child = {
        "birth_date": "2016-03-12",
        "on": "2026-11-25",
        "school_years_abroad": 3,
        "literacy": "other_script",
        "german": "none",
        "lives_in": "municipality",
    }
    result = run_bot("assess", stdin=json.dumps(child))
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["stage"] == "secondary_1"
    assert out["school_obligation"] == "yes"
    assert out["support"] == ["german_support", "latin_script"]
    assert out["placing_authority"] == "schulamt"
    assert "sp.start" in out["reasons"]
    assert "Schulamt" in out["explanation"]


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "one JSON object"),
        ('{"birth_date": "2016-02-30"}', "birth_date"),
        ('{"birth_date": "2030-01-01", "on": "2026-11-25"}', "birth_date"),
        ('{"birth_date": "2016-03-12", "literacy": "klingon"}', "literacy"),
        ("", "not valid JSON"),
    ],
)
def test_assess_rejects_bad_input_on_stderr_with_exit_2(
    stdin: str, message: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Each bad input in-process (a subprocess each cost ~0.7 s); the process's own exit code
    # and stderr are checked once below.
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    assert cmd_assess(Settings(), argparse.Namespace(pretty=False)) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_assess_exits_with_2_and_a_message_on_stderr_as_a_process() -> None:
    result = run_bot("assess", stdin="{not json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr


def test_commands_without_telegram_do_not_import_aiogram() -> None:
    # Importing aiogram builds its Bot API models: seconds per start of assess, check or the
    # console, for nothing.
    probe = (
        "import sys, bot.cli, bot.checks, bot.console.channel, bot.telegram.webhook_config; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'aiogram'}))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "[]"


def test_check_validates_the_shipped_content() -> None:
    result = run_bot("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stdout
    assert "warning: example data" in result.stderr  # the example Kreis says so


def test_check_fails_on_a_broken_instrument(tmp_path: Path) -> None:
    broken = tmp_path / "instrument.yaml"
    broken.write_text("version: '1'\nid: x\ntitle: T\nquestions:\n  - id: a\n    type: telepathy\n")
    result = run_bot("check", env={"INSTRUMENT_FILE": str(broken)})
    assert result.returncode == 1
    assert "instrument" in result.stderr


@pytest.mark.slow  # two bot processes
def test_console_runs_a_scripted_journey_and_survives_a_restart(tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'console.sqlite3'}",
        "LANG": "de_DE.UTF-8",
    }
    # First session: consent, two answers, then the input ends (Ctrl+D).
    first = run_bot("console", stdin="/intake\n1\nAmira\n12.03.2016\n", cwd=tmp_path, env=env)
    assert first.returncode == 0, first.stderr
    assert "Wann ist Ihr Kind geboren?" in first.stdout
    assert "Auf Wiedersehen" in first.stdout
    # Second session: the menu offers to continue, and it goes on at question 3.
    second = run_bot("console", stdin="/intake\n", cwd=tmp_path, env=env)
    assert second.returncode == 0, second.stderr
    assert "Willkommen zurück" in second.stdout
    assert "Aus welchem Land kommt Ihr Kind?" in second.stdout
    assert "Traceback" not in second.stderr


def test_console_shows_what_the_staff_topic_receives(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'console.sqlite3'}", "LANG": "C"}
    result = run_bot("console", stdin="/contact\n1\n", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "Beratungsteam: neues Thema „#1 · de" in result.stdout
    assert "Fall #1" in result.stdout


def test_console_lets_a_newcomer_play_the_counsellor(tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'console.sqlite3'}",
        "LANG": "de_DE.UTF-8",
    }
    script = "\n".join(
        [
            "8",  # Deutsch (after the seven buttons of the greeting menu)
            "3",  # talk to a person
            "1",  # consent
            "/as counsellor",
            "b1",  # claim (the card's first button)
            "Guten Tag, wir melden uns morgen.",
            "/vorlage docs",
            "b1",  # send the previewed template
            "/queue",
            "/as parent",
        ]
    )
    result = run_bot("console", stdin=script + "\n", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Fall #1 gehört jetzt Ihnen." in out
    assert "👤 Eine Person aus dem Beratungsteam antwortet Ihnen jetzt hier im Chat." in out
    assert "┃ Guten Tag, wir melden uns morgen." in out
    assert "📤 Gesendet: „Unterlagen zum Termin mitbringen“" in out
    assert "bei Konsole" in out  # the queue and the topic name show who has the case
    assert "Traceback" not in result.stderr


def test_languages_can_be_narrowed_in_the_environment(tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'c.sqlite3'}",
        "LANGUAGES": "de,ar,en",
        "LANG": "C",
    }
    result = run_bot("console", stdin="", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "العربية" in result.stdout and "English" in result.stdout
    assert "Українська" not in result.stdout
