"""What a parent does through Telegram, step by step, on the harness (end-to-end tests)."""

from __future__ import annotations

from typing import Any

from storage.models import Family
from tests.fakeapi import FakeUser
from tests.support.journeys import ANSWERS, TYPED_KINDS
from tests.support.telegram_harness import Harness


async def stored_state(h: Harness, user: FakeUser) -> dict[str, Any]:
    async with h.app.db.transaction() as session:
        family = await session.get(Family, user.id)
    assert family is not None
    return family.state or {}


async def answer_question(h: Harness, user: FakeUser, qid: str) -> None:
    """Answer question `qid` with the sample child's answer (journeys.ANSWERS)."""
    instrument = h.app.instrument
    q = instrument.question(qid)
    qi = instrument.questions.index(q)
    value = ANSWERS[qid]
    if q.kind in TYPED_KINDS:
        await h.say(user, str(value))
    elif q.kind == "municipality":
        index = [m.id for m in h.app.kreis.municipalities].index(str(value))
        await h.press_action(user, f"a.{qi}.{index}")
    elif q.kind in {"languages", "multi_choice"}:
        for v in value:
            oi = [o.value for o in q.options].index(v)
            await h.press_action(user, f"t.{qi}.{oi}")
        await h.press_action(user, f"d.{qi}")
    else:
        options = [o.value for o in q.options]
        wanted = {"yes": True, "no": False}.get(str(value), value) if q.kind == "yes_no" else value
        oi = options.index(wanted) if wanted in options else options.index(str(value))
        await h.press_action(user, f"a.{qi}.{oi}")


async def answer_until_summary(
    h: Harness, user: FakeUser, *, stop_after: int | None = None
) -> None:
    """Answer whatever the intake asks until the summary (or `stop_after` answers)."""
    for count in range(40):
        state = await stored_state(h, user)
        if state["screen"] == "summary" or (stop_after is not None and count >= stop_after):
            return
        if state["screen"] == "special_consent":
            await h.press_action(user, "sp.no")
            continue
        await answer_question(h, user, state["question"])
    raise AssertionError("no summary")


async def open_intake_with_consent(h: Harness, parent: FakeUser, locale: str) -> None:
    await h.command(parent, "/start")
    await h.press_action(parent, f"lang.{locale}")
    await h.press_action(parent, "in")
    await h.press_action(parent, "ok.yes")
