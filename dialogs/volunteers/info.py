"""The school-obligation cards for volunteers: in a group (`/info` → card → language) and in
inline mode (`@bot Schulpflicht arabisch`), the same cards as the families' (`dialogs/info`).

Volunteers read German around the cards; each card comes in the language picked for the family
it is meant for, or in German for the volunteer.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from dialogs.info.cards import CARDS, InfoCard, card
from dialogs.reply import Button, Reply, buttons_in_rows
from dialogs.text import LanguageName, Lines, Raw, language_name, lines, render_german
from dialogs.volunteers import buttons

PICK_CARD = "Welche Infokarte? Danach wählen Sie die Sprache."
PICK_LANGUAGE = "„{title}“ in welcher Sprache?"
STALE = "Diese Karte gibt es nicht mehr: /info zeigt die aktuellen."
# Telegram shows at most 50 results per inline answer.
INLINE_RESULTS = 50
# Words that ask for the cards in general, not for one of them.
GENERAL_WORDS = frozenset({"schulpflicht", "schule", "info", "infos", "karte", "karten", "school"})


def menu() -> Reply:
    return Reply(
        Raw(PICK_CARD),
        buttons_in_rows([Button(c.title, buttons.pick_card(c.key)) for c in CARDS], 1),
    )


def languages(key: str, supported: tuple[str, ...]) -> Reply:
    """The picked card's language picker, in place of the menu (each name in its own
    language, as families know them)."""
    try:
        chosen = card(key)
    except KeyError:
        return Reply(Raw(STALE), replace=True)
    title = render_german(chosen.title)
    options = [
        Button(LanguageName(code, own=True), buttons.pick_language(key, code)) for code in supported
    ]
    return Reply(Raw(PICK_LANGUAGE.format(title=title)), buttons_in_rows(options, 4), replace=True)


def card_text(chosen: InfoCard) -> Lines:
    return lines(chosen.title, chosen.body, chosen.source, sep="\n\n")


def card_in(key: str, locale: str, supported: tuple[str, ...]) -> tuple[Reply, str] | None:
    """The card to show and its language; None for an outdated button."""
    if locale not in supported:
        return None
    try:
        return Reply(card_text(card(key))), locale
    except KeyError:
        return None


# -- inline mode -------------------------------------------------------------------------


@dataclass(frozen=True)
class InlineAnswer:
    cards: tuple[InfoCard, ...]
    locales: tuple[str, ...]
    # The languages came from who asked, not from the query: Telegram must not cache the
    # answer for everyone (`is_personal`).
    personal: bool


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def language_words(supported: tuple[str, ...]) -> dict[str, str]:
    """Every way a query may name a language → its code: the code, its German, English and
    own name ("ar", "arabisch", "arabic", "العربية")."""
    words: dict[str, str] = {}
    for code in supported:
        for name in (
            code,
            *(language_name(code, where, label=False) for where in ("de", "en", code)),
        ):
            for part in name.replace("(", " ").replace(")", " ").split():
                folded = _fold(part)
                if len(folded) >= 2:
                    words.setdefault(folded, code)
    return words


def inline_answer(
    query: str,
    own: str,
    supported: tuple[str, ...],
    words: dict[str, str],
    german: Callable[[InfoCard], str] = lambda c: render_german(card_text(c)),
) -> InlineAnswer:
    """Cards (filtered by the query's other words, all when none matches) in the languages the
    query names, else in `own` (the asker's language) and German."""
    named: list[str] = []
    topics: list[str] = []
    for word in query.split():
        folded = _fold(word)
        code = words.get(folded)
        if code is not None and code not in named:
            named.append(code)
        elif folded and folded not in GENERAL_WORDS:
            topics.append(folded)
    matching = tuple(c for c in CARDS if any(t in _fold_text(german(c)) for t in topics))
    chosen = matching or CARDS
    locales = tuple(named) or tuple(dict.fromkeys(c for c in (own, "de") if c in supported))
    per_language = max(1, INLINE_RESULTS // max(len(chosen), 1))
    locales = locales[:per_language] if len(chosen) * len(locales) > INLINE_RESULTS else locales
    return InlineAnswer(chosen, locales, personal=not named)


def _fold_text(text: str) -> str:
    return " ".join(_fold(w) for w in text.split())
