"""The fake Bot API's fault storm (FakeBotAPI.inject_randomly), through aiogram's client."""

from __future__ import annotations

import time

import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)

from tests.fakeapi import FakeBotAPI, RandomFaults
from tests.fakeapi.random_faults import DEFAULT_KINDS
from tests.fakeapi.samples import AMIRA

KIND = {kind.name: kind for kind in DEFAULT_KINDS}


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("429", TelegramRetryAfter),
        ("500", TelegramServerError),
        ("502", TelegramServerError),
        ("timeout", TelegramServerError),
        ("drop", TelegramNetworkError),
    ],
)
async def test_each_kind_fails_without_effect(
    fake: FakeBotAPI, bot: Bot, name: str, error: type[Exception]
) -> None:
    storm = fake.inject_randomly(1.0, total=1, kinds=[KIND[name]])
    started = time.monotonic()
    with pytest.raises(error) as caught:
        await bot.send_message(AMIRA.id, "verloren")
    if name == "429":
        assert isinstance(caught.value, TelegramRetryAfter) and caught.value.retry_after == 1
    if name == "timeout":
        assert time.monotonic() - started >= KIND["timeout"].delay  # the client had to wait
    await bot.send_message(AMIRA.id, "angekommen")  # budget spent: requests pass again
    # Telegram did nothing with the failed request, so a retry cannot duplicate it.
    assert [m["text"] for m in fake.messages_to(AMIRA.id)] == ["angekommen"]
    assert storm.by_kind == {name: 1} and storm.by_method == {"sendMessage": 1}
    assert storm.spent and storm.requests == 1


async def test_budget_counts_and_exempt_long_poll(fake: FakeBotAPI, bot: Bot) -> None:
    storm = fake.inject_randomly(1.0, total=7, seed=3)
    assert await bot.get_updates(timeout=0) == []  # getUpdates is never failed
    failures = 0
    sent: list[str] = []
    for n in range(12):
        try:
            await bot.send_message(AMIRA.id, f"m{n}")
            sent.append(f"m{n}")
        except TelegramAPIError:
            failures += 1
    assert failures == storm.injected == 7
    assert sum(storm.by_kind.values()) == 7 and storm.by_method == {"sendMessage": 7}
    assert sent == [f"m{n}" for n in range(7, 12)]  # p=1: the first 7 fail, then none
    assert [m["text"] for m in fake.messages_to(AMIRA.id)] == sent
    assert "7/7 faults" in storm.summary()


async def test_explicit_faults_first_and_spec_violations_stay_400(
    fake: FakeBotAPI, bot: Bot
) -> None:
    storm = fake.inject_randomly(1.0, total=100)
    fake.inject("sendMessage", status=403, times=1, description="Forbidden: bot was blocked")
    with pytest.raises(TelegramAPIError, match="blocked"):
        await bot.send_message(AMIRA.id, "eins")
    assert storm.injected == 0  # inject() answered, the storm did not draw
    with pytest.raises(TelegramBadRequest):
        await bot.send_message(AMIRA.id, "")  # empty text: the spec's 400, not a random fault
    assert storm.injected == 0
    storm.paused = True
    await bot.send_message(AMIRA.id, "zwei")
    fake.clear_faults()
    assert fake.random_faults is None
    await bot.send_message(AMIRA.id, "drei")
    assert [m["text"] for m in fake.messages_to(AMIRA.id)] == ["zwei", "drei"]


def test_seeded_and_close_to_the_probability() -> None:
    def draws(seed: int) -> list[str | None]:
        storm = RandomFaults(0.3, total=10_000, seed=seed)
        return [
            None if (f := storm.draw("sendMessage")) is None else f"{f.status}/{f.drop}"
            for _ in range(5_000)
        ]

    assert draws(42) == draws(42)
    assert draws(42) != draws(43)
    failed = sum(d is not None for d in draws(42))
    assert 1_350 < failed < 1_650  # 30 % of 5 000, within about 4 standard deviations
    kinds = {d for d in draws(42) if d is not None}
    assert kinds == {"429/False", "500/False", "502/False", "504/False", "None/True"}


def test_weights_and_bad_arguments() -> None:
    storm = RandomFaults(1.0, total=50, weights=[1, 0, 0, 0, 0])
    for _ in range(60):
        storm.draw("copyMessage")
    assert storm.by_kind == {"429": 50} and storm.requests == 50
    with pytest.raises(ValueError):
        RandomFaults(1.5, total=1)
    with pytest.raises(ValueError):
        RandomFaults(0.5, total=1, weights=[1, 2])
