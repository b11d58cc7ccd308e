"""FakeBotAPI: a local HTTP server speaking the Telegram Bot API for end-to-end tests.

Each request is decoded and validated against api.json plus Telegram's documented limits,
recorded as a Call, optionally delayed/failed by injected faults or flood control, then
answered from an in-memory model of chats (see messages.py / chats.py). Methods that exist
in the spec but are not modelled get a parseable placeholder: True for Boolean-returning
methods, otherwise a spec-shaped object (messages.fallback).
"""

from __future__ import annotations

import asyncio
import copy
import inspect
import json
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Self

from aiohttp import web

from . import chats, messages  # noqa: F401 - importing registers the method handlers
from .errors import ApiError, too_many_requests
from .limits import Fault, FloodControl, RateLimits, counts_as_message
from .pushes import PushMixin
from .random_faults import DEFAULT_EXEMPT, DEFAULT_KINDS, FaultKind, RandomFaults
from .recording import Call, RecordingMixin
from .rights import check_admin_rights
from .rules import check_rules
from .spec import Spec, Upload, Violation, load_spec
from .state import HANDLERS, FakeState

if TYPE_CHECKING:
    from aiogram import Bot

DEFAULT_TOKEN = "123456789:AAFakeTokenForSchullotseTests_0123456"
MAX_UPLOAD = 50 * 1024 * 1024  # Telegram's limit for bot uploads
CLIENT_GONE = 499  # Call.status when the bot hung up before the answer (nginx's convention)


class FakeBotAPI(RecordingMixin, PushMixin):
    """Fake Telegram Bot API on 127.0.0.1; use as `async with FakeBotAPI() as fake:`."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        bot_first_name: str = "Schullotse",
        bot_username: str = "schullotse_test_bot",
        enforce_rate_limits: bool = False,
        rate_limits: RateLimits | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        spec: Spec | None = None,
    ) -> None:
        RecordingMixin.__init__(self)
        self.token = token
        self.spec = spec or load_spec()
        bot_user = {
            "id": int(token.split(":", 1)[0]),  # aiogram derives bot.id from the token too
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.state = FakeState(self.spec, bot_user)
        self.faults: list[Fault] = []
        self.random_faults: RandomFaults | None = None
        self.flood = FloodControl(rate_limits or RateLimits()) if enforce_rate_limits else None
        self.rate_limited = 0  # 429 answers sent by flood control (not by inject())
        self._host, self._port = host, port
        self._runner: web.AppRunner | None = None
        self._bots: list[Bot] = []

    # -- lifecycle --------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_UPLOAD)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        # handler_cancellation: a long poll whose client hung up must not linger.
        self._runner = web.AppRunner(
            app, access_log=None, shutdown_timeout=1.0, handler_cancellation=True
        )
        await self._runner.setup()
        await web.TCPSite(self._runner, self._host, self._port).start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        self.state.updates.close()
        for bot in self._bots:
            await bot.session.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        if self._runner is None:
            raise RuntimeError("FakeBotAPI is not started")
        return f"http://{self._host}:{self._port}"

    @property
    def bot_user(self) -> dict[str, Any]:
        return self.state.bot_user

    def create_bot(self, **kwargs: Any) -> Bot:
        """An aiogram Bot with its real HTTP session pointed at this server.

        stop() closes its session, so tests need not.
        """
        from aiogram import Bot
        from aiogram.client.session.aiohttp import AiohttpSession
        from aiogram.client.telegram import TelegramAPIServer

        class LocalSession(AiohttpSession):
            async def close(self) -> None:
                # AiohttpSession.close() sleeps 250 ms for TLS shutdown; plain local HTTP
                # does not need it, and it would add up over a test suite.
                if self._session is not None and not self._session.closed:
                    await self._session.close()

        bot = Bot(
            self.token,
            session=LocalSession(api=TelegramAPIServer.from_base(self.base_url)),
            **kwargs,
        )
        self._bots.append(bot)
        return bot

    # -- test helpers -----------------------------------------------------------------------

    def inject(
        self,
        method: str | None = None,
        status: int | None = None,
        retry_after: int = 1,
        times: int | None = 3,
        chat_id: int | str | None = None,
        delay: float = 0.0,
        drop: bool = False,
        description: str | None = None,
    ) -> Fault:
        """Fail the next `times` matching requests (times=None: all of them).

        status defaults to 429 (with retry_after) unless only `delay` or `drop` is given.
        With a status, the request fails without effect after `delay`. Without one, it is
        processed normally and only the answer is delayed, so a client timeout hides a
        message that was in fact delivered. drop=True hangs up without any answer.
        """
        if status is None and not delay and not drop:
            status = 429
        fault = Fault(method, status, retry_after, times, chat_id, delay, drop, description)
        self.faults.append(fault)
        return fault

    def inject_randomly(
        self,
        probability: float,
        total: int,
        *,
        kinds: Iterable[FaultKind] = DEFAULT_KINDS,
        weights: Iterable[float] | None = None,
        exempt: Iterable[str] = DEFAULT_EXEMPT,
        retry_after: int = 1,
        seed: int = 0,
    ) -> RandomFaults:
        """Fail each request (but getUpdates, by default) with `probability` until `total`
        faults were injected; see random_faults.py. Faults from inject() take precedence."""
        self.random_faults = RandomFaults(
            probability,
            total,
            kinds=kinds,
            weights=weights,
            exempt=exempt,
            retry_after=retry_after,
            seed=seed,
        )
        return self.random_faults

    def clear_faults(self) -> None:
        self.faults.clear()
        self.random_faults = None

    def messages_to(
        self,
        chat_id: int,
        thread_id: int | None = None,
        include_deleted: bool = False,
        *,
        copied: bool = True,
    ) -> list[dict[str, Any]]:
        """Messages the bot sent to a chat (all topics unless thread_id), oldest first.

        Current state after edits; text/caption as the user sees them (HTML parsed into
        entities); reply_markup as the bot sent it, reply keyboards included. copied=False
        returns the stored dicts themselves, to be read and never changed: cheap enough for a
        condition that is checked again at every request.
        """
        chat = self.state.chats.get(chat_id)
        if chat is None:
            return []
        found = dict(chat.messages) | (chat.deleted if include_deleted else {})
        return [
            copy.deepcopy(msg) if copied else msg
            for _, msg in sorted(found.items())
            if self.state.is_from_bot(msg)
            and "forum_topic_created" not in msg
            and (thread_id is None or msg.get("message_thread_id") == thread_id)
        ]

    def last_message_to(self, chat_id: int, thread_id: int | None = None) -> dict[str, Any]:
        sent = self.messages_to(chat_id, thread_id)
        if not sent:
            raise AssertionError(f"the bot sent nothing to chat {chat_id} (thread {thread_id})")
        return sent[-1]

    def assert_answers_match_spec(self) -> None:
        """Self-check of the fake: every successful answer it gave is valid per api.json."""
        for call in self.calls:
            method = self.spec.method(call.method)
            if method is None or not call.ok:
                continue
            problems = self.spec.check(call.result, method.returns, "result", attachments=())
            # Added for aiogram 3.31 although the pinned api.json lacks it (state.member_dict).
            problems = [p for p in problems if "can_send_welcome_messages" not in p[0]]
            assert not problems, f"fake answered {call.method} off-spec: {problems}"

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        return self.state.updates.pending

    @property
    def undelivered_updates(self) -> list[dict[str, Any]]:
        """Pushed updates Telegram would not create because of the bot's allowed_updates."""
        return list(self.state.updates.dropped)

    @property
    def accepted_update_ids(self) -> list[int]:
        """Ids of the pushed updates the bot is to receive, in push order (one pushed twice is
        here twice); growing, not a copy. Those Telegram would not create are not here."""
        return self.state.updates.accepted

    @property
    def discarded_update_ids(self) -> list[int]:
        """Ids of accepted updates that drop_pending_updates threw away before the bot got them."""
        return self.state.updates.discarded

    # -- HTTP -------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["method"]
        long_poll = name.lower() == "getupdates"
        if not long_poll:
            self._in_flight += 1
        call: Call | None = None
        try:
            raw, uploads = await _read_params(request)
            call, violations = self._record(request.match_info["token"], name, raw, uploads)
            self._touch()
            return await self._answer(request, call, violations)
        finally:
            if not long_poll:
                self._in_flight -= 1
            if call is not None and call.status is None:
                call.status = CLIENT_GONE
            self._touch()

    def _record(
        self, token: str, name: str, raw: dict[str, str], uploads: dict[str, Upload]
    ) -> tuple[Call, list[Violation]]:
        method = self.spec.method(name)
        if token != self.token:
            violations = [Violation(name, "token", "wrong bot token", "Unauthorized", 401)]
            params: dict[str, Any] = dict(raw)
        elif method is None:
            violations = [Violation(name, "method", "not a Bot API method", "Not Found", 404)]
            params = dict(raw)
        else:
            name = method.name
            params, violations = self.spec.validate_request(method, raw, uploads)
            violations += check_rules(name, params)
        call = Call(name, params, _files_by_param(params, uploads), time.monotonic())
        call.violations = [str(v) for v in violations]
        self.violations += call.violations
        self.calls.append(call)
        return call, violations

    async def _answer(
        self, request: web.Request, call: Call, violations: list[Violation]
    ) -> web.StreamResponse:
        fault = next((f for f in self.faults if f.matches(call.method, call.params)), None)
        if fault is None and self.random_faults is not None and not violations:
            # A request that breaks the spec gets its 400, as a test would expect.
            fault = self.random_faults.draw(call.method)
        if fault is not None:
            fault.hits += 1
            if fault.drop or fault.status is not None:
                await asyncio.sleep(fault.delay)
                if fault.drop:
                    call.status = 0  # no HTTP answer at all
                    return _hang_up(request)
                return _send(call, fault.error_body(), fault.status or 500)
        if violations:
            first = violations[0]
            return _send(call, ApiError(first.description, first.status).body(), first.status)
        body, status = await self._execute(call)
        if fault is not None:
            await asyncio.sleep(fault.delay)
        return _send(call, body, status)

    async def _execute(self, call: Call) -> tuple[dict[str, Any], int]:
        try:
            self._check_flood(call)
            method = self.spec.method(call.method)
            assert method is not None
            check_admin_rights(self.state, method, call.params)
            handler = HANDLERS.get(method.name.lower())
            if handler is None:
                result = messages.fallback(self.state, method, call.params)
            else:
                result = handler(self.state, call.params, call.files)
            if inspect.isawaitable(result):
                result = await result
        except ApiError as error:
            return error.body(), error.status
        return {"ok": True, "result": result}, 200

    def _check_flood(self, call: Call) -> None:
        chat_id = call.params.get("chat_id")
        if self.flood is None or chat_id is None or not counts_as_message(call.method):
            return
        # Positive chat ids are users, i.e. private chats.
        private = isinstance(chat_id, int) and chat_id > 0
        if (retry_after := self.flood.retry_after(chat_id, private)) is not None:
            self.rate_limited += 1
            raise too_many_requests(retry_after)

    async def _download(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        stored = next((f for f in self.state.files.values() if f.file_path == path), None)
        if request.match_info["token"] != self.token or stored is None:
            return web.json_response(ApiError("Not Found", 404).body(), status=404)
        return web.Response(body=stored.content, content_type="application/octet-stream")


async def _read_params(request: web.Request) -> tuple[dict[str, str], dict[str, Upload]]:
    """Telegram accepts query strings, urlencoded or multipart forms and JSON bodies."""
    raw: dict[str, str] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise _bad_body("request body must be a JSON object")
        raw |= {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}
    elif request.method == "POST":
        for key, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                content = value.file.read()
                uploads[key] = Upload(key, value.filename, value.content_type, content)
            else:
                raw[key] = value
    return raw, uploads


def _bad_body(text: str) -> web.HTTPBadRequest:
    body = json.dumps(ApiError(f"Bad Request: {text}").body())
    return web.HTTPBadRequest(text=body, content_type="application/json")


def _files_by_param(params: dict[str, Any], uploads: dict[str, Upload]) -> dict[str, Upload]:
    files: dict[str, Upload] = {}
    for key, value in params.items():
        upload = uploads.get(value.removeprefix("attach://")) if isinstance(value, str) else None
        if upload is not None and value.startswith("attach://"):
            files[key] = upload
    referenced = {f.name for f in files.values()}
    files |= {name: u for name, u in uploads.items() if name not in referenced}
    return files


def _send(call: Call, body: dict[str, Any], status: int) -> web.Response:
    call.status, call.response = status, body
    return web.json_response(body, status=status)


def _hang_up(request: web.Request) -> web.StreamResponse:
    # Closing the transport makes the client see "server disconnected" with no answer.
    if request.transport is not None:
        request.transport.close()
    return web.Response()
