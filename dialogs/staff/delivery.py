"""What the team is told when Telegram refuses a message for a family for good, or keeps a
topic that was to be deleted (pure)."""

from __future__ import annotations

from dialogs.text import utf16_prefix

EXCERPT_LIMIT = 300


def _why(reason: str) -> str:
    said = reason.lower()
    if "blocked" in said:
        return "Die Familie hat den Bot blockiert."
    if "deactivated" in said or "chat not found" in said or "user not found" in said:
        return "Das Telegram-Konto der Familie gibt es nicht mehr."
    return f"Telegram hat die Nachricht abgelehnt ({utf16_prefix(reason, 120)})."


def undelivered_notice(reason: str, excerpt: str | None) -> str:
    """German, for the case's topic: which message did not arrive, why, and what now."""
    what = f"\n\n„{utf16_prefix(excerpt, EXCERPT_LIMIT)}“" if excerpt else " (eine Datei)"
    return (
        f"⚠️ Nicht zugestellt: {_why(reason)} Diese Nachricht hat die Familie nicht erreicht"
        f"{what}\n\nBitte auf anderem Weg Kontakt aufnehmen (Telefon, E-Mail), falls bekannt."
    )


def topic_not_deleted(
    case_id: int | None, reason: str, *, retrying: bool, closed: bool, elsewhere: bool
) -> str:
    """German, for the General topic: a case's topic (card, messages, files) that an erasure
    or the retention period was to delete is still there; why, and what the team can do.
    `retrying`: the bot lacks a right the admins can grant, and keeps trying until then."""
    which = f"von Fall #{case_id}" if case_id is not None else "eines gelöschten Falls"
    where = " in der früheren Beratungsgruppe" if elsewhere else ""
    said = f"(Telegram: {utf16_prefix(reason, 120)})"
    state = " Es ist jetzt geschlossen." if closed else ""
    if retrying:
        todo = (
            "Dem Bot fehlt dort das Administratorrecht „Nachrichten löschen“. Bitte in den "
            "Gruppeneinstellungen unter Administratoren ergänzen: dann löscht der Bot das "
            "Thema von selbst. Oder das Thema von Hand löschen."
        )
    else:
        todo = "Bitte das Thema von Hand löschen."
    return (
        f"⚠️ Das Thema {which}{where} konnte nicht gelöscht werden {said}.{state} Es enthält "
        f"Daten, die gelöscht sein müssen (Fallkarte, Nachrichten, Dateien). {todo}"
    )
