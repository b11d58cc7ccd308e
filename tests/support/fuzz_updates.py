"""Generated Telegram updates for the fuzz test, and a Bot API session that records every call.

The strategies build Bot API JSON the way Telegram sends it, and for a share the way it never
would. Buttons and topics are drawn from what the bot really showed so far (`World`), so a
parent mostly presses buttons she was given and a counsellor writes in real case topics: a
walk over invented ids alone would never get past the language picker.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

from bench.canned import BOT_USER, CannedSession
from bot.telegram.render import Act, StaffAct
from dialogs.info.cards import CARDS
from dialogs.locales import SUPPORTED
from dialogs.staff.templates import TEMPLATES
from tests.fakeapi import updates as build
from tests.fakeapi.rules import check_rules
from tests.fakeapi.spec import load_spec

STAFF = -1001000000001
COUNSELLOR = 7001  # the only member of the staff group, as getChatMember answers
STRANGERS = (6666, 6667)  # anybody else: getChatMember says "left"
PARENTS = tuple(range(1, 21))
FOREIGN_CHATS = (880001, 880002)  # private chats no sender owns: spoofed updates only
ANONYMOUS_ADMIN = 1087968824  # Telegram's GroupAnonymousBot
STAFF_CHAT = {"id": STAFF, "type": "supergroup", "title": "KI Beratung", "is_forum": True}
OTHER_CHATS = (
    {"id": -100200000001, "type": "supergroup", "title": "Elterncafé"},
    {"id": -4711, "type": "group", "title": "Nachbarn"},
)
CHANNEL = {"id": -100300000001, "type": "channel", "title": "Kreis-News"}
NOW = int(time.time())
TEXT_LIMIT = 10_000


@dataclass
class Call:
    method: str
    params: dict[str, str]  # as the client sends them: form fields, objects JSON-encoded


class RecordingSession(CannedSession):
    """The canned session, plus: every call is recorded and checked against the Bot API spec
    and Telegram's limits, membership is answered, and what the bot showed is remembered."""

    def __init__(self, counsellors: frozenset[int]) -> None:
        super().__init__()
        self.counsellors = counsellors
        self._spec = load_spec()
        self.forget()

    def forget(self) -> None:
        self.log: list[Call] = []
        self.violations: list[str] = []
        self.topics: list[int] = []
        self.shown: list[dict[str, Any]] = []  # bot messages with buttons, newest last
        self._threads: dict[tuple[int, int], int] = {}

    def _result(self, name: str, params: dict[str, Any]) -> Any:
        self.log.append(Call(name, dict(params)))
        method = self._spec.method(name)
        if method is None:
            self.violations.append(f"{name}: not a Bot API method")
        else:
            decoded, violations = self._spec.validate_request(method, params, {})
            violations += check_rules(method.name, decoded)
            self.violations += [str(v) for v in violations]
        match name:
            case "getChatMember":
                user_id = int(params["user_id"])
                status = "member" if user_id in self.counsellors else "left"
                return {"status": status, "user": user(user_id)}
            case "setMessageReaction" | "pinChatMessage" | "reopenForumTopic":
                return True
            case "copyMessage":
                return {"message_id": self._new_id()}
        result = super()._result(name, params)
        if name == "createForumTopic":
            self.topics.append(result["message_thread_id"])
        if isinstance(result, dict) and "chat" in result:
            result["message_id"] = int(result["message_id"])
            # Telegram marks messages in a forum topic (the staff router relies on that), and
            # an edited message stays in its topic.
            key = (result["chat"]["id"], result["message_id"])
            thread = self._threads.setdefault(key, int(params.get("message_thread_id") or 0))
            if thread:
                result |= {"message_thread_id": thread, "is_topic_message": True}
            if result.get("reply_markup"):
                self.shown.append(copy.deepcopy(result))
                del self.shown[:-300]
        return result


@dataclass
class World:
    """A snapshot of what exists now: the run's main parents, topics, shown buttons."""

    cast: list[int]
    topics: list[int] = field(default_factory=list)
    shown: list[dict[str, Any]] = field(default_factory=list)


def buttons_of(message: dict[str, Any]) -> list[str]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [b["callback_data"] for row in rows for b in row if "callback_data" in b]


# -- users and texts -----------------------------------------------------------------------------

# Supported, fallback (prs, ckb, kmr, be, three-letter) and unknown client languages.
CLIENT_LANGUAGES = "de ar uk fa prs ckb kmr be ara tir en-US pt-br zz xx-YY-ZZ ar-SY fa-AF tr so"
LANGUAGE_CODES = st.sampled_from([None, "", *CLIENT_LANGUAGES.split()])
NAMES = st.one_of(st.sampled_from(["Amal", "Omar", "Анна", "Ali", "O'Brien"]), st.text(max_size=20))
# Right-to-left marks, isolates, zero-width characters, a soft hyphen, a BOM: what breaks
# naive text handling, mixed with Arabic, emoji sequences and a flag.
TRICKY = "\u200f\u200e\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\ufeff\u00ad"
TRICKY_TEXT = st.lists(st.sampled_from([*TRICKY, "ا", "ب", "😀", "👨‍👩‍👧", "🇩🇪", "1", " "]))
HUGE_TEXT = st.builds(
    lambda piece, times: (piece * times)[:TEXT_LIMIT],
    st.text(min_size=1, max_size=12),
    st.integers(300, TEXT_LIMIT),
)
PLAUSIBLE_TEXTS = ["Amira", "01.03.2015", "2016-05-04", "3", "0", "12", "-1", "Dülmen", "ja"]
PLAUSIBLE_TEXTS += ["Lüdinghausen", "03.2023", "+49 170 1234567", "Syrien", " ", "\n\t", "٣"]
PLAUSIBLE = st.sampled_from(PLAUSIBLE_TEXTS)
ANY_TEXT = st.one_of(PLAUSIBLE, st.text(max_size=80), TRICKY_TEXT.map("".join), HUGE_TEXT)
# Commands of both audiences go to both: a parent typing /vorlage, a counsellor /deletedata.
PARENT_COMMANDS = ["start", "intake", "deletedata", "mydata", "contact", "help", "info", "menu"]
PARENT_COMMANDS += ["language", "START", "vorlage", "note", "einschaetzung", "as", "xyz"]
STAFF_COMMANDS = ["vorlagen", "vorlage", "queue", "liste", "hilfe", "help", "start", "name"]
STAFF_COMMANDS += ["note", "einschaetzung", "loeschen", "as", "xyz", "intake", "deletedata"]
COMMAND_ARGS = st.one_of(
    st.sampled_from(["", "ref-ab12", "counsellor", "an", "aus", "sek1 Zeugnis liegt vor"]),
    st.sampled_from([f"{t.key} 14.01.2027; 9:30; Rathaus" for t in TEMPLATES] + ["appt 99.99."]),
    ANY_TEXT,
)


def _command(name: str, mention: str, args: str) -> str:
    return f"/{name}{mention}" + (f" {args}" if args else "")


def commands(names: list[str]) -> st.SearchStrategy[str]:
    mentions = st.sampled_from(["", "", "@SchullotseBot", "@otherbot"])
    return st.builds(_command, st.sampled_from(names), mentions, COMMAND_ARGS)


PARENT_TEXT = st.one_of(PLAUSIBLE, commands(PARENT_COMMANDS), ANY_TEXT, st.sampled_from(["/"]))
STAFF_TEXT = st.one_of(commands(STAFF_COMMANDS), ANY_TEXT)


def user(user_id: int, name: str = "Amal", language: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"id": user_id, "is_bot": user_id == ANONYMOUS_ADMIN, "first_name": name}
    return data | ({"language_code": language} if language is not None else {})


USER_IDS = st.sampled_from([*PARENTS, COUNSELLOR, *STRANGERS])


def users(ids: st.SearchStrategy[int] = USER_IDS) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(user, ids, NAMES, LANGUAGE_CODES)


def cast_or_anyone(world: World) -> st.SearchStrategy[int]:
    # Two in three updates come from the run's few main parents, so that their dialogs get
    # somewhere; the rest from anybody, the counsellor and strangers included.
    return st.one_of(st.sampled_from(world.cast), st.sampled_from(world.cast), USER_IDS)


# -- messages ------------------------------------------------------------------------------------

OTHER_CONTENT = [
    {"location": {"latitude": 51.83, "longitude": 7.28}},
    {"contact": {"phone_number": "+491701234567", "first_name": "Amal"}},
    {"dice": {"emoji": "🎲", "value": 4}},
    {"new_chat_members": [user(4444)]},
    {"left_chat_member": user(4444)},
    {"forum_topic_created": {"name": "x", "icon_color": 7322096}},
    {"text": ""},
]


@st.composite
def content(draw: st.DrawFn, texts: st.SearchStrategy[str]) -> dict[str, Any]:
    """What a message carries: mostly text, else media, a location, a service message."""
    kind = draw(st.sampled_from(["text"] * 6 + ["sticker", "photo", "document", "voice", "-"]))
    file_id, unique = build.file_ids(kind, draw(st.integers(1, 999)))
    match kind:
        case "text":
            text = draw(texts)
            return {"text": text, "entities": build.command_entities(text) or None}
        case "sticker":
            return {"sticker": build.sticker(file_id, unique, "😀")}
        case "photo":
            photo = build.photo_sizes(file_id, unique, 5000)
            return {"photo": photo, "caption": draw(st.one_of(st.none(), ANY_TEXT))}
        case "document":
            document = {"file_id": file_id, "file_unique_id": unique, "file_name": "Zeugnis.pdf"}
            return {"document": document, "caption": draw(st.one_of(st.none(), ANY_TEXT))}
        case "voice":
            return {"voice": {"file_id": file_id, "file_unique_id": unique, "duration": 3}}
    return draw(st.sampled_from(OTHER_CONTENT))


def message(
    sender: dict[str, Any] | None, chat: dict[str, Any], body: dict[str, Any], message_id: int
) -> dict[str, Any]:
    msg = {"message_id": message_id, "date": NOW, "chat": chat, "from": sender, **body}
    return {k: v for k, v in msg.items() if v is not None}


def as_update(msg: dict[str, Any], edited: bool = False, kind: str = "message") -> dict[str, Any]:
    if edited:
        return {"update_id": 0, f"edited_{kind}": msg | {"edit_date": NOW + 1}}
    return {"update_id": 0, kind: msg}


def private_chat(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "type": "private", "first_name": "Amal"}


MESSAGE_IDS = st.integers(1, 2**31 - 1)
EDITED = st.sampled_from([False] * 9 + [True])


@st.composite
def private_message(draw: st.DrawFn, world: World) -> dict[str, Any]:
    sender = draw(users(cast_or_anyone(world)))
    chat_id = sender["id"]
    if draw(st.integers(0, 40)) == 0:  # Telegram never sends this: chat and sender differ
        chat_id = draw(st.sampled_from([*FOREIGN_CHATS, *world.cast]))
    msg = message(sender, private_chat(chat_id), draw(content(PARENT_TEXT)), draw(MESSAGE_IDS))
    return as_update(msg, draw(EDITED))


@st.composite
def staff_message(draw: st.DrawFn, world: World) -> dict[str, Any]:
    sender = draw(users(st.sampled_from([COUNSELLOR, COUNSELLOR, COUNSELLOR, *STRANGERS, 3])))
    msg = message(sender, STAFF_CHAT, draw(content(STAFF_TEXT)), draw(MESSAGE_IDS))
    if draw(st.integers(0, 20)) == 0:  # an anonymous admin posts as the group
        msg |= {"from": user(ANONYMOUS_ADMIN, "Group"), "sender_chat": STAFF_CHAT}
    topics = [st.sampled_from(world.topics)] * 3 if world.topics else []
    if (thread := draw(st.one_of(*topics, st.none(), st.integers(1, 5000)))) is not None:
        # In a topic; without the mark it is a reply in General, which Telegram threads too.
        msg["message_thread_id"] = thread
        msg["is_topic_message"] = draw(st.sampled_from([True, True, True, None]))
    return as_update({k: v for k, v in msg.items() if v is not None}, draw(EDITED))


@st.composite
def elsewhere_message(draw: st.DrawFn, world: World) -> dict[str, Any]:
    """Unknown groups (a parent among them), a channel, and update kinds we do not handle."""
    where = draw(st.sampled_from(["group", "group", "channel", "inline", "member", "poll"]))
    sender = draw(users(cast_or_anyone(world)))
    if where == "group":
        texts = st.one_of(commands(["start", "help", "intake", "vorlagen"]), ANY_TEXT)
        msg = message(sender, draw(st.sampled_from(OTHER_CHATS)), draw(content(texts)), 7)
        return as_update(msg, draw(EDITED))
    if where == "channel":
        msg = message(None, CHANNEL, draw(content(PARENT_TEXT)), 8) | {"sender_chat": CHANNEL}
        return as_update(msg, draw(EDITED), kind="channel_post")
    if where == "inline":
        query = {"id": "iq1", "from": sender, "query": draw(ANY_TEXT), "offset": ""}
        return {"update_id": 0, "inline_query": query}
    if where == "member":
        chat = draw(st.sampled_from([STAFF_CHAT, *OTHER_CHATS, private_chat(sender["id"])]))
        old, new = {"status": "member", "user": BOT_USER}, {"status": "left", "user": BOT_USER}
        change = {"chat": chat, "from": sender, "date": NOW, "old_chat_member": old}
        return {"update_id": 0, "my_chat_member": change | {"new_chat_member": new}}
    return {"update_id": 0, "poll_answer": {"poll_id": "p1", "user": sender, "option_ids": [0]}}


# -- button presses ------------------------------------------------------------------------------

PARENT_ACTIONS = [
    "m",
    "info",
    "in",
    "talk",
    "leave",
    "case",
    "my",
    "del",
    "del.yes",
    "del.no",
    "ki",
]
PARENT_ACTIONS += ["ok.yes", "ok.no", "sp.yes", "sp.no", "lang", "send", "b", "?", "", "info.x"]
PARENT_ACTIONS += ["lang.page.1", "lang.page.99", "lang.zz", "lang.page.-1", "a.1", "e", "."]
PARENT_ACTIONS += [f"lang.{code}" for code in SUPPORTED] + [f"info.{c.key}" for c in CARDS]
STAFF_VERBS = ["claim", "close", "closeok", "reopen", "est", "tpls", "tpl", "send", "drop", "erase"]
STAFF_VERBS += ["x"]
INDEX = st.integers(-1, 40)


@st.composite
def invented_data(draw: st.DrawFn) -> str | None:
    """Callback data nobody showed: real verbs with wrong numbers, and plain garbage."""
    choice = draw(st.integers(0, 4))
    if choice == 0:
        return Act(a=draw(st.sampled_from(PARENT_ACTIONS))).pack()
    if choice == 1:
        verb = draw(st.sampled_from(["a", "t", "e", "s", "d"]))
        return Act(a=f"{verb}.{draw(INDEX)}.{draw(INDEX)}").pack()
    if choice == 2:
        arg = draw(st.sampled_from(["", ".docs", ".appt", ".nope", ".1"]))
        return StaffAct(v=f"{draw(st.sampled_from(STAFF_VERBS))}.{draw(INDEX)}{arg}").pack()
    if choice == 3:
        return None  # a game button carries no data
    return draw(st.text(max_size=64)).encode()[:64].decode(errors="ignore")  # 64 bytes at most


@st.composite
def callback(draw: st.DrawFn, world: World, staff: bool = False) -> dict[str, Any]:
    """A press on a shown keyboard (own, someone else's, outdated), or on none at all."""
    if staff:
        ids = [COUNSELLOR, COUNSELLOR, COUNSELLOR, *STRANGERS, 3]
        sender_id, home = draw(st.sampled_from(ids)), STAFF
    else:
        sender_id = home = draw(cast_or_anyone(world))
    own = [m for m in world.shown if m["chat"]["id"] == home]
    source = draw(st.sampled_from(["own"] * 8 + ["foreign", "synthetic", "none", "gone"]))
    msg: dict[str, Any] | None = None
    if source == "own" and own:
        # Mostly the newest keyboard, sometimes an older one still on the screen.
        msg = own[-1 - draw(st.integers(0, min(len(own) - 1, 4)))]
    elif source == "foreign" and world.shown:
        msg = draw(st.sampled_from(world.shown))  # another chat's: Telegram never sends it
    elif source != "none":
        chat = STAFF_CHAT if staff else private_chat(home)
        msg = message(BOT_USER, chat, {"text": "…"}, draw(MESSAGE_IDS))
        if source == "gone":  # too old for Telegram to include: an InaccessibleMessage
            msg = {"message_id": msg["message_id"], "chat": chat, "date": 0}
    options = buttons_of(msg) if msg is not None else []
    # The button's own data, or data from any recent keyboard (another user's, an old one).
    everywhere = [d for m in world.shown[-40:] for d in buttons_of(m)]
    sources = [st.sampled_from(options)] * 4 if options else []
    sources += [st.sampled_from(everywhere)] if everywhere else []
    data = draw(st.one_of(*sources, invented_data()))
    sender = user(sender_id, draw(NAMES), draw(LANGUAGE_CODES))
    query = {"id": f"cq{draw(MESSAGE_IDS)}", "from": sender, "chat_instance": "ci", "data": data}
    query |= {"message": msg} if msg is not None else {"inline_message_id": "AgAAAInline"}
    return {"update_id": 0, "callback_query": {k: v for k, v in query.items() if v is not None}}


def staff_callback(world: World) -> st.SearchStrategy[dict[str, Any]]:
    return callback(world, staff=True)


# -- updates Telegram would never send -----------------------------------------------------------

WRONG_VALUES = st.one_of(
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20) | st.booleans() | st.none(),
    st.lists(st.integers(), max_size=2) | st.dictionaries(st.text(max_size=5), st.integers()),
)
GARBAGE = st.sampled_from(
    [{"update_id": "eins"}, {"update_id": 0}, {"update_id": 0, "future_update": {"x": 1}}]
    + [{"update_id": 0, "message": m} for m in ("hallo", {}, None, {"chat": None, "date": NOW})]
    + [{"update_id": 0, "callback_query": {"id": "1"}}]
)


def beyond_64_bits(value: Any) -> bool:
    """Telegram's ids fit in 52 bits; a bigger one cannot even be stored (BIGINT)."""
    if isinstance(value, dict | list):
        return any(map(beyond_64_bits, value.values() if isinstance(value, dict) else value))
    return isinstance(value, int) and abs(value) >= 2**63


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key or index inside a JSON value, depth first."""
    items = value.items() if isinstance(value, dict) else enumerate(value)
    paths: list[tuple[Any, ...]] = []
    for key, child in items:
        paths.append((*prefix, key))
        if isinstance(child, dict | list) and child:
            paths += _paths(child, (*prefix, key))
    return paths


@st.composite
def abused(draw: st.DrawFn, base: st.SearchStrategy[dict[str, Any]]) -> dict[str, Any]:
    """A valid update with one field of the wrong type, missing, or an unknown one added."""
    update = copy.deepcopy(draw(base))
    path = draw(st.sampled_from(_paths(update)))
    parent = update
    for key in path[:-1]:
        parent = parent[key]
    how = draw(st.sampled_from(["retype", "retype", "drop", "extra"]))
    if how == "drop" and isinstance(parent, dict):
        del parent[path[-1]]
    elif how == "extra" and isinstance(parent, dict):
        parent[draw(st.text(min_size=1, max_size=12))] = draw(WRONG_VALUES)
    else:
        parent[path[-1]] = draw(WRONG_VALUES)
    return update


def hostile(world: World) -> st.SearchStrategy[dict[str, Any]]:
    valid = private_message(world) | staff_message(world) | callback(world)
    return abused(valid) | abused(valid) | GARBAGE
