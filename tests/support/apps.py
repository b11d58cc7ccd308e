"""An `App` on a given database, without Telegram: for jobs, desks and middlewares."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.app import App, utc_now
from bot.config import Settings
from bot.i18n import load_i18n, renderer_for
from storage.db import Database
from tests.support.dialog_driver import INSTRUMENT, KREIS
from tests.support.env import ROOT, TEST_KEY


def app_on(database: Database, clock: Callable[[], datetime] = utc_now) -> App:
    catalogs = load_i18n(ROOT / "locales")
    return App(
        settings=Settings(data_key=TEST_KEY),
        db=database,
        instrument=INSTRUMENT,
        kreis=KREIS,
        catalogs=catalogs,
        renderer=renderer_for(catalogs),
        clock=clock,
    )
