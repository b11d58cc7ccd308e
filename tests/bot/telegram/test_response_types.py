"""aiogram's response types are kept from a method's first answer on, not rebuilt per answer
and not all built at start."""

from __future__ import annotations

import gc
import json
import weakref

from aiogram import Bot
from aiogram.methods import GetMe

from bot.telegram.dispatcher import KeepingSession

ME = json.dumps({"ok": True, "result": {"id": 1, "is_bot": True, "first_name": "Schullotse"}})


def test_a_response_type_outlives_its_first_answer() -> None:
    session = KeepingSession()
    bot = Bot("123456:AAFAKE", session=session)
    first = type(session.check_response(bot, GetMe(), 200, ME))
    kept = weakref.ref(first)
    del first
    gc.collect()
    # pydantic holds parametrised classes weakly: without the session's reference the next
    # answer would build the schema again.
    assert kept() is not None
    answer = session.check_response(bot, GetMe(), 200, ME)
    assert type(answer) is kept()
    assert answer.result is not None and answer.result.first_name == "Schullotse"
