"""What the staff group (and, in staff mode, the family) would receive, printed in frames."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TextIO

from bot.render import Audience, ButtonRows

CONSOLE_USER = 1  # one console family per database; its chat id is the same
CONSOLE_STAFF_CHAT = -1  # the console's stand-in for the staff group
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
        buttons: ButtonRows = (),
        thread_id: int | None = None,
        audience: Audience = "staff",
    ) -> None:
        self.out.write(f"┏━ {title}\n")
        for line in text.splitlines():
            self.out.write(f"{STAFF_FRAME}{line}\n")
        for row in buttons:
            labels = []
            for label, action in row:
                if audience == "staff":
                    self.staff_buttons.append((action, thread_id))
                    labels.append(f"[b{len(self.staff_buttons)}] {label}")
                else:
                    labels.append(f"[{label}]")
            self.out.write(f"{STAFF_FRAME}" + "  ".join(labels) + "\n")
        self.out.write("┗━\n\n")

    def restore(self, topics: Mapping[int, str]) -> None:
        """The topics of an earlier session, by id: a terminal keeps no group, but the database
        keeps the cases' topic ids; new topics are numbered after them."""
        self._topics.update(topics)

    def topic_name(self, thread_id: int | None) -> str:
        return self._topics.get(thread_id or 0, "Allgemein")

    def _where(self, chat_id: int, thread_id: int | None) -> str:
        if chat_id == CONSOLE_USER:
            return "Familie"
        return f"Beratungsteam · {self._topics.get(thread_id or 0, 'Allgemein')}"

    async def create_topic(self, chat_id: int, name: str) -> int:
        # After every id in use (1 stands for the General topic): the ids of an earlier
        # session's topics are still the cases' in the database.
        topic_id = max(self._topics, default=1) + 1
        self._topics[topic_id] = name
        self.frame(f"Beratungsteam: neues Thema „{name}“")
        return topic_id

    async def send_text(
        self,
        chat_id: int,
        text: str,
        thread_id: int | None,
        buttons: ButtonRows = (),
        audience: Audience = "parent",
    ) -> int:
        self.frame(self._where(chat_id, thread_id), text, buttons, thread_id, audience)
        self._next_message += 1
        self._card_threads[self._next_message] = thread_id
        return self._next_message

    async def edit_text(
        self,
        chat_id: int,
        message_id: int,
        text: str,
        buttons: ButtonRows = (),
        audience: Audience = "staff",
    ) -> None:
        self.frame(
            "Beratungsteam: Fallkarte aktualisiert",
            text,
            buttons,
            self._card_threads.get(message_id),
            audience,
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

    async def delete_message(self, chat_id: int, message_id: int) -> None:
        self.frame(f"Beratungsteam: Nachricht {message_id} gelöscht")

    async def send_document(
        self, chat_id: int, thread_id: int | None, name: str, content: bytes, caption: str
    ) -> int:
        # The console has no files to show: it names the document and its size instead.
        size = f"{len(content) / 1024:.0f} KiB"
        self.frame(
            self._where(chat_id, thread_id),
            f"📎 {name} ({size}){' – ' + caption if caption else ''}",
        )
        self._next_message += 1
        return self._next_message

    async def leave_chat(self, chat_id: int) -> None:
        # The console has one family and the team, no volunteer groups to leave.
        self.frame(f"Gruppe {chat_id} verlassen")
