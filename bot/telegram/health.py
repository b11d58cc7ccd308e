"""The health check: `GET /healthz` on its own listener, answered from a short cache.

It listens on WEBHOOK_HEALTH_HOST:WEBHOOK_HEALTH_PORT (default 127.0.0.1:8081), never on the
public webhook port: the answer reveals the outbox backlog, and anyone on the internet could
otherwise make the bot open a database transaction per request. The answer is kept for
HEALTH_CACHE_SECONDS and concurrent probes wait for the one check under way, so a flood of
probes costs one database round trip per period.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.app import App
from storage import outbox

log = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
# A probe must answer even when the database hangs (PostgreSQL behind a dead network).
HEALTH_TIMEOUT = 5.0
HEALTH_CACHE_SECONDS = 5.0

Answer = tuple[int, dict[str, Any]]


class HealthCheck:
    """The database's state, asked at most once per `ttl` seconds however many probes come."""

    def __init__(
        self,
        app: App,
        ttl: float = HEALTH_CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.app, self.ttl, self.clock = app, ttl, clock
        self._lock = asyncio.Lock()
        self._answer: Answer | None = None
        self._until = 0.0

    async def answer(self) -> Answer:
        # Probes arriving during a check queue on the lock and then find the fresh answer.
        async with self._lock:
            if self._answer is None or self.clock() >= self._until:
                self._answer = await self._check()
                self._until = self.clock() + self.ttl
            return self._answer

    async def _check(self) -> Answer:
        try:
            async with asyncio.timeout(HEALTH_TIMEOUT), self.app.db.transaction() as tx:
                pending = await outbox.pending_count(tx)
        except Exception as exc:  # any failure means "not healthy"; the probe must answer
            # The type only: a driver's message can name hosts and users.
            log.warning("health check: database unreachable (%s)", type(exc).__name__)
            return 503, {"status": "error", "database": "unreachable"}
        return 200, {"status": "ok", "database": "ok", "outbox_pending": pending}


HEALTH_KEY = web.AppKey("schullotse_health", HealthCheck)


def make_health_app(app: App, clock: Callable[[], float] = time.monotonic) -> web.Application:
    """The aiohttp application serving only /healthz (bot.telegram.run starts it)."""
    health_app = web.Application()
    health_app[HEALTH_KEY] = HealthCheck(app, clock=clock)
    health_app.router.add_get(HEALTH_PATH, healthz)
    return health_app


async def healthz(request: web.Request) -> web.Response:
    """200 when the database answers, else 503; for the load balancer or the supervisor."""
    status, body = await request.app[HEALTH_KEY].answer()
    return web.json_response(body, status=status)
