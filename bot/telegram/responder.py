"""An update's replies: written with its state, sent right after the commit.

Every reply to the chat that acted is an outbox row written in the update's own transaction
(`persist`), leased to this process, and sent by the fast path as soon as the transaction has
committed (`flush`): no extra latency when nothing fails, and nothing lost when something
does — a 429, a 5xx or a crash leaves the row to the outbox worker, which sends it later, in
order. Answers to button presses and reactions are sent directly: after a crash they would mean
nothing (Telegram lets a button's spinner expire by itself). An answer without a toast promises
nothing and goes out before the commit (`answer_early`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, ReactionTypeEmoji

from bot.outbox import items
from bot.outbox.worker import OutboxWorker
from bot.render import Audience, render_reply
from dialogs.parent.outcome import Outcome
from dialogs.reply import Reply
from dialogs.text import TEXT_LIMIT, Renderable, Renderer, utf16_prefix
from storage import Database, Tx, optimistic, outbox
from storage.records import OutboxRecord

log = logging.getLogger(__name__)
CALLBACK_ANSWER_LIMIT = 200  # UTF-16 code units, as every limit (dialogs/text/lengths.py)


@dataclass
class Responder:
    bot: Bot
    renderer: Renderer
    fast_path: OutboxWorker
    # Long enough for the fast path to send (pacing included), short enough that after a crash
    # the next process's worker sends the replies soon (REPLY_LEASE_SECONDS).
    lease: timedelta = timedelta(seconds=15)
    _replies: list[tuple[int, items.OutboxItem]] = field(default_factory=list)
    _answers: list[tuple[str, str | None]] = field(default_factory=list)
    _reactions: list[tuple[int, int, ReactionTypeEmoji]] = field(default_factory=list)
    _leased: list[OutboxRecord] = field(default_factory=list)
    # Button presses answered before the commit, by callback id: shared by the tries of one
    # update (an outage, a newer family row), so a try after the first answers none again.
    answered_early: set[str] = field(default_factory=set)
    _early: asyncio.Task[None] | None = None

    # -- collecting, inside the handler ---------------------------------------------------

    def outcome(
        self, outcome: Outcome, *, chat_id: int, callback: CallbackQuery | None = None
    ) -> None:
        for reply in outcome.replies:
            self.reply(reply, outcome.locale, chat_id=chat_id, callback=callback)
        if callback is not None:
            self.answer_callback(callback, outcome.toast, outcome.locale)

    def reply(
        self,
        reply: Reply,
        locale: str,
        *,
        chat_id: int,
        callback: CallbackQuery | None = None,
        thread_id: int | None = None,
        audience: Audience = "parent",
    ) -> None:
        rendered = render_reply(reply, self.renderer, locale)
        pressed = callback.message if callback is not None else None
        item = items.message(
            rendered,
            audience=audience,
            thread_id=thread_id,
            replacing=pressed.message_id if pressed is not None else None,
        )
        self._replies.append((chat_id, item))

    def staff(self, chat_id: int, thread_id: int | None, reply: Reply) -> None:
        """German text for the counsellors, in the topic where they acted."""
        self.reply(reply, "de", chat_id=chat_id, thread_id=thread_id, audience="staff")

    def staff_edit(self, chat_id: int, message_id: int, text: str) -> None:
        """The pressed message (a preview) now says what became of it, without buttons."""
        edit = items.EditMessage(message_id, utf16_prefix(text, TEXT_LIMIT), (), "staff")
        self._replies.append((chat_id, edit))

    def answer_callback(
        self, callback: CallbackQuery, toast: Renderable | None, locale: str
    ) -> None:
        text = self.renderer.render(toast, locale) if toast is not None else None
        self.toast(callback, text)

    def toast(self, callback: CallbackQuery, text: str | None) -> None:
        self._answers.append(
            (callback.id, utf16_prefix(text, CALLBACK_ANSWER_LIMIT) if text else None)
        )

    def react(self, chat_id: int, message_id: int, reaction: ReactionTypeEmoji) -> None:
        self._reactions.append((chat_id, message_id, reaction))

    def discard(self) -> None:
        """The transaction is tried again (database outage): start the replies afresh."""
        self._replies.clear()
        self._answers.clear()
        self._reactions.clear()
        self._leased.clear()

    # -- writing, at the end of the transaction ------------------------------------------

    async def persist(self, tx: Tx) -> None:
        if not self._replies:
            return
        now = self.fast_path.clock()
        self._leased = await outbox.enqueue_leased(
            tx, self._encoded(), now=now, lease_until=now + self.lease
        )

    async def persist_with_family(
        self, db: Database, tx: Tx, family: optimistic.FamilyWrite, *, version: str
    ) -> None:
        """The replies and the family's row in one statement (PostgreSQL, row read unlocked);
        `optimistic.Conflict` when the row changed meanwhile and nothing was written."""
        now = self.fast_path.clock()
        self._leased = await optimistic.write_family_and_replies(
            db,
            tx,
            family,
            version=version,
            replies=self._encoded(),
            now=now,
            lease_until=now + self.lease,
        )

    def _encoded(self) -> list[tuple[int, str, dict[str, Any]]]:
        rows = []
        for chat_id, item in self._replies:
            kind, payload = items.encode(item)
            rows.append((chat_id, kind, payload))
        return rows

    # -- sending ---------------------------------------------------------------------------

    def answer_early(self) -> None:
        """Answers without a toast go out now, before the commit, while the database writes.
        Such an answer only stops the spinner on the parent's phone: it promises nothing a
        failed commit could break (the update is tried again, and its answer is not sent a
        second time), the spinner stops a database round trip sooner, and after the commit
        the update's messages need not wait for it. An answer with a toast tells what the
        update did: it waits for the commit, as every message does."""
        plain = [cid for cid, text in self._answers if text is None]
        if not plain:
            return
        self._answers = [(cid, text) for cid, text in self._answers if text is not None]
        new = [cid for cid in plain if cid not in self.answered_early]
        self.answered_early.update(new)
        if new:
            self._early = _in_flight(self._answer_all(new))

    async def _answer_all(self, callback_ids: list[str]) -> None:
        for callback_id in callback_ids:
            try:
                await self._quietly(self.bot.answer_callback_query(callback_id), "answer")
            except Exception:  # a spinner left to expire must not fail the update's flush
                log.warning("early answer not sent", exc_info=True)

    async def flush(self) -> None:
        """After the commit: answers with a toast first (the spinner stops sooner), then the
        replies on the fast path; an early answer still in flight is waited for last."""
        for callback_id, text in self._answers:
            await self._quietly(self.bot.answer_callback_query(callback_id, text=text), "answer")
        if self._leased:
            # The items as built: decoding them again from the rows' payloads is work for
            # a worker that finds a row after a crash, not for the update that wrote it.
            typed = [item for _chat_id, item in self._replies]
            await self.fast_path.deliver_now(self._leased, typed)
        for chat_id, message_id, reaction in self._reactions:
            reacting = self.bot.set_message_reaction(chat_id, message_id, [reaction])
            await self._quietly(reacting, "reaction")
        if self._early is not None:
            await self._early
            self._early = None
        self.discard()

    async def _quietly(self, request: object, what: str) -> None:
        try:
            await request  # type: ignore[misc]
        except TelegramAPIError as exc:
            # Expired callback, reactions not allowed in this chat: nothing to retry.
            log.debug("%s not sent: %s", what, type(exc).__name__)


# Early answers whose update went another way (an error, a try abandoned): held here until
# they are done, as the event loop keeps only a weak reference to a task.
_RUNNING: set[asyncio.Task[None]] = set()


def _in_flight(answering: Coroutine[object, object, None]) -> asyncio.Task[None]:
    task = asyncio.ensure_future(answering)
    _RUNNING.add(task)
    task.add_done_callback(_RUNNING.discard)
    return task
