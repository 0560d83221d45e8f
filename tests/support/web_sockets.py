"""A tab's websocket as a script holds it, for the ``secondop web`` tests that need no browser."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pyte

from support.web_harness import WAIT, WebServer


class Socket:
    """One tab's websocket, as a script would hold it: what the app drew, and how it closed."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse, columns: int = 80, rows: int = 24) -> None:
        self.ws = ws
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.texts: list[object] = []  # the server's JSON messages (pong, downloads)
        self.reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.stream.feed(message.data)
            elif message.type == aiohttp.WSMsgType.TEXT:
                self.texts.append(json.loads(message.data))

    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + WAIT
        while text not in self.text():
            assert not self.reader.done(), f"closed ({self.ws.close_code}) before {text!r} showed:\n{self.text()}"
            assert time.monotonic() < deadline, f"never showed {text!r}:\n{self.text()}"
            await asyncio.sleep(0.1)

    async def closed(self) -> int | None:
        await asyncio.wait_for(asyncio.shield(self.reader), WAIT)
        return self.ws.close_code

    async def keys(self, text: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", text]))


@asynccontextmanager
async def sockets(server: WebServer, address: str = "127.0.0.1") -> AsyncIterator[aiohttp.ClientSession]:
    """A browser (or a script) at ``address``: 127.0.0.2 stands in for a second visitor."""
    connector = aiohttp.TCPConnector(local_addr=(address, 0))
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=WAIT)) as session:
        yield session


async def connect(
    session: aiohttp.ClientSession,
    server: WebServer,
    query: str = "width=80&height=24",
    size: tuple[int, int] = (80, 24),
    **options: object,
) -> Socket:
    """A tab's websocket; ``size`` is what the server lets the app have of the size in ``query``."""
    ws = await session.ws_connect(f"ws://127.0.0.1:{server.port}/ws?{query}", max_msg_size=0, **options)
    return Socket(ws, *size)


async def eventually(check: Callable[[], bool], what: str) -> None:
    """``wait_until`` for async tests: the event loop (and the sockets' readers) keeps running meanwhile."""
    deadline = time.monotonic() + WAIT
    while not check():
        assert time.monotonic() < deadline, f"never: {what}"
        await asyncio.sleep(0.1)


def alive(pid: int) -> bool:
    """Whether process ``pid`` is still running (a zombie that nobody has reaped yet has ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False
