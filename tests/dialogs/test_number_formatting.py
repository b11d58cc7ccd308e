"""Numbers in replies: the per-locale table of small numbers writes exactly what Babel writes,
and keeps nothing of the numbers a family's replies held."""

from __future__ import annotations

import pytest
from babel.numbers import format_decimal

from dialogs import locales
from dialogs.text import FSI, PDI, Renderer, _
from dialogs.text.cldr import babel_locale
from dialogs.text.render import _small_numbers, format_number

NUMBERS: list[int | float] = [*range(-3, 130), 999, 1000, 12345, 1234567, 2.5, 3.0, -0.25, 1e6]


@pytest.mark.parametrize("code", sorted(locales.SUPPORTED))
def test_every_number_is_written_as_babel_writes_it(code: str) -> None:
    reader = babel_locale(code)
    if reader is None:
        code, reader = "de", babel_locale("de")
    for value in NUMBERS:
        assert format_number(value, code) == format_decimal(value, locale=reader), value


def test_bools_are_not_taken_for_small_numbers() -> None:
    # True == 1 and True is an int, but a bool is written as a word, never as "1".
    assert Renderer().render(_("{a} {b}", a=True, b=False), "de") == "True False"


def test_rendered_numbers_match_babel_in_a_right_to_left_locale() -> None:
    for value in (0, 7, 99, 100, 2026, 3.5):
        text = Renderer().render(_("{n}", n=value), "ar")
        assert text == f"{FSI}{format_decimal(value, locale=babel_locale('ar'))}{PDI}"


def test_an_unknown_locale_writes_numbers_in_german() -> None:
    assert Renderer().render(_("{n}", n=1234), "xx-unknown") == "1.234"
    assert Renderer().render(_("{n}", n=5), "xx-unknown") == "5"


def test_the_table_depends_on_the_locale_alone() -> None:
    _small_numbers.cache_clear()
    Renderer().render(_("{a} {b} {c}", a=3, b=17, c=456789), "de")
    # Filled whole, whatever was rendered: no trace of which numbers a reply held.
    assert _small_numbers("de") == tuple(
        format_decimal(n, locale=babel_locale("de")) for n in range(100)
    )
    assert _small_numbers.cache_info().currsize == 1


@pytest.mark.parametrize("code", ["de", "ar", "fa", "uk"])
def test_numbers_inside_sentences_are_written_as_babel_writes_them(code: str) -> None:
    reader = babel_locale(code)
    for value in (-5, 0, 5, 99, 100, 12345, 2.5):
        written = format_decimal(value, locale=reader)
        rendered = Renderer().render(_("Frage {n}", n=value), code)
        assert rendered.endswith(f"{FSI}{written}{PDI}" if code in locales.RTL else written)


class _Count(int):
    pass


def test_an_int_of_another_type_is_written_by_babel() -> None:
    assert Renderer().render(_("{n}", n=_Count(12345)), "de") == "12.345"
