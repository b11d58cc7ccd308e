"""Telegram's parse_mode=HTML dialect: validation, visible text and entities.

Telegram rejects a message with an unsupported tag, an unbalanced tag or a stray "<",
and counts the 4096/1024 character limits on the text *after* entity parsing, so the
fake has to parse the HTML the same way to judge a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

ENTITY_OF_TAG = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
PARSE_MODES = ("HTML", "Markdown", "MarkdownV2")

_START_TAG = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9-]*)"
    r"((?:\s+[^\s=/>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*(/?)>"
)
_END_TAG = re.compile(r"</([a-zA-Z][a-zA-Z0-9-]*)\s*>")
_ATTRIBUTE = re.compile(r"([^\s=/>]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
_CHAR_REF = re.compile(r"&(?:#(\d+)|#[xX]([0-9a-fA-F]+)|(lt|gt|amp|quot));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class FormatError(ValueError):
    """Text Telegram refuses with "can't parse entities: ..."."""


@dataclass
class Formatted:
    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def utf16_len(text: str) -> int:
    # Entity offsets and lengths are counted in UTF-16 code units (emoji count twice).
    return len(text.encode("utf-16-le")) // 2


def parse(
    text: str, parse_mode: str | None, entities: list[dict[str, Any]] | None = None
) -> Formatted:
    """The message as the recipient sees it; raises FormatError like Telegram."""
    if not parse_mode:
        return Formatted(text, list(entities or []))
    mode = parse_mode.lower()
    if mode == "html":
        return parse_html(text)
    if mode in ("markdown", "markdownv2"):
        # Markdown is not parsed; its markup counts towards the length (slightly strict).
        return Formatted(text, [])
    raise FormatError(f"unsupported parse_mode {parse_mode!r}")


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _attributes(raw: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(raw):
        name, dq, sq, bare = match.groups()
        attrs[name.lower()] = _unescape(
            dq if dq is not None else sq if sq is not None else bare or ""
        )
    return attrs


def _unescape(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        dec, hexa, named = match.groups()
        if named:
            return _NAMED[named]
        return chr(int(dec) if dec else int(hexa, 16))

    return _CHAR_REF.sub(replace, text)


@dataclass
class _Open:
    tag: str
    attrs: dict[str, str]
    offset: int  # UTF-16 offset in the visible text
    language: str | None = None


class _HtmlParser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.out: list[str] = []
        self.length = 0  # visible text length in UTF-16 units
        self.stack: list[_Open] = []
        self.entities: list[dict[str, Any]] = []

    def error(self, index: int, message: str) -> FormatError:
        return FormatError(f"{message} at byte offset {_byte_offset(self.source, index)}")

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.length += utf16_len(text)

    def run(self) -> Formatted:
        source, pos = self.source, 0
        while pos < len(source):
            char = source[pos]
            if char == "<":
                pos = self.tag(pos)
            elif char == "&" and (ref := _CHAR_REF.match(source, pos)):
                self.emit(_unescape(ref.group(0)))
                pos = ref.end()
            else:
                # Telegram keeps an unknown "&name;" or a lone "&" as literal text.
                nxt = min(
                    (i for i in (source.find("<", pos), source.find("&", pos + 1)) if i >= 0),
                    default=len(source),
                )
                self.emit(source[pos:nxt])
                pos = nxt
        if self.stack:
            raise FormatError(
                f'can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"'
            )
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return Formatted("".join(self.out), self.entities)

    def tag(self, pos: int) -> int:
        if end := _END_TAG.match(self.source, pos):
            self.close(end.group(1).lower(), pos)
            return end.end()
        start = _START_TAG.match(self.source, pos)
        if not start:
            raise self.error(pos, 'unexpected "<": escape it as &lt;')
        name, raw_attrs, self_closing = start.group(1).lower(), start.group(2), start.group(3)
        attrs = _attributes(raw_attrs)
        if name not in ENTITY_OF_TAG or self_closing:
            raise self.error(pos, f'unsupported start tag "{name}"')
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise self.error(pos, 'unsupported start tag "span"')
        if name == "tg-emoji" and "emoji-id" not in attrs:
            raise self.error(pos, 'tag "tg-emoji" must have attribute "emoji-id"')
        if (
            self.stack
            and self.stack[-1].tag in ("code", "pre")
            and not (name == "code" and self.stack[-1].tag == "pre")
        ):
            raise self.error(pos, f'tag "{name}" can\'t be nested inside "{self.stack[-1].tag}"')
        self.stack.append(_Open(name, attrs, self.length))
        return start.end()

    def close(self, name: str, pos: int) -> None:
        if not self.stack:
            raise self.error(pos, f'unexpected end tag "{name}"')
        top = self.stack.pop()
        if top.tag != name:
            raise self.error(pos, f'unmatched end tag, expected "</{top.tag}>", found "</{name}>"')
        length = self.length - top.offset
        code_language = top.attrs.get("class", "").removeprefix("language-")
        if name == "code" and self.stack and self.stack[-1].tag == "pre":
            # <pre><code class="language-x"> is one pre entity with a language.
            self.stack[-1].language = code_language or None
            return
        if length <= 0:
            return  # Telegram drops empty entities silently
        entity: dict[str, Any] = {
            "type": ENTITY_OF_TAG[name],
            "offset": top.offset,
            "length": length,
        }
        if name == "a":
            href = top.attrs.get("href", "")
            if user_id := re.fullmatch(r"tg://user\?id=(\d+)", href):
                entity["type"] = "text_mention"
                entity["user"] = {
                    "id": int(user_id.group(1)),
                    "is_bot": False,
                    "first_name": "User",
                }
            elif href:
                entity["url"] = href
            else:
                return  # an <a> without href renders as plain text
        elif name == "pre" and top.language:
            entity["language"] = top.language
        elif name == "blockquote" and "expandable" in top.attrs:
            entity["type"] = "expandable_blockquote"
        elif name == "tg-emoji":
            entity["custom_emoji_id"] = top.attrs["emoji-id"]
        self.entities.append(entity)


def parse_html(source: str) -> Formatted:
    return _HtmlParser(source).run()
