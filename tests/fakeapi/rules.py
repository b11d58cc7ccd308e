"""Telegram's limits that api.json states only in prose (lengths, formats, HTML).

Each rule returns Violations with the description Telegram itself would send, so the
bot's error handling sees realistic messages. Lengths count UTF-16 code units, as Telegram
measures text (an emoji or a CJK extension character is two).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from .formatting import PARSE_MODES, FormatError, parse, utf16_len
from .spec import Violation

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER = 200
MAX_COMMANDS = 100
MAX_COMMAND_DESCRIPTION = 256
MAX_TOPIC_NAME = 128
TOPIC_ICON_COLORS = frozenset({7322096, 16766590, 13338331, 9367192, 16749490, 16478047})
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE_RE = re.compile(r"[a-z]{2}")
_BUTTON_URL_RE = re.compile(r"(https?|tg)://\S+")
# Exactly one of these makes an inline button do something; text alone is refused.
_INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)

Params = dict[str, Any]


class _Collector:
    def __init__(self, method: str) -> None:
        self.method = method
        self.violations: list[Violation] = []

    def add(self, path: str, message: str, description: str) -> None:
        self.violations.append(Violation(self.method, path, message, f"Bad Request: {description}"))


def check_rules(method: str, params: Params) -> list[Violation]:
    """Violations of Telegram's limits in an already type-checked request."""
    out = _Collector(method)
    key = method.lower()
    if key in ("sendmessage", "editmessagetext") and isinstance(params.get("text"), str):
        _check_text(out, params, "text", MAX_TEXT, "message is too long", "message text is empty")
    if isinstance(params.get("caption"), str):
        _check_text(out, params, "caption", MAX_CAPTION, "message caption is too long", None)
    for path, media in _media_items(params.get("media")):
        if isinstance(media.get("caption"), str):
            _check_text(
                out, media, "caption", MAX_CAPTION, "message caption is too long", None, path
            )
    if isinstance(params.get("reply_markup"), dict):
        _check_markup(out, params["reply_markup"])
    if rule := _METHOD_RULES.get(key):
        rule(out, params)
    return out.violations


def _media_items(media: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(media, dict):
        yield "media", media
    elif isinstance(media, list):
        yield from ((f"media[{i}]", m) for i, m in enumerate(media) if isinstance(m, dict))


def _check_text(
    out: _Collector,
    holder: dict[str, Any],
    key: str,
    limit: int,
    too_long: str,
    empty: str | None,
    prefix: str = "",
) -> None:
    path = f"{prefix}.{key}" if prefix else key
    mode = holder.get("parse_mode")
    if mode is not None and str(mode).lower() not in {m.lower() for m in PARSE_MODES}:
        out.add(
            f"{prefix or key}.parse_mode",
            f"unsupported parse_mode {mode!r}",
            "unsupported parse_mode",
        )
        return
    try:
        visible = parse(holder[key], mode).text
    except FormatError as exc:
        out.add(path, f"invalid {mode} markup: {exc}", f"can't parse entities: {exc}")
        return
    if empty and not visible.strip():
        out.add(path, "text is empty after entity parsing", empty)
    elif (size := utf16_len(visible)) > limit:
        out.add(path, f"{size} UTF-16 code units after entity parsing, limit {limit}", too_long)


def _rows(markup: dict[str, Any], key: str) -> Iterator[tuple[str, dict[str, Any]]]:
    rows = markup.get(key)
    if not isinstance(rows, list):
        return
    for r, row in enumerate(rows):
        if isinstance(row, list):
            for c, button in enumerate(row):
                if isinstance(button, dict):
                    yield f"reply_markup.{key}[{r}][{c}]", button


def _check_markup(out: _Collector, markup: dict[str, Any]) -> None:
    for path, button in _rows(markup, "inline_keyboard"):
        if not button.get("text"):
            out.add(f"{path}.text", "inline button text is empty", "BUTTON_TEXT_INVALID")
        actions = [a for a in _INLINE_ACTIONS if a in button]
        if not actions:
            out.add(
                path,
                "inline button has no action",
                "text buttons are unallowed in the inline keyboard",
            )
        elif len(actions) > 1:
            out.add(path, f"inline button has several actions {actions}", "BUTTON_TYPE_INVALID")
        data = button.get("callback_data")
        if isinstance(data, str):
            size = len(data.encode("utf-8"))
            if not 1 <= size <= MAX_CALLBACK_DATA_BYTES:
                out.add(
                    f"{path}.callback_data",
                    f"{size} bytes UTF-8, allowed 1-64",
                    "BUTTON_DATA_INVALID",
                )
        url = button.get("url")
        if isinstance(url, str) and not _BUTTON_URL_RE.fullmatch(url):
            out.add(f"{path}.url", f"not an http(s)/tg URL: {url!r}", "BUTTON_URL_INVALID")
    for path, button in _rows(markup, "keyboard"):
        if not button.get("text"):
            out.add(f"{path}.text", "keyboard button text is empty", "BUTTON_TEXT_INVALID")


def _callback_answer(out: _Collector, params: Params) -> None:
    text = params.get("text")
    if isinstance(text, str) and (size := utf16_len(text)) > MAX_CALLBACK_ANSWER:
        out.add(
            "text", f"{size} UTF-16 code units, limit {MAX_CALLBACK_ANSWER}", "MESSAGE_TOO_LONG"
        )


def _language_code(out: _Collector, params: Params) -> None:
    code = params.get("language_code")
    if isinstance(code, str) and code and not _LANGUAGE_RE.fullmatch(code):
        out.add(
            "language_code", f"{code!r} is not a two-letter ISO 639-1 code", "invalid language code"
        )


def _commands(out: _Collector, params: Params) -> None:
    _language_code(out, params)
    commands = params.get("commands")
    if not isinstance(commands, list):
        return
    if len(commands) > MAX_COMMANDS:
        out.add(
            "commands", f"{len(commands)} commands, limit {MAX_COMMANDS}", "BOT_COMMANDS_TOO_MUCH"
        )
    for i, command in enumerate(c for c in commands if isinstance(c, dict)):
        name, description = command.get("command"), command.get("description")
        if isinstance(name, str) and not _COMMAND_RE.fullmatch(name):
            out.add(
                f"commands[{i}].command",
                f"{name!r} is not 1-32 of [a-z0-9_]",
                "BOT_COMMAND_INVALID",
            )
        if (
            isinstance(description, str)
            and not 1 <= (size := utf16_len(description)) <= MAX_COMMAND_DESCRIPTION
        ):
            out.add(
                f"commands[{i}].description",
                f"{size} UTF-16 code units, allowed 1-{MAX_COMMAND_DESCRIPTION}",
                "BOT_COMMAND_DESCRIPTION_INVALID",
            )


def _topic(out: _Collector, params: Params, shortest: int = 1) -> None:
    name = params.get("name")
    if isinstance(name, str) and not shortest <= (size := utf16_len(name)) <= MAX_TOPIC_NAME:
        allowed = f"{shortest}-{MAX_TOPIC_NAME}"
        out.add("name", f"{size} UTF-16 code units, allowed {allowed}", "TOPIC_NAME_INVALID")
    color = params.get("icon_color")
    if isinstance(color, int) and color not in TOPIC_ICON_COLORS:
        out.add(
            "icon_color",
            f"{color} is not one of the six allowed colours",
            "TOPIC_ICON_COLOR_INVALID",
        )


def _location(out: _Collector, params: Params) -> None:
    for key, bound in (("latitude", 90), ("longitude", 180)):
        value = params.get(key)
        if isinstance(value, int | float) and not -bound <= value <= bound:
            out.add(key, f"{value} outside ±{bound}", "wrong latitude or longitude")


_METHOD_RULES: dict[str, Callable[[_Collector, Params], None]] = {
    "answercallbackquery": _callback_answer,
    "setmycommands": _commands,
    "getmycommands": _language_code,
    "deletemycommands": _language_code,
    "createforumtopic": _topic,
    # editForumTopic keeps the current name when it gets an empty one.
    "editforumtopic": lambda out, params: _topic(out, params, shortest=0),
    "sendlocation": _location,
}
