"""Administrator rights: a method whose description in api.json demands one is refused in a
group where the bot lacks it, in Telegram's words. Read from the spec, not listed here, so
the fake checks what Telegram checks (deleteForumTopic needs can_delete_messages, not
can_manage_topics)."""

from __future__ import annotations

from typing import Any

from .errors import ApiError, bad_request
from .spec import MethodSpec
from .state import FakeState

# How Telegram (TDLib's ForumTopicManager, MessagesManager) words the refusal; others get
# the generic CHAT_ADMIN_REQUIRED.
_REFUSALS = {
    "createforumtopic": "not enough rights to create a topic",
    "editforumtopic": "not enough rights to edit the topic",
    "closeforumtopic": "not enough rights to close or open the topic",
    "reopenforumtopic": "not enough rights to close or open the topic",
    "deleteforumtopic": "not enough rights to delete the topic",
    "pinchatmessage": "not enough rights to manage pinned messages in the chat",
    "unpinchatmessage": "not enough rights to manage pinned messages in the chat",
    "unpinallchatmessages": "not enough rights to manage pinned messages in the chat",
}


def check_admin_rights(s: FakeState, method: MethodSpec, params: dict[str, Any]) -> None:
    """Raise Telegram's 400 when the bot lacks the right `method` needs in the target group.

    Left to the method itself: unknown chats, private chats (no administrators there) and
    topic methods in a chat without topics, which each have their own answer."""
    rule = s.spec.admin_rights(method.name)
    if rule is None or "chat_id" not in params:
        return
    try:
        chat = s.resolve_chat(params["chat_id"])
    except ApiError:
        return
    if chat.is_private or ("ForumTopic" in method.name and not chat.is_forum):
        return
    if any(s.bot_can(chat, right) for right in rule.rights):
        return
    thread = params.get("message_thread_id")
    if rule.unless_topic_creator and chat.topic_creators.get(thread) == s.bot_user["id"]:
        return
    raise bad_request(_REFUSALS.get(method.name.lower(), "CHAT_ADMIN_REQUIRED"))
