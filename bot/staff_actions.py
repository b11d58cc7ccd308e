"""What a counsellor's message or button press means, for any channel.

The Telegram staff router and the console's counsellor mode both turn their input into these
calls and show the `StaffReply`. Membership is checked by the caller before.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery import Buttons, staff_buttons
from bot.staff_desk import Actor, StaffDesk
from dialogs.staff import commands as cmd
from storage import repo
from storage.models import Case, StaffDraft

OVERRIDE_HELP = (
    "Einschätzung ändern: /einschaetzung <Stufe> <Begründung>\n"
    "Stufen: grundschule, sek1, berufskolleg, kita, keine"
)


@dataclass(frozen=True)
class MediaRef:
    from_chat_id: int
    message_id: int
    caption: str | None
    captionable: bool


@dataclass
class StaffReply:
    text: str | None = None  # a message where the counsellor acted
    buttons: Buttons | None = None
    toast: str | None = None  # the short answer to a button press
    edit: str | None = None  # new text for the message whose button was pressed
    relayed: bool = False  # the counsellor's message went to the family


async def on_message(
    desk: StaffDesk,
    session: AsyncSession,
    case: Case | None,
    actor: Actor,
    *,
    command: tuple[str, str] | None,
    text: str | None,
    media: MediaRef | None = None,
) -> StaffReply:
    staff_command = cmd.parse_staff_command(*command) if command else None
    match staff_command:
        case cmd.Help():
            return StaffReply(cmd.HELP_TEXT)
        case cmd.Queue():
            return StaffReply(await desk.queue(session))
        case cmd.ShowName(show=show):
            return StaffReply(await desk.set_show_name(session, actor, show))
        case cmd.Invalid(hint=hint):
            return StaffReply(hint)
        case _ if case is None:
            # The General topic: only the commands above; other talk is the team's own.
            return StaffReply("Das geht nur im Thema eines Falls." if command else None)
        case cmd.Note():
            return StaffReply(await desk.note(session, case, actor))
        case cmd.Templates():
            text_, buttons = desk.template_list(case)
            return StaffReply(text_, buttons)
        case cmd.UseTemplate(key=key, values=values):
            text_, buttons = await desk.template_preview(session, case, actor, key, values)
            return StaffReply(text_, buttons)
        case cmd.Override(stage=stage, reason=reason):
            return StaffReply(await desk.override(session, case, actor, stage, reason))
        case cmd.Erase():
            return StaffReply(
                f"🗑 Alle Daten der Familie von Fall #{case.id} löschen? Das Thema wird gelöscht, "
                "die Familie bekommt keine Nachricht.",
                staff_buttons([[("🗑 Endgültig löschen", f"erase.{case.id}")]]),
            )
    if command is not None:
        return StaffReply("Unbekannter Befehl. /hilfe zeigt, was geht.")
    if text is not None:
        problem = await desk.relay_text(session, case, actor, text)
    elif media is not None:
        problem = await desk.relay_copy(
            session,
            case,
            actor,
            from_chat_id=media.from_chat_id,
            message_id=media.message_id,
            caption=media.caption,
            captionable=media.captionable,
        )
    else:
        return StaffReply()
    return StaffReply(problem) if problem else StaffReply(relayed=True)


async def case_of_button(
    session: AsyncSession, verb: str, number: str, topic_id: int | None
) -> Case | None:
    """The case a button acts on, only if it is the case of the topic it was pressed in."""
    if not number.isdigit():
        return None
    # The case row stays locked until commit (PostgreSQL): two counsellors pressing "claim"
    # at the same moment on two instances are served one after the other, so one wins.
    if verb in {"send", "drop"}:
        draft = await session.get(StaffDraft, int(number), with_for_update=True)
        case = await repo.case_by_id(session, draft.case_id, for_update=True) if draft else None
    else:
        case = await repo.case_by_id(session, int(number), for_update=True)
    if case is None or topic_id is None or case.topic_id != topic_id:
        return None
    return case


async def on_button(
    desk: StaffDesk, session: AsyncSession, action: str, actor: Actor, topic_id: int | None
) -> StaffReply:
    verb, _sep, rest = action.partition(".")
    number, _sep, arg = rest.partition(".")
    case = await case_of_button(session, verb, number, topic_id)
    if case is None:
        return StaffReply(toast="Dieser Knopf gehört zu keinem Fall in diesem Thema.")
    match verb:
        case "claim":
            return StaffReply(toast=await desk.claim(session, case, actor))
        case "close":
            return StaffReply(toast=await desk.close(session, case, actor))
        case "reopen":
            return StaffReply(toast=await desk.reopen(session, case, actor))
        case "est":
            return StaffReply(OVERRIDE_HELP, toast="Siehe Anleitung im Thema.")
        case "tpls":
            text, buttons = desk.template_list(case)
            return StaffReply(text, buttons)
        case "tpl":
            text, buttons = await desk.template_preview(session, case, actor, arg, ())
            return StaffReply(text, buttons)
        case "erase":
            return StaffReply(toast=await desk.erase(session, case, actor))
        case "send" | "drop":
            result = await desk.template_send(
                session, int(number), case, actor, send=verb == "send"
            )
            return StaffReply(toast=result[:200], edit=result)
    return StaffReply(toast="Unbekannter Knopf.")
