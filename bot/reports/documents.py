"""Files made when the outbox delivers them: the case sheet, from the case as it is then."""

from __future__ import annotations

import logging

from bot.app import App
from bot.outbox.channel import Undeliverable

log = logging.getLogger(__name__)


class Documents:
    """The outbox worker's `DocumentMaker`."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def case_sheet(self, case_id: int, *, with_notes: bool) -> tuple[str, bytes, str]:
        # Imported here: the PDF and chart libraries load only when a document is made.
        from bot.reports.building import CaseSheetRefused, build_case_sheet

        async with self.app.db.transaction() as tx:
            try:
                file = await build_case_sheet(self.app, tx, case_id, with_notes=with_notes)
            except CaseSheetRefused as exc:
                # Checked when asked for; refused now only if the family erased its data since.
                log.info("case sheet of case %s not made: refused at delivery", case_id)
                raise Undeliverable(str(exc)) from exc
        return file.name, file.content, file.caption
