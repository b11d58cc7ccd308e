"""One parent update: load state, run the pure step, persist state and effects together."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.casework import CaseDesk
from dialogs import locales
from dialogs.outcome import Outcome
from dialogs.parent.events import Event
from dialogs.parent.flow import step
from dialogs.parent.state import ParentState
from storage import repo


async def load_state(session: AsyncSession, user_id: int) -> ParentState:
    family = await repo.load_family(session, user_id)
    if family is None or not family.state:
        return ParentState()
    return ParentState.model_validate(family.state)


async def handle_parent_event(
    app: App,
    session: AsyncSession,
    *,
    user_id: int,
    chat_id: int,
    event: Event,
    client_language: str | None = None,
) -> Outcome:
    """Runs inside the caller's transaction: nothing is sent before it commits."""
    state = await load_state(session, user_id)
    outcome = step(state, event, app.flow_context(), client_language=client_language)
    locale = locales.normalise(outcome.state.locale, app.languages)
    keep = await CaseDesk(app).apply(
        session, user_id=user_id, chat_id=chat_id, locale=locale, effects=outcome.effects
    )
    if keep:
        await repo.save_family(
            session,
            user_id=user_id,
            chat_id=chat_id,
            locale=locale,
            state=outcome.state.model_dump(mode="json"),
        )
    return outcome
