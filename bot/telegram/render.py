"""Rendered replies → Telegram inline keyboards, with each audience's callback data."""

from __future__ import annotations

import functools

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.render import Audience, ButtonRows

CALLBACK_DATA_LIMIT = 64  # bytes, Telegram's limit
BUTTON_LABEL_LIMIT = 64  # characters we allow on a button (Telegram shows far fewer)


class Act(CallbackData, prefix="a"):
    """A parent dialog action; the dialog validates it against the current state."""

    a: str


class StaffAct(CallbackData, prefix="s"):
    """A counsellor's action on a case; checked against the case and membership when pressed."""

    v: str


class VolunteerAct(CallbackData, prefix="v"):
    """An initiative's button: approval in the staff group (membership checked when pressed),
    a card and its language in a volunteer group."""

    v: str


def pack(action: str, audience: Audience = "parent") -> str:
    data = (
        StaffAct(v=action).pack()
        if audience == "staff"
        else VolunteerAct(v=action).pack()
        if audience == "volunteer"
        else Act(a=action).pack()
    )
    if len(data.encode()) > CALLBACK_DATA_LIMIT:
        raise ValueError(f"callback data too long: {action!r}")
    return data


@functools.lru_cache(maxsize=4096)
def markup(rows: ButtonRows, audience: Audience = "parent") -> InlineKeyboardMarkup | None:
    """Cached: most keyboards repeat (the menu, a question's options in one language), and
    building and validating the pydantic models costs more than the rest of a reply. The
    result is never changed, only serialised."""
    if not rows:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=label[:BUTTON_LABEL_LIMIT], callback_data=pack(action, audience)
                )
                for label, action in row
            ]
            for row in rows
        ]
    )
