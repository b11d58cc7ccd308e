"""The application's parts, built once from settings and injected everywhere."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.config import Settings
from bot.content import load_content
from bot.i18n import Catalogs, load_i18n, renderer_for
from bot.outbox.acks import Acks
from bot.outbox.limits import Limits, limits_for
from dialogs.appointments.model import Appointment
from dialogs.instrument import Instrument
from dialogs.instrument import parsing as answers_parse
from dialogs.kreis import Kreis
from dialogs.parent.state import FlowContext
from dialogs.staff.queue import QueuedCase
from dialogs.staff.view import StaffContext
from dialogs.text import Renderer
from storage import Database, cases, crypto

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class App:
    settings: Settings
    db: Database
    instrument: Instrument
    kreis: Kreis
    catalogs: Catalogs
    renderer: Renderer
    clock: Callable[[], datetime] = field(default=utc_now)
    # One send budget for replies and the outbox (Telegram counts per chat, whoever sends).
    limits: Limits | None = None
    # Deliveries of replies, recorded in batches (made on first use, in the running loop).
    _acks: Acks | None = None

    @property
    def send_limits(self) -> Limits:
        if self.limits is None:
            self.limits = limits_for(self.db, self.settings)
        return self.limits

    @property
    def acks(self) -> Acks:
        if self._acks is None:
            self._acks = Acks(self.db, self.clock)
        return self._acks

    async def close(self) -> None:
        """Write what is waiting, then let go of the database."""
        if self._acks is not None:
            await self._acks.close()
        await self.db.close()

    @property
    def languages(self) -> tuple[str, ...]:
        return self.settings.languages

    def flow_context(self) -> FlowContext:
        return FlowContext(
            instrument=self.instrument,
            kreis=self.kreis,
            now=self.clock(),
            supported_locales=self.languages,
            retention_months=self.settings.retention_months,
            closed_case_policy=self.settings.closed_case_policy,
        )

    def staff_context(
        self,
        *,
        new_token: str = "",
        queue: tuple[QueuedCase, ...] = (),
        week: tuple[Appointment, ...] = (),
        backlog_minutes: int = 0,
    ) -> StaffContext:
        return StaffContext(
            instrument=self.instrument,
            kreis=self.kreis,
            now=self.clock(),
            closed_case_policy=self.settings.closed_case_policy,
            new_token=new_token,
            queue=queue,
            week=week,
            backlog_minutes=backlog_minutes,
        )

    def render(self, node: object, locale: str) -> str:
        return self.renderer.render(node, locale)  # type: ignore[arg-type]


def configure_encryption(settings: Settings) -> None:
    if settings.data_key:
        crypto.configure(settings.data_key)
        return
    key, created = crypto.load_or_create_key(settings.data_key_file)
    if created:
        log.warning(
            "DATA_KEY is not set: generated a key in %s. Back it up; without it the stored "
            "data cannot be read. Production should set DATA_KEY.",
            settings.data_key_file,
        )
    crypto.configure(key)


async def place_topics(db: Database, staff_chat_id: int) -> None:
    """Topics from before cases knew their staff group are placed in the configured one; cases
    whose topic is in another group (COUNSELLOR_CHAT_ID was changed) are counted: each gets a
    new topic in this group when something is next posted for it (bot/outbox/worker.py)."""
    async with db.transaction() as tx:
        placed = await cases.adopt_unplaced_topics(tx, staff_chat_id)
        elsewhere = await cases.count_in_other_groups(tx, staff_chat_id)
    if placed:
        log.info("%d case topics placed in the staff group %s", placed, staff_chat_id)
    if elsewhere:
        log.warning(
            "%d cases have their topic in another staff group than COUNSELLOR_CHAT_ID=%s: "
            "each gets a new topic here when something is next posted for it; the old topics "
            "stay in the old group until the case is erased or its retention period ends",
            elsewhere,
            staff_chat_id,
        )


async def build_app(settings: Settings, *, clock: Callable[[], datetime] = utc_now) -> App:
    instrument, kreis = load_content(settings)
    answers_parse.warm_up()
    configure_encryption(settings)
    db = Database(settings.database_url)
    await db.migrate()
    if settings.counsellor_chat_id is not None:
        await place_topics(db, settings.counsellor_chat_id)
    catalogs = load_i18n(settings.locales_dir)
    return App(
        settings=settings,
        db=db,
        instrument=instrument,
        kreis=kreis,
        catalogs=catalogs,
        renderer=renderer_for(catalogs),
        clock=clock,
    )
