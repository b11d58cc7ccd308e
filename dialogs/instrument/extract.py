"""Babel extraction method for `content/instrument.yaml`.

The question texts are data, not `_()` calls, so pybabel needs this to put them into the .pot.
Each message carries a comment naming its question and type: a translator seeing "Nein." alone
cannot know whether it answers "Can your child read?" or "Do you have the school report?".
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

import yaml

from dialogs.instrument.schema import compose_and_load

Extracted = tuple[int, str | None, str, list[str]]


def extract_instrument(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any] | Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Yield (lineno, funcname, message, comments) for the title, questions, hints and options.

    `funcname` is None so that Babel applies no keyword spec: every string is a plain msgid.
    A broken file raises InstrumentError instead of silently dropping texts from the catalog.
    """
    encoding = options.get("encoding", "utf-8")
    root, _data = compose_and_load(fileobj.read().decode(encoding), getattr(fileobj, "name", "?"))
    if not isinstance(root, yaml.MappingNode):
        return
    title = _child(root, "title")
    if _is_text(title):
        yield _message(title, ["Title of the intake questionnaire (school history of one child)"])
    questions = _child(root, "questions")
    if not isinstance(questions, yaml.SequenceNode):
        return
    for node in questions.value:
        if isinstance(node, yaml.MappingNode):
            yield from _question(node)


def _question(node: yaml.MappingNode) -> Iterator[Extracted]:
    qid = _scalar(_child(node, "id")) or "?"
    kind = _scalar(_child(node, "type")) or "?"
    note = _notes(node)
    text = _child(node, "text")
    if _is_text(text):
        yield _message(text, [f"Intake question '{qid}' ({kind}), asked to the parent", *note])
    hint = _child(node, "hint")
    if _is_text(hint):
        context = (
            f"Hint for intake question '{qid}' ({kind}): "
            "shown on request or after an answer that does not fit"
        )
        yield _message(hint, [context, *note])
    options = _child(node, "options")
    if not isinstance(options, yaml.SequenceNode):
        return  # country and language options are codes, named by CLDR, not msgids
    for option in options.value:
        if not isinstance(option, yaml.MappingNode):
            continue
        label = _child(option, "text")
        if _is_text(label):
            value = _scalar(_child(option, "value")) or "?"
            context = f"Option '{value}' of intake question '{qid}' ({kind})"
            yield _message(label, [context, *_notes(option)])


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if k.value == key), None)


def _scalar(node: yaml.Node | None) -> str | None:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def _is_text(node: yaml.Node | None) -> bool:
    return isinstance(node, yaml.ScalarNode) and bool(str(node.value).strip())


def _notes(node: yaml.MappingNode) -> list[str]:
    note = _child(node, "translator_note")
    return [f"Note: {' '.join(str(note.value).split())}"] if _is_text(note) else []


def _message(node: yaml.Node, comments: list[str]) -> Extracted:
    # Folded scalars (">-") arrive as one line already; strip the ends exactly as the loader does,
    # or the msgid in the catalog would not match the one looked up at runtime.
    return node.start_mark.line + 1, None, str(node.value).strip(), comments
