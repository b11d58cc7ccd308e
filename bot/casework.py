"""Carries out a parent step's effects inside the step's transaction.

Cases are created or extended and every message for the staff group is put into the outbox
here, so a parent's confirmation and the counsellors' notification commit together.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.delivery import STAFF_CHAT, staff_buttons
from bot.staff_desk import StaffDesk
from dialogs.casecard import card_buttons, child_section, topic_name
from dialogs.outcome import (
    DeleteAllData,
    Effect,
    RelayMedia,
    RelayToCase,
    RequestContact,
    SubmitChild,
)
from storage import repo
from storage.models import Case

log = logging.getLogger(__name__)


class CaseDesk:
    def __init__(self, app: App) -> None:
        self.app = app
        self.staff = StaffDesk(app)

    async def apply(
        self,
        session: AsyncSession,
        *,
        user_id: int,
        chat_id: int,
        locale: str,
        effects: tuple[Effect, ...],
    ) -> bool:
        """Apply effects; returns False when the family was erased (nothing left to save)."""
        keep_family = True
        for effect in effects:
            match effect:
                case SubmitChild():
                    await self._submit_child(session, user_id, locale, effect)
                case RequestContact():
                    await self._request_contact(session, user_id, locale)
                case RelayToCase(text=text):
                    case = await self._case_to_write_to(session, user_id, locale)
                    await self.staff.to_topic(
                        session, case, f"💬 Nachricht der Familie (Fall #{case.id}):\n{text}"
                    )
                    await repo.audit(session, action="parent_message", case_id=case.id)
                case RelayMedia(ref=(from_chat_id, message_id)):
                    case = await self._case_to_write_to(session, user_id, locale)
                    await self.staff.to_topic(
                        session, case, f"📎 Datei der Familie (Fall #{case.id}):"
                    )
                    await repo.enqueue(
                        session,
                        chat_id=STAFF_CHAT,
                        case_id=case.id,
                        kind="copy",
                        payload={
                            "from_chat_id": from_chat_id,
                            "message_id": message_id,
                            "in_case_topic": True,
                        },
                    )
                    await repo.audit(session, action="parent_media", case_id=case.id)
                case DeleteAllData():
                    await self._erase(session, user_id)
                    keep_family = False
        return keep_family

    def _municipality_name(self, municipality_id: Any) -> str | None:
        for m in self.app.kreis.municipalities:
            if m.id == municipality_id:
                return m.name
        return None

    async def _open_case(
        self, session: AsyncSession, user_id: int, locale: str, children: list[dict[str, Any]]
    ) -> Case:
        first = children[0] if children else None
        municipality = (
            self._municipality_name(first["answers"].get("municipality")) if first else None
        )
        age = first["assessment"].get("age") if first else None
        case = await repo.create_case(
            session,
            family_id=user_id,
            locale=locale,
            municipality=municipality,
            age=age,
            children=children,
        )
        await repo.enqueue(
            session,
            chat_id=STAFF_CHAT,
            case_id=case.id,
            kind="create_topic",
            payload={"name": topic_name(case.id, locale, age, municipality, case.status)},
        )
        await repo.enqueue(
            session,
            chat_id=STAFF_CHAT,
            case_id=case.id,
            kind="message",
            payload={
                "text": await self.staff.card_text(session, case),
                "in_case_topic": True,
                "card": True,
                "buttons": staff_buttons(card_buttons(case.id, case.status)),
            },
        )
        await repo.audit(session, action="case_opened", case_id=case.id)
        log.info("case %s opened", case.id)
        return case

    async def _latest_case(self, session: AsyncSession, user_id: int) -> Case | None:
        result = await session.execute(
            select(Case).where(Case.family_id == user_id).order_by(Case.id.desc()).limit(1)
        )
        return result.scalar_one_or_none()

    async def _case_to_write_to(self, session: AsyncSession, user_id: int, locale: str) -> Case:
        """The family's open case; a closed one is reopened or replaced, as the KI chose."""
        case = await self._latest_case(session, user_id)
        if case is not None and case.status != "closed":
            return case
        if case is not None and self.app.settings.closed_case_policy == "reopen":
            await self.staff.reopen(session, case, None, by_family=True)
            return case
        return await self._open_case(session, user_id, locale, [])

    async def _submit_child(
        self, session: AsyncSession, user_id: int, locale: str, effect: SubmitChild
    ) -> None:
        entry = {"answers": effect.answers, "assessment": effect.assessment}
        case = await repo.open_case(session, user_id)
        if case is None:
            await self._open_case(session, user_id, locale, [entry])
            return
        children = [*(case.children or []), entry]
        case.children = children
        if case.age is None:
            case.age = effect.assessment.get("age")
            case.municipality = self._municipality_name(effect.answers.get("municipality"))
        section = child_section(
            len(children),
            effect.answers,
            effect.assessment,
            instrument=self.app.instrument,
            kreis=self.app.kreis,
        )
        await self.staff.to_topic(session, case, f"➕ Fall #{case.id}: weiteres Kind\n\n{section}")
        await self.staff.refresh(session, case)
        await repo.audit(session, action="child_added", case_id=case.id)

    async def _request_contact(self, session: AsyncSession, user_id: int, locale: str) -> None:
        latest = await self._latest_case(session, user_id)
        case = await self._case_to_write_to(session, user_id, locale)
        if latest is None or case.id != latest.id:
            return  # a new case: its card already says that the family asks for a person
        await self.staff.to_topic(
            session, case, f"🙋 Fall #{case.id}: Die Familie bittet um Rückmeldung."
        )
        await repo.audit(session, action="contact_requested", case_id=case.id)

    async def _erase(self, session: AsyncSession, user_id: int) -> None:
        erased = await repo.erase_family(session, user_id)
        for case_id, topic_id in erased.cases:
            if topic_id is not None:
                await repo.enqueue(
                    session, chat_id=STAFF_CHAT, kind="delete_topic", payload={"topic_id": topic_id}
                )
            await repo.enqueue(
                session,
                chat_id=STAFF_CHAT,
                kind="message",
                payload={"text": f"🗑 Fall #{case_id} wurde auf Wunsch der Familie gelöscht."},
            )
        log.info(
            "family erased: %d cases, %d queued messages", len(erased.cases), erased.outbox_rows
        )
