"""Simulated user activity: helpers that queue updates for the bot's getUpdates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import updates as build
from .state import ChatState, FakeState
from .updates import FakeUser

ChatRef = int | dict[str, Any] | None

# Stand-in bytes for media a user "sends", so getFile + download have something to return.
_PHOTO_BYTES = b"\xff\xd8\xff\xe0fake-jpeg"
_VOICE_BYTES = b"OggSfake-opus"


class PushMixin:
    """Part of FakeBotAPI; expects `state` and `_touch` from the server class."""

    state: FakeState
    _touch: Callable[[], None]

    # -- chats ------------------------------------------------------------------------------

    def add_group(
        self,
        chat_id: int,
        title: str,
        chat_type: str | None = None,
        bot_status: str = "administrator",
        **bot_rights: bool,
    ) -> dict[str, Any]:
        """Register a group; type is "supergroup" for -100... ids unless given. `bot_rights`
        change the administrator rights the bot has (all it might need, by default):
        `can_delete_messages=False`."""
        chat = build.group_chat(chat_id, title, chat_type)
        return self.state.add_group(chat, bot_status, bot_rights).chat

    def add_forum_chat(
        self, chat_id: int, title: str, bot_status: str = "administrator", **bot_rights: bool
    ) -> dict[str, Any]:
        """Register a forum supergroup (topics enabled); the bot is an admin by default, with
        every right it might need unless `bot_rights` say otherwise."""
        chat = build.group_chat(chat_id, title, "supergroup", is_forum=True)
        return self.state.add_group(chat, bot_status, bot_rights).chat

    def set_bot_rights(self, chat_id: int, **bot_rights: bool) -> dict[str, Any]:
        """The group's owner changes the bot's administrator rights (grants or takes some)."""
        chat = self.state.resolve_chat(chat_id)
        member = chat.members[self.state.bot_user["id"]]
        assert member["status"] == "administrator", "only an administrator has rights"
        member |= bot_rights
        self._touch()
        return member

    def add_member(
        self, chat_id: int, user: FakeUser | int, status: str = "member"
    ) -> dict[str, Any]:
        """Set `user`'s ChatMember status ("creator", "administrator", "member", ...)."""
        chat = self.state.resolve_chat(chat_id)
        if isinstance(user, FakeUser):
            self.state.users[user.id] = user.to_dict()
            user_id = user.id
        else:
            user_id = user
        member = self.state.member_dict(self.state.user_dict(user_id), status)
        chat.members[user_id] = member
        return member

    def _bot_status_changes(self, user: FakeUser, state: ChatState, status: str) -> dict[str, Any]:
        """The bot's membership in a group changes (by `user`): the my_chat_member update."""
        self.state.users[user.id] = user.to_dict()
        bot_id = self.state.bot_user["id"]
        old = self.state.member_status(state, bot_id)
        new = self.state.member_dict(self.state.bot_user, status)
        state.members[bot_id] = new
        update = build.chat_member_updated(state.chat, user, old, new)
        return self._push("my_chat_member", update)

    def push_bot_added(
        self,
        user: FakeUser,
        chat_id: int,
        title: str,
        members: int = 0,
        status: str = "member",
    ) -> dict[str, Any]:
        """`user` adds the bot to group `chat_id` (made if new, with `members` more members
        besides `user`)."""
        state = self.state.chats.get(chat_id)
        if state is None:
            state = self.state.add_group(build.group_chat(chat_id, title), "left")
            for extra in range(members):
                other = 9_000_000 + abs(chat_id) % 100_000 * 100 + extra
                state.members[other] = self.state.member_dict(self.state.user_dict(other), "member")
        state.members[user.id] = self.state.member_dict(user.to_dict(), "member")
        return self._bot_status_changes(user, state, status)

    def push_bot_removed(self, user: FakeUser, chat_id: int) -> dict[str, Any]:
        """`user` removes the bot from the group."""
        return self._bot_status_changes(user, self.state.resolve_chat(chat_id), "left")

    def push_migration(self, user: FakeUser, old_chat_id: int, new_chat_id: int) -> None:
        """A basic group becomes a supergroup, as Telegram shows it: a service message with
        `migrate_to_chat_id` in the old chat, one with `migrate_from_chat_id` in the new."""
        old = self.state.resolve_chat(old_chat_id)
        new = self.state.add_group(
            build.group_chat(new_chat_id, old.chat["title"], "supergroup"), "member"
        )
        new.members = dict(old.members)
        self._push(
            "message", self._user_message(user, old_chat_id, None, migrate_to_chat_id=new_chat_id)
        )
        old.migrated_to = new_chat_id
        msg = self.state.new_message(new, user.to_dict(), migrate_from_chat_id=old_chat_id)
        self._push("message", self.state.api_view(msg))

    def block_bot(self, user: FakeUser | int) -> None:
        """The user blocked the bot: sending to them answers 403 like Telegram."""
        self.state.blocked.add(user.id if isinstance(user, FakeUser) else user)

    def _chat(self, user: FakeUser, chat: ChatRef) -> ChatState:
        private = self.state.remember_user(user)
        if chat is None:
            return private
        chat_id = chat["id"] if isinstance(chat, dict) else chat
        state = self.state.chats.get(chat_id)
        if state is None:
            raise AssertionError(
                f"chat {chat_id} unknown: register it with add_group/add_forum_chat"
            )
        if user.id not in state.members:
            state.members[user.id] = self.state.member_dict(user.to_dict(), "member")
        return state

    # -- updates ----------------------------------------------------------------------------

    def push_raw(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue any update dict; update_id is assigned when missing."""
        queued = self.state.updates.push(update)
        self._touch()
        return queued

    def _push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        return self.push_raw({kind: payload})

    def _user_message(
        self, user: FakeUser, chat: ChatRef, thread_id: int | None, **content: Any
    ) -> dict[str, Any]:
        state = self._chat(user, chat)
        if thread_id is not None and thread_id not in state.topics:
            raise AssertionError(f"chat {state.id} has no topic {thread_id}")
        msg = self.state.new_message(state, user.to_dict(), thread_id, **content)
        # The queued update must not change when the stored message is edited later.
        return self.state.api_view(msg)

    def push_text(
        self,
        user: FakeUser,
        text: str,
        chat: ChatRef = None,
        thread_id: int | None = None,
        reply_to: int | None = None,
    ) -> dict[str, Any]:
        """The user writes `text` (private chat by default, or a group / forum topic)."""
        state = self._chat(user, chat)
        replied = None
        if reply_to is not None:
            replied = self.state.api_view(state.message(reply_to, f"no message {reply_to}"))
            replied.pop("reply_to_message", None)
        msg = self._user_message(
            user,
            chat,
            thread_id,
            text=text,
            entities=build.command_entities(text) or None,
            reply_to_message=replied,
        )
        return self._push("message", msg)

    def push_command(
        self,
        user: FakeUser,
        command: str,
        args: str | None = None,
        chat: ChatRef = None,
        thread_id: int | None = None,
    ) -> dict[str, Any]:
        """E.g. push_command(user, "/start", args="ref-abc") -> "/start ref-abc"."""
        text = command if command.startswith("/") else f"/{command}"
        return self.push_text(user, f"{text} {args}" if args else text, chat, thread_id)

    def push_callback(
        self,
        user: FakeUser,
        message: dict[str, Any] | int,
        data: str,
        chat: ChatRef = None,
    ) -> dict[str, Any]:
        """The user presses an inline button under a message the bot sent.

        `message` is that message (dict) or its id in `chat` (default: the user's private
        chat); the update carries the message as currently stored, i.e. after edits.
        """
        if isinstance(message, dict):
            chat, message_id = message["chat"]["id"], message["message_id"]
        else:
            message_id = message
        state = self._chat(user, chat)
        stored = state.messages.get(message_id)
        if stored is None:
            raise AssertionError(f"no message {message_id} in chat {state.id} to press a button on")
        query_id = str(4_000_000_000_000 + self.state.next_serial())
        query = build.callback_query(query_id, user, self.state.api_view(stored), data)
        self.state.callback_queries[query_id] = query
        return self._push("callback_query", query)

    def push_button(
        self, user: FakeUser, label: str, chat: ChatRef = None, thread_id: int | None = None
    ) -> dict[str, Any]:
        """Press the inline button whose text contains `label` on the bot's latest message
        (in `chat`/`thread_id`) that shows such a button."""
        return self._press(
            user, chat, thread_id, f"a button {label!r}", lambda b: label in b.get("text", "")
        )

    def push_button_data(
        self,
        user: FakeUser,
        data: str,
        chat: ChatRef = None,
        thread_id: int | None = None,
        *,
        prefix: bool = False,
    ) -> dict[str, Any]:
        """Press the inline button carrying callback data `data` (with prefix=True: data that
        starts with it) on the bot's latest message (in `chat`/`thread_id`) that shows one."""

        def matches(button: dict[str, Any]) -> bool:
            found = str(button["callback_data"])
            return found.startswith(data) if prefix else found == data

        return self._press(user, chat, thread_id, f"a button with data {data!r}", matches)

    def _press(
        self,
        user: FakeUser,
        chat: ChatRef,
        thread_id: int | None,
        wanted: str,
        matches: Callable[[dict[str, Any]], bool],
    ) -> dict[str, Any]:
        state = self._chat(user, chat)
        for msg in sorted(state.messages.values(), key=lambda m: -m["message_id"]):
            if not self.state.is_from_bot(msg):
                continue
            if thread_id is not None and msg.get("message_thread_id") != thread_id:
                continue
            rows = msg.get("reply_markup", {}).get("inline_keyboard", [])
            for button in (b for row in rows for b in row):
                if "callback_data" in button and matches(button):
                    return self.push_callback(user, msg, button["callback_data"], chat)
        where = f"chat {state.id}" + (f" (topic {thread_id})" if thread_id is not None else "")
        raise AssertionError(f"no bot message in {where} shows {wanted}")

    def push_inline_query(self, user: FakeUser, query: str) -> dict[str, Any]:
        """The user types `@bot <query>` in some chat (inline mode)."""
        self.state.users[user.id] = user.to_dict()
        query_id = str(5_000_000_000_000 + self.state.next_serial())
        payload = {"id": query_id, "from": user.to_dict(), "query": query, "offset": ""}
        self.state.inline_queries[query_id] = payload
        return self._push("inline_query", payload)

    def push_edited_text(
        self, user: FakeUser, message_id: int, text: str, chat: ChatRef = None
    ) -> dict[str, Any]:
        """The user edits one of their earlier messages."""
        state = self._chat(user, chat)
        msg = state.messages.get(message_id)
        if msg is None or msg["from"]["id"] != user.id:
            raise AssertionError(f"user {user.id} has no message {message_id} in chat {state.id}")
        msg |= {"text": text, "edit_date": build.now()}
        msg.pop("entities", None)
        if entities := build.command_entities(text):
            msg["entities"] = entities
        return self._push("edited_message", self.state.api_view(msg))

    def push_service(
        self, user: FakeUser, chat: ChatRef = None, thread_id: int | None = None, **content: Any
    ) -> dict[str, Any]:
        """What `user` did shows as a service message: `pinned_message=<message>`,
        `forum_topic_edited={"name": …}`, `forum_topic_closed={}` …"""
        return self._push("message", self._user_message(user, chat, thread_id, **content))

    def push_sticker(
        self, user: FakeUser, emoji: str = "👍", chat: ChatRef = None, thread_id: int | None = None
    ) -> dict[str, Any]:
        stored = self.state.add_file("sticker", b"RIFFfake-webp", "sticker.webp")
        sticker = build.sticker(stored.file_id, stored.file_unique_id, emoji)
        return self._push("message", self._user_message(user, chat, thread_id, sticker=sticker))

    def push_photo(
        self,
        user: FakeUser,
        caption: str | None = None,
        chat: ChatRef = None,
        thread_id: int | None = None,
        content: bytes = _PHOTO_BYTES,
    ) -> dict[str, Any]:
        stored = self.state.add_file("photo", content, "photo.jpg")
        sizes = build.photo_sizes(stored.file_id, stored.file_unique_id, len(content))
        msg = self._user_message(user, chat, thread_id, photo=sizes, caption=caption)
        return self._push("message", msg)

    def push_document(
        self,
        user: FakeUser,
        file_name: str = "document.pdf",
        mime_type: str = "application/pdf",
        content: bytes = b"%PDF-1.4 fake",
        caption: str | None = None,
        chat: ChatRef = None,
        thread_id: int | None = None,
    ) -> dict[str, Any]:
        stored = self.state.add_file("document", content, file_name)
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(content),
        }
        msg = self._user_message(user, chat, thread_id, document=document, caption=caption)
        return self._push("message", msg)

    def push_voice(
        self,
        user: FakeUser,
        duration: int = 3,
        content: bytes = _VOICE_BYTES,
        chat: ChatRef = None,
        thread_id: int | None = None,
    ) -> dict[str, Any]:
        stored = self.state.add_file("voice", content, "voice.ogg")
        voice = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(content),
        }
        return self._push("message", self._user_message(user, chat, thread_id, voice=voice))

    def push_location(
        self,
        user: FakeUser,
        latitude: float = 51.5136,
        longitude: float = 7.4653,
        chat: ChatRef = None,
        thread_id: int | None = None,
    ) -> dict[str, Any]:
        location = {"latitude": latitude, "longitude": longitude}
        return self._push("message", self._user_message(user, chat, thread_id, location=location))
