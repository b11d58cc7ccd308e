"""YAML parsed by libyaml where PyYAML has it, with the pure-Python parser's verdicts.

The instrument and the Kreis file are parsed at every start, before the bot takes updates:
PyYAML's pure-Python parser took ~0.15 s for the two, libyaml ~0.01 s. The node tree (line
numbers for the editors' messages) and the data come from one parse. A text libyaml refuses is
parsed again by the pure-Python loader, so an editor reads the same message as always.
"""

from __future__ import annotations

from typing import Any

import yaml


def compose_and_construct(
    text: str, pure: type[yaml.SafeLoader], fast: type[Any] | None
) -> tuple[yaml.Node | None, Any]:
    """The node tree and the data of a one-document text; YAMLError as `pure` raises it.

    `fast` is `pure`'s twin on `yaml.CSafeLoader` (the same constructor and resolvers), or
    None where PyYAML was built without libyaml.
    """
    if fast is not None and yaml.__with_libyaml__:
        try:
            return _parse(fast, text)
        except yaml.YAMLError:
            pass  # the pure parser says what is wrong, in the words the editors know
    return _parse(pure, text)


def _parse(loader_class: type[Any], text: str) -> tuple[yaml.Node | None, Any]:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()
