"""Channel-neutral buttons → Telegram inline keyboards."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from dialogs.outcome import Button
from dialogs.text import Renderer

CALLBACK_DATA_LIMIT = 64  # bytes, Telegram's limit


class Act(CallbackData, prefix="a"):
    """A parent dialog action; the dialog validates it against the current state."""

    a: str


class StaffAct(CallbackData, prefix="s"):
    """A counsellor's action on a case; checked against the case and membership when pressed."""

    v: str


def pack(action: str, audience: str | None = None) -> str:
    data = StaffAct(v=action).pack() if audience == "staff" else Act(a=action).pack()
    if len(data.encode()) > CALLBACK_DATA_LIMIT:
        raise ValueError(f"callback data too long: {action!r}")
    return data


def keyboard(
    rows: tuple[tuple[Button, ...], ...], renderer: Renderer, locale: str
) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    markup_rows = []
    for row in rows:
        buttons = []
        for button in row:
            data = pack(button.action)
            label = renderer.render(button.label, locale).strip() or "·"
            buttons.append(InlineKeyboardButton(text=label[:64], callback_data=data))
        markup_rows.append(buttons)
    return InlineKeyboardMarkup(inline_keyboard=markup_rows)
