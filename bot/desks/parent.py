"""One parent update: load state, run the pure step, persist state and effects together."""

from __future__ import annotations

from dataclasses import replace

from bot.app import App
from bot.desks import offers as offer_desk
from bot.desks.backlog import staff_delay_minutes
from bot.desks.family import apply_family_effects
from bot.desks.referrals import referral_of
from bot.updates import UpdateMark
from dialogs.parent.events import Command, Event, Press, Start, Typed, Unsupported
from dialogs.parent.flow import step
from dialogs.parent.outcome import Outcome
from dialogs.parent.state import ParentState
from storage import Tx, cases, families
from storage.optimistic import FamilyWrite
from storage.records import FamilyRecord

_LOAD = object()


async def handle_parent_event(
    app: App,
    tx: Tx,
    *,
    user_id: int,
    chat_id: int,
    event: Event,
    client_language: str | None = None,
    family: FamilyRecord | object | None = _LOAD,
    mark: UpdateMark | None = None,
) -> Outcome:
    """Runs inside the caller's transaction: nothing is sent before it commits. `family` is
    the row when the caller loaded (and locked) it already; `mark` the update, recorded as
    handled with the family's new state."""
    if family is _LOAD:
        family = await families.load(tx, user_id, lock=True)
    stored = family.state if isinstance(family, FamilyRecord) else None
    state = ParentState.model_validate(stored) if stored else ParentState()
    if isinstance(event, Start) and event.payload:
        # A volunteer's invitation: valid only while its code and initiative are.
        event = replace(event, referral=await referral_of(tx, event.payload))
    before = (state.referral, state.referral_notify)
    ctx = app.flow_context()
    if _searches_offers(event):
        # Loaded only when the family searches: every other update is spared the query.
        ctx = replace(ctx, offers=tuple(await offer_desk.in_use(tx)))
    if (state.talking or state.case_closed) and isinstance(event, Typed | Unsupported):
        latest = await cases.latest_of_family(tx, user_id)
        groups = app.staff_groups
        group = groups.of_case(latest) if groups is not None and latest is not None else None
        ctx = replace(ctx, staff_delay_minutes=await staff_delay_minutes(app, tx, group))
    # Read from the row for this step alone: the step may work on it without a copy.
    outcome = step(state, event, ctx, client_language=client_language, handed_over=True)
    after = (outcome.state.referral, bool(outcome.state.referral_notify))
    keep = await apply_family_effects(
        app, tx, user_id=user_id, locale=outcome.locale, effects=outcome.effects, referral=after
    )
    if keep and after != (before[0], bool(before[1])):
        # The family answered (or came with a new invitation) after its case was opened: the
        # answer holds for its open case too.
        await cases.set_referral(tx, user_id, after[0], after[1])
    if keep:
        recording = mark is not None and mark.update_id is not None
        recent = family.recent_updates if isinstance(family, FamilyRecord) else ()
        handled = mark.update_id if recording and mark is not None else None
        state_json = outcome.state.model_dump(mode="json")
        if mark is not None and mark.version is not None:
            # Read without a lock: written with the replies, if nobody wrote it meanwhile.
            mark.write = FamilyWrite(
                user_id,
                chat_id,
                outcome.locale,
                state_json,
                app.clock(),
                families.with_handled(recent, handled),
            )
        else:
            await families.save(
                tx,
                user_id=user_id,
                chat_id=chat_id,
                locale=outcome.locale,
                state=state_json,
                now=app.clock(),
                recent_updates=recent,
                handled=handled,
            )
        if recording and mark is not None:
            mark.recorded = True
    return outcome


def _searches_offers(event: Event) -> bool:
    if isinstance(event, Press):
        return event.action.startswith("of.")
    return isinstance(event, Command) and event.name == "angebote"
