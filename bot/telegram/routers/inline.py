"""Inline mode: `@bot Schulpflicht arabisch` in any chat lists the info cards in the languages
the query names (else the asker's own and German), to send straight into a private chat with a
family. The answer is a list of cards, never anything about a case."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Filter
from aiogram.types import (
    InlineQuery,
    InlineQueryResultArticle,
    InputTextMessageContent,
    TelegramObject,
)

from bot.app import App
from bot.desks import offers as offer_desk
from dialogs import locales
from dialogs.text import TEXT_LIMIT, language_name, render_german, utf16_prefix
from dialogs.volunteers import info, offers
from storage import Tx

log = logging.getLogger(__name__)
# The cards change with a release, not by the minute: Telegram may keep an answer for an hour.
CACHE_SECONDS = 3600
TITLE_LIMIT = 100  # what a result list shows of a title anyway
# Offers come from the Kreis file and change with a restart: a few minutes are fresh enough.
OFFERS_CACHE_SECONDS = 300


def inline_router(app: App) -> Router:
    router = Router(name="inline")
    words = info.language_words(app.languages)

    @router.inline_query(OffersQuery())
    async def on_offers_query(query: InlineQuery, bot: Bot, tx: Tx) -> None:
        # Not counted as demand: Telegram sends a query per keystroke ("Angebote Dü…").
        search = offers.parse(query.query, app.kreis, words)
        added = await offer_desk.in_use(tx)
        found = offers.find(search, app.kreis, app.clock().date(), added)[: info.INLINE_RESULTS]
        results = [
            InlineQueryResultArticle(
                id=f"o.{offer.id}"[:64],
                title=offer.name[:TITLE_LIMIT],
                description=offers.describe(offer, app.kreis).split("\n")[1].strip(),
                input_message_content=InputTextMessageContent(
                    message_text=utf16_prefix(offers.describe(offer, app.kreis), TEXT_LIMIT)
                ),
            )
            for offer in found
        ]
        await _answer(bot, query, results, OFFERS_CACHE_SECONDS, personal=False)

    @router.inline_query()
    async def on_inline_query(query: InlineQuery, bot: Bot) -> None:
        own = locales.detect(query.from_user.language_code, app.languages)
        answer = info.inline_answer(query.query, own, app.languages, words)
        results = [
            InlineQueryResultArticle(
                id=f"{card.key}.{locale}",
                title=app.render(card.title, locale)[:TITLE_LIMIT],
                # The volunteer may not read the card's language: German says which card.
                description=f"{language_name(locale, 'de')} · {render_german(card.title)}",
                input_message_content=InputTextMessageContent(
                    message_text=utf16_prefix(app.render(info.card_text(card), locale), TEXT_LIMIT)
                ),
            )
            for locale in answer.locales
            for card in answer.cards
        ]
        await _answer(bot, query, results, CACHE_SECONDS, personal=answer.personal)

    return router


class OffersQuery(Filter):
    """`@bot Angebote …`: the offers directory instead of the cards."""

    async def __call__(self, event: TelegramObject) -> bool:
        if not isinstance(event, InlineQuery):
            return False
        first = event.query.split(maxsplit=1)[0].casefold() if event.query.strip() else ""
        return first in offers.GENERAL


async def _answer(
    bot: Bot,
    query: InlineQuery,
    results: list[InlineQueryResultArticle],
    cache: int,
    *,
    personal: bool,
) -> None:
    try:
        await bot.answer_inline_query(query.id, results, cache_time=cache, is_personal=personal)
    except TelegramAPIError as exc:  # expired (older than 10 s): nothing to retry
        log.info("inline answer not sent: %s", type(exc).__name__)
