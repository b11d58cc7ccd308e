"""Bot API methods that send, copy, edit, delete and pin messages."""

from __future__ import annotations

import re
from typing import Any

from . import updates as build
from .errors import ApiError, bad_request
from .formatting import parse
from .spec import MethodSpec, Upload
from .state import ChatState, FakeState, StoredFile, handles

Params = dict[str, Any]
Files = dict[str, Upload]
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
# Parts of a message that are not its content, so copy/forward must not carry them over.
_ENVELOPE = {
    "message_id", "from", "chat", "date", "message_thread_id", "is_topic_message",
    "reply_to_message", "reply_markup", "edit_date", "forward_origin",
}  # fmt: skip


def _formatted(p: Params, key: str, entities_key: str) -> dict[str, Any]:
    if key not in p:
        return {}
    shown = parse(p[key], p.get("parse_mode"), p.get(entities_key))
    return {key: shown.text, entities_key: shown.entities or None}


def _target(s: FakeState, p: Params) -> tuple[ChatState, int | None]:
    chat = s.resolve_chat(p["chat_id"])
    if not chat.is_private:
        s.check_bot_in(chat)
    thread = p.get("message_thread_id")
    if thread is not None:
        topic = chat.topics.get(thread)
        if topic is None:
            raise bad_request("message thread not found")
        if topic.get("is_closed") and not s.bot_can(chat, "can_manage_topics"):
            raise bad_request("TOPIC_CLOSED")
    return chat, thread


def _replied(s: FakeState, chat: ChatState, p: Params) -> dict[str, Any] | None:
    reply = p.get("reply_parameters")
    if not reply and "reply_to_message_id" in p:  # legacy form, still accepted by Telegram
        reply = {"message_id": p["reply_to_message_id"]}
        reply["allow_sending_without_reply"] = p.get("allow_sending_without_reply")
    if not reply:
        return None
    original = chat.messages.get(reply["message_id"])
    if original is None:
        if reply.get("allow_sending_without_reply"):
            return None
        raise bad_request("message to be replied not found")
    view = s.api_view(original)
    view.pop("reply_to_message", None)  # Telegram nests only one level
    return view


def send(s: FakeState, p: Params, **content: Any) -> dict[str, Any]:
    """Store a new bot message in the target chat/topic and return it as Telegram would."""
    chat, thread = _target(s, p)
    msg = s.new_message(
        chat,
        s.bot_user,
        thread,
        reply_to_message=_replied(s, chat, p),
        reply_markup=p.get("reply_markup"),
        **content,
    )
    return s.api_view(msg)


def _file(
    s: FakeState, p: Params, files: Files, key: str, kind: str
) -> tuple[StoredFile, str | None]:
    """The stored file a send* refers to: a fresh upload, a known file_id or a URL."""
    value = p[key]
    if key in files:
        upload = files[key]
        return s.add_file(kind, upload.content, upload.filename), upload.filename
    if re.match(r"https?://", value):
        name = value.rsplit("/", 1)[-1] or None
        return s.add_file(kind, b"", name), name
    try:
        return s.file(value), None
    except ApiError:
        raise bad_request("wrong file identifier/HTTP URL specified") from None


def _caption(p: Params) -> dict[str, Any]:
    return _formatted(p, "caption", "caption_entities")


@handles("sendMessage")
def send_message(s: FakeState, p: Params, files: Files) -> dict[str, Any]:
    return send(
        s,
        p,
        link_preview_options=p.get("link_preview_options"),
        **_formatted(p, "text", "entities"),
    )


@handles("sendPhoto")
def send_photo(s: FakeState, p: Params, files: Files) -> dict[str, Any]:
    stored, _ = _file(s, p, files, "photo", "photo")
    sizes = build.photo_sizes(stored.file_id, stored.file_unique_id, len(stored.content))
    return send(s, p, photo=sizes, has_media_spoiler=p.get("has_spoiler"), **_caption(p))


@handles("sendDocument")
def send_document(s: FakeState, p: Params, files: Files) -> dict[str, Any]:
    stored, name = _file(s, p, files, "document", "document")
    upload = files.get("document")
    document = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_name": name,
        "mime_type": upload.content_type if upload else None,
        "file_size": len(stored.content),
    }
    return send(s, p, document={k: v for k, v in document.items() if v is not None}, **_caption(p))


@handles("sendVoice")
def send_voice(s: FakeState, p: Params, files: Files) -> dict[str, Any]:
    stored, _ = _file(s, p, files, "voice", "voice")
    voice = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "duration": p.get("duration", 1),
        "mime_type": "audio/ogg",
        "file_size": len(stored.content),
    }
    return send(s, p, voice=voice, **_caption(p))


@handles("sendLocation")
def send_location(s: FakeState, p: Params, files: Files) -> dict[str, Any]:
    return send(s, p, location={"latitude": p["latitude"], "longitude": p["longitude"]})


def _source(s: FakeState, p: Params, not_found: str) -> dict[str, Any]:
    chat = s.resolve_chat(p["from_chat_id"])
    return chat.message(p["message_id"], not_found)


# Service messages (Bot API: "Service messages … can't be copied"); the keys that mark one.
SERVICE_KEYS = frozenset(
    {
        "pinned_message",
        "forum_topic_created",
        "forum_topic_edited",
        "forum_topic_closed",
        "forum_topic_reopened",
        "general_forum_topic_hidden",
        "general_forum_topic_unhidden",
        "new_chat_members",
        "left_chat_member",
        "new_chat_title",
        "delete_chat_photo",
    }
)


@handles("copyMessage")
def copy_message(s: FakeState, p: Params, files: Files) -> dict[str, Any]:
    original = _source(s, p, "message to copy not found")
    if SERVICE_KEYS & original.keys():
        raise bad_request("message can't be copied")
    content = {k: v for k, v in original.items() if k not in _ENVELOPE}
    if "caption" in p:
        content |= {"caption_entities": None} | _caption(p)
    msg = send(s, p, **content)
    return {"message_id": msg["message_id"]}


@handles("forwardMessage")
def forward_message(s: FakeState, p: Params, files: Files) -> dict[str, Any]:
    original = _source(s, p, "message to forward not found")
    content = {k: v for k, v in original.items() if k not in _ENVELOPE}
    origin = {"type": "user", "sender_user": original["from"], "date": original["date"]}
    return send(s, {**p, "reply_markup": None}, forward_origin=origin, **content)


def _editable(s: FakeState, p: Params) -> dict[str, Any] | None:
    """The stored message an edit* targets; None for inline messages (not modelled)."""
    if p.get("inline_message_id"):
        return None
    if "chat_id" not in p or "message_id" not in p:
        raise bad_request("message identifier is not specified")
    msg = s.resolve_chat(p["chat_id"]).message(p["message_id"], "message to edit not found")
    if not s.is_from_bot(msg):
        raise bad_request("message can't be edited")
    return msg


def _apply_edit(s: FakeState, msg: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Telegram refuses an edit that changes nothing; missing reply_markup removes it."""
    if all(msg.get(k) == v for k, v in changes.items()):
        raise bad_request(NOT_MODIFIED)
    for key, value in changes.items():
        if value is None:
            msg.pop(key, None)
        else:
            msg[key] = value
    msg["edit_date"] = build.now()
    return s.api_view(msg)


@handles("editMessageText")
def edit_message_text(s: FakeState, p: Params, files: Files) -> dict[str, Any] | bool:
    msg = _editable(s, p)
    if "text" not in p:
        raise bad_request("message text is empty")
    if msg is None:
        return True
    if "text" not in msg:
        raise bad_request("there is no text in the message to edit")
    changes = _formatted(p, "text", "entities") | {"reply_markup": p.get("reply_markup")}
    return _apply_edit(s, msg, changes)


@handles("editMessageCaption")
def edit_message_caption(s: FakeState, p: Params, files: Files) -> dict[str, Any] | bool:
    msg = _editable(s, p)
    if msg is None:
        return True
    if not any(k in msg for k in ("photo", "document", "voice", "video", "audio", "animation")):
        raise bad_request("there is no caption in the message to edit")
    changes = {"caption": None, "caption_entities": None} | _caption(p)
    return _apply_edit(s, msg, changes | {"reply_markup": p.get("reply_markup")})


@handles("editMessageReplyMarkup")
def edit_message_reply_markup(s: FakeState, p: Params, files: Files) -> dict[str, Any] | bool:
    msg = _editable(s, p)
    if msg is None:
        return True
    return _apply_edit(s, msg, {"reply_markup": p.get("reply_markup")})


def _delete(s: FakeState, chat: ChatState, message_id: int) -> None:
    msg = chat.message(message_id, "message to delete not found")
    if not (chat.is_private or s.is_from_bot(msg) or s.bot_can(chat, "can_delete_messages")):
        raise bad_request("message can't be deleted")
    chat.deleted[message_id] = chat.messages.pop(message_id)


@handles("deleteMessage")
def delete_message(s: FakeState, p: Params, files: Files) -> bool:
    _delete(s, s.resolve_chat(p["chat_id"]), p["message_id"])
    return True


@handles("deleteMessages")
def delete_messages(s: FakeState, p: Params, files: Files) -> bool:
    chat = s.resolve_chat(p["chat_id"])
    for message_id in p["message_ids"]:
        if message_id in chat.messages:  # Telegram skips the ones it cannot find
            _delete(s, chat, message_id)
    return True


@handles("pinChatMessage")
def pin_chat_message(s: FakeState, p: Params, files: Files) -> bool:
    chat = s.resolve_chat(p["chat_id"])
    chat.message(p["message_id"], "message to pin not found")
    if p["message_id"] not in chat.pinned:
        chat.pinned.append(p["message_id"])
    return True


@handles("unpinChatMessage")
def unpin_chat_message(s: FakeState, p: Params, files: Files) -> bool:
    chat = s.resolve_chat(p["chat_id"])
    message_id = p.get("message_id") or (chat.pinned[-1] if chat.pinned else None)
    if message_id in chat.pinned:
        chat.pinned.remove(message_id)
    return True


@handles("unpinAllChatMessages")
def unpin_all_chat_messages(s: FakeState, p: Params, files: Files) -> bool:
    s.resolve_chat(p["chat_id"]).pinned.clear()
    return True


def fallback(s: FakeState, method: MethodSpec, p: Params) -> Any:
    """Answer for spec methods without a model: True, or a spec-shaped placeholder object.

    Real Telegram would often do more; the point is that the bot gets a parseable answer.
    """
    returns = method.returns
    if "Boolean" in returns:
        return True
    if "Message" in returns and "chat_id" in p:
        # sendSticker -> "sticker": fill the matching Message field with a minimal object.
        field = re.sub(r"(?<!^)(?=[A-Z])", "_", method.name.removeprefix("send")).lower()
        media = s.spec.fields("Message").get(field)
        content = {field: s.spec.default_value(media.types[0])} if media else {}
        return send(s, p, **content, **_caption(p))
    return s.spec.default_value(returns[0])
