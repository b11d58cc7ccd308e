"""The cards for volunteers: menu, language picker, and what an inline query finds."""

from __future__ import annotations

from dialogs.info.cards import CARDS
from dialogs.locales import SUPPORTED
from dialogs.volunteers import buttons, info

WORDS = info.language_words(SUPPORTED)


def test_menu_and_picker_carry_parseable_buttons() -> None:
    menu = info.menu()
    actions = [b.action for row in menu.buttons for b in row]
    assert [buttons.parse_group(a) for a in actions] == [(c.key, None) for c in CARDS]
    picker = info.languages("who", SUPPORTED)
    assert picker.replace
    codes = [buttons.parse_group(b.action) for row in picker.buttons for b in row]
    assert codes == [("who", code) for code in SUPPORTED]
    assert all(len(f"v:{a}".encode()) <= 64 for a in actions)


def test_outdated_buttons_are_refused() -> None:
    assert info.card_in("gone", "ar", SUPPORTED) is None
    assert info.card_in("who", "xx", SUPPORTED) is None
    assert info.languages("gone", SUPPORTED).buttons == ()
    assert buttons.parse_group("l.who") is None and buttons.parse_group("x") is None


def test_languages_are_named_by_code_german_english_or_own_name() -> None:
    for word, code in {
        "ar": "ar",
        "Arabisch": "ar",
        "arabic": "ar",
        "العربية": "ar",
        "tigrinya": "ti",
        "Ukrainisch": "uk",
        "Paschtu": "ps",
        "kurmandschi": "ku",
    }.items():
        answer = info.inline_answer(f"Schulpflicht {word}", "de", SUPPORTED, WORDS)
        assert answer.locales == (code,), word
        assert not answer.personal and answer.cards == CARDS


def test_without_a_language_the_askers_own_and_german_personally() -> None:
    answer = info.inline_answer("Schulpflicht", "fa", SUPPORTED, WORDS)
    assert answer.locales == ("fa", "de") and answer.personal
    assert info.inline_answer("", "de", SUPPORTED, WORDS).locales == ("de",)


def test_topic_words_narrow_the_cards_and_results_stay_within_fifty() -> None:
    assert [c.key for c in info.inline_answer("Kosten", "de", SUPPORTED, WORDS).cards] == ["costs"]
    everything = info.inline_answer(" ".join(SUPPORTED), "de", SUPPORTED, WORDS)
    assert len(everything.cards) * len(everything.locales) <= info.INLINE_RESULTS
