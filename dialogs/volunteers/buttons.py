"""The volunteers' buttons, built and parsed in one place.

Staff: `ok.<Nr>` / `no.<Nr>` under an approval request, `an.ok.<Nr>` / `an.no.<Nr>` under an
announcement's preview. Group: `c.<card>` picks a card,
`l.<card>.<locale>` its language. Short ASCII, well under Telegram's 64 bytes.
"""

from __future__ import annotations

from dialogs.volunteers.actions import Approve, Reject


def approve(number: int) -> str:
    return f"ok.{number}"


def reject(number: int) -> str:
    return f"no.{number}"


def send_announcement(number: int) -> str:
    return f"an.ok.{number}"


def drop_announcement(number: int) -> str:
    return f"an.no.{number}"


def parse_announcement(data: str) -> tuple[bool, int] | None:
    """(send?, announcement number) for a preview's button."""
    prefix, _sep, rest = data.partition(".")
    verb, _sep, number = rest.partition(".")
    if prefix != "an" or verb not in {"ok", "no"} or not number.isdigit():
        return None
    return verb == "ok", int(number)


def parse_staff(data: str) -> Approve | Reject | None:
    verb, _sep, rest = data.partition(".")
    if not rest.isdigit():
        return None
    if verb == "ok":
        return Approve(int(rest))
    if verb == "no":
        return Reject(int(rest))
    return None


def pick_card(key: str) -> str:
    return f"c.{key}"


def pick_language(key: str, locale: str) -> str:
    return f"l.{key}.{locale}"


def parse_group(data: str) -> tuple[str, str | None] | None:
    """(card key, locale or None while the language is still to pick)."""
    verb, _sep, rest = data.partition(".")
    if verb == "c" and rest:
        return rest, None
    if verb == "l":
        key, _sep, locale = rest.partition(".")
        if key and locale:
            return key, locale
    return None
