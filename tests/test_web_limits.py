"""``secondop web`` against browsers (or scripts posing as them) that push: huge sizes, junk, floods, many tabs.

Each test drives the real server process over its websocket with aiohttp's client (or over plain sockets, for
connections that are slow to ask), on 127.0.0.x only, bounded in bytes and in time, and checks that the server
stays calm, small and truthful in its log.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import resource
import select
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from secondop_tui.content import Guide
from secondop_tui.data.store import ProgressStore
from secondop_tui.export import export_checklist

from support.web_harness import WAIT, WebServer, wait_until, web_servers
from support.web_sockets import Socket, alive, connect, eventually, sockets

aiohttp = pytest.importorskip("aiohttp", reason="needs the web extra (textual-serve)")

pytestmark = pytest.mark.e2e

MIB = 1024 * 1024


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@pytest.fixture
def server(tmp_path: Path) -> Iterator[WebServer]:
    with web_servers(tmp_path) as start:
        yield start("--max-sessions", "3")


def app_columns(pid: int) -> int:
    environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return int(next(item for item in environ if item.startswith(b"COLUMNS=")).split(b"=")[1])


def offered_keys(tab: Socket) -> list[str]:
    """The download keys the server has handed this tab's page."""
    return [text[1] for text in tab.texts if isinstance(text, list) and text[0] == "deliver_file_start"]


def open_files(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def visit(server: WebServer) -> float:
    """A person opening the page on a fresh connection: the seconds until the whole page has come."""
    started = time.monotonic()
    with urllib.request.urlopen(server.url, timeout=WAIT) as response:
        assert response.status == 200 and b"Second opinion guide" in response.read()
    return time.monotonic() - started


def slow_connections(server: WebServer, count: int, sources: list[str], first: bytes) -> list[socket.socket]:
    """``count`` connections spread over the ``sources`` addresses, each having sent ``first`` and no more.

    A connection the server turns away at once is left out; past a minute the rest are not tried.
    """
    opened: list[socket.socket] = []
    deadline = time.monotonic() + WAIT
    for number in range(count):
        if time.monotonic() > deadline:
            break
        try:
            sock = socket.create_connection(
                ("127.0.0.1", server.port), timeout=5, source_address=(sources[number % len(sources)], 0)
            )
        except OSError:
            continue
        try:
            sock.sendall(first)
        except OSError:
            sock.close()
            continue
        opened.append(sock)
    return opened


@contextmanager
def file_limit_at_least(files: int) -> Iterator[None]:
    """This test process may hold ``files`` connections at once (skipped where the hard limit says no)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < files:
        pytest.skip(f"this test needs {files} open files; the limit here is {hard}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, files), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


async def test_a_huge_size_and_junk_are_bounded_and_the_tab_still_works(server: WebServer) -> None:
    async with sockets(server) as session:
        tab = await connect(session, server, "width=100000&height=99999", size=(500, 200))
        await tab.wait_for("Welcome")
        (pid,) = server.app_pids()
        assert app_columns(pid) == 500
        junk = [
            "not json",
            "[]",
            "{}",
            '["stdin", 5]',
            '["stdin"]',
            '["resize", {"width": "x", "height": 3}]',
            '["resize", {"width": true, "height": true}]',
            '["ping", "' + "x" * 1000 + '"]',
            '["stdin", "\\ud800"]',
            "[" * 60_000,
            '["quit"]',
            '["resize", {"width": 99999999, "height": -4}]',
        ]
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
            except ConnectionError:
                break  # the app grew past its cap and the server closed the tab: held back as well
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
        for count in range(1, 5):
            await tab.keys("t")
            await tab.wait_for("Take your checklist with you")
            await tab.keys("s")
            await eventually(lambda count=count: len(offered_keys(tab)) == count, f"download {count} offered")
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
        assert len(offered_keys(tab)) == 4 and server.log.count("download offered") == 4
        assert "download refused" not in server.log
        keys = offered_keys(tab)
        await tab.ws.close()
        await eventually(lambda: not server.app_pids(), "the app ended")
        for key in keys:
            async with session.get(f"http://127.0.0.1:{server.port}/download/{key}") as response:
                assert response.status == 404


def test_slow_requests_leave_room_for_a_real_visitor(tmp_path: Path) -> None:
    flood = 1100
    with file_limit_at_least(flood + 200), web_servers(tmp_path) as start:
        # 1,024 files at most, as systemd gives a service unless its unit says otherwise.
        server = start(max_files=1024)
        slow = slow_connections(server, flood, ["127.0.0.1"], b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        try:
            seconds = [visit(server)]
            held = open_files(server.process.pid)
            for sock in slow:  # one more byte on each, as a slow client drips its headers
                try:
                    sock.send(b"X")
                except OSError:
                    pass  # already turned away
            seconds.append(visit(server))
            print(
                f"a real GET / during {flood} slow connections took {seconds[0]:.3f} s, then "
                f"{seconds[1]:.3f} s; the server held {held} files"
            )
            assert held < 200, f"the server holds {held} files"
        finally:
            for sock in slow:
                sock.close()
        assert "Traceback" not in server.log and len(server.log) < 20_000, server.log[-2000:]


def test_headers_must_come_in_time_and_an_idle_connection_is_closed(tmp_path: Path) -> None:
    with web_servers(tmp_path) as start:
        server = start("--header-timeout", "5")
        address = ("127.0.0.1", server.port)
        silent = socket.create_connection(address, timeout=WAIT)
        slow = socket.create_connection(address, timeout=WAIT)
        slow.sendall(b"GET / HTTP/1.1\r\n")
        done = socket.create_connection(address, timeout=WAIT)
        done.sendall(b"GET /assets/page.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answered = b""
        open_ones = {silent, slow, done}
        deadline = time.monotonic() + WAIT
        try:
            # The slow one sends a byte of a header every half second, for as long as it is let.
            while open_ones:
                assert time.monotonic() < deadline, f"still open: {len(open_ones)} (answered {answered[:40]!r})"
                readable, _, _ = select.select(list(open_ones), [], [], 0.5)
                for sock in readable:
                    try:
                        data = sock.recv(65536)
                    except ConnectionError:
                        data = b""
                    if sock is done:
                        answered += data
                    if not data:
                        open_ones.discard(sock)
                if slow in open_ones:
                    try:
                        slow.send(b"X")
                    except OSError:
                        open_ones.discard(slow)
        finally:
            for sock in (silent, slow, done):
                sock.close()
        assert answered.startswith(b"HTTP/1.1 200"), answered[:200]
        assert "Traceback" not in server.log


def test_running_out_of_files_is_one_line_a_minute_and_passes(tmp_path: Path) -> None:
    with web_servers(tmp_path) as start:
        # So few files that the connections below cannot all be taken: accepting fails for a while.
        server = start(max_files=64)
        server.wait_for_log("open files allowed")
        started = time.monotonic()
        sources = [f"127.0.0.{number}" for number in range(2, 10)]
        flood = slow_connections(server, 200, sources, b"")
        try:
            server.wait_for_log("cannot take a new connection")
        finally:
            for sock in flood:
                sock.close()
        wait_until(lambda: bool(visit(server)), "the page opened again")
        elapsed = time.monotonic() - started
        lines = server.log.count("cannot take a new connection")
        assert 1 <= lines <= 1 + elapsed // 60, server.log[-2000:]
        assert "Traceback" not in server.log and len(server.log) < 20_000


def test_a_low_file_limit_is_raised_at_start(tmp_path: Path) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1024:
        pytest.skip(f"the hard limit here is {hard}")
    with web_servers(tmp_path) as start:
        resource.setrlimit(resource.RLIMIT_NOFILE, (128, hard))  # the server inherits this soft limit
        try:
            server = start()
        finally:
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        limits = Path(f"/proc/{server.process.pid}/limits").read_text()
        (line,) = [line for line in limits.splitlines() if line.startswith("Max open files")]
        assert int(line.split()[3]) > 128, line
        assert "open files allowed" not in server.log


async def test_one_address_gets_four_tabs_and_another_still_gets_in(tmp_path: Path) -> None:
    with web_servers(tmp_path) as start:
        server = start("--max-sessions", "6")
        async with sockets(server) as mine, sockets(server, "127.0.0.2") as theirs:
            tabs = [await connect(mine, server) for _ in range(4)]
            for tab in tabs:
                await tab.wait_for("Welcome")
            fifth = await connect(mine, server)
            assert await fifth.closed() == 4006
            other = await connect(theirs, server)
            await other.wait_for("Welcome")
            await tabs[0].ws.close()
            await eventually(lambda: len(server.app_pids()) == 4, "the closed tab's app ended")
            again = await connect(mine, server)
            await again.wait_for("Welcome")
        server.wait_for_log("from 127.0.0.1 refused: 4 already open from this address")
        assert "127.0.0.2 refused" not in server.log


async def test_behind_the_proxy_the_address_is_the_proxys_word_and_only_the_proxys(tmp_path: Path) -> None:
    with web_servers(tmp_path) as start:
        server = start("--public-url", "https://clinic.example/guide/", "--max-guests-per-address", "1")
        async with sockets(server) as proxy, sockets(server, "127.0.0.2") as direct:
            first = await connect(proxy, server, headers={"X-Forwarded-For": "203.0.113.7"})
            await first.wait_for("Welcome")
            # What the client claimed comes first; what the proxy saw, last.
            same = await connect(proxy, server, headers={"X-Forwarded-For": "198.51.100.1, 203.0.113.7"})
            assert await same.closed() == 4006
            other = await connect(proxy, server, headers={"X-Forwarded-For": "203.0.113.8"})
            await other.wait_for("Welcome")
            # Not from the proxy: the header is not believed, the connection's own address counts.
            forged = await connect(direct, server, headers={"X-Forwarded-For": "203.0.113.9"})
            await forged.wait_for("Welcome")
            again = await connect(direct, server, headers={"X-Forwarded-For": "203.0.113.10"})
            assert await again.closed() == 4006
        server.wait_for_log("from 127.0.0.2 refused: 1 already open from this address")  # the last line
        log = server.log
        assert "from 203.0.113.7 session start" in log and "from 203.0.113.8 session start" in log
        assert "from 127.0.0.2 session start" in log and "203.0.113.9" not in log


async def test_tab_apps_end_with_a_killed_server(tmp_path: Path) -> None:
    with web_servers(tmp_path) as start:
        server = start()
        async with sockets(server) as session:
            tabs = [await connect(session, server) for _ in range(2)]
            for tab in tabs:
                await tab.wait_for("Welcome")
            pids = list(server.app_pids())
            assert len(pids) == 2
            try:
                server.process.kill()
                server.process.wait(WAIT)
                await eventually(lambda: not any(alive(pid) for pid in pids), "the apps ended with their server")
            finally:
                for pid in pids:
                    if alive(pid):
                        os.kill(pid, 9)


async def test_a_download_serves_its_first_request_only(server: WebServer, guide: Guide) -> None:
    async with sockets(server) as session:
        tab = await connect(session, server)
        await tab.wait_for("Welcome")
        await tab.keys("t")
        await tab.wait_for("Take your checklist with you")
        await tab.keys("s")
        await eventually(lambda: len(offered_keys(tab)) == 1, "a download offered")
        url = f"http://127.0.0.1:{server.port}/download/{offered_keys(tab)[0]}"

        async def fetch() -> tuple[int, dict[str, str], bytes]:
            async with session.get(url) as response:
                return response.status, dict(response.headers), await response.read()

        # A double click, a browser's retry, a download manager: three at once.
        results = await asyncio.gather(*(fetch() for _ in range(3)))
        (whole,) = [result for result in results if result[0] == 200]
        status, headers, body = whole
        (folder,) = server.guest_folders()
        store = ProgressStore(folder / "progress.json", read_only=True)
        try:
            assert body.decode("utf-8") == export_checklist(guide, store.checklist(guide), "txt")
        finally:
            store.close()
        assert headers["Cache-Control"] == "no-store"
        assert re.fullmatch(
            r'attachment; filename="secondop-checklist-\d{4}-\d\d-\d\d\.txt"', headers["Content-Disposition"]
        ), headers["Content-Disposition"]
        others = [result for result in results if result is not whole]
        assert all(other[0] in (404, 409) and other[2] for other in others), others
        status, _, _ = await fetch()
        assert status == 404
        await tab.ws.close()
    assert "Traceback" not in server.log and "Error handling request" not in server.log


async def test_a_page_under_another_name_cannot_open_a_tab(tmp_path: Path) -> None:
    with web_servers(tmp_path) as start:
        server = start()
        port = server.port
        async with sockets(server) as session:
            # A DNS-rebinding page: evil.example now points at this server, so Origin and Host agree.
            rebound = {"Origin": f"http://evil.example:{port}", "Host": f"evil.example:{port}"}
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await connect(session, server, headers=rebound)
            assert refused.value.status in (403, 421)
            async with session.get(server.url, headers={"Host": f"evil.example:{port}"}) as page:
                assert page.status == 421
            local = await connect(
                session, server, headers={"Origin": f"http://localhost:{port}", "Host": f"localhost:{port}"}
            )
            await local.wait_for("Welcome")
        public = start("--public-url", "https://clinic.example/guide/")
        async with sockets(public) as session:
            for headers in (
                {"Origin": f"http://127.0.0.1:{public.port}"},
                {"Origin": f"http://evil.example:{public.port}", "Host": f"evil.example:{public.port}"},
            ):
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await connect(session, public, headers=headers)
                assert refused.value.status == 403
            ours = await connect(
                session, public, headers={"Origin": "https://clinic.example", "Host": "clinic.example"}
            )
            await ours.wait_for("Welcome")
        assert "evil.example" not in server.log + public.log


async def test_the_server_does_not_name_its_software(server: WebServer) -> None:
    async with sockets(server) as session:
        for path in (
            "",
            "assets/page.css",
            "assets/page.js",
            "static/fonts/RobotoMono-VariableFont_wght.ttf",
            "no-such-page",
            "download/" + "0" * 32,
        ):
            async with session.get(server.url + path) as response:
                assert not re.search(r"(?i)python|aiohttp", response.headers.get("Server", "")), path
    # A request the server cannot even read gets its answer before any of our code sees it.
    with socket.create_connection(("127.0.0.1", server.port), timeout=WAIT) as sock:
        sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.") and b" 400 " in answer.split(b"\r\n")[0]
    assert not re.search(rb"(?i)python|aiohttp", answer), answer
