"""Invitations from volunteer groups on the shell's side: making a code with its link and QR
code, finding the initiative of a `/start ref-<code>`, and the two notices a group may get.

A notice names the invitation's code and nothing else: the volunteer who handed that code to
a family knows whom it concerns; nobody learns what the case is about. It is sent only when the
family said yes (`cases.referral_notify`) and only to a group that is still approved.
"""

from __future__ import annotations

import io
import logging
import secrets
from typing import Literal

from bot.app import App
from bot.outbox import items
from bot.outbox.queue import put
from bot.render import render_reply
from dialogs.parent.events import Referral
from dialogs.reply import Reply
from dialogs.volunteers import referrals as texts
from storage import Tx, referrals

log = logging.getLogger(__name__)


def qr_png(url: str) -> bytes:
    """The link as a QR code: medium error correction survives a scratched phone screen,
    scale 8 keeps it sharp when shown on a phone and scanned by another."""
    # Only invitation codes need it (and segno pulls in gzip and xml): imported on first use.
    import segno

    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=8, border=4)
    return out.getvalue()


def _item(app: App, reply: Reply) -> items.OutboxItem:
    return items.message(render_reply(reply, app.renderer, "de"), audience="volunteer")


async def invite(app: App, tx: Tx, *, number: int, chat_id: int, bot_username: str) -> str:
    """A new code for the initiative; its link and QR code queued into the group."""
    code = secrets.token_urlsafe(6)  # 8 characters of [A-Za-z0-9_-], as deep links allow
    now = app.clock()
    await referrals.create(tx, code, number, now)
    url = texts.link(bot_username, code)
    await put(tx, _item(app, texts.invitation(url, code)), chat_id=chat_id, due=now)
    document = items.document(f"einladung-{code}.png", qr_png(url), texts.qr_caption(code))
    await put(tx, document, chat_id=chat_id, due=now)
    return code


async def revoke(app: App, tx: Tx, *, number: int, chat_id: int, code: str) -> None:
    done = await referrals.revoke(tx, code, number, app.clock())
    await put(tx, _item(app, texts.revoked(code, done)), chat_id=chat_id, due=app.clock())


async def referral_of(tx: Tx, start_payload: str | None) -> Referral | None:
    """The invitation of a `/start ref-<code>`; None for an unknown or revoked code, or an
    initiative no longer approved: the family then starts as anyone does."""
    code = texts.code_of(start_payload)
    if code is None:
        return None
    initiative = await referrals.initiative_of(tx, code)
    if initiative is None or initiative.status != "approved":
        return None
    return Referral(code, initiative.name or initiative.title)


async def tell_initiative(
    app: App, tx: Tx, case_id: int, what: Literal["received", "closed"]
) -> None:
    found = await referrals.to_tell(tx, case_id)
    if found is None:
        return
    code, initiative = found
    if initiative.status != "approved":
        return  # a group that left or was rejected since hears nothing
    reply = texts.received(code) if what == "received" else texts.closed(code)
    await put(tx, _item(app, reply), chat_id=initiative.chat_id, due=app.clock())
    log.info("initiative %s told: case %s", initiative.number, what)
