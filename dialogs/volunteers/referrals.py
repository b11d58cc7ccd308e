"""Invitations: what a volunteer group reads about its codes, and the only two things it ever
hears about a family that came with one (received, closed) — and only if the family agreed."""

from __future__ import annotations

from dialogs.reply import Reply
from dialogs.text import Raw

# Telegram's deep links carry `start=<payload>` (A-Z, a-z, 0-9, _ and -, at most 64).
PREFIX = "ref-"
REVOKE_USAGE = "Bitte so: /einladen_widerrufen <Code>"


def payload(code: str) -> str:
    return f"{PREFIX}{code}"


def code_of(start_payload: str | None) -> str | None:
    """The code in `/start ref-<code>`; None for any other start."""
    if not start_payload or not start_payload.startswith(PREFIX):
        return None
    code = start_payload.removeprefix(PREFIX)
    ok = 4 <= len(code) <= 24 and all(c.isascii() and (c.isalnum() or c in "_-") for c in code)
    return code if ok else None


def link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start={payload(code)}"


def invitation(url: str, code: str) -> Reply:
    return Reply(
        Raw(
            f"Einladung {code} für eine Familie:\n{url}\n\n"
            "Zeigen Sie den QR-Code oder geben Sie den Link weiter. Der Bot fragt die Familie, "
            "ob Sie erfahren dürfen, wann ihre Anfrage angekommen und wann sie abgeschlossen "
            "ist. Mehr erfahren Sie nie.\n"
            f"Widerrufen: /einladen_widerrufen {code}"
        )
    )


def qr_caption(code: str) -> str:
    return f"Einladung {code}: mit der Handykamera scannen"


def revoked(code: str, done: bool) -> Reply:
    if done:
        return Reply(Raw(f"Einladung {code} widerrufen: der Link startet jetzt ohne Einladung."))
    return Reply(Raw(f"Eine offene Einladung {code} gibt es in dieser Gruppe nicht."))


def received(code: str) -> Reply:
    return Reply(
        Raw(f"Einladung {code}: Die Anfrage der Familie ist beim Beratungsteam angekommen.")
    )


def closed(code: str) -> Reply:
    return Reply(
        Raw(f"Einladung {code}: Das Beratungsteam hat die Anfrage der Familie abgeschlossen.")
    )
