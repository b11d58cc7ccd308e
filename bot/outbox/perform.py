"""What one outbox item asks of Telegram, carried out through the `Sender`: in the case's
topic and card of the group it goes to, never by a number that belongs to another group."""

from __future__ import annotations

import contextlib

from bot.outbox import announcing, items
from bot.outbox.channel import DocumentMaker, Sender, TopicGone, Undeliverable
from storage import Database, cases
from storage.records import CaseRecord, OutboxRecord


class Moved(Exception):
    """The case's topic lives in another staff group than the case's group now (its
    municipality moved it, or COUNSELLOR_CHAT_ID or STAFF_GROUPS was changed): what is meant
    for it gets a new topic in its group, never the same number there."""

    def __init__(self, chat_id: int, topic_id: int) -> None:
        super().__init__(f"topic {topic_id} is in chat {chat_id}")
        self.former = (chat_id, topic_id)


async def carry_out(
    db: Database,
    sender: Sender,
    documents: DocumentMaker | None,
    row: OutboxRecord,
    item: items.OutboxItem,
    chat_id: int,
) -> int | None:
    """Carry out one row; returns the id Telegram gave (topic or message), if any."""
    case = await case_of(db, row)
    # A topic and its card are ids in one group: in another they name someone else's.
    here = case is not None and case.staff_chat_id == chat_id
    if case is not None and case.topic_id is not None and not here and _needs_topic(item):
        raise Moved(case.staff_chat_id or 0, case.topic_id)
    topic = case.topic_id if case is not None and here else None
    card_message = case.card_message_id if case is not None and here else None
    match item:
        case items.CreateTopic(name=name):
            return await sender.create_topic(chat_id, name)
        case items.TextMessage():
            thread = item.thread_id or (topic if item.in_topic else None)
            return await sender.send_text(chat_id, item.text, thread, item.buttons, item.audience)
        case items.EditMessage():
            try:
                await sender.edit_text(
                    chat_id, item.message_id, item.text, item.buttons, item.audience
                )
            except Undeliverable:
                # Too old or deleted: a new message says the same thing.
                return await sender.send_text(chat_id, item.text, None, item.buttons, item.audience)
        case items.CopyMessage():
            await sender.copy(
                chat_id,
                topic if item.in_topic else None,
                item.from_chat_id,
                item.message_id,
                item.caption,
            )
        case items.PinCard():
            if not card_message:
                raise Undeliverable("no card to pin")
            await sender.pin(chat_id, card_message)
        case items.EditCard():
            if not card_message:
                raise Undeliverable("no card to edit")
            await sender.edit_text(chat_id, card_message, item.text, item.buttons, "staff")
        case items.RenameTopic() | items.CloseTopic() | items.ReopenTopic():
            if topic is None:
                raise Undeliverable("no topic")
            if isinstance(item, items.RenameTopic):
                await sender.rename_topic(chat_id, topic, item.name)
            elif isinstance(item, items.CloseTopic):
                await sender.close_topic(chat_id, topic)
            else:
                await sender.reopen_topic(chat_id, topic)
        case items.DeleteTopic(topic_id=topic_id):
            # Gone already: deleted by hand, or by an attempt whose answer was lost.
            with contextlib.suppress(TopicGone):
                await sender.delete_topic(chat_id, topic_id)
        case items.DeleteMessage(message_id=message_id):
            await sender.delete_message(chat_id, message_id)
        case items.Document():
            thread = topic if item.in_topic else None
            content = items.document_bytes(item)
            return await sender.send_document(chat_id, thread, item.name, content, item.caption)
        case items.CaseSheet(case_id=case_id, with_notes=with_notes):
            if documents is None:
                raise Undeliverable("this worker makes no documents")
            if topic is None:
                raise Undeliverable("no topic")
            name, content, caption = await documents.case_sheet(case_id, with_notes=with_notes)
            return await sender.send_document(chat_id, topic, name, content, caption)
        case items.LeaveChat():
            await sender.leave_chat(chat_id)
        case items.AnnouncementMessage(photo_chat=from_chat, photo_message=photo):
            if from_chat is not None and photo is not None:
                await sender.copy(chat_id, None, from_chat, photo, item.text)
            else:
                return await sender.send_text(chat_id, item.text, None, (), "volunteer")
        case items.AnnouncementProgress(announcement=number):
            await announcing.edit_progress(db, sender, chat_id, number)
    return None


async def case_of(db: Database, row: OutboxRecord) -> CaseRecord | None:
    # The topic and card ids are read at delivery time: they are set by earlier rows of
    # the same chat, which per-chat order has delivered before this one.
    if row.case_id is None:
        return None
    async with db.transaction() as tx:
        return await cases.by_id(tx, row.case_id)


def _needs_topic(item: items.OutboxItem) -> bool:
    """Whether the item goes into (or changes) the case's topic or card; a message with its
    own `thread_id` answers where a counsellor acted, in this group."""
    if isinstance(item, items.TextMessage):
        return item.in_topic and item.thread_id is None
    if isinstance(item, items.CopyMessage | items.Document):
        return item.in_topic
    return isinstance(
        item,
        items.PinCard
        | items.EditCard
        | items.RenameTopic
        | items.CloseTopic
        | items.ReopenTopic
        | items.CaseSheet,
    )
