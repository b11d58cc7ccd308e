"""A fake Telegram Bot API server for end-to-end tests with the real aiogram client.

    async with FakeBotAPI() as fake:
        bot = fake.create_bot()
        fake.push_command(FakeUser(1, "Amira"), "/start")
        ... run the dispatcher ...
        await fake.wait_for("sendMessage")
        fake.assert_no_violations()

Every request is validated against the pinned Bot API schema in api.json (MIT, from
PaulSonOfLars/telegram-bot-api-spec) plus Telegram's documented limits; problems land in
`fake.violations` and are answered with Telegram's 400 (404 for unknown methods).

Modelled: getMe, getUpdates/webhooks, send{Message,Photo,Document,Voice,Location},
copyMessage, forwardMessage, edits, deletes, pins, callback answers, bot commands, forum
topics, chat members, getChat, getFile (+ download). Any other spec method is validated and
answered with True (Boolean methods) or a spec-shaped placeholder (others), so aiogram can
parse it. Text limits count UTF-16 code units, as Telegram measures text. Known gaps:
Markdown/MarkdownV2 is not parsed (its markup counts towards the length limit), inline
messages are not stored.
"""

from .errors import ApiError
from .limits import Fault, RateLimits
from .random_faults import FaultKind, RandomFaults
from .recording import Call
from .server import DEFAULT_TOKEN, FakeBotAPI
from .spec import Spec, Upload, Violation, load_spec
from .updates import FakeUser

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "Call",
    "FakeBotAPI",
    "FakeUser",
    "Fault",
    "FaultKind",
    "RandomFaults",
    "RateLimits",
    "Spec",
    "Upload",
    "Violation",
    "load_spec",
]
