"""Shared by the fake Bot API tests: a user, a forum chat and a one-button keyboard."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from tests.fakeapi import FakeUser

AMIRA = FakeUser(1001, "Amira", language_code="ar")
FORUM = -1001234567890


def keyboard(data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Weiter", callback_data=data)]]
    )
