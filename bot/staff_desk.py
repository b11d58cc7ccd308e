"""What counsellors do to a case, channel-neutral: Telegram's staff router and the console's
staff mode both call these. Every method runs inside the caller's transaction, puts what must
be sent into the outbox and writes an audit entry (who, what, when — never the content)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.delivery import STAFF_CHAT, Buttons, staff_buttons
from dialogs import handoff, locales
from dialogs.casecard import STAGE_DE, card_buttons, case_card, topic_name
from dialogs.parent.state import ParentState
from dialogs.staff.queue import QueuedCase, queue_text
from dialogs.templates import TEMPLATES, TemplateError, fill, template
from dialogs.text import Raw, Renderable, lines
from storage import repo
from storage.models import Case, Counsellor, Family, StaffDraft

CLOSED_NOT_SENT = "Der Fall ist abgeschlossen: nichts gesendet. Erst „Wieder öffnen“."
GONE = "Die Familie hat ihre Daten gelöscht; nichts gesendet."


@dataclass(frozen=True)
class Actor:
    """The counsellor acting; membership of the staff group is checked before we get here."""

    user_id: int
    first_name: str


class StaffDesk:
    def __init__(self, app: App) -> None:
        self.app = app

    # -- reading ---------------------------------------------------------------------------

    async def case_for_topic(self, session: AsyncSession, topic_id: int | None) -> Case | None:
        if topic_id is None:
            return None
        result = await session.execute(select(Case).where(Case.topic_id == topic_id))
        return result.scalar_one_or_none()

    async def counsellor_name(self, session: AsyncSession, user_id: int | None) -> str | None:
        if user_id is None:
            return None
        counsellor = await session.get(Counsellor, user_id)
        return (counsellor.name or {}).get("first") if counsellor else None

    async def remember(self, session: AsyncSession, actor: Actor) -> Counsellor:
        counsellor = await session.get(Counsellor, actor.user_id)
        if counsellor is None:
            counsellor = Counsellor(
                user_id=actor.user_id, name={"first": actor.first_name}, show_name=False
            )
            session.add(counsellor)
        elif (counsellor.name or {}).get("first") != actor.first_name:
            counsellor.name = {"first": actor.first_name}
        await session.flush()
        return counsellor

    # -- the card and the topic ----------------------------------------------------------------

    async def card_text(self, session: AsyncSession, case: Case) -> str:
        children = [(c["answers"], c["assessment"]) for c in case.children or []]
        return case_card(
            case.id,
            locale=case.locale,
            status=case.status,
            children=children,
            instrument=self.app.instrument,
            kreis=self.app.kreis,
            contact_only=not children,
            claimed_by=await self.counsellor_name(session, case.claimed_by),
            override=case.override,
        )

    async def refresh(self, session: AsyncSession, case: Case) -> None:
        """Card and topic name show the new state."""
        claimer = await self.counsellor_name(session, case.claimed_by)
        await repo.enqueue(
            session,
            chat_id=STAFF_CHAT,
            case_id=case.id,
            kind="edit_card",
            payload={
                "text": await self.card_text(session, case),
                "buttons": staff_buttons(card_buttons(case.id, case.status)),
            },
        )
        name = topic_name(case.id, case.locale, case.age, case.municipality, case.status, claimer)
        await repo.enqueue(
            session,
            chat_id=STAFF_CHAT,
            case_id=case.id,
            kind="rename_topic",
            payload={"name": name},
        )

    async def to_topic(
        self, session: AsyncSession, case: Case, text: str, buttons: Buttons | None = None
    ) -> None:
        payload: dict[str, Any] = {"text": text, "in_case_topic": True}
        if buttons:
            payload["buttons"] = buttons
        await repo.enqueue(
            session, chat_id=STAFF_CHAT, case_id=case.id, kind="message", payload=payload
        )

    # -- the family ----------------------------------------------------------------------------

    async def family(self, session: AsyncSession, case: Case) -> Family | None:
        return await session.get(Family, case.family_id) if case.family_id is not None else None

    async def to_family(
        self,
        session: AsyncSession,
        case: Case,
        text: Renderable,
        *,
        talking: bool | None = None,
        leave_button: bool = False,
    ) -> bool:
        """Queue a message to the family in its language; False when the family is gone."""
        family = await self.family(session, case)
        if family is None:
            return False
        locale = locales.normalise(family.locale, self.app.languages)
        payload: dict[str, Any] = {"text": self.app.render(text, locale)}
        if leave_button:
            label = self.app.render(handoff.leave_label(), locale)
            payload["buttons"] = [[{"text": label, "action": "leave", "for": "parent"}]]
        await repo.enqueue(
            session, chat_id=family.chat_id, case_id=case.id, kind="message", payload=payload
        )
        if talking is not None:
            await self._set_talking(family, talking)
        return True

    async def _set_talking(self, family: Family, talking: bool) -> None:
        state = ParentState.model_validate(family.state or {})
        if state.talking != talking:
            state.talking = talking
            if talking and state.screen not in {
                "question",
                "other_text",
                "summary",
                "special_consent",
            }:
                state.screen = "handed_off"
            family.state = state.model_dump(mode="json")

    # -- actions ---------------------------------------------------------------------------------

    async def claim(self, session: AsyncSession, case: Case, actor: Actor) -> str:
        if case.status == "closed":
            return "Dieser Fall ist abgeschlossen. Erst „Wieder öffnen“."
        if case.status == "claimed":
            holder = await self.counsellor_name(session, case.claimed_by)
            return (
                "Sie haben diesen Fall schon."
                if case.claimed_by == actor.user_id
                else f"Diesen Fall hat schon {holder}."
            )
        counsellor = await self.remember(session, actor)
        case.status = "claimed"
        case.claimed_by = actor.user_id
        case.claimed_at = datetime.now(UTC)
        await self.refresh(session, case)
        name = actor.first_name if counsellor.show_name else None
        await self.to_family(
            session, case, handoff.person_answers(name), talking=True, leave_button=True
        )
        await repo.audit(session, action="claim", actor_id=actor.user_id, case_id=case.id)
        return f"Fall #{case.id} gehört jetzt Ihnen."

    async def close(self, session: AsyncSession, case: Case, actor: Actor) -> str:
        if case.status == "closed":
            return "Der Fall ist schon abgeschlossen."
        case.status = "closed"
        case.closed_at = datetime.now(UTC)
        await self.refresh(session, case)
        await self.to_family(session, case, handoff.case_closed(), talking=False)
        await repo.enqueue(
            session, chat_id=STAFF_CHAT, case_id=case.id, kind="close_topic", payload={}
        )
        await repo.audit(session, action="close", actor_id=actor.user_id, case_id=case.id)
        return f"Fall #{case.id} ist abgeschlossen. Die Familie wurde informiert."

    async def reopen(
        self, session: AsyncSession, case: Case, actor: Actor | None, *, by_family: bool = False
    ) -> str:
        if case.status != "closed":
            return "Der Fall ist offen."
        case.status = "claimed" if case.claimed_by is not None else "open"
        case.closed_at = None
        await repo.enqueue(
            session, chat_id=STAFF_CHAT, case_id=case.id, kind="reopen_topic", payload={}
        )
        await self.refresh(session, case)
        if by_family:
            await self.to_topic(
                session,
                case,
                f"📂 Fall #{case.id} wurde wieder geöffnet: die Familie hat geschrieben.",
            )
        await repo.audit(
            session, action="reopen", actor_id=actor.user_id if actor else None, case_id=case.id
        )
        return f"Fall #{case.id} ist wieder offen."

    async def relay_text(
        self, session: AsyncSession, case: Case, actor: Actor, text: str
    ) -> str | None:
        """A counsellor's words go to the family as written, under a translated header."""
        if case.status == "closed":
            return CLOSED_NOT_SENT
        header = await self._header(session, actor)
        if not await self.to_family(
            session, case, lines(header, Raw(text)), talking=True, leave_button=False
        ):
            return GONE
        await repo.audit(session, action="reply", actor_id=actor.user_id, case_id=case.id)
        return None

    async def relay_copy(
        self,
        session: AsyncSession,
        case: Case,
        actor: Actor,
        *,
        from_chat_id: int,
        message_id: int,
        caption: str | None,
        captionable: bool,
    ) -> str | None:
        if case.status == "closed":
            return (
                "Der Fall ist abgeschlossen: die Datei wurde nicht gesendet. Erst „Wieder öffnen“."
            )
        family = await self.family(session, case)
        if family is None:
            return GONE
        locale = locales.normalise(family.locale, self.app.languages)
        header = self.app.render(await self._header(session, actor), locale)
        if captionable:
            full = f"{header}\n{caption}" if caption else header
            payload = {"from_chat_id": from_chat_id, "message_id": message_id, "caption": full}
        else:  # stickers, locations: no caption, so the header goes first
            await repo.enqueue(
                session,
                chat_id=family.chat_id,
                case_id=case.id,
                kind="message",
                payload={"text": header},
            )
            payload = {"from_chat_id": from_chat_id, "message_id": message_id}
        await repo.enqueue(
            session, chat_id=family.chat_id, case_id=case.id, kind="copy", payload=payload
        )
        await self._set_talking(family, True)
        await repo.audit(session, action="reply_media", actor_id=actor.user_id, case_id=case.id)
        return None

    async def _header(self, session: AsyncSession, actor: Actor) -> Renderable:
        counsellor = await self.remember(session, actor)
        return handoff.from_counsellor(actor.first_name if counsellor.show_name else None)

    async def erase(self, session: AsyncSession, case: Case, actor: Actor) -> str:
        """Every trace of the family, as /deletedata does, asked for through the staff."""
        case_ids = [case.id]
        if case.family_id is not None:
            erased = await repo.erase_family(session, case.family_id)
            case_ids = [case_id for case_id, _topic in erased.cases]
            topics = [topic for _case, topic in erased.cases if topic is not None]
        else:
            topics = [case.topic_id] if case.topic_id is not None else []
            await session.delete(case)
        for topic in topics:
            await repo.enqueue(
                session, chat_id=STAFF_CHAT, kind="delete_topic", payload={"topic_id": topic}
            )
        numbers = ", ".join(f"#{n}" for n in case_ids)
        await repo.enqueue(
            session,
            chat_id=STAFF_CHAT,
            kind="message",
            payload={
                "text": f"🗑 Fall {numbers} wurde auf Wunsch gelöscht (von {actor.first_name})."
            },
        )
        for case_id in case_ids:
            await repo.audit(session, action="staff_erase", actor_id=actor.user_id, case_id=case_id)
        return "Gelöscht."

    async def note(self, session: AsyncSession, case: Case, actor: Actor) -> str:
        await repo.audit(session, action="note", actor_id=actor.user_id, case_id=case.id)
        return "📝 Interne Notiz – nicht an die Familie gesendet."

    async def set_show_name(self, session: AsyncSession, actor: Actor, show: bool) -> str:
        counsellor = await self.remember(session, actor)
        counsellor.show_name = show
        await repo.audit(
            session, action="show_name_on" if show else "show_name_off", actor_id=actor.user_id
        )
        return (
            "Familien sehen jetzt Ihren Vornamen."
            if show
            else "Familien sehen Ihren Namen nicht mehr."
        )

    async def override(
        self, session: AsyncSession, case: Case, actor: Actor, stage: str, reason: str
    ) -> str:
        case.override = {
            "stage": stage,
            "reason": reason[:500],
            "by": actor.first_name,
            "at": datetime.now(UTC).astimezone().strftime("%d.%m.%Y"),
        }
        await self.refresh(session, case)
        await repo.audit(
            session, action="override", actor_id=actor.user_id, case_id=case.id, detail=stage
        )
        return f"Einschätzung für Fall #{case.id} geändert: {STAGE_DE[stage]}."

    # -- templates -------------------------------------------------------------------------------

    def template_list(self, case: Case) -> tuple[str, Buttons]:
        rows = [[(f"{t.label}", f"tpl.{case.id}.{t.key}")] for t in TEMPLATES]
        text = "💬 Vorlagen – die Familie liest sie in ihrer Sprache. Tippen zum Vorbereiten:"
        return text, staff_buttons(rows)

    async def template_preview(
        self, session: AsyncSession, case: Case, actor: Actor, key: str, values: tuple[str, ...]
    ) -> tuple[str, Buttons | None]:
        try:
            t = template(key)
        except KeyError:
            return f"Unbekannte Vorlage „{key}“. Siehe /vorlagen.", None
        if len(values) < len(t.params):
            usage = "; ".join(p.prompt for p in t.params)
            return f"„{t.label}“ braucht Werte. Im Thema schreiben:\n/vorlage {t.key} {usage}", None
        try:
            text = fill(
                t,
                {p.name: v for p, v in zip(t.params, values, strict=False)},
                today=datetime.now(UTC).date(),
            )
        except TemplateError as exc:
            return f"⚠️ {exc}", None
        family = await self.family(session, case)
        locale = locales.normalise(family.locale if family else case.locale, self.app.languages)
        draft = StaffDraft(
            case_id=case.id,
            counsellor_id=actor.user_id,
            kind="template",
            payload={"key": t.key, "values": list(values)},
        )
        session.add(draft)
        await session.flush()
        preview = (
            f"Vorschau „{t.label}“\n\n🇩🇪 {self.app.render(text, 'de')}\n\n"
            f"🌐 {locale}:\n{self.app.render(text, locale)}"
        )
        return preview, staff_buttons(
            [[("📤 Senden", f"send.{draft.id}"), ("✖️ Verwerfen", f"drop.{draft.id}")]]
        )

    async def template_send(
        self, session: AsyncSession, draft_id: int, case: Case, actor: Actor, *, send: bool
    ) -> str:
        draft = await session.get(StaffDraft, draft_id)
        if draft is None or draft.case_id != case.id or draft.kind != "template":
            return "Diese Vorschau gibt es nicht mehr."
        await session.delete(draft)
        if not send:
            return "Verworfen."
        if case.status == "closed":
            return CLOSED_NOT_SENT
        t = template(draft.payload["key"])
        values = draft.payload["values"]
        try:
            text = fill(
                t,
                {p.name: v for p, v in zip(t.params, values, strict=False)},
                today=datetime.now(UTC).date(),
            )
        except TemplateError as exc:
            return f"⚠️ {exc}"
        header = await self._header(session, actor)
        if not await self.to_family(session, case, lines(header, text), talking=True):
            return GONE
        await repo.audit(
            session, action="template", actor_id=actor.user_id, case_id=case.id, detail=t.key
        )
        return f"📤 Gesendet: „{t.label}“ (auf Deutsch: {self.app.render(text, 'de')})"

    # -- the queue ------------------------------------------------------------------------------

    async def queued(self, session: AsyncSession) -> list[QueuedCase]:
        result = await session.execute(select(Case).where(Case.status != "closed"))
        cases = list(result.scalars())
        names = {
            c.claimed_by: await self.counsellor_name(session, c.claimed_by)
            for c in cases
            if c.claimed_by
        }
        return [
            QueuedCase(
                c.id, c.status, c.created_at, c.locale, names.get(c.claimed_by), c.reminded_at
            )
            for c in cases
        ]

    async def queue(self, session: AsyncSession) -> str:
        return queue_text(await self.queued(session), datetime.now(UTC))
