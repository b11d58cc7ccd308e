"""The team's actions reach a family only through the family's own flow: the event is fed to
`dialogs.parent.flow.step`, its state saved, its replies queued for the family's chat."""

from __future__ import annotations

from bot.app import App
from bot.outbox import items
from bot.outbox.queue import put
from bot.render import render_reply
from dialogs.parent.events import TeamEvent
from dialogs.parent.flow import step
from dialogs.parent.state import ParentState
from storage import Tx, families


async def feed_family(tx: Tx, app: App, family_id: int, event: TeamEvent, *, case_id: int) -> bool:
    """False when the family is gone (erased meanwhile): nothing was sent."""
    family = await families.load(tx, family_id, lock=True)
    if family is None:
        return False
    state = ParentState.model_validate(family.state or {})
    outcome = step(state, event, app.flow_context())
    await families.save(
        tx,
        user_id=family_id,
        chat_id=family.chat_id,
        locale=outcome.locale,
        state=outcome.state.model_dump(mode="json"),
        now=app.clock(),
        recent_updates=family.recent_updates,
    )
    for reply in outcome.replies:
        rendered = render_reply(reply, app.renderer, outcome.locale)
        await put(
            tx,
            items.message(rendered, audience="parent"),
            chat_id=family.chat_id,
            case_id=case_id,
            due=app.clock(),
        )
    return True
