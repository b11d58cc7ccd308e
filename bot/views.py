"""Case records from storage → the `CaseView` the staff core reads."""

from __future__ import annotations

from bot.app import App
from bot.appointments import appointment_of
from dialogs import locales
from dialogs.staff.view import CaseView, Child, Draft, overrides_from_json
from storage import Tx, appointments, cases, families, referrals
from storage.records import CaseRecord, DraftRecord


async def case_view(
    tx: Tx,
    app: App,
    record: CaseRecord,
    *,
    with_family_cases: bool = False,
    draft: DraftRecord | None = None,
    with_appointment: bool = False,
) -> CaseView:
    family_locale = None
    if record.family_id is not None:
        stored = await families.locale_of(tx, record.family_id)
        family_locale = locales.normalise(stored, app.languages) if stored else None
    appointment = None
    if with_appointment:
        latest = await appointments.latest_of_case(tx, record.id, lock=True)
        appointment = appointment_of(latest) if latest is not None else None
    names = await cases.counsellor_names(tx, [record.claimed_by] if record.claimed_by else [])
    return CaseView(
        id=record.id,
        status=record.status,  # type: ignore[arg-type]
        locale=record.locale,
        created_at=record.created_at,
        children=tuple(Child(c["answers"], c["assessment"]) for c in record.children or []),
        overrides=overrides_from_json(record.override),
        family_id=record.family_id,
        family_locale=family_locale,
        claimed_by=record.claimed_by,
        claimed_by_name=names.get(record.claimed_by) if record.claimed_by else None,
        municipality=record.municipality,
        age=record.age,
        topic_id=record.topic_id,
        staff_chat_id=record.staff_chat_id,
        assigned_chat_id=record.assigned_chat_id,
        topics=record.topics,
        family_cases=tuple(
            (c.case_id, c.topics) for c in await cases.topics_of_family(tx, record.family_id)
        )
        if with_family_cases and record.family_id is not None
        else (),
        draft=Draft(
            draft.token,
            draft.counsellor_id,
            str(draft.payload.get("key", "")),
            tuple(str(v) for v in draft.payload.get("values", [])),
        )
        if draft is not None and draft.case_id == record.id
        else None,
        appointment=appointment,
        initiative=await _initiative(tx, app, record.referral_code),
    )


async def _initiative(tx: Tx, app: App, code: str | None) -> str | None:
    found = await referrals.initiative_named(tx, code) if code else None
    if found is None:
        return None
    name, municipality = found
    places = {m.id: m.name for m in app.kreis.municipalities}
    return f"{name} ({places.get(municipality, municipality)})" if municipality else name
