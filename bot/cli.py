"""`python -m bot [run|console|migrate|assess|check|report|export|…]` — see README."""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import sys
from datetime import date
from typing import Any

from pydantic import ValidationError

from bot.config import Settings
from bot.content import ContentError
from bot.reports.cli import add_parsers, cmd_export, cmd_report
from dialogs.instrument import InstrumentError
from dialogs.kreis import KreisDataError
from storage.crypto import DataKeyError


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # aiogram logs every update's handling time at INFO; that is noise in production logs.
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)


async def _run(settings: Settings, channel: str) -> None:
    from bot.app import build_app

    app = await build_app(settings)
    try:
        if channel == "webhook":
            from bot.telegram.run import run_webhook

            await run_webhook(app)
        elif channel == "telegram":
            from bot.telegram.run import run_polling

            await run_polling(app)
        else:
            from bot.console.channel import Console

            await Console(app).run()
    finally:
        await app.close()


def _start(settings: Settings, channel: str) -> None:
    if channel == "console":
        gc.enable()  # a chat: nothing to gain
    else:
        # Start-up builds what lives for the whole run (aiogram's Bot API models, the content,
        # the dispatcher): the collector would walk the growing heap again and again and find
        # next to nothing (~0.2 s). It resumes when polling begins or the webhook is served
        # (bot/telegram/run.py); the first poll's chores collect once and freeze the rest.
        gc.disable()
    try:
        asyncio.run(_run(settings, channel))
    finally:
        gc.enable()  # also after a start that failed before polling


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    channel = "telegram" if settings.bot_token else "console"
    if args.command == "console":
        channel = "console"
    elif settings.webhook_url:
        from bot.telegram.webhook_config import webhook_problem

        # Refuse before touching the database: a webhook without its secret would take
        # updates from anyone who finds the URL.
        if problem := webhook_problem(settings):
            print(f"error: {problem}", file=sys.stderr)
            return 2
        channel = "webhook"
    if channel == "console":
        # The console is a chat, not a log: keep library chatter out of the conversation.
        logging.getLogger().setLevel(logging.WARNING)
    if channel != "webhook":
        _start(settings, channel)
        return 0
    from bot.telegram.webhook import WebhookError

    try:
        _start(settings, channel)
    except WebhookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_migrate(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.app import open_database

    async def run() -> None:
        db = await open_database(settings)
        await db.close()

    asyncio.run(run())
    print("database is at the newest schema")
    return 0


def cmd_assess(_settings: Settings, args: argparse.Namespace) -> int:
    from dialogs.assessment import AssessmentInputError, assess_json

    raw = sys.stdin.read()
    try:
        data: Any = json.loads(raw)
    except json.JSONDecodeError as exc:
        print(f"error: the input is not valid JSON ({exc.msg}, line {exc.lineno})", file=sys.stderr)
        return 2
    if not isinstance(data, dict):
        print("error: the input must be one JSON object with the child's answers", file=sys.stderr)
        return 2
    try:
        result = assess_json(data, today=date.today())
    except AssessmentInputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2 if args.pretty else None)
    sys.stdout.write("\n")
    return 0


def cmd_check(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.checks import run_checks

    problems, notes = run_checks(settings)
    for note in notes:
        print(f"ok: {note}")
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = [p for p in problems if not p.startswith("warning:")]
    print(f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s)")
    return 1 if errors else 0


def cmd_rotate_key(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.app import open_database
    from storage.rekey import rotate_all

    async def run() -> dict[str, int]:
        db = await open_database(settings, create_key=False)
        try:
            return await rotate_all(db)
        finally:
            await db.close()

    for field, count in asyncio.run(run()).items():
        print(f"{field}: {count} re-encrypted")
    print("done: every field now uses the first key of DATA_KEY; the old key can be removed")
    return 0


def cmd_purge_undecryptable(settings: Settings, args: argparse.Namespace) -> int:
    from bot.app import purge_undecryptable

    if not args.yes:
        print(
            "error: this deletes every stored field that DATA_KEY cannot decrypt (families' "
            "answers, queued messages, notes); run it only when the old key is lost for good, "
            "with --yes",
            file=sys.stderr,
        )
        return 2
    counts = asyncio.run(purge_undecryptable(settings))
    for field, count in counts.items():
        print(f"{field}: {count} removed")
    print(f"done: {sum(counts.values())} undecryptable field(s) removed; the key now matches")
    return 0


def cmd_housekeeping(settings: Settings, _args: argparse.Namespace) -> int:
    from bot.app import build_app
    from bot.jobs.housekeeping import Housekeeping

    async def run() -> str:
        app = await build_app(settings)
        try:
            report = await Housekeeping(app).run_once()
        finally:
            await app.close()
        return f"{report.german()} ({report.update_ids_forgotten} alte Update-IDs vergessen)"

    print(asyncio.run(run()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Schullotse")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="Telegram when BOT_TOKEN is set, else the console")
    sub.add_parser("console", help="chat in this terminal (reads stdin)")
    sub.add_parser("migrate", help="bring the database to the newest schema")
    assess = sub.add_parser("assess", help="one child's answers as JSON on stdin → estimate")
    assess.add_argument("--pretty", action="store_true")
    sub.add_parser("check", help="validate catalogs, instrument and Kreis data")
    sub.add_parser("rotate-key", help="re-encrypt personal fields with the first DATA_KEY")
    purge = sub.add_parser(
        "purge-undecryptable", help="after a lost key: delete what DATA_KEY cannot decrypt"
    )
    purge.add_argument("--yes", action="store_true", help="really delete")
    sub.add_parser("housekeeping", help="apply the retention period now and report")
    add_parsers(sub)
    return parser


COMMANDS = {
    None: cmd_run,
    "run": cmd_run,
    "console": cmd_run,
    "migrate": cmd_migrate,
    "assess": cmd_assess,
    "check": cmd_check,
    "rotate-key": cmd_rotate_key,
    "purge-undecryptable": cmd_purge_undecryptable,
    "housekeeping": cmd_housekeeping,
    "report": cmd_report,
    "export": cmd_export,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if COMMANDS[args.command] is not cmd_run:
        gc.enable()  # paused while the bot was imported (bot/__main__.py)
    try:
        settings = Settings()
    except ValidationError as exc:
        # A setting written wrong (STAFF_GROUPS, a number): say which, without a traceback.
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"]).upper() or "settings"
            print(f"error: {where}: {error['msg'].removeprefix('Value error, ')}", file=sys.stderr)
        return 2
    _configure_logging(settings.log_level)
    try:
        return COMMANDS[args.command](settings, args)
    except KeyboardInterrupt:
        return 130
    except (ContentError, InstrumentError, KreisDataError, DataKeyError) as exc:
        # A configuration problem is the operator's to fix: say what, without a traceback.
        print(f"error: {exc}", file=sys.stderr)
        return 2
