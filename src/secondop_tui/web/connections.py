"""Every connection to the web server, bounded: how many may wait at once, and how long one may take to ask.

Each connection costs the server an open file, and a stranger can open as many as they like and send their
requests a byte at a time. So connections that hold no tab wait in serve's ``WaitingLine``: at most
``MAX_WAITING`` at once and ``MAX_WAITING_PER_ADDRESS`` from one address; a newcomer is always let in and one
already waiting is turned away instead (from the busiest address, first one that is not in the middle of a
request). And a connection must send each request's headers within the header timeout, counted from when it
opened or its last answer went out, so an idle or dripping one is closed.

aiohttp has neither rule, so each connection's aiohttp protocol is wrapped in a ``Connection``; the server's
middleware and aiohttp's access-log call (``Answered``) tell it when a request starts and when its answer has
gone out. Behind ``--public-url`` every connection comes from the proxy's address, which is not one visitor:
each of its connections counts as an address of its own.
"""

from __future__ import annotations

import asyncio
import itertools
import resource
from collections.abc import Callable
from typing import cast

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from secondop_tui.serve.ssh.waiting import WaitingLine
from secondop_tui.web.addresses import plain_address

MAX_WAITING = 64  # connections holding no tab, at once
MAX_WAITING_PER_ADDRESS = 16  # of those, from one address (a browser opens about six to load the page)
# A tab's own connection and its app's two pipes, and a download or two of its checklist.
FILES_PER_TAB = 5
FILES_OF_ITS_OWN = 64  # the listening socket, the log, the event loop, libraries


def files_needed(max_sessions: int) -> int:
    return MAX_WAITING + FILES_PER_TAB * max_sessions + FILES_OF_ITS_OWN


def raise_file_limit(needed: int) -> int:
    """Raise this process's soft limit on open files towards ``needed`` as far as the hard limit allows;
    the soft limit it then has."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed and (hard == resource.RLIM_INFINITY or soft < hard):
        soft = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return soft


class Connection(asyncio.Protocol):
    """One connection: aiohttp's protocol for it inside, and the doorway's rules around it."""

    def __init__(self, doorway: Doorway, inner: asyncio.Protocol) -> None:
        self.doorway = doorway
        self.inner = inner
        self.address = ""
        self.silent = True  # not in the middle of a request: waiting for one, or for the rest of its headers
        self.seated = False  # holds a tab: out of the line, bounded by the tabs' own limits
        self.transport: asyncio.Transport | None = None
        self._timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # a TCP server's
        peer = transport.get_extra_info("peername")
        own = plain_address(str(peer[0])) if peer else None
        self.address = own or "unknown"
        if own is not None and own == self.doorway.proxy:
            self.address = f"{own} #{next(self.doorway.numbers)}"
        self.doorway.arrived(self)
        self._start_timer()
        self.inner.connection_made(transport)

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_timer()
        self.doorway.line.leave(self)
        self.inner.connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received()

    def pause_writing(self) -> None:
        self.inner.pause_writing()

    def resume_writing(self) -> None:
        self.inner.resume_writing()

    def asking(self) -> None:
        """A request's headers have come whole: it is handled, however long that takes."""
        self.silent = False
        self._stop_timer()

    def answered(self) -> None:
        """The answer has gone out in full: the next request's headers must come in time."""
        if not self.seated:
            self.silent = True
            self._start_timer()

    def sit_down(self) -> None:
        """The connection holds a tab now: out of the line."""
        self.seated = True
        self._stop_timer()
        self.doorway.line.leave(self)

    def turn_away(self, why: str) -> None:
        self._stop_timer()
        if self.transport is not None:
            self.transport.abort()  # nothing kept for it: a slow reader's unsent bytes would hold the file
        self.doorway.said(why)

    def _start_timer(self) -> None:
        self._stop_timer()
        self._timer = asyncio.get_running_loop().call_later(self.doorway.header_timeout, self._too_slow)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _too_slow(self) -> None:
        self._timer = None
        self.doorway.line.leave(self)
        self.turn_away("slow")


class Doorway:
    """Where connections come in: a protocol factory for ``loop.create_server`` around aiohttp's own."""

    def __init__(
        self,
        handler_factory: Callable[[], asyncio.Protocol],
        header_timeout: float,
        proxy: str | None,
        on_turned_away: Callable[[str], None],
        total: int = MAX_WAITING,
        per_address: int = MAX_WAITING_PER_ADDRESS,
    ) -> None:
        self.handler_factory = handler_factory
        self.header_timeout = header_timeout
        self.proxy = proxy
        self.said = on_turned_away  # told "waiting" or "slow" for each connection turned away
        self.line: WaitingLine[Connection] = WaitingLine(total, per_address)
        self.numbers = itertools.count(1)

    def __call__(self) -> Connection:
        return Connection(self, self.handler_factory())

    def arrived(self, connection: Connection) -> None:
        displaced = self.line.join(connection)
        if displaced is not None:
            displaced.turn_away("waiting")


def connection_of(request: web.BaseRequest) -> Connection | None:
    transport = request.transport
    protocol = transport.get_protocol() if transport is not None else None
    return protocol if isinstance(protocol, Connection) else None


@web.middleware
async def asking(request: web.Request, handler: Callable[[web.Request], object]) -> web.StreamResponse:
    """Every request that reaches a route: its connection is in the middle of one."""
    if (connection := connection_of(request)) is not None:
        connection.asking()
    return await handler(request)  # type: ignore[misc]


class Answered(AbstractAccessLogger):
    """Not a log: aiohttp calls its access logger once an answer has gone out in full, which is the moment a
    connection starts waiting for its next request."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        if (connection := connection_of(request)) is not None:
            connection.answered()
