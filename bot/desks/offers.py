"""The offers counsellors add, edit and retire in the staff group (membership checked by the
channel), and the offers in use for a search (the Kreis file's are in `app.kreis`)."""

from __future__ import annotations

import logging

from pydantic import ValidationError

from bot.app import App
from dialogs.kreis import Offer
from dialogs.reply import Reply
from dialogs.text import Raw
from dialogs.volunteers import staff_offers
from storage import Tx
from storage import staff_offers as rows

log = logging.getLogger(__name__)


async def in_use(tx: Tx) -> list[Offer]:
    found = []
    for data in await rows.in_use(tx):
        try:
            found.append(Offer.model_validate(data))
        except ValidationError:  # written by an older version with other rules: skipped
            log.warning("a stored offer no longer validates")
    return found


async def command(
    app: App, tx: Tx, name: str, args: str, words: dict[str, str], user_id: int
) -> Reply:
    now = app.clock()
    if name == "angebot_weg":
        number = staff_offers.number_of(args)
        done = number is not None and await rows.retire(tx, number, now)
        return Reply(Raw(f"Angebot k{number} zurückgezogen." if done else "Kein solches Angebot."))
    changing = name == "angebot_aendern"
    if changing:
        head, _sep, args = args.partition(";")
        number = staff_offers.number_of(head)
        if number is None:
            return Reply(
                Raw("Bitte so: /angebot_aendern <Nr>; " + staff_offers.FORM.split(" ", 1)[1])
            )
    else:
        number = await rows.next_number(tx)
    parsed = staff_offers.parse(args, app.kreis, words, number)
    if isinstance(parsed, Reply):
        return parsed
    data = parsed.model_dump(mode="json")
    if changing:
        if not await rows.replace(tx, number, data, now):
            return Reply(Raw("Kein solches Angebot."))
    else:
        await rows.add(tx, number, data, user_id, now)
    return staff_offers.saved(parsed, changed=changing)
