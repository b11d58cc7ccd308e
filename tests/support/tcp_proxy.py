"""A TCP proxy on 127.0.0.1 in front of one server, which can fail like that server going
down: `cut()` resets every open connection and every new one until `restore()`.

The database outage test puts it between the bot and PostgreSQL, so an outage touches only
that bot's connections, not the machine's PostgreSQL server and whoever else uses it.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Self

CHUNK = 64 * 1024


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.refused = 0  # connections reset on arrival while cut
        self.a_connection_refused = asyncio.Event()  # the signal to wait for, not a count
        self._down = False
        self._server: asyncio.Server | None = None
        self._links: set[tuple[asyncio.StreamWriter, asyncio.StreamWriter]] = set()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the proxy is not started")
        return int(self._server.sockets[0].getsockname()[1])

    async def __aenter__(self) -> Self:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.cut()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    def cut(self) -> None:
        """Reset every open connection; reset new ones on arrival until restore()."""
        self._down = True
        for client, upstream in list(self._links):
            client.transport.abort()
            upstream.transport.abort()

    def restore(self) -> None:
        """Let connections through again (the ones cut stay gone, as after a restart)."""
        self._down = False

    async def _serve(self, reader: asyncio.StreamReader, client: asyncio.StreamWriter) -> None:
        if self._down:
            self.refused += 1
            self.a_connection_refused.set()
            client.transport.abort()
            return
        try:
            upstream_reader, upstream = await asyncio.open_connection(*self.target)
        except OSError:
            client.transport.abort()
            return
        link = (client, upstream)
        self._links.add(link)
        try:
            await asyncio.gather(_pipe(reader, upstream), _pipe(upstream_reader, client))
        finally:
            self._links.discard(link)
            client.transport.abort()
            upstream.transport.abort()


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Copy one direction until either side goes away; then end the other side too."""
    with contextlib.suppress(ConnectionError, OSError):
        while data := await reader.read(CHUNK):
            writer.write(data)
            await writer.drain()
    writer.transport.abort()
