"""Flood control: a hammering client is throttled without slowing down anybody else."""

from __future__ import annotations

from typing import Any

from aiogram.types import User

from bot.telegram.middlewares import FloodControl


async def test_flood_control_drops_what_exceeds_the_rate_per_user() -> None:
    flood = FloodControl(rate=5, period=60)
    handled: list[int] = []

    async def handler(event: Any, data: dict[str, Any]) -> None:
        handled.append(data["event_from_user"].id)

    hammer = User(id=1, is_bot=False, first_name="Script")
    parent = User(id=2, is_bot=False, first_name="Parent")
    for _ in range(20):
        await flood(handler, object(), {"event_from_user": hammer})  # type: ignore[arg-type]
    await flood(handler, object(), {"event_from_user": parent})  # type: ignore[arg-type]
    assert handled.count(1) == 5
    assert handled.count(2) == 1
    assert flood.dropped == 15


async def test_flood_control_memory_is_bounded() -> None:
    flood = FloodControl(rate=5, period=60, max_users=100)

    async def handler(event: Any, data: dict[str, Any]) -> None:
        return None

    for user_id in range(1000):
        await flood(
            handler, object(), {"event_from_user": User(id=user_id, is_bot=False, first_name="x")}
        )  # type: ignore[arg-type]
    assert len(flood._limiters) == 100
