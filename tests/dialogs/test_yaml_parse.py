"""The instrument and the Kreis file are parsed by libyaml at start; what it refuses gets the
pure-Python parser's message, and both read the shipped files alike."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from dialogs.instrument import load_instrument, yaml_source
from dialogs.instrument.loading import default_instrument_path
from dialogs.kreis import default_kreis_path, load_kreis
from dialogs.yaml_parse import compose_and_construct

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")


def _refuse(*_args: Any) -> None:
    raise AssertionError("the pure-Python parser was used for a valid file")


def test_the_shipped_files_are_parsed_by_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml.SafeLoader, "__init__", _refuse)
    monkeypatch.setattr(yaml_source._Loader, "__init__", _refuse)
    assert load_kreis(default_kreis_path()).schools
    assert load_instrument(default_instrument_path()).questions


def test_a_refused_text_gets_the_pure_parsers_message() -> None:
    with pytest.raises(yaml.YAMLError) as caught:
        compose_and_construct("kreis: [unclosed\n", yaml.SafeLoader, yaml.CSafeLoader)
    assert getattr(caught.value, "problem", None) == "expected ',' or ']', but got '<stream end>'"


def _lines(node: yaml.Node | None) -> Iterator[tuple[int, str]]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _lines(key)
            yield from _lines(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _lines(item)
    elif node is not None:
        yield node.start_mark.line, str(node.value)


@pytest.mark.parametrize(
    ("path", "pure", "fast"),
    [
        (default_instrument_path(), yaml_source._Loader, yaml_source._FastLoader),
        (default_kreis_path(), yaml.SafeLoader, yaml.CSafeLoader),
    ],
)
def test_both_parsers_read_the_shipped_files_alike(
    path: Any, pure: type[yaml.SafeLoader], fast: type[Any]
) -> None:
    text = path.read_text(encoding="utf-8")
    pure_node, pure_data = compose_and_construct(text, pure, None)
    fast_node, fast_data = compose_and_construct(text, pure, fast)
    assert fast_data == pure_data
    # The same line for every value: the editors' messages name it.
    assert list(_lines(fast_node)) == list(_lines(pure_node))


def test_yes_and_no_stay_words_with_libyaml_too() -> None:
    _node, data = compose_and_construct(
        "a: no\nb: yes\nc: true\n", yaml_source._Loader, yaml_source._FastLoader
    )
    assert data == {"a": "no", "b": "yes", "c": True}
