"""The console's counsellor mode: the staff group's work in a terminal (`/as counsellor`).

Staff buttons appear in frames as [b1], [b2] …; typing `b1` (or `1`) presses one. Text goes
to the family of the current case; `/fall N` picks another case. It uses the same staff
actions as Telegram, so what works here works there.
"""

from __future__ import annotations

import re
from typing import TextIO

from sqlalchemy import select

from bot.app import App
from bot.staff_actions import StaffReply, on_button, on_message
from bot.staff_desk import Actor, StaffDesk
from bot.telegram.events import command_of
from storage import repo
from storage.models import Case

COUNSELLOR = Actor(user_id=2, first_name="Konsole")
BUTTON = re.compile(r"^b?(\d+)$", re.IGNORECASE)
INTRO = (
    "Sie sind jetzt im Beratungsteam. Knöpfe: b1, b2 … · Text geht an die Familie des "
    "aktuellen Falls · /fall N wählt einen Fall · /hilfe · /as parent"
)


class CounsellorConsole:
    def __init__(self, app: App, sender: object, out: TextIO) -> None:
        self.app = app
        self.sender = sender  # bot.console.ConsoleSender
        self.out = out
        self.desk = StaffDesk(app)
        self.case_id: int | None = None

    async def current_case(self, session: object) -> Case | None:
        if self.case_id is not None:
            case = await repo.case_by_id(session, self.case_id)  # type: ignore[arg-type]
            if case is not None:
                return case
        result = await session.execute(  # type: ignore[attr-defined]
            select(Case).where(Case.status != "closed").order_by(Case.id.desc()).limit(1)
        )
        return result.scalar_one_or_none()

    async def enter(self) -> None:
        self.out.write(INTRO + "\n\n")
        shown = list(self.sender.staff_buttons)  # type: ignore[attr-defined]
        await self.handle("/queue")
        # The queue has no buttons: the case cards just printed stay pressable as b1, b2 …
        self.sender.staff_buttons[:0] = shown  # type: ignore[attr-defined]

    async def handle(self, line: str) -> None:
        text = line.strip()
        pressed = BUTTON.match(text)
        buttons = list(self.sender.staff_buttons)  # type: ignore[attr-defined]
        # Numbers always refer to the buttons of the last output, as for parents.
        self.sender.staff_buttons.clear()  # type: ignore[attr-defined]
        async with self.app.db.transaction() as session:
            if pressed:
                index = int(pressed.group(1)) - 1
                if not 0 <= index < len(buttons):
                    self.out.write("Diesen Knopf gibt es nicht.\n\n")
                    return
                action, thread = buttons[index]
                reply = await on_button(self.desk, session, action, COUNSELLOR, thread)
                case = await self.desk.case_for_topic(session, thread)
            else:
                command = command_of(text)
                if command is not None and command[0] == "fall":
                    self.case_id = int(command[1]) if command[1].isdigit() else None
                    self.out.write(f"Aktueller Fall: #{self.case_id}\n\n")
                    return
                case = await self.current_case(session)
                reply = await on_message(
                    self.desk,
                    session,
                    case,
                    COUNSELLOR,
                    command=command,
                    text=None if command else text,
                )
        self.show(reply, case)

    def show(self, reply: StaffReply, case: Case | None) -> None:
        where = self.sender.topic_name(case.topic_id if case else None)  # type: ignore[attr-defined]
        if reply.toast and not reply.edit:
            self.out.write(f"↳ {reply.toast}\n\n")
        if reply.edit:
            self.out.write(f"↳ {reply.edit}\n\n")
        if reply.text:
            self.sender.frame(  # type: ignore[attr-defined]
                f"Beratungsteam · {where}",
                reply.text,
                reply.buttons,
                case.topic_id if case else None,
            )
        if reply.relayed:
            self.out.write(f"↳ an die Familie (Fall #{case.id if case else '?'}) weitergegeben\n\n")
