"""The YAML side of `instrument.yaml`: a strict loader, line numbers and problem collection.

An editor's problem must name the YAML path and line ("questions[3].options[1].value (question
'german', line 58): …"), so the node tree is kept next to the data. The rules themselves (which
keys, which types, which conditions) are in `dialogs.instrument.schema`.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping
from typing import Any

import yaml

from dialogs.instrument.model import InstrumentError
from dialogs.yaml_parse import compose_and_construct

Path_ = tuple[str | int, ...]


class _Strict(yaml.constructor.SafeConstructor):
    """YAML 1.2 booleans (only true/false) and no silently repeated keys.

    In YAML 1.1 an option `value: no` becomes False and `when: {x: {eq: yes}}` becomes True;
    an editor would never guess why their option vanished.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[no-untyped-call]
            if not isinstance(key, Hashable):
                continue  # SafeLoader reports unhashable keys itself
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} appears twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _Loader(_Strict, yaml.SafeLoader):
    """The pure-Python parser: its messages are the ones editors read."""


# The same rules on libyaml's parser (dialogs/yaml_parse.py), where PyYAML has it.
_CSafeLoader: type[Any] | None = getattr(yaml, "CSafeLoader", None)
_FastLoader: type[Any] | None = (
    type("_FastLoader", (_Strict, _CSafeLoader), {}) if _CSafeLoader is not None else None
)

_RESOLVERS = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _loader in (_Loader, _FastLoader):
    if _loader is not None:
        _loader.yaml_implicit_resolvers = {k: list(v) for k, v in _RESOLVERS.items()}
        _loader.add_implicit_resolver(
            "tag:yaml.org,2002:bool",
            re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
            list("tTfF"),
        )


def compose_and_load(text: str, source: str) -> tuple[yaml.Node | None, Any]:
    """Parse once, keeping the node tree for line numbers; YAML syntax errors → InstrumentError."""
    try:
        return compose_and_construct(text, _Loader, _FastLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise InstrumentError([f"{where}{problem}"], source) from exc


def _line(node: yaml.Node | None, path: Path_) -> int | None:
    """Line of `path`, or of its nearest ancestor when the key itself is missing."""
    line = None
    for part in path:
        if node is not None:
            line = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
        else:
            node = None
    return node.start_mark.line + 1 if node is not None else line


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(top level)"


class Checker:
    """Collects problems, each with its YAML path and line, and reads typed fields."""

    def __init__(self, root: yaml.Node | None) -> None:
        self.root = root
        self.problems: list[str] = []
        self.qids: dict[int, str] = {}  # question index → id, for readable messages

    def fail(self, path: Path_, message: str) -> None:
        where = []
        if len(path) >= 2 and path[0] == "questions" and path[1] in self.qids:
            where.append(f"question '{self.qids[path[1]]}'")  # type: ignore[index]
        line = _line(self.root, path)
        if line is not None:
            where.append(f"line {line}")
        suffix = f" ({', '.join(where)})" if where else ""
        self.problems.append(f"{_dotted(path)}{suffix}: {message}")

    def string(self, data: Mapping[str, Any], key: str, path: Path_, *, need: bool) -> str | None:
        value = data.get(key)
        if value is None:
            if need:
                self.fail((*path, key), "is missing")
            return None
        if not isinstance(value, str) or not value.strip():
            hint = " (put it in quotes)" if not isinstance(value, str) else ""
            self.fail((*path, key), f"must be a non-empty text{hint}")
            return None
        return value.strip()

    def flag(self, data: Mapping[str, Any], key: str, path: Path_, default: bool | None) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            what = "is missing: write true or false" if value is None else "must be true or false"
            self.fail((*path, key), what)
            return bool(default)
        return value

    def number(self, data: Mapping[str, Any], key: str, path: Path_, *, whole: bool) -> Any:
        value = data.get(key)
        if value is None:
            return None
        kinds = (int,) if whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or (whole and value < 0):
            self.fail((*path, key), "must be a whole number ≥ 0" if whole else "must be a number")
            return None
        return value
