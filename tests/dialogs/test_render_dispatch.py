"""The renderer looks at texts first (most nodes are texts); every other kind of node, nested
anywhere, still renders as its own kind, and an unknown node is read as a text as before."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from dialogs.moments import format_moment
from dialogs.text import FSI, PDI, InLocale, LanguageName, Raw, Renderer, TerritoryName, _, lines
from dialogs.text.nodes import Moment


def test_each_kind_renders_as_itself() -> None:
    at = datetime(2026, 11, 16, 9, 30, tzinfo=UTC)
    node = lines(
        _("Hallo {name}", name=Raw("Amira")),
        Raw("roh"),
        LanguageName("ar"),
        LanguageName("uk", own=True),
        TerritoryName("SY"),
        Moment(at, short=True),
        InLocale(_("auf Deutsch"), "de"),
        lines(Raw("a"), Raw("b"), sep="+"),
    )
    assert Renderer().render(node, "de").split("\n") == [
        "Hallo Amira",
        "roh",
        "Arabisch",
        "Українська",
        "Syrien",
        format_moment(at, "de", short=True),
        "auf Deutsch",
        "a+b",
    ]


def test_names_and_texts_inside_a_sentence() -> None:
    text = _(
        "{lang} {land} {inner}", lang=LanguageName("uk"), land=TerritoryName("SY"), inner=_("x")
    )
    assert Renderer().render(text, "de") == "Ukrainisch Syrien x"
    # Names are isolated in a right-to-left sentence; a text inside it is part of the sentence.
    assert Renderer().render(text, "ar") == f"{FSI}الأوكرانية{PDI} {FSI}سوريا{PDI} x"


@dataclass(frozen=True)
class _TextLike:
    """Not a `Text`, but shaped like one: the renderer has always read such nodes as texts."""

    msgid: str
    params: dict[str, Any] = field(default_factory=dict)
    plural: str | None = None
    n: int | None = None


def test_an_unknown_node_is_read_as_a_text() -> None:
    node: Any = _TextLike("Frage {number}", {"number": 3})
    assert Renderer().render(node, "de") == "Frage 3"
    assert Renderer().render(node, "ar") == f"Frage {FSI}3{PDI}"
