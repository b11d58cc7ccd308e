"""The loop every background job runs: a pass now, then every `every` seconds until stopped."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any


async def every(
    seconds: float, one_pass: Callable[[], Awaitable[Any]], stop: asyncio.Event, log: logging.Logger
) -> None:
    """A failed pass is logged and the next one comes on time: a job is never worth
    stopping the bot for."""
    while not stop.is_set():
        try:
            await one_pass()
        except Exception:
            log.exception("%s failed", getattr(one_pass, "__qualname__", "job pass"))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), seconds)
