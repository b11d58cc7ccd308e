"""The fake's own tests: a fresh fake per test, and aiogram's real client pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot

from tests.fakeapi import FakeBotAPI


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as server:
        yield server
    server.assert_answers_match_spec()  # the fake is under test too


@pytest.fixture
def bot(fake: FakeBotAPI) -> Bot:
    return fake.create_bot()
