"""Where in the Kreis YAML a problem is: each message names the YAML path, line and item id.

The people editing the file are not developers, so a problem must read like "schools[3].kind
(line 40, id "gs-lette"): …" rather than like a pydantic traceback. `dialogs.kreis.load_kreis`
composes the node tree (which keeps the line numbers) next to the data and hands both here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import yaml
from pydantic_core import ErrorDetails

from dialogs.kreis.model import PATTERN_HINTS


def duplicate_keys(root: yaml.Node | None) -> list[str]:
    """Keys that appear twice in one mapping, which PyYAML would silently collapse."""
    return list(_duplicate_keys(root, "", set()))


def describe_errors(errors: Sequence[ErrorDetails], root: yaml.Node) -> list[str]:
    """One message per validation error, in pydantic's order."""
    # Pydantic also calls a list too short when its only item failed; the item's error says more.
    kept = [
        e
        for e in errors
        if e["type"] != "too_short"
        or not any(o is not e and o["loc"][: len(e["loc"])] == e["loc"] for o in errors)
    ]
    return [_describe(e, root) for e in kept]


def _duplicate_keys(node: yaml.Node | None, path: str, seen: set[int]) -> Iterable[str]:
    if node is None or id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        lines: dict[str, int] = {}
        for key, value in node.value:
            name, line = str(key.value), key.start_mark.line + 1
            if name in lines:
                yield f"{_join(path, name)} (lines {lines[name]} and {line}): key appears twice"
            lines[name] = line
            yield from _duplicate_keys(value, _join(path, name), seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _duplicate_keys(item, f"{path}[{i}]", seen)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


_MESSAGES = {"extra_forbidden": "unknown key (a typo?)", "missing": "required key is missing"}


def _describe(error: Any, root: yaml.Node) -> str:
    path, node, item_id = "", root, None
    for part in error["loc"]:
        path = f"{path}[{part}]" if isinstance(part, int) else _join(path, str(part))
        node = _child(node, part)
        if isinstance(part, int) and (id_node := _child(node, "id")) is not node:
            item_id = id_node.value  # names the school or offer, so a KI finds it quickly
    where = f"line {node.start_mark.line + 1}" + (f', id "{item_id}"' if item_id else "")
    message = _MESSAGES.get(error["type"], error["msg"].removeprefix("Value error, "))
    if error["type"] == "string_pattern_mismatch":
        message = PATTERN_HINTS.get(error["ctx"]["pattern"], message)
    return f"{path or '(top level)'} ({where}): {message}"


def _child(node: yaml.Node, part: str | int) -> yaml.Node:
    # Stay on the deepest node that exists, so a missing key points at its parent's line.
    if isinstance(node, yaml.MappingNode):
        return next((v for k, v in node.value if k.value == part), node)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return node
