"""The console channel: the same parent flow in a terminal, scriptable through stdin.

Buttons are shown as numbered choices (type the number); commands work as in Telegram; the
messages that Telegram would post in the counsellors' group are printed with a frame, so a
newcomer to the project sees both sides of a case.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import TextIO

from bot.app import App
from bot.commands import command_of
from bot.console.sender import CONSOLE_STAFF_CHAT, CONSOLE_USER, ConsoleSender
from bot.console.staff import CounsellorConsole
from bot.desks.parent import handle_parent_event
from bot.outbox.limits import Unlimited
from bot.outbox.worker import OutboxWorker
from bot.render import render_reply
from bot.reports.documents import Documents
from bot.views import case_view
from dialogs import locales
from dialogs.parent.events import Command, Event, Press, Start, Typed
from dialogs.parent.outcome import Outcome
from dialogs.staff.card import topic_name
from dialogs.staff.groups import StaffGroups
from dialogs.text import _
from storage import cases


class Console:
    def __init__(self, app: App, out: TextIO = sys.stdout) -> None:
        self.app = app
        self.out = out
        self.buttons: list[str] = []  # the actions of the numbered choices on screen
        self.sender = ConsoleSender(out)
        app.staff_groups = StaffGroups(CONSOLE_STAFF_CHAT)  # the console is the one group
        # A terminal needs no pacing; Telegram's limits apply to Telegram only.
        self.worker = OutboxWorker(
            app.db,
            self.sender,
            staff_chat_id=CONSOLE_STAFF_CHAT,
            clock=app.clock,
            limits=Unlimited(),
            documents=Documents(app),
        )
        self.counsellor = CounsellorConsole(app, self.sender, out)
        self.as_counsellor = False
        self.client_language = locales.detect(_env_language(), app.languages)
        self.locale = self.client_language

    def event_for(self, line: str) -> Event | None:
        text = line.strip()
        if text.isdigit() and self.buttons:
            index = int(text) - 1
            if 0 <= index < len(self.buttons):
                return Press(self.buttons[index])
        command = command_of(text)
        if command is not None:
            name, args = command
            if name == "start":
                return Start(payload=args or None, language_code=self.client_language)
            return Command(name, args)
        return Typed(line.rstrip("\n"))

    def show(self, outcome: Outcome) -> None:
        self.buttons = []
        for reply in outcome.replies:
            if reply.replace and not reply.buttons:
                # In Telegram this edit only takes the buttons off an answered question;
                # a terminal has nothing to take off.
                continue
            rendered = render_reply(reply, self.app.renderer, outcome.locale)
            self.out.write(rendered.text + "\n")
            for row in rendered.buttons:
                for label, action in row:
                    self.buttons.append(action)
                    self.out.write(f"  [{len(self.buttons)}] {label}\n")
            self.out.write("\n")

    async def handle(self, event: Event) -> None:
        async with self.app.db.transaction() as tx:
            outcome = await handle_parent_event(
                self.app,
                tx,
                user_id=CONSOLE_USER,
                chat_id=CONSOLE_USER,
                event=event,
                client_language=self.client_language,
            )
        self.locale = outcome.locale
        self.show(outcome)
        self.sender.staff_buttons.clear()
        await self.worker.drain()
        self.out.flush()

    async def restore_topics(self) -> None:
        """Name the topics of the cases stored by an earlier session, as the staff group would
        still show them (their names follow the case, as after every refresh)."""
        async with self.app.db.transaction() as tx:
            names = {
                record.topic_id: topic_name(await case_view(tx, self.app, record))
                for record in await cases.with_topic(tx, CONSOLE_STAFF_CHAT)
                if record.topic_id is not None
            }
        self.sender.restore(names)

    async def run(self, stdin: TextIO = sys.stdin) -> None:
        await self.restore_topics()
        self.out.write(
            "Schullotse · Konsole (Zahl = Knopf, /help = Hilfe, /as counsellor = Beratungsteam, "
            "Strg+D = Ende)\n\n"
        )
        await self.handle(Start(language_code=self.client_language))
        loop = asyncio.get_running_loop()
        while True:
            if stdin.isatty():
                self.out.write("> ")
                self.out.flush()
            line = await loop.run_in_executor(None, stdin.readline)
            if not line:  # end of input: leave cleanly, everything is already stored
                goodbye = _("Auf Wiedersehen!")
                self.out.write("\n" + self.app.render(goodbye, self.locale) + "\n")
                return
            await self.dispatch(line)

    async def dispatch(self, line: str) -> None:
        """One line of input, for the side the operator is playing."""
        command = command_of(line.strip())
        if command is not None and command[0] == "as":
            self.as_counsellor = command[1].lower() in {
                "counsellor",
                "berater",
                "beratung",
                "staff",
            }
            if self.as_counsellor:
                await self.counsellor.enter()
            else:
                await self.handle(Command("menu"))
            return
        if self.as_counsellor:
            if line.strip():
                await self.counsellor.handle(line)
                await self.worker.drain()
            return
        event = self.event_for(line)
        if event is not None and (line.strip() or isinstance(event, Press)):
            await self.handle(event)


def _env_language() -> str | None:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value and value not in {"C", "POSIX"} and not value.startswith("C."):
            return value.split(".", 1)[0]
    return None
