"""Inline mode: `@bot Schulpflicht arabisch` in any chat lists the info cards in the languages
the query names (else the asker's own and German), to send straight into a private chat with a
family. The answer is a list of cards, never anything about a case."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineQuery, InlineQueryResultArticle, InputTextMessageContent

from bot.app import App
from dialogs import locales
from dialogs.text import TEXT_LIMIT, language_name, render_german, utf16_prefix
from dialogs.volunteers import info

log = logging.getLogger(__name__)
# The cards change with a release, not by the minute: Telegram may keep an answer for an hour.
CACHE_SECONDS = 3600
TITLE_LIMIT = 100  # what a result list shows of a title anyway


def inline_router(app: App) -> Router:
    router = Router(name="inline")
    words = info.language_words(app.languages)

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
        try:
            await bot.answer_inline_query(
                query.id, results, cache_time=CACHE_SECONDS, is_personal=answer.personal
            )
        except TelegramAPIError as exc:  # expired (older than 10 s): nothing to retry
            log.info("inline answer not sent: %s", type(exc).__name__)

    return router
