"""``secondop web`` against browsers (or scripts posing as them) that push: huge sizes, junk, floods, many tabs.

Each test drives the real server process over its websocket with aiohttp's client, on 127.0.0.1 only, bounded
in bytes and in time, and checks that the server stays calm, small and truthful in its log.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pyte
import pytest

from web_harness import WAIT, WebServer, web_servers

aiohttp = pytest.importorskip("aiohttp", reason="needs the web extra (textual-serve)")

pytestmark = pytest.mark.e2e

MIB = 1024 * 1024


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


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
async def sockets(server: WebServer) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=WAIT)) as session:
        yield session


async def connect(session: aiohttp.ClientSession, server: WebServer, query: str = "width=80&height=24",
                  size: tuple[int, int] = (80, 24), **options: object) -> Socket:
    """A tab's websocket; ``size`` is what the server lets the app have of the size in ``query``."""
    ws = await session.ws_connect(f"ws://127.0.0.1:{server.port}/ws?{query}", max_msg_size=0, **options)
    return Socket(ws, *size)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[WebServer]:
    with web_servers(tmp_path) as start:
        yield start("--max-sessions", "3")


async def eventually(check: Callable[[], bool], what: str) -> None:
    """``wait_until`` for async tests: the event loop (and the sockets' readers) keeps running meanwhile."""
    deadline = time.monotonic() + WAIT
    while not check():
        assert time.monotonic() < deadline, f"never: {what}"
        await asyncio.sleep(0.1)


def app_columns(pid: int) -> int:
    environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return int(next(item for item in environ if item.startswith(b"COLUMNS=")).split(b"=")[1])


async def test_a_huge_size_and_junk_are_bounded_and_the_tab_still_works(server: WebServer) -> None:
    async with sockets(server) as session:
        tab = await connect(session, server, "width=100000&height=99999", size=(500, 200))
        await tab.wait_for("Welcome")
        (pid,) = server.app_pids()
        assert app_columns(pid) == 500
        junk = ["not json", "[]", "{}", '["stdin", 5]', '["stdin"]', '["resize", {"width": "x", "height": 3}]',
                '["resize", {"width": true, "height": true}]', '["ping", "' + "x" * 1000 + '"]',
                '["stdin", "\\ud800"]', "[" * 60_000, '["quit"]', '["resize", {"width": 99999999, "height": -4}]']
        for message in junk:
            await tab.ws.send_str(message)
        await tab.ws.send_bytes(b"\x00" * 1000)
        tab.screen.resize(24, 80)
        await tab.ws.send_str(json.dumps(["resize", {"width": 80, "height": 24}]))
        await tab.ws.send_str(json.dumps(["ping", "still-there"]))
        await tab.keys("c")
        await tab.wait_for(" done")
        assert ["pong", "still-there"] in tab.texts and not any("x" * 100 in str(text) for text in tab.texts)
        assert list(server.app_pids()) == [pid]
        await tab.ws.close()
    await eventually(lambda: not server.app_pids(), "the app ended")
    assert "Traceback" not in server.log and "Error" not in server.log


async def test_an_oversized_message_ends_only_that_tab(server: WebServer) -> None:
    async with sockets(server) as session:
        calm = await connect(session, server)
        big = await connect(session, server)
        await big.wait_for("Welcome")
        await calm.wait_for("Welcome")
        await big.ws.send_str(json.dumps(["stdin", "j" * MIB]))
        assert await big.closed() == aiohttp.WSCloseCode.MESSAGE_TOO_BIG
        await eventually(lambda: "session end" in server.log, "the big tab's session ended")
        await eventually(lambda: len(server.app_pids()) == 1, "only the calm tab's app is left")
        await calm.keys("c")
        await calm.wait_for(" done")
    assert "Traceback" not in server.log


async def test_a_flood_of_keys_waits_for_the_app_instead_of_filling_the_server(server: WebServer) -> None:
    async with sockets(server) as session:
        tab = await connect(session, server)
        await tab.wait_for("Welcome")
        tab.reader.cancel()  # the script stops reading: the app's output has nowhere to go
        before = rss_mib(server.process.pid)
        message = json.dumps(["stdin", "j" * 4096])
        sent, deadline = 0, time.monotonic() + 15
        while sent < 32 * MIB and time.monotonic() < deadline:
            try:
                await asyncio.wait_for(tab.ws.send_str(message), max(0.1, deadline - time.monotonic()))
            except TimeoutError:
                break  # the server has stopped reading: held back, as it should be
            sent += len(message)
        grown = rss_mib(server.process.pid) - before
        assert grown < 64, f"the server grew {grown:.0f} MiB while {sent / MIB:.1f} MiB of keys were sent"
    await eventually(lambda: not server.app_pids(), "the app ended when the script left")
    assert "Traceback" not in server.log


async def test_another_sites_page_cannot_open_a_session(server: WebServer) -> None:
    async with sockets(server) as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await connect(session, server, headers={"Origin": "https://elsewhere.example"})
        assert refused.value.status == 403
        same = await connect(session, server, headers={"Origin": f"http://127.0.0.1:{server.port}"})
        await same.wait_for("Welcome")
    server.wait_for_log("refused: opened from another site's page")
    assert "elsewhere.example" not in server.log


async def test_many_tabs_at_once_get_the_cap_and_the_rest_are_told_busy(server: WebServer) -> None:
    async with sockets(server) as session:
        tabs = await asyncio.gather(*(connect(session, server) for _ in range(12)))
        # Nine are told busy at once; the three that got a place stay open until they are closed.
        await eventually(lambda: sum(tab.reader.done() for tab in tabs) >= 9, "nine tabs were closed")
        busy = [tab for tab in tabs if tab.reader.done()]
        assert len(busy) == 9 and all(tab.ws.close_code == 4001 for tab in busy)
        running = [tab for tab in tabs if tab not in busy]
        assert len(server.app_pids()) == 3
        for tab in running:
            await tab.wait_for("Welcome")
            await tab.ws.close()
        await eventually(lambda: not server.app_pids(), "every app ended")
        again = await connect(session, server)
        await again.wait_for("Welcome")
    assert server.log.count("refused: busy") == 9


async def test_downloads_a_tab_never_takes_are_capped_and_forgotten_when_it_closes(server: WebServer) -> None:
    # A browser that asks the person before it takes a download, and so takes none while nobody answers.
    async with sockets(server) as session:
        tab = await connect(session, server)
        await tab.wait_for("Welcome")
        await tab.keys("c")
        await tab.wait_for(" done")

        def offered() -> list[str]:
            return [text[1] for text in tab.texts if isinstance(text, list) and text[0] == "deliver_file_start"]

        for count in range(1, 5):
            await tab.keys("t")
            await tab.wait_for("Take your checklist with you")
            await tab.keys("s")
            await eventually(lambda count=count: len(offered()) == count, f"download {count} offered")
            await eventually(lambda: "Take your checklist" not in tab.text(), "the screen closed")
            await tab.keys(" ")  # a tick: a changed checklist (an unchanged one is not sent again)
            await tab.wait_for(f"{count % 2} of ")
        # The fifth: the app says why nothing comes instead of "Sending..." for good, and sends nothing.
        await tab.keys("t")
        await tab.wait_for("Take your checklist with you")
        await tab.keys("s")
        await tab.wait_for("Your browser has not taken")
        await tab.keys("m")
        await tab.keys("v")  # handled after "m": once its screen shows, "m" has sent whatever it would
        await tab.wait_for("My second opinion checklist")
        assert len(offered()) == 4 and server.log.count("download offered") == 4
        assert "download refused" not in server.log
        keys = offered()
        await tab.ws.close()
        await eventually(lambda: not server.app_pids(), "the app ended")
        for key in keys:
            async with session.get(f"http://127.0.0.1:{server.port}/download/{key}") as response:
                assert response.status == 404
