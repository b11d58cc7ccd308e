"""Bot API methods about the bot itself, updates, commands, chats, topics and files."""

from __future__ import annotations

from typing import Any

from .errors import ApiError, bad_request
from .state import ChatState, FakeState, handles

Params = dict[str, Any]
DEFAULT_TOPIC_COLOR = 7322096
_ACTIVE = ("creator", "administrator", "member", "restricted")


@handles("getMe")
def get_me(s: FakeState, p: Params, files: Any) -> dict[str, Any]:
    return s.bot_user


# -- updates and webhook ------------------------------------------------------------------


@handles("getUpdates")
async def get_updates(s: FakeState, p: Params, files: Any) -> list[dict[str, Any]]:
    if s.webhook["url"]:
        raise ApiError(
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
            status=409,
        )
    return await s.updates.get(
        offset=p.get("offset", 0),
        limit=p.get("limit", 100),
        poll_timeout=p.get("timeout", 0),
        allowed_updates=p.get("allowed_updates"),
    )


@handles("setWebhook")
def set_webhook(s: FakeState, p: Params, files: Any) -> bool:
    s.webhook = {"url": p["url"], "allowed_updates": p.get("allowed_updates")}
    if p.get("drop_pending_updates"):
        s.updates.drop_pending()
    return True


@handles("deleteWebhook")
def delete_webhook(s: FakeState, p: Params, files: Any) -> bool:
    s.webhook = {"url": ""}
    if p.get("drop_pending_updates"):
        s.updates.drop_pending()
    return True


@handles("getWebhookInfo")
def get_webhook_info(s: FakeState, p: Params, files: Any) -> dict[str, Any]:
    info = {"url": s.webhook["url"], "allowed_updates": s.webhook.get("allowed_updates")}
    info |= {"pending_update_count": len(s.updates.pending)}
    return s.spec.build("WebhookInfo", **info)


# -- commands -------------------------------------------------------------------------------


def _commands_key(p: Params) -> tuple[str, str]:
    return FakeState.scope_key(p.get("scope")), p.get("language_code") or ""


@handles("setMyCommands")
def set_my_commands(s: FakeState, p: Params, files: Any) -> bool:
    s.commands[_commands_key(p)] = list(p["commands"])
    return True


@handles("getMyCommands")
def get_my_commands(s: FakeState, p: Params, files: Any) -> list[dict[str, Any]]:
    return s.commands.get(_commands_key(p), [])


@handles("deleteMyCommands")
def delete_my_commands(s: FakeState, p: Params, files: Any) -> bool:
    s.commands.pop(_commands_key(p), None)
    return True


# -- callback queries -------------------------------------------------------------------------


@handles("answerCallbackQuery")
def answer_callback_query(s: FakeState, p: Params, files: Any) -> bool:
    # Each query can be answered once; unknown and repeated ids get the same complaint.
    if s.callback_queries.pop(p["callback_query_id"], None) is None:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    return True


@handles("answerInlineQuery")
def answer_inline_query(s: FakeState, p: Params, files: Any) -> bool:
    if s.inline_queries.pop(p["inline_query_id"], None) is None:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    results = p["results"]
    ids = [r["id"] for r in results]
    if len(results) > 50:
        raise bad_request("RESULTS_TOO_MUCH")
    if len(set(ids)) != len(ids) or any(len(i.encode()) > 64 for i in ids):
        raise bad_request(
            "RESULT_ID_DUPLICATE" if len(set(ids)) != len(ids) else "RESULT_ID_INVALID"
        )
    for result in results:
        text = result.get("input_message_content", {}).get("message_text")
        if text is not None and not 1 <= len(text.encode("utf-16-le")) // 2 <= 4096:
            raise bad_request("MESSAGE_TOO_LONG")
    s.inline_answers.append(p)
    return True


# -- forum topics -----------------------------------------------------------------------------


def _forum(s: FakeState, p: Params) -> ChatState:
    # The administrator right each topic method needs is checked before (rights.py, from the
    # method's description in api.json).
    chat = s.resolve_chat(p["chat_id"])
    if not chat.is_forum:
        raise bad_request("the chat is not a forum")
    return chat


def _topic(s: FakeState, p: Params) -> tuple[ChatState, dict[str, Any]]:
    chat = _forum(s, p)
    topic = chat.topics.get(p["message_thread_id"])
    if topic is None:
        raise bad_request("message thread not found")
    return chat, topic


@handles("createForumTopic")
def create_forum_topic(s: FakeState, p: Params, files: Any) -> dict[str, Any]:
    chat = _forum(s, p)
    created = {"name": p["name"], "icon_color": p.get("icon_color", DEFAULT_TOPIC_COLOR)}
    if emoji := p.get("icon_custom_emoji_id"):
        created["icon_custom_emoji_id"] = emoji
    # As on Telegram, the topic id is the id of its "topic created" service message.
    service = s.new_message(chat, s.bot_user, forum_topic_created=created)
    thread_id = service["message_id"]
    service |= {"message_thread_id": thread_id, "is_topic_message": True}
    chat.topics[thread_id] = {"message_thread_id": thread_id, **created}
    chat.topic_creators[thread_id] = s.bot_user["id"]
    return {"message_thread_id": thread_id, **created}


@handles("editForumTopic")
def edit_forum_topic(s: FakeState, p: Params, files: Any) -> bool:
    _, topic = _topic(s, p)
    changes = {k: p[k] for k in ("name", "icon_custom_emoji_id") if p.get(k)}
    if all(topic.get(k) == v for k, v in changes.items()):
        raise bad_request("TOPIC_NOT_MODIFIED")
    topic |= changes
    return True


def _set_closed(s: FakeState, p: Params, closed: bool) -> bool:
    _, topic = _topic(s, p)
    if bool(topic.get("is_closed")) == closed:
        raise bad_request("TOPIC_NOT_MODIFIED")
    topic["is_closed"] = closed
    return True


@handles("closeForumTopic")
def close_forum_topic(s: FakeState, p: Params, files: Any) -> bool:
    return _set_closed(s, p, closed=True)


@handles("reopenForumTopic")
def reopen_forum_topic(s: FakeState, p: Params, files: Any) -> bool:
    return _set_closed(s, p, closed=False)


@handles("deleteForumTopic")
def delete_forum_topic(s: FakeState, p: Params, files: Any) -> bool:
    chat, topic = _topic(s, p)
    thread_id = topic["message_thread_id"]
    del chat.topics[thread_id]
    chat.topic_creators.pop(thread_id, None)
    for message_id in [
        m for m, msg in chat.messages.items() if msg.get("message_thread_id") == thread_id
    ]:
        chat.deleted[message_id] = chat.messages.pop(message_id)
    return True


# -- chats and members ------------------------------------------------------------------------


@handles("getChat")
def get_chat(s: FakeState, p: Params, files: Any) -> dict[str, Any]:
    chat = s.resolve_chat(p["chat_id"])
    info = dict(chat.chat)
    if chat.pinned:
        info["pinned_message"] = s.api_view(chat.messages[chat.pinned[-1]])
    return s.spec.build("ChatFullInfo", max_reaction_count=11, **info)


@handles("getChatMember")
def get_chat_member(s: FakeState, p: Params, files: Any) -> dict[str, Any]:
    chat = s.resolve_chat(p["chat_id"])
    return s.member_status(chat, p["user_id"])


@handles("getChatAdministrators")
def get_chat_administrators(s: FakeState, p: Params, files: Any) -> list[dict[str, Any]]:
    chat = s.resolve_chat(p["chat_id"])
    if chat.is_private:
        raise bad_request("there are no administrators in the private chat")
    return [m for m in chat.members.values() if m["status"] in ("creator", "administrator")]


@handles("leaveChat")
def leave_chat(s: FakeState, p: Params, files: Any) -> bool:
    chat = s.resolve_chat(p["chat_id"])
    if chat.is_private:
        raise bad_request("chat member status can't be changed in private chats")
    s.check_bot_in(chat)
    chat.members[s.bot_user["id"]] = s.member_dict(s.bot_user, "left")
    return True


@handles("getChatMemberCount")
def get_chat_member_count(s: FakeState, p: Params, files: Any) -> int:
    chat = s.resolve_chat(p["chat_id"])
    return sum(1 for m in chat.members.values() if m["status"] in _ACTIVE)


# -- files --------------------------------------------------------------------------------------


@handles("getFile")
def get_file(s: FakeState, p: Params, files: Any) -> dict[str, Any]:
    stored = s.file(p["file_id"])
    return {
        "file_id": p["file_id"],
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
        "file_path": stored.file_path,
    }
