"""The application's parts, built once from settings and injected everywhere."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.config import Settings
from bot.content import load_content, staff_groups
from bot.i18n import Catalogs, load_i18n, renderer_for
from bot.outbox.acks import Acks
from bot.outbox.limits import Limits, limits_for
from dialogs.appointments.model import Appointment
from dialogs.instrument import Instrument
from dialogs.instrument import parsing as answers_parse
from dialogs.kreis import Kreis
from dialogs.parent.state import FlowContext
from dialogs.staff.groups import StaffGroups
from dialogs.staff.queue import QueuedCase
from dialogs.staff.view import StaffContext
from dialogs.text import Renderer
from storage import Database, cases, crypto, keycheck

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
    _staff_groups: StaffGroups | None = None

    @property
    def staff_groups(self) -> StaffGroups | None:
        """The staff groups (COUNSELLOR_CHAT_ID, STAFF_GROUPS); None: none is set yet."""
        if self._staff_groups is None:
            self._staff_groups = staff_groups(self.settings, self.kreis)
        return self._staff_groups

    @staff_groups.setter
    def staff_groups(self, groups: StaffGroups | None) -> None:
        """The console stands in for the staff group (bot/console/channel.py)."""
        self._staff_groups = groups

    @property
    def staff_chats(self) -> tuple[int, ...]:
        return self.staff_groups.chats if self.staff_groups is not None else ()

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
        if self.limits is not None:
            await self.limits.close()
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
            minimal_card=self.settings.minimal_card,
            new_token=new_token,
            queue=queue,
            week=week,
            backlog_minutes=backlog_minutes,
        )

    def render(self, node: object, locale: str) -> str:
        return self.renderer.render(node, locale)  # type: ignore[arg-type]


async def open_database(settings: Settings, *, create_key: bool = True) -> Database:
    """The database, migrated, with the key that reads it (`storage/keycheck.py`).

    A key is generated only where it cannot do harm: on SQLite (one instance; PostgreSQL's
    several instances would each make their own) and only while nothing is encrypted yet (a
    new key cannot read old data; the old one must be restored or the data given up).
    """
    db = Database(settings.database_url)
    try:
        await db.migrate()
        crypto.configure(settings.data_key or await _key_from_file(settings, db, create_key))
        await keycheck.verify(db)
    except BaseException:
        await db.close()
        raise
    return db


async def _key_from_file(settings: Settings, db: Database, create: bool) -> str:
    path = settings.data_key_file
    if not db.is_sqlite:
        raise crypto.DataKeyError(
            "DATA_KEY is not set: on PostgreSQL every instance must use the same key, so it "
            "is never generated; set DATA_KEY in the service's secret store."
        )
    if path.exists():
        return crypto.read_key(path)
    if not create or await keycheck.holds_encrypted_data(db):
        raise crypto.DataKeyError(
            f"DATA_KEY is not set and the key file {path} is missing, but the database holds "
            "encrypted data that a new key could not read. Restore the key file or set "
            "DATA_KEY; if the key is lost for good, `python -m bot purge-undecryptable` "
            "deletes what it protected."
        )
    key = crypto.create_key(path)
    log.warning(
        "DATA_KEY is not set: generated a key in %s. Back it up; without it the stored "
        "data cannot be read. Production should set DATA_KEY.",
        path,
    )
    return key


async def purge_undecryptable(settings: Settings) -> dict[str, int]:
    """The operator's answer to a lost key: delete what the configured key cannot read and
    store its check value. Without any key on SQLite a new one is made: giving up the old
    data is exactly what the operator asked for."""
    db = Database(settings.database_url)
    try:
        await db.migrate()
        key = settings.data_key
        if key is None:
            if not db.is_sqlite:
                raise crypto.DataKeyError("DATA_KEY is not set (required on PostgreSQL)")
            path = settings.data_key_file
            key = crypto.read_key(path) if path.exists() else crypto.create_key(path)
        crypto.configure(key)
        return await keycheck.purge_undecryptable(db)
    finally:
        await db.close()


async def place_topics(db: Database, groups: StaffGroups) -> None:
    """Topics from before cases knew their staff group are placed in the default one; cases
    whose topic is in a group that is no staff group any more (COUNSELLOR_CHAT_ID or
    STAFF_GROUPS was changed) are counted: each gets a new topic in its group when something
    is next posted for it (bot/outbox/perform.py)."""
    async with db.transaction() as tx:
        placed = await cases.adopt_unplaced_topics(tx, groups.default)
        elsewhere = await cases.count_in_other_groups(tx, groups.chats)
    if placed:
        log.info("%d case topics placed in the staff group %s", placed, groups.default)
    if elsewhere:
        log.warning(
            "%d cases have their topic in another staff group than COUNSELLOR_CHAT_ID=%s "
            "or STAFF_GROUPS: each gets a new topic in its group when something is next "
            "posted for it; the old topics stay in the old group until the case is erased or "
            "its retention period ends",
            elsewhere,
            groups.default,
        )


async def build_app(settings: Settings, *, clock: Callable[[], datetime] = utc_now) -> App:
    instrument, kreis = load_content(settings)
    answers_parse.warm_up()
    groups = staff_groups(settings, kreis)
    db = await open_database(settings)
    if groups is not None:
        await place_topics(db, groups)
    catalogs = load_i18n(settings.locales_dir)
    return App(
        settings=settings,
        db=db,
        instrument=instrument,
        kreis=kreis,
        catalogs=catalogs,
        renderer=renderer_for(catalogs),
        clock=clock,
        _staff_groups=groups,
    )
