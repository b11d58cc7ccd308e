"""Whether a name has letters of another script is asked each time the questions are pruned,
so ASCII takes a shortcut: the answer must be the one the letters' Unicode names give."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from dialogs.instrument import has_non_latin_letters


def _the_long_way(text: str) -> bool:
    return any(ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN") for ch in text)


@given(st.text())
def test_any_text_as_the_long_way(text: str) -> None:
    assert has_non_latin_letters(text) == _the_long_way(text)


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_text_as_the_long_way(text: str) -> None:
    assert has_non_latin_letters(text) is _the_long_way(text) is False


def test_names() -> None:
    assert not has_non_latin_letters("Amira O'Neil-2")
    assert has_non_latin_letters("Amira أميرة") and has_non_latin_letters("Ωmega")
