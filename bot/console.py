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
from bot.console_staff import CounsellorConsole
from bot.delivery import Buttons, ChatLimits, OutboxWorker
from bot.parent_desk import handle_parent_event
from bot.telegram.events import command_of
from dialogs import locales
from dialogs.outcome import Button, Outcome
from dialogs.parent.events import Command, Event, Press, Start, Typed
from dialogs.text import _

CONSOLE_USER = 1  # one console family per database; its chat id is the same
STAFF_FRAME = "┃ "


class ConsoleSender:
    """Prints what the staff group (and, in staff mode, the family) would receive."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self._topics: dict[int, str] = {}
        self._next_message = 1
        self._card_threads: dict[int, int | None] = {}
        # Staff buttons shown since the last reset, as (action, topic): typed as b1, b2 …
        self.staff_buttons: list[tuple[str, int | None]] = []

    def frame(
        self,
        title: str,
        text: str = "",
        buttons: Buttons | None = None,
        thread_id: int | None = None,
    ) -> None:
        self.out.write(f"┏━ {title}\n")
        for line in text.splitlines():
            self.out.write(f"{STAFF_FRAME}{line}\n")
        for row in buttons or []:
            labels = []
            for b in row:
                if b.get("for") == "staff":
                    self.staff_buttons.append((b["action"], thread_id))
                    labels.append(f"[b{len(self.staff_buttons)}] {b['text']}")
                else:
                    labels.append(f"[{b['text']}]")
            self.out.write(f"{STAFF_FRAME}" + "  ".join(labels) + "\n")
        self.out.write("┗━\n\n")

    def topic_name(self, thread_id: int | None) -> str:
        return self._topics.get(thread_id or 0, "Allgemein")

    def _where(self, chat_id: int, thread_id: int | None) -> str:
        if chat_id == CONSOLE_USER:
            return "Familie"
        return f"Beratungsteam · {self._topics.get(thread_id or 0, 'Allgemein')}"

    async def create_topic(self, chat_id: int, name: str) -> int:
        topic_id = len(self._topics) + 2
        self._topics[topic_id] = name
        self.frame(f"Beratungsteam: neues Thema „{name}“")
        return topic_id

    async def send_text(
        self, chat_id: int, text: str, thread_id: int | None, buttons: Buttons | None = None
    ) -> int:
        self.frame(self._where(chat_id, thread_id), text, buttons, thread_id)
        self._next_message += 1
        self._card_threads[self._next_message] = thread_id
        return self._next_message

    async def edit_text(
        self, chat_id: int, message_id: int, text: str, buttons: Buttons | None = None
    ) -> None:
        self.frame(
            "Beratungsteam: Fallkarte aktualisiert",
            text,
            buttons,
            self._card_threads.get(message_id),
        )

    async def pin(self, chat_id: int, message_id: int) -> None:
        return None

    async def copy(
        self,
        chat_id: int,
        thread_id: int | None,
        from_chat_id: int,
        message_id: int,
        caption: str | None,
    ) -> None:
        self.frame(self._where(chat_id, thread_id), caption or "(Datei)")

    async def rename_topic(self, chat_id: int, thread_id: int, name: str) -> None:
        self._topics[thread_id] = name
        self.frame(f"Beratungsteam: Thema heißt jetzt „{name}“")

    async def close_topic(self, chat_id: int, thread_id: int) -> None:
        self.frame(f"Beratungsteam: Thema „{self._topics.get(thread_id, thread_id)}“ geschlossen")

    async def reopen_topic(self, chat_id: int, thread_id: int) -> None:
        self.frame(f"Beratungsteam: Thema „{self._topics.get(thread_id, thread_id)}“ wieder offen")

    async def delete_topic(self, chat_id: int, thread_id: int) -> None:
        name = self._topics.pop(thread_id, str(thread_id))
        self.frame(f"Beratungsteam: Thema „{name}“ gelöscht")


class Console:
    def __init__(self, app: App, out: TextIO = sys.stdout) -> None:
        self.app = app
        self.out = out
        self.buttons: list[Button] = []
        self.sender = ConsoleSender(out)
        # A terminal needs no pacing; Telegram's limits apply to Telegram only.
        fast = (1000, 1)
        limits = ChatLimits(per_bot=fast, per_private_chat=fast, per_group=fast)
        self.worker = OutboxWorker(app.db, self.sender, staff_chat_id=-1, limits=limits)
        self.counsellor = CounsellorConsole(app, self.sender, out)
        self.as_counsellor = False
        self.client_language = locales.detect(_env_language(), app.languages)
        self.locale = self.client_language

    def event_for(self, line: str) -> Event | None:
        text = line.strip()
        if text.isdigit() and self.buttons:
            index = int(text) - 1
            if 0 <= index < len(self.buttons):
                return Press(self.buttons[index].action)
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
            self.out.write(self.app.render(reply.text, outcome.locale).strip() + "\n")
            for row in reply.buttons:
                for button in row:
                    self.buttons.append(button)
                    label = self.app.render(button.label, outcome.locale)
                    self.out.write(f"  [{len(self.buttons)}] {label}\n")
            self.out.write("\n")

    async def handle(self, event: Event) -> None:
        async with self.app.db.transaction() as session:
            outcome = await handle_parent_event(
                self.app,
                session,
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

    async def run(self, stdin: TextIO = sys.stdin) -> None:
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
