"""A counsellor's announcement to the initiatives' groups: the draft with its preview, then,
confirmed, one outbox row per group (Telegram's limits are the outbox's business) and the
preview turned into the progress message (`bot/outbox/announcing.py` keeps it current).

Membership of the staff group is checked by the channel before.
"""

from __future__ import annotations

from bot.app import App
from bot.outbox import items
from bot.outbox.queue import put
from dialogs.reply import Reply
from dialogs.volunteers import announcements as texts
from storage import Tx, announcements, initiatives


async def draft(
    app: App, tx: Tx, *, args: str, photo: tuple[int, int] | None, user_id: int
) -> Reply:
    request = texts.parse(args, app.kreis, photo=photo is not None)
    if isinstance(request, Reply):
        return request
    groups = await initiatives.approved_in(tx, request.municipalities)
    number = await announcements.create_draft(
        tx,
        text=request.text,
        photo=photo,
        municipalities=request.municipalities,
        created_by=user_id,
        now=app.clock(),
    )
    return texts.preview(number, request, len(groups), photo=photo is not None)


async def decide(
    app: App, tx: Tx, *, number: int, send: bool, who: str, preview_message_id: int
) -> tuple[str | None, str]:
    """(the preview's new text, a toast); None when the preview stays as it is."""
    record = await announcements.get(tx, number, lock=True)
    if record is None or record.status != "draft":
        return None, texts.GONE
    if not send:
        await announcements.set_status(tx, number, "dropped")
        return texts.dropped(number, who), "Verworfen."
    # The groups as they are now: approved since the preview counts, removed since does not.
    groups = await initiatives.approved_in(tx, record.municipalities)
    now = app.clock()
    chat_ids = [g.chat_id for g in groups]
    await announcements.start_sending(tx, number, chat_ids, preview_message_id, now)
    if not chat_ids:
        await announcements.set_status(tx, number, "done")
        return texts.no_groups(number), "Keine Gruppe."
    photo_chat, photo_message = record.photo or (None, None)
    for chat_id in chat_ids:
        item = items.AnnouncementMessage(number, record.text, photo_chat, photo_message)
        await put(tx, item, chat_id=chat_id, due=now)
    return texts.progress(number, 0, 0, len(chat_ids)), "Wird gesendet."
