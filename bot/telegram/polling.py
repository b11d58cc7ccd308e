"""Long polling that confirms an update to Telegram only after it was handled.

aiogram's own polling moves the `getUpdates` offset past an update as soon as it has started
a task for it, so a process killed before that task committed loses the update: Telegram
never sends it again. Here a batch is fetched, handled concurrently (one update per user at a
time, see `OnePerUser`), and only when every update of the batch has committed is the offset
moved past it, with the next long poll. A process killed meanwhile gets the whole batch
again; what had committed is recognised by its update id (`storage.ledger`) and skipped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from aiogram import Bot, Dispatcher
from aiogram.methods import GetUpdates
from aiogram.types import Update

log = logging.getLogger(__name__)
BATCH = 100  # Telegram's maximum per getUpdates
RETRY_DELAYS = (1.0, 2.0, 5.0, 10.0, 30.0)  # while Telegram cannot be reached


async def poll_committed(
    dp: Dispatcher,
    bot: Bot,
    *,
    stop: asyncio.Event,
    allowed_updates: list[str],
    polling_timeout: int = 30,
    on_started: Callable[[], object] | None = None,
) -> None:
    """Until `stop` is set: fetch, handle, confirm. A stop waits for the batch in hand.

    With `on_started`, the first poll after a start does not wait (what queued up during a
    restart comes at once) and `on_started` is called when it has been answered: the start-up
    chores (menus, rights check, housekeeping) then never hold up the first poll."""
    offset: int | None = None
    failures = 0
    not_started = on_started  # called once, after the first poll is answered
    while not stop.is_set():
        timeout = 0 if not_started is not None else polling_timeout
        request = GetUpdates(
            offset=offset, limit=BATCH, timeout=timeout, allowed_updates=allowed_updates
        )
        try:
            updates = await _until_stopped(bot(request, request_timeout=timeout + 30), stop)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # Telegram unreachable or 5xx: wait and ask again
            if not_started is not None:
                not_started, start = None, not_started
                start()
            delay = RETRY_DELAYS[min(failures, len(RETRY_DELAYS) - 1)]
            failures += 1
            log.warning("getUpdates failed (%s); again in %.0f s", type(exc).__name__, delay)
            await _sleep_unless_stopped(delay, stop)
            continue
        failures = 0
        if updates is None:  # stopped while waiting: nothing was fetched
            return
        if not_started is not None:
            not_started, start = None, not_started
            start()
        if updates:
            await asyncio.gather(*(_handle(dp, bot, update) for update in updates))
            offset = updates[-1].update_id + 1
    if offset is not None:
        # Confirm the last batch before leaving, so the next process does not get it again.
        try:
            await bot(GetUpdates(offset=offset, limit=1, timeout=0))
        except Exception as exc:  # the ledger skips it anyway
            log.info("could not confirm the last batch (%s)", type(exc).__name__)


async def _handle(dp: Dispatcher, bot: Bot, update: Update) -> None:
    try:
        await dp.feed_update(bot, update)
    except Exception:  # the errors router logs and apologises; never stop polling
        log.exception("update %s failed", update.update_id)


async def _until_stopped(request: object, stop: asyncio.Event) -> list[Update] | None:
    fetch = asyncio.ensure_future(request)  # type: ignore[arg-type]
    stopping = asyncio.ensure_future(stop.wait())
    done, _pending = await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
    if fetch in done:
        stopping.cancel()
        return fetch.result()  # type: ignore[no-any-return]
    fetch.cancel()  # an unanswered long poll confirms nothing
    await asyncio.gather(fetch, return_exceptions=True)
    return None


async def _sleep_unless_stopped(seconds: float, stop: asyncio.Event) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
