"""Volunteer initiative groups, and the counsellors' decisions about them.

Two routers. `initiative_decisions` runs in the (default) staff group before the staff router:
the *Zulassen*/*Ablehnen* buttons and `/initiative`, each only for members of the staff group.
`initiative_groups` runs in every group that is no staff group before the generic group
router: the bot added or removed (my_chat_member), a group migrated to a supergroup, commands
in a known group. With group privacy mode on Telegram still delivers all of these (commands,
replies to the bot, service messages, my_chat_member). Nothing here reads or shows a case.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection

from aiogram import Bot, F, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, ChatMemberUpdated, Message

from bot.commands import command_of
from bot.desks import announcing
from bot.desks import offers as offer_desk
from bot.desks.volunteers import VolunteerDesk
from bot.telegram.filters import ChatIs, CommandIs, OtherGroup
from bot.telegram.membership import Membership
from bot.telegram.render import VolunteerAct
from bot.telegram.responder import Responder
from dialogs.invisible import without_invisible
from dialogs.reply import Reply
from dialogs.text import Raw
from dialogs.volunteers import buttons, info, offers
from dialogs.volunteers.actions import BotAdded, BotRemoved, GroupCommand
from dialogs.volunteers.decide import NAME_USAGE, VolunteerOutcome, parse_name
from storage import Tx

log = logging.getLogger(__name__)
NOT_STAFF = "Nur für das Beratungsteam."
_IN = frozenset({"member", "administrator", "creator", "restricted"})
_OUT = frozenset({"left", "kicked"})
# The request and its edited form name the group as "Gruppe #3": a reply to either names it.
_NUMBER = re.compile(r"Gruppe #(\d+)")


def initiative_decisions(
    desk: VolunteerDesk, staff_chat_id: int | None, membership: Membership
) -> Router:
    router = Router(name="initiative-decisions")
    words = info.language_words(desk.app.languages)
    router.message.filter(ChatIs(staff_chat_id))
    router.callback_query.filter(ChatIs(staff_chat_id))

    def show(
        responder: Responder, chat_id: int, thread: int | None, outcome: VolunteerOutcome
    ) -> None:
        for reply in outcome.replies:
            responder.staff(chat_id, thread, reply)

    @router.callback_query(VolunteerAct.filter())
    async def on_decision(
        callback: CallbackQuery, callback_data: VolunteerAct, bot: Bot, tx: Tx, responder: Responder
    ) -> None:
        if not await membership.is_counsellor(
            bot, callback.from_user.id, callback.message.chat.id if callback.message else None
        ):
            responder.toast(callback, NOT_STAFF)
            return
        message = callback.message if isinstance(callback.message, Message) else None
        announcement = buttons.parse_announcement(callback_data.v)
        if announcement is not None and message is not None:
            send, number = announcement
            edit, toast = await announcing.decide(
                desk.app,
                tx,
                number=number,
                send=send,
                who=callback.from_user.first_name,
                preview_message_id=message.message_id,
            )
            responder.toast(callback, toast)
            if edit is not None:
                responder.staff_edit(message.chat.id, message.message_id, edit)
            return
        action = buttons.parse_staff(callback_data.v)
        if action is None:
            responder.toast(callback, None)
            return
        outcome = await desk.on_staff(tx, action.number, action, callback.from_user.first_name)
        responder.toast(callback, outcome.toast)
        if outcome.edit and message is not None:
            responder.staff_edit(message.chat.id, message.message_id, outcome.edit)

    @router.message(CommandIs("initiative"))
    async def on_name(message: Message, bot: Bot, tx: Tx, responder: Responder) -> None:
        user = await membership.sender_if_counsellor(bot, message)
        if user is None:
            return  # as in the staff router: strangers get nothing
        thread = message.message_thread_id if message.is_topic_message else None
        command = command_of(message.text or "")
        action = parse_name(command[1]) if command else None
        replied = message.reply_to_message
        if action is not None and action.number is None and replied is not None:
            found = _NUMBER.search(replied.text or "")
            if (
                found is not None
                and replied.from_user is not None
                and replied.from_user.id == bot.id
            ):
                action = type(action)(int(found.group(1)), action.name, action.municipality)
        if action is None or action.number is None:
            responder.staff(message.chat.id, thread, Reply(Raw(NAME_USAGE)))
            return
        outcome = await desk.on_staff(tx, action.number, action, user.first_name)
        show(responder, message.chat.id, thread, outcome)

    @router.message(CommandIs("angebot_neu", "angebot_aendern", "angebot_weg"))
    async def on_offer(message: Message, bot: Bot, tx: Tx, responder: Responder) -> None:
        user = await membership.sender_if_counsellor(bot, message)
        if user is None:
            return
        thread = message.message_thread_id if message.is_topic_message else None
        command = command_of(message.text or "")
        if command is None:
            return
        reply = await offer_desk.command(desk.app, tx, *command, words, user.id)
        responder.staff(message.chat.id, thread, reply)

    @router.message(CommandIs("ankuendigung"))
    async def on_announcement(message: Message, bot: Bot, tx: Tx, responder: Responder) -> None:
        user = await membership.sender_if_counsellor(bot, message)
        if user is None:
            return
        thread = message.message_thread_id if message.is_topic_message else None
        command = command_of(message.text or message.caption or "")
        photo = (message.chat.id, message.message_id) if message.photo else None
        reply = await announcing.draft(
            desk.app, tx, args=command[1] if command else "", photo=photo, user_id=user.id
        )
        # The preview's buttons are the volunteers' side's (this router), not a case's.
        responder.reply(
            reply, "de", chat_id=message.chat.id, thread_id=thread, audience="volunteer"
        )

    return router


def initiative_groups(
    desk: VolunteerDesk, staff_chat_ids: Collection[int], languages: tuple[str, ...]
) -> Router:
    router = Router(name="initiative-groups")
    words = info.language_words(languages)
    for observer in (router.message, router.my_chat_member, router.callback_query):
        observer.filter(OtherGroup(*staff_chat_ids))

    def answer(responder: Responder, chat_id: int, outcome: VolunteerOutcome) -> None:
        for reply in outcome.to_group:
            responder.reply(reply, "de", chat_id=chat_id, audience="volunteer")

    @router.my_chat_member()
    async def on_membership(
        update: ChatMemberUpdated, bot: Bot, tx: Tx, responder: Responder
    ) -> None:
        old, new = update.old_chat_member.status, update.new_chat_member.status
        chat = update.chat
        if new in _IN and old in _OUT:
            try:
                count: int | None = await bot.get_chat_member_count(chat.id)
            except TelegramAPIError as exc:  # the request still reaches the team
                log.info("member count unknown: %s", type(exc).__name__)
                count = None
            # A name and a title are typed by their owners: without invisible characters they
            # cannot reorder the request the counsellors read (as for counsellors' names).
            by = " ".join(without_invisible(update.from_user.first_name).split()) or "?"
            title = " ".join(without_invisible(chat.title or "").split()) or "?"
            action: BotAdded | BotRemoved = BotAdded(title, by, count)
        elif new in _OUT and old in _IN:
            action = BotRemoved()
        else:
            return  # rights changed, nothing to do
        outcome = await desk.on_group(tx, chat.id, action)
        if isinstance(action, BotAdded):
            answer(responder, chat.id, outcome)

    @router.message(F.migrate_to_chat_id | F.migrate_from_chat_id)
    async def on_migration(message: Message, tx: Tx) -> None:
        if message.migrate_to_chat_id is not None:
            await desk.migrated(tx, message.chat.id, message.migrate_to_chat_id)
        elif message.migrate_from_chat_id is not None:
            await desk.migrated(tx, message.migrate_from_chat_id, message.chat.id)

    @router.message()
    async def on_command(message: Message, bot: Bot, tx: Tx, responder: Responder) -> None:
        command = command_of(message.text or "")
        known = await desk.initiative(tx, message.chat.id) if command is not None else None
        if command is None or known is None:
            raise SkipHandler  # not ours: the generic group router answers /start and /help
        outcome = await desk.on_group(tx, message.chat.id, GroupCommand(*command))
        answer(responder, message.chat.id, outcome)
        if outcome.info:
            responder.reply(info.menu(), "de", chat_id=message.chat.id, audience="volunteer")
        if outcome.invite:
            me = await bot.me()  # cached by aiogram after the first call
            await desk.invite(tx, known, me.username or "")
        if outcome.revoke is not None:
            await desk.revoke(tx, known, outcome.revoke)
        if outcome.offers is not None:
            search = offers.parse(outcome.offers, desk.app.kreis, words)
            await offer_page(tx, responder, message.chat.id, None, search, 0)

    async def offer_page(
        tx: Tx,
        responder: Responder,
        chat_id: int,
        callback: CallbackQuery | None,
        search: offers.Search,
        number: int,
    ) -> None:
        added = await offer_desk.in_use(tx)
        today = desk.app.clock().date()
        reply, nothing = offers.page(search, number, desk.app.kreis, today, added)
        if nothing:
            await desk.empty_search(tx, search)
        responder.reply(reply, "de", chat_id=chat_id, callback=callback, audience="volunteer")

    @router.callback_query(VolunteerAct.filter())
    async def on_card_button(
        callback: CallbackQuery, callback_data: VolunteerAct, tx: Tx, responder: Responder
    ) -> None:
        responder.toast(callback, None)
        chat = callback.message.chat if callback.message is not None else None
        known = await desk.initiative(tx, chat.id) if chat is not None else None
        if chat is None or known is None or not known.approved:
            return  # a group no longer approved learns nothing more
        paged = offers.unpack(callback_data.v)
        if paged is not None:
            await offer_page(tx, responder, chat.id, callback, *paged)
            return
        picked = buttons.parse_group(callback_data.v)
        if picked is None:
            return
        key, locale = picked
        if locale is None:
            reply = info.languages(key, languages)
            responder.reply(reply, "de", chat_id=chat.id, callback=callback, audience="volunteer")
            return
        shown = info.card_in(key, locale, languages)
        if shown is None:
            responder.reply(Reply(Raw(info.STALE)), "de", chat_id=chat.id, audience="volunteer")
            return
        # A new message, so the picker stays for the next language.
        responder.reply(shown[0], shown[1], chat_id=chat.id, audience="volunteer")

    return router
