"""What the team is told when Telegram refuses a message for a family for good (pure)."""

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
