"""What counsellors do in the staff group through Telegram, on the harness (end-to-end tests)."""

from __future__ import annotations

from typing import Any

from bot.telegram.render import StaffAct
from storage.models import Case
from tests.fakeapi import FakeUser
from tests.support.telegram_harness import STAFF_CHAT, Harness

ANNA = FakeUser(9001, "Anna", language_code="de")  # a counsellor, once added to the group


async def open_contact_case(h: Harness, parent: FakeUser, locale: str) -> int:
    """A parent asks for a person; returns the case topic's thread id."""
    await h.command(parent, "/start")
    await h.press_action(parent, f"lang.{locale}")
    await h.press_action(parent, "talk")
    await h.press_action(parent, "ok.yes")
    topics = h.fake.calls_to("createForumTopic")
    return int(topics[-1].result["message_thread_id"])


def staff_messages(h: Harness, thread: int) -> list[dict[str, Any]]:
    return h.fake.messages_to(STAFF_CHAT, thread)


def staff_texts(h: Harness, thread: int) -> list[str]:
    return [m.get("text") or m.get("caption") or "" for m in staff_messages(h, thread)]


async def press_staff(h: Harness, user: FakeUser, action: str, thread: int) -> None:
    """Press the newest button in the topic whose action is `action` (or, for `send.*`, starts
    with `send.`: a preview's token is random)."""
    data = StaffAct(v=action.removesuffix("*")).pack()
    prefix = action.endswith("*")
    h.fake.push_button_data(user, data, chat=STAFF_CHAT, thread_id=thread, prefix=prefix)
    await h.settle()


async def staff_says(h: Harness, user: FakeUser, text: str, thread: int | None) -> None:
    h.fake.push_text(user, text, chat=STAFF_CHAT, thread_id=thread)
    await h.settle()


async def case_row(h: Harness, case_id: int = 1) -> Case:
    async with h.app.db.transaction() as session:
        case = await session.get(Case, case_id)
    assert case is not None
    return case
