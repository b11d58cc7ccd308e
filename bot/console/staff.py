"""The console's counsellor mode: the staff group's work in a terminal (`/as counsellor`).

Staff buttons appear in frames as [b1], [b2] …; typing `b1` (or `1`) presses one. Text goes
to the family of the current case; `/fall N` picks another case. It uses the same staff desk
as Telegram, so what works here works there.
"""

from __future__ import annotations

import re
from typing import TextIO

from bot.app import App
from bot.commands import command_of
from bot.console.sender import CONSOLE_STAFF_CHAT, ConsoleSender
from bot.desks.staff import StaffDesk, Where, action_of_message
from bot.render import render_reply
from dialogs.staff.decide import StaffOutcome
from storage import Tx, cases
from storage.records import CaseRecord

COUNSELLOR_ID = 2
COUNSELLOR_NAME = "Konsole"
BUTTON = re.compile(r"^b?(\d+)$", re.IGNORECASE)
INTRO = (
    "Sie sind jetzt im Beratungsteam. Knöpfe: b1, b2 … · Text geht an die Familie des "
    "aktuellen Falls · /fall N wählt einen Fall · /hilfe · /as parent"
)


class CounsellorConsole:
    def __init__(self, app: App, sender: ConsoleSender, out: TextIO) -> None:
        self.app = app
        self.sender = sender
        self.out = out
        self.desk = StaffDesk(app)
        self.case_id: int | None = None

    async def current_case(self, tx: Tx) -> CaseRecord | None:
        if self.case_id is not None:
            case = await cases.by_id(tx, self.case_id)
            if case is not None:
                return case
        return await cases.latest_open(tx)

    async def enter(self) -> None:
        self.out.write(INTRO + "\n\n")
        shown = list(self.sender.staff_buttons)
        await self.handle("/queue")
        # The queue has no buttons: the case cards just printed stay pressable as b1, b2 …
        self.sender.staff_buttons[:0] = shown

    async def handle(self, line: str) -> None:
        text = line.strip()
        pressed = BUTTON.match(text)
        buttons = list(self.sender.staff_buttons)
        # Numbers always refer to the buttons of the last output, as for parents.
        self.sender.staff_buttons.clear()
        async with self.app.db.transaction() as tx:
            actor = await self.desk.actor(tx, COUNSELLOR_ID, COUNSELLOR_NAME)
            if pressed:
                index = int(pressed.group(1)) - 1
                if not 0 <= index < len(buttons):
                    self.out.write("Diesen Knopf gibt es nicht.\n\n")
                    return
                data, thread = buttons[index]
                where = Where(CONSOLE_STAFF_CHAT, thread)
                outcome = await self.desk.on_button(tx, where, actor, data)
            else:
                command = command_of(text)
                if command is not None and command[0] == "fall":
                    self.case_id = int(command[1]) if command[1].isdigit() else None
                    self.out.write(f"Aktueller Fall: #{self.case_id}\n\n")
                    return
                case = await self.current_case(tx)
                where = Where(CONSOLE_STAFF_CHAT, case.topic_id if case else None)
                action = action_of_message(command, None if command else text, None)
                if action is None:
                    return
                outcome = await self.desk.on_message(tx, where, actor, action)
            case = (
                await cases.by_topic(tx, CONSOLE_STAFF_CHAT, where.topic_id)
                if where.topic_id
                else None
            )
        self.show(outcome, case)

    def show(self, outcome: StaffOutcome, case: CaseRecord | None) -> None:
        topic = case.topic_id if case else None
        where = self.sender.topic_name(topic)
        if outcome.toast and not outcome.edit:
            self.out.write(f"↳ {outcome.toast}\n\n")
        if outcome.edit:
            self.out.write(f"↳ {outcome.edit}\n\n")
        for reply in outcome.replies:
            rendered = render_reply(reply, self.app.renderer, "de")
            self.sender.frame(f"Beratungsteam · {where}", rendered.text, rendered.buttons, topic)
        if outcome.relayed:
            self.out.write(f"↳ an die Familie (Fall #{case.id if case else '?'}) weitergegeben\n\n")
