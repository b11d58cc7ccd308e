"""What the fake Telegram remembers: chats, their messages, topics, members, files, commands."""

from __future__ import annotations

import copy
import itertools
import mimetypes
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from . import updates as build
from .errors import ApiError, bad_request
from .polling import UpdateQueue
from .spec import Spec, Upload

MemberDict = dict[str, Any]


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes


@dataclass
class ChatState:
    chat: dict[str, Any]
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    deleted: dict[int, dict[str, Any]] = field(default_factory=dict)
    topics: dict[int, dict[str, Any]] = field(default_factory=dict)  # ForumTopic + "is_closed"
    topic_creators: dict[int, int] = field(default_factory=dict)  # thread id -> user id
    members: dict[int, MemberDict] = field(default_factory=dict)
    pinned: list[int] = field(default_factory=list)
    last_message_id: int = 0
    migrated_to: int | None = None  # a basic group that became this supergroup

    @property
    def id(self) -> int:
        return int(self.chat["id"])

    @property
    def is_private(self) -> bool:
        return self.chat["type"] == "private"

    @property
    def is_forum(self) -> bool:
        return bool(self.chat.get("is_forum"))

    def next_message_id(self) -> int:
        # Telegram numbers messages per chat; user and bot messages share the sequence.
        self.last_message_id += 1
        return self.last_message_id

    def message(self, message_id: int, not_found: str) -> dict[str, Any]:
        try:
            return self.messages[message_id]
        except KeyError:
            raise bad_request(not_found) from None


# Administrator rights a fake admin gets; everything the bot might need for topics etc.
_ADMIN_RIGHTS = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": True,
    "can_restrict_members": True,
    "can_promote_members": False,
    "can_change_info": True,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
    "can_pin_messages": True,
    "can_manage_topics": True,
}
_MEMBER_TYPES = {
    "creator": "ChatMemberOwner",
    "administrator": "ChatMemberAdministrator",
    "member": "ChatMemberMember",
    "restricted": "ChatMemberRestricted",
    "left": "ChatMemberLeft",
    "kicked": "ChatMemberBanned",
}


class FakeState:
    def __init__(self, spec: Spec, bot_user: dict[str, Any]) -> None:
        self.spec = spec
        self.bot_user = bot_user
        self.chats: dict[int, ChatState] = {}
        self.users: dict[int, dict[str, Any]] = {}
        self.files: dict[str, StoredFile] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook: dict[str, Any] = {"url": ""}
        self.callback_queries: dict[str, dict[str, Any]] = {}  # id -> query, until answered
        self.inline_queries: dict[str, dict[str, Any]] = {}  # id -> query, until answered
        self.inline_answers: list[dict[str, Any]] = []  # answerInlineQuery parameters
        self.blocked: set[int] = set()
        self.updates = UpdateQueue()
        self._serial = itertools.count(1)

    # -- chats and users --------------------------------------------------------------------

    def remember_user(self, user: build.FakeUser) -> ChatState:
        self.users[user.id] = user.to_dict()
        chat = self.chats.get(user.id)
        if chat is None:
            chat = self.chats[user.id] = ChatState(build.private_chat(user))
            chat.members[user.id] = self.member_dict(user.to_dict(), "member")
        return chat

    def add_group(
        self, chat: dict[str, Any], bot_status: str, bot_rights: dict[str, bool] | None = None
    ) -> ChatState:
        # Message 1 is the "group created" service message; in forums thread id 1 is also
        # the General topic, so real topics start at 2.
        state = self.chats[chat["id"]] = ChatState(chat, last_message_id=1)
        state.members[self.bot_user["id"]] = self.member_dict(
            self.bot_user, bot_status, **(bot_rights or {})
        )
        return state

    def user_dict(self, user_id: int) -> dict[str, Any]:
        return self.users.get(user_id) or {
            "id": user_id,
            "is_bot": False,
            "first_name": f"User {user_id}",
        }

    def member_dict(self, user: dict[str, Any], status: str, **extra: Any) -> MemberDict:
        type_name = _MEMBER_TYPES[status]
        fields = self.spec.fields(type_name)
        defaults = (
            {k: v for k, v in _ADMIN_RIGHTS.items() if k in fields}
            if status == "administrator"
            else {}
        )
        if status == "restricted":
            defaults = {k: True for k, f in fields.items() if f.required and k.startswith("can_")}
            defaults |= {"is_member": True, "until_date": 0}
        if status == "kicked":
            defaults["until_date"] = 0
        member = self.spec.build(type_name, status=status, user=user, **(defaults | extra))
        if status == "administrator":
            # aiogram 3.31 requires this field although the pinned api.json lacks it; without
            # it aiogram cannot parse the answer at all.
            member.setdefault("can_send_welcome_messages", False)
        return member

    def resolve_chat(self, chat_id: int | str) -> ChatState:
        if isinstance(chat_id, str):
            found = next(
                (c for c in self.chats.values() if f"@{c.chat.get('username')}" == chat_id), None
            )
            if found is None:
                raise bad_request("chat not found")
            return found
        if chat_id in self.blocked:
            raise ApiError("Forbidden: bot was blocked by the user", status=403)
        chat = self.chats.get(chat_id)
        if chat is None and chat_id > 0:
            # A user id the fake has not met yet: still a private chat (the test may not care).
            chat = self.remember_user(build.FakeUser(chat_id, f"User {chat_id}"))
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def member_status(self, chat: ChatState, user_id: int) -> MemberDict:
        return chat.members.get(user_id) or self.member_dict(self.user_dict(user_id), "left")

    def check_bot_in(self, chat: ChatState) -> None:
        """What Telegram answers when the bot writes to a group it is no longer in."""
        if chat.migrated_to is not None:
            raise bad_request("group chat was upgraded to a supergroup chat")
        status = self.member_status(chat, self.bot_user["id"])["status"]
        if status == "kicked":
            raise ApiError("Forbidden: bot was kicked from the group chat", status=403)
        if status == "left":
            raise ApiError("Forbidden: bot is not a member of the group chat", status=403)

    def bot_can(self, chat: ChatState, right: str) -> bool:
        member = self.member_status(chat, self.bot_user["id"])
        return member["status"] == "creator" or bool(member.get(right))

    # -- messages ---------------------------------------------------------------------------

    def new_message(
        self,
        chat: ChatState,
        sender: dict[str, Any],
        thread_id: int | None = None,
        **content: Any,
    ) -> dict[str, Any]:
        msg = build.message(chat.next_message_id(), chat.chat, sender, thread_id, **content)
        chat.messages[msg["message_id"]] = msg
        return msg

    def is_from_bot(self, msg: dict[str, Any]) -> bool:
        return msg.get("from", {}).get("id") == self.bot_user["id"]

    @staticmethod
    def api_view(msg: dict[str, Any]) -> dict[str, Any]:
        """A stored message as Telegram returns it: only inline keyboards are echoed back."""
        view = copy.deepcopy(msg)
        if "inline_keyboard" not in view.get("reply_markup", {}):
            view.pop("reply_markup", None)
        return view

    # -- files ------------------------------------------------------------------------------

    def add_file(self, kind: str, content: bytes, filename: str | None = None) -> StoredFile:
        serial = next(self._serial)
        file_id, unique_id = build.file_ids(kind, serial)
        suffix = mimetypes.guess_extension(mimetypes.guess_type(filename or "")[0] or "") or ""
        folder = {"photo": "photos", "voice": "voice", "sticker": "stickers"}.get(kind, "documents")
        stored = StoredFile(file_id, unique_id, f"{folder}/file_{serial}{suffix}", content)
        self.files[file_id] = stored
        return stored

    def file(self, file_id: str) -> StoredFile:
        stored = self.files.get(file_id)
        if stored is None:
            # Photo size variants share the content of the full-size file.
            stored = self.files.get(file_id.removesuffix("_s"))
        if stored is None:
            raise bad_request("invalid file_id")
        return stored

    def next_serial(self) -> int:
        return next(self._serial)

    # -- bot commands -----------------------------------------------------------------------

    @staticmethod
    def scope_key(scope: dict[str, Any] | None) -> str:
        scope = scope or {"type": "default"}
        parts = [str(scope.get(k, "")) for k in ("type", "chat_id", "user_id")]
        return ":".join(parts)


# A Bot API method implementation: (state, decoded params, uploads by param name) -> result.
Handler = Callable[["FakeState", dict[str, Any], dict[str, Upload]], Any | Awaitable[Any]]
HANDLERS: dict[str, Handler] = {}


def handles(*methods: str) -> Callable[[Handler], Handler]:
    """Register an implementation; keys are lower-case because Telegram ignores case."""

    def register(handler: Handler) -> Handler:
        for method in methods:
            HANDLERS[method.lower()] = handler
        return handler

    return register
