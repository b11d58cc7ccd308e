"""The Bot API schema (api.json) and type validation of request parameters against it.

api.json is the machine-readable Bot API description from PaulSonOfLars/telegram-bot-api-spec
(MIT, see LICENSE next to it). It is copied into the repository so that the fake server
validates against a pinned API version instead of whatever is on the network today.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

API_JSON = Path(__file__).with_name("api.json")

PRIMITIVES = frozenset({"Integer", "Float", "String", "Boolean"})
_ARRAY = "Array of "
# Subtypes of a union announce themselves in one field ("type", "source" or "status");
# the spec only states the constant in prose, e.g. 'Scope type, must be chat'.
_DISCRIMINATORS = ("type", "source", "status")
_CONSTANT_RE = re.compile(r"(?:must be|always)\s+[\"“]?([a-z0-9_]+)[\"”]?\s*$")
_INT_RE = re.compile(r"[+-]?\d+")
_FLOAT_RE = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_BOOLS = {"true": True, "1": True, "false": False, "0": False}
# "must have the can_manage_topics administrator right(s)", "must be an administrator with the
# 'can_pin_messages' right": the sentences of a method description that demand a right.
_DEMANDS_RE = re.compile(r"must (?:have|be an administrator with) the '?can_\w+")
_RIGHT_RE = re.compile(r"\bcan_[a-z_]+")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    types: tuple[str, ...]
    required: bool
    description: str


# Parameters Bot API 7.0 replaced (by link_preview_options / reply_parameters) and dropped
# from the docs, which Telegram still accepts. aiogram sends disable_web_page_preview
# whenever DefaultBotProperties(link_preview_is_disabled=...) is set, so refusing them would
# flag a correct bot. Accepted only where the method has the replacement.
LEGACY_PARAMS = {
    "disable_web_page_preview": FieldSpec("disable_web_page_preview", ("Boolean",), False, ""),
    "reply_to_message_id": FieldSpec("reply_to_message_id", ("Integer",), False, ""),
    "allow_sending_without_reply": FieldSpec(
        "allow_sending_without_reply", ("Boolean",), False, ""
    ),
}
_LEGACY_REPLACEMENT = {
    "disable_web_page_preview": "link_preview_options",
    "reply_to_message_id": "reply_parameters",
    "allow_sending_without_reply": "reply_parameters",
}

Problem = tuple[str, str]  # (path inside the request, what is wrong)
_MISMATCH = -1000.0  # score of an alternative whose JSON kind does not even fit
_WRONG_SUBTYPE = -500.0  # score of an object whose discriminator names another subtype


@dataclass(frozen=True)
class MethodSpec:
    name: str
    fields: Mapping[str, FieldSpec]
    returns: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class AdminRights:
    """The administrator right a method needs in a group, as its description states it: any
    one of `rights` ("can_pin_messages … or can_edit_messages … in groups and channels
    respectively"), waived for the topic's creator where the description says so."""

    rights: tuple[str, ...]
    unless_topic_creator: bool = False


@dataclass(frozen=True)
class Violation:
    """A request the real Telegram would reject (or that our stricter fake refuses)."""

    method: str
    path: str
    message: str
    description: str  # what goes to the bot, Telegram style: "Bad Request: ..."
    status: int = 400

    def __str__(self) -> str:
        return f"{self.method} {self.path}: {self.message}"


@dataclass(frozen=True)
class Upload:
    """One file part of a multipart request."""

    name: str
    filename: str
    content_type: str
    content: bytes


def _fields(raw: Iterable[Mapping[str, Any]]) -> dict[str, FieldSpec]:
    return {
        f["name"]: FieldSpec(f["name"], tuple(f["types"]), bool(f["required"]), f["description"])
        for f in raw
    }


class Spec:
    """Lookups in api.json plus the recursive type checker."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.version: str = data["version"]
        self._types: Mapping[str, Mapping[str, Any]] = data["types"]
        # Telegram treats method names case-insensitively, so index them lower-cased.
        self._methods = {
            name.lower(): MethodSpec(
                name,
                _fields(m.get("fields", [])),
                tuple(m["returns"]),
                " ".join(m.get("description", [])),
            )
            for name, m in data["methods"].items()
        }
        self._type_fields = {name: _fields(t.get("fields", [])) for name, t in self._types.items()}

    def method(self, name: str) -> MethodSpec | None:
        return self._methods.get(name.lower())

    def admin_rights(self, name: str) -> AdminRights | None:
        """The right the method's description demands of the bot in a group, if it names one
        (deleteForumTopic: can_delete_messages; createForumTopic: can_manage_topics …)."""
        method = self.method(name)
        if method is None:
            return None
        for sentence in re.split(r"(?<=\.)\s+", method.description):
            if _DEMANDS_RE.search(sentence):
                rights = tuple(dict.fromkeys(_RIGHT_RE.findall(sentence)))
                return AdminRights(rights, "unless it is the creator of the topic" in sentence)
        return None

    def is_object(self, type_expr: str) -> bool:
        return type_expr in self._types

    def fields(self, type_name: str) -> Mapping[str, FieldSpec]:
        return self._type_fields[type_name]

    def constant(self, type_name: str) -> tuple[str, str] | None:
        """The discriminator (field, value) that identifies a union member, if any."""
        fields = self._type_fields.get(type_name, {})
        for name in _DISCRIMINATORS:
            field = fields.get(name)
            if field and (match := _CONSTANT_RE.search(field.description)):
                return name, match.group(1)
        return None

    def expand(self, types: Iterable[str]) -> list[str]:
        """Replace abstract union types (BotCommandScope, InputMedia...) by their members."""
        result: list[str] = []

        def visit(expr: str) -> None:
            subtypes = self._types.get(expr, {}).get("subtypes")
            if subtypes:
                for sub in subtypes:
                    visit(sub)
            elif expr not in result:
                result.append(expr)

        for expr in types:
            visit(expr)
        return result

    # -- building valid objects for responses -------------------------------------------

    def build(self, type_name: str, **values: Any) -> dict[str, Any]:
        """An object of `type_name` with `values`, required fields filled with neutral defaults.

        Keeps the fake's answers parseable by aiogram even for types we model lazily.
        """
        fields = self._type_fields[type_name]
        unknown = set(values) - set(fields)
        if unknown:
            raise KeyError(f"{type_name} has no fields {sorted(unknown)}")
        obj = {k: v for k, v in values.items() if v is not None}
        constant = self.constant(type_name)
        for field in fields.values():
            if field.name in obj or not field.required:
                continue
            if constant and constant[0] == field.name:
                obj[field.name] = constant[1]
            else:
                obj[field.name] = self.default_value(field.types[0])
        return obj

    def default_value(self, type_expr: str) -> Any:
        if type_expr.startswith(_ARRAY):
            return []
        defaults: dict[str, Any] = {"Integer": 0, "Float": 0.0, "String": "", "Boolean": False}
        if type_expr in defaults:
            return defaults[type_expr]
        first = self.expand([type_expr])[0]
        return self.build(first) if first in self._types else self.default_value(first)

    # -- validation -----------------------------------------------------------------------

    def check(
        self, value: Any, types: Iterable[str], path: str, attachments: Collection[str]
    ) -> list[Problem]:
        """Problems of a JSON value against a union of type expressions ([] = valid)."""
        return _Checker(self, attachments).check(value, tuple(types), path)

    def validate_request(
        self,
        method: MethodSpec,
        raw: Mapping[str, str],
        uploads: Mapping[str, Upload],
    ) -> tuple[dict[str, Any], list[Violation]]:
        """Decode form values by their spec types; report missing, unknown and mistyped ones."""
        checker = _Checker(self, uploads)
        params: dict[str, Any] = {}
        violations: list[Violation] = []

        def violate(path: str, message: str, description: str) -> None:
            violations.append(Violation(method.name, path, message, f"Bad Request: {description}"))

        for name, value in raw.items():
            field = method.fields.get(name) or _legacy(method, name)
            if field is None:
                params[name] = value
                violate(name, "unknown parameter", f'unknown parameter "{name}"')
                continue
            params[name], problems = checker.decode(value, field)
            for path, message in problems:
                violate(path, message, f"can't parse {name}: {message}")
        for name in uploads:
            if name in method.fields and name not in raw:
                field = method.fields[name]
                if "InputFile" in field.types:
                    params[name] = f"attach://{name}"
                else:
                    violate(name, "file upload where no file is allowed", f"can't parse {name}")
        for field in method.fields.values():
            if field.required and field.name not in params:
                violate(field.name, "required parameter is missing", _missing(field.name))
        return params, violations


def _legacy(method: MethodSpec, name: str) -> FieldSpec | None:
    replacement = _LEGACY_REPLACEMENT.get(name)
    return LEGACY_PARAMS[name] if replacement in method.fields else None


def _missing(name: str) -> str:
    # Telegram words the two most common cases specially; the rest is generic.
    special = {"text": "message text is empty", "chat_id": "chat_id is empty"}
    return special.get(name, f'parameter "{name}" is required')


def _json_kind(value: Any) -> str:
    kinds = {bool: "Boolean", int: "Integer", float: "Float", str: "String"}
    kinds |= {list: "Array", dict: "Object", type(None): "null"}
    return kinds.get(type(value), type(value).__name__)


class _Checker:
    def __init__(self, spec: Spec, attachments: Collection[str]) -> None:
        self._spec = spec
        self._attachments = attachments

    def decode(self, raw: str, field: FieldSpec) -> tuple[Any, list[Problem]]:
        """Top-level form values are strings; objects and arrays arrive JSON-encoded."""
        types = field.types
        path = field.name
        if raw.startswith("attach://") and "InputFile" in types:
            if raw.removeprefix("attach://") in self._attachments:
                return raw, []
            return raw, [(path, f"{raw} names no uploaded file part")]
        json_types = [t for t in types if t.startswith(_ARRAY) or self._spec.is_object(t)]
        json_types = [t for t in json_types if t != "InputFile"]
        if json_types and raw.lstrip()[:1] in ("{", "["):
            try:
                value = json.loads(raw)
            except ValueError as exc:
                return raw, [(path, f"invalid JSON ({exc})")]
            problems = self.check(value, tuple(json_types), path)
            if not problems or "String" not in types:
                return value, problems
        if "Integer" in types and _INT_RE.fullmatch(raw):
            return int(raw), []
        if "Float" in types and _FLOAT_RE.fullmatch(raw):
            return float(raw), []
        if "Boolean" in types and raw.lower() in _BOOLS:
            return _BOOLS[raw.lower()], []
        if "String" in types:
            return raw, []
        expected = " or ".join(types)
        return raw, [(path, f"expected {expected}, got {raw[:60]!r}")]

    def check(self, value: Any, types: tuple[str, ...], path: str) -> list[Problem]:
        best: list[Problem] = []
        best_score = -math.inf
        wrong_subtypes: list[str] = []
        for alt in self._spec.expand(types):
            problems, score = self._check_alternative(value, alt, path)
            if not problems:
                return []
            if score == _WRONG_SUBTYPE:
                wrong_subtypes.append(alt)
            if score > best_score:
                best, best_score = problems, score
        if best_score == _WRONG_SUBTYPE and len(wrong_subtypes) > 1:
            # Every member rejected the discriminator: list what would have been accepted.
            field = self._spec.constant(wrong_subtypes[0])[0]  # type: ignore[index]
            allowed = ", ".join(self._spec.constant(t)[1] for t in wrong_subtypes)  # type: ignore[index]
            return [(f"{path}.{field}", f"{value.get(field)!r} is not one of: {allowed}")]
        return best

    def _check_alternative(self, value: Any, alt: str, path: str) -> tuple[list[Problem], float]:
        if alt.startswith(_ARRAY):
            if not isinstance(value, list):
                return [(path, f"expected {alt}, got {_json_kind(value)}")], _MISMATCH
            inner = (alt.removeprefix(_ARRAY),)
            problems = [
                p for i, item in enumerate(value) for p in self.check(item, inner, f"{path}[{i}]")
            ]
            return problems, 0.0
        if alt in PRIMITIVES:
            ok = {
                "Integer": isinstance(value, int) and not isinstance(value, bool),
                "Float": isinstance(value, int | float) and not isinstance(value, bool),
                "String": isinstance(value, str),
                "Boolean": isinstance(value, bool),
            }[alt]
            return (
                ([], 0.0)
                if ok
                else ([(path, f"expected {alt}, got {_json_kind(value)}")], _MISMATCH)
            )
        if alt == "InputFile":
            if isinstance(value, str) and value.removeprefix("attach://") in self._attachments:
                return [], 0.0
            return [(path, "expected an uploaded file (attach://<part>)")], _MISMATCH
        if not self._spec.is_object(alt):
            return [(path, f"unknown spec type {alt}")], _MISMATCH
        return self._check_object(value, alt, path)

    def _check_object(self, value: Any, type_name: str, path: str) -> tuple[list[Problem], float]:
        if not isinstance(value, dict):
            return [(path, f"expected {type_name} object, got {_json_kind(value)}")], _MISMATCH
        constant = self._spec.constant(type_name)
        if constant and value.get(constant[0]) != constant[1]:
            field, expected = constant
            return [(f"{path}.{field}", f"must be {expected!r} for {type_name}")], _WRONG_SUBTYPE
        fields = self._spec.fields(type_name)
        problems: list[Problem] = []
        known = 0
        for key, item in value.items():
            field = fields.get(key)
            if field is None:
                problems.append((f"{path}.{key}", f"unknown field of {type_name}"))
                continue
            known += 1
            problems += self.check(item, field.types, f"{path}.{key}")
        missing = [f.name for f in fields.values() if f.required and f.name not in value]
        problems += [
            (f"{path}.{name}", f"required field of {type_name} is missing") for name in missing
        ]
        unknown = len(value) - known
        # Closest union member = most recognised keys; used to pick which errors to report.
        return problems, float(known - len(missing) - unknown)


@functools.cache
def load_spec(path: Path = API_JSON) -> Spec:
    with path.open(encoding="utf-8") as handle:
        return Spec(json.load(handle))
