"""A parent step's effects on the counsellors' side, in the step's own transaction: a case is
opened or extended and the staff group's messages are queued, so a parent's confirmation and
the counsellors' notification commit together (`dialogs.staff.family` decides what)."""

from __future__ import annotations

import logging

from bot.app import App
from bot.appointments import appointment_of
from bot.desks.effects import EffectRunner
from bot.desks.referrals import tell_initiative
from bot.views import case_view
from dialogs.parent.outcome import (
    AnswerAppointment,
    DeleteAllData,
    Effect,
    SearchedOffers,
    WithdrawSpecialConsent,
)
from dialogs.report.month import Month
from dialogs.staff import appointments as staff_appointments
from dialogs.staff import family
from storage import Tx, appointments, cases, families, offer_searches

log = logging.getLogger(__name__)


async def apply_family_effects(
    app: App,
    tx: Tx,
    *,
    user_id: int,
    locale: str,
    effects: tuple[Effect, ...],
    referral: tuple[str | None, bool] = (None, False),
) -> bool:
    """Apply effects; returns False when the family was erased (nothing left to save).
    `referral`: the invitation the family came with and whether the initiative may hear of
    the case, for a case opened now."""
    runner = EffectRunner(app, tx)
    for effect in effects:
        if isinstance(effect, DeleteAllData):
            erased = await families.erase(tx, user_id)
            topics = [(c.case_id, c.topics) for c in erased.cases]
            await runner.apply(None, family.erased(topics, erased.general_cards))
            log.info(
                "family erased: %d cases, %d queued messages", len(erased.cases), erased.outbox_rows
            )
            return False
        if isinstance(effect, AnswerAppointment):
            await _answer(app, tx, runner, user_id, effect)
            continue
        if isinstance(effect, WithdrawSpecialConsent):
            await _forget_answers(tx, user_id, effect.question_ids)
        if isinstance(effect, SearchedOffers):
            # Demand for the monthly report: what and where, in which month; not the family.
            await offer_searches.record_empty(
                tx,
                month=Month.of(app.clock()).key,
                kind=effect.kind,
                municipality=effect.municipality,
                language=effect.language,
            )
            continue
        latest = await cases.latest_of_family(tx, user_id, lock=True)
        view = await case_view(tx, app, latest) if latest is not None else None
        ctx = app.staff_context()
        outcome = family.receive(view, effect, family_id=user_id, locale=locale, ctx=ctx)
        await runner.apply(view, outcome)
        if outcome.open is not None:
            new = outcome.open
            record = await cases.create(
                tx,
                family_id=new.family_id,
                locale=new.locale,
                municipality=new.municipality,
                age=new.age,
                children=[
                    {"answers": dict(c.answers), "assessment": dict(c.assessment)}
                    for c in new.children
                ],
                now=ctx.now,
                referral_code=referral[0],
                referral_notify=referral[1],
            )
            opened = await case_view(tx, app, record)
            await runner.apply(opened, family.announce(opened, effect, ctx))
            await tell_initiative(app, tx, record.id, "received")
            log.info("case %s opened", record.id)
    return True


async def _forget_answers(tx: Tx, user_id: int, question_ids: tuple[str, ...]) -> None:
    """A withdrawn health consent reaches the family's cases: those answers become "skipped"
    there too (the card never shows them; the case sheet and the data set read them)."""
    for case in await cases.of_family(tx, user_id, lock=True):
        if not case.children:
            continue
        changed = False
        children = []
        for child in case.children:
            answers = dict(child.get("answers") or {})
            for question_id in question_ids:
                if answers.get(question_id) is not None:
                    answers[question_id] = None
                    changed = True
            children.append({**child, "answers": answers})
        if changed:
            await cases.update_fields(tx, case.id, children=children)
            log.info("case %s: health answers removed (consent withdrawn)", case.id)


async def _answer(
    app: App, tx: Tx, runner: EffectRunner, user_id: int, answer: AnswerAppointment
) -> None:
    """A family's button on an appointment: only one of its own cases' appointments."""
    record = await appointments.by_key(tx, answer.key, lock=True)
    if record is None or record.family_id != user_id:
        log.warning("appointment answer for an appointment not of this family")
        return
    case = await cases.by_id(tx, record.case_id, lock=True)
    if case is None:
        return
    view = await case_view(tx, app, case)
    await runner.apply(view, staff_appointments.family_answer(view, appointment_of(record), answer))
