"""KI announcements to the initiatives' groups, as the counsellors see them: the command
parsed, the preview with *Senden*/*Verwerfen*, the progress and the final tally. Staff text,
German; the announcement itself goes out as the counsellor wrote it."""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.kreis import Kreis, find_municipality
from dialogs.reply import Button, Reply
from dialogs.text import Raw
from dialogs.volunteers import buttons

USAGE = (
    "Bitte so: /ankuendigung <Text> (an alle zugelassenen Gruppen) oder "
    "/ankuendigung in Dülmen, Nottuln; <Text>. Mit Foto: der Befehl als Bildunterschrift."
)
# Telegram's limits: 4096 characters for a text, 1024 for a photo's caption.
TEXT_LIMIT, CAPTION_LIMIT = 4096, 1024


@dataclass(frozen=True)
class Request:
    text: str
    municipalities: tuple[str, ...] | None  # ids; None: every approved group
    names: tuple[str, ...] = ()


def parse(args: str, kreis: Kreis, *, photo: bool) -> Request | Reply:
    """`Text` or `in A, B; Text`; a Reply (German) says what is wrong."""
    text = args.strip()
    municipalities: tuple[str, ...] | None = None
    names: tuple[str, ...] = ()
    if text.lower().startswith("in ") and ";" in text:
        places, _sep, text = text[3:].partition(";")
        found = [(p.strip(), find_municipality(kreis, p.strip())) for p in places.split(",")]
        unknown = [typed for typed, m in found if m is None]
        if unknown:
            known = ", ".join(m.name for m in kreis.municipalities)
            return Reply(Raw(f"Unbekannte Gemeinde: {', '.join(unknown)}\nGemeinden: {known}"))
        municipalities = tuple(dict.fromkeys(m.id for _t, m in found if m is not None))
        names = tuple(dict.fromkeys(m.name for _t, m in found if m is not None))
        text = text.strip()
    if not text:
        return Reply(Raw(USAGE))
    limit = CAPTION_LIMIT if photo else TEXT_LIMIT
    if len(text) > limit:
        return Reply(Raw(f"Zu lang: höchstens {limit} Zeichen{' mit Foto' if photo else ''}."))
    return Request(text, municipalities, names)


def preview(number: int, request: Request, groups: int, *, photo: bool) -> Reply:
    where = (
        "an alle zugelassenen Gruppen"
        if not request.names
        else ("an die Gruppen in " + ", ".join(request.names))
    )
    with_photo = " (mit Foto)" if photo else ""
    head = f"📣 Vorschau Ankündigung #{number}{with_photo} {where}: {groups} Gruppen"
    return Reply(
        Raw(f"{head}\n\n{request.text}"),
        (
            (
                Button(Raw("Senden"), buttons.send_announcement(number)),
                Button(Raw("Verwerfen"), buttons.drop_announcement(number)),
            ),
        ),
    )


def progress(number: int, sent: int, failed: int, pending: int) -> str:
    total = sent + failed + pending
    if pending:
        return (
            f"📣 Ankündigung #{number} wird gesendet: {sent + failed}/{total} · "
            f"gesendet {sent} · fehlgeschlagen {failed} · ausstehend {pending}"
        )
    gone = " (Gruppen ohne den Bot sind vermerkt und bekommen nichts mehr)" if failed else ""
    return (
        f"✅ Ankündigung #{number} fertig: {sent}/{total} gesendet, {failed} fehlgeschlagen{gone}."
    )


def dropped(number: int, who: str) -> str:
    return f"🗑 Ankündigung #{number} verworfen von {who}."


def no_groups(number: int) -> str:
    return f"Ankündigung #{number}: keine zugelassene Gruppe erreicht, nichts gesendet."


GONE = "Diese Ankündigung ist schon gesendet oder verworfen."
