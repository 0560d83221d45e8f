"""``secondop serve`` against strangers who push: floods, odd terminals, many doors at once.

Each test drives the real server process with a scripted asyncssh client (or raw sockets, or OpenSSH) doing
what a careless user or an attacker would, on 127.0.0.1 only, bounded in bytes and in time.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import resource
import socket
import struct
import termios
import time
from pathlib import Path
from typing import Any

import asyncssh
import pytest

from support.serve_harness import (
    APP_TITLE,
    NEEDS_OPENSSH,
    WAIT,
    Keys,
    Recorder,
    Server,
    Terminals,
    connect,
    quit_app,
    rss_mib,
    run,
    wait_until,
)

pytestmark = [NEEDS_OPENSSH, pytest.mark.e2e]

MIB = 1024 * 1024
# Far above what a real screen needs, far below what 65535 x 65535 cells costs the app.
SANE_COLUMNS, SANE_ROWS = 1000, 1000


def pty_size(pid: int) -> tuple[int, int]:
    """The (columns, rows) that an app process's terminal reports."""
    fd = os.open(f"/proc/{pid}/fd/0", os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)
    try:
        rows, columns, _, _ = struct.unpack("HHHH", fcntl.ioctl(fd, termios.TIOCGWINSZ, b"\0" * 8))
    finally:
        os.close(fd)
    return columns, rows


def only_app(server: Server) -> int:
    pids = list(server.app_pids())
    assert len(pids) == 1, pids
    return pids[0]


async def open_app(
    server: Server, columns: int = 80, rows: int = 24, term: str = "xterm", user: str = "guest", **options: Any
) -> tuple[asyncssh.SSHClientConnection, asyncssh.SSHClientChannel[bytes], Recorder]:
    conn = await connect(server, user, **options)
    chan, session = await conn.create_session(Recorder, term_type=term, term_size=(columns, rows), encoding=None)
    return conn, chan, session


async def test_a_flood_of_keys_is_held_back_not_buffered(tmp_path: Path) -> None:
    server = Server(tmp_path / "data", "--guest", "--idle-timeout", "0")
    try:
        conn, chan, session = await open_app(server)
        await session.wait_for(b"Welcome")
        app = only_app(server)
        before = peak = rss_mib(server.process.pid)
        app_peak = rss_mib(app)
        # At most 64 MiB or 20 s of keys, as fast as the server takes them.
        chunk, sent, deadline = b"j" * 65536, 0, time.monotonic() + 20
        while sent < 64 * MIB and time.monotonic() < deadline and not session.closed.is_set():
            chan.write(chunk)
            sent += len(chunk)
            try:
                await asyncio.wait_for(session.writable.wait(), max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                break  # the server stopped taking keys: what should happen
            peak = max(peak, rss_mib(server.process.pid))
            app_peak = max(app_peak, rss_mib(app))
        peak = max(peak, rss_mib(server.process.pid))
        assert peak - before < 16, f"the server grew by {peak - before:.0f} MiB after {sent / MIB:.0f} MiB of keys"
        # The app reads keys faster than it handles them; past its ceiling its session ends, calmly.
        assert app_peak < 600
        if session.closed.is_set():
            assert b"too much memory" in session.output

        # Others are still served, and leaving ends the flooded app.
        other, _, other_session = await open_app(server)
        await other_session.wait_for(b"Welcome")
        other.close()
        conn.close()
        await wait_until(lambda: not server.app_pids(), "both apps ended")
        assert "Traceback" not in server.log
    finally:
        server.stop()


async def test_a_huge_window_is_clamped_at_the_start_and_on_resize(tmp_path: Path) -> None:
    server = Server(tmp_path / "data", "--guest", "--idle-timeout", "0")
    try:
        conn, chan, session = await open_app(server, 65535, 65535)
        await wait_until(lambda: len(server.app_pids()) == 1, "the app started")
        app = only_app(server)
        columns, rows = pty_size(app)
        assert columns <= SANE_COLUMNS and rows <= SANE_ROWS, (columns, rows)
        await session.wait_for(b"Welcome", timeout=60)
        assert rss_mib(app) < 300

        chan.change_terminal_size(100, 30)
        await wait_until(lambda: pty_size(app) == (100, 30), "the app got the new size")
        for huge in (65535, 70000, 2**32 - 1):  # the last two do not fit the terminal's own 16 bits
            chan.change_terminal_size(huge, huge)
            await wait_until(lambda: pty_size(app) != (100, 30), "the app got a new size")
            columns, rows = pty_size(app)
            assert columns <= SANE_COLUMNS and rows <= SANE_ROWS, (columns, rows)
            chan.change_terminal_size(100, 30)
            await wait_until(lambda: pty_size(app) == (100, 30), "the app got the new size")
        conn.close()
        await wait_until(lambda: not server.app_pids(), "the app ended")
    finally:
        server.stop()


@pytest.mark.parametrize(
    "term, size",
    [
        ("xterm\0", (80, 24)),  # a NUL cannot go into the app's environment
        ("xterm", (70000, 70000)),  # wider than a terminal can say
    ],
)
async def test_a_session_that_cannot_start_gives_back_its_place(
    tmp_path: Path, term: str, size: tuple[int, int]
) -> None:
    server = Server(tmp_path / "data", "--guest", "--idle-timeout", "0", "--max-sessions", "1")
    try:
        for tries in range(1, 3):  # twice: a leaked place would leave the second one "busy"
            conn = await connect(server)
            try:
                await conn.create_session(Recorder, term_type=term, term_size=size, encoding=None)
            except asyncssh.ChannelOpenError:
                pass  # refused outright: fine, as is a session that starts with a smaller size
            conn.close()
            await conn.wait_closed()
            # Once the server has heard the client go and ended any session it started (the app may be gone a
            # moment before its session gives back its place).
            await wait_until(
                lambda: (
                    server.log.count(" disconnect") == tries  # noqa: B023 (used before the loop goes on)
                    and server.log.count("session start") == server.log.count("session end")
                ),
                "the server saw the client go",
            )
            await wait_until(lambda: not server.app_pids(), "no app left running")

        conn, _, session = await open_app(server)
        await session.wait_for(b"Welcome")
        conn.close()
        await wait_until(lambda: not server.app_pids(), "the app ended")
        guests = server.data_dir / "guests"
        await wait_until(lambda: not guests.exists() or not any(guests.iterdir()), "no guest folder left")
        assert "Traceback" not in server.log and "\0" not in server.log
    finally:
        server.stop()


async def test_only_a_plain_terminal_name_is_accepted(tmp_path: Path) -> None:
    server = Server(tmp_path / "data", "--guest", "--idle-timeout", "0")
    try:
        for term in ("xterm\0", "x" * 300, "xterm\x1b[2J", "vt100\nmore"):
            async with await connect(server) as conn:
                with pytest.raises(asyncssh.ChannelOpenError):
                    await conn.create_session(Recorder, term_type=term, term_size=(80, 24), encoding=None)
            server.wait_for_log("refused: unusable terminal name")
            server.lines.clear()
        assert not server.app_pids()
    finally:
        server.stop()


@NEEDS_OPENSSH
def test_a_served_session_has_no_palette_and_writes_no_screenshot(tmp_path: Path) -> None:
    home = tmp_path / "home"  # where Textual would save a screenshot: ~/Downloads of the server's user
    home.mkdir()
    server = Server(tmp_path / "data", "--guest", "--idle-timeout", "0", env={**os.environ, "HOME": str(home)})
    keys = Keys(tmp_path / "keys", [])
    terms = Terminals()
    try:
        name = terms.open(keys.ssh(server, "visitor", None, "-tt"))
        terms.wait_for(name, APP_TITLE, "Welcome")
        terms.keys(name, "C-p")
        terms.keys(name, "?")  # opens the help, unless a palette took it as a search
        terms.wait_for(name, "Anywhere", absent="Search for commands")
        terms.keys(name, "Escape")
        terms.wait_for(name, "Welcome", absent="Anywhere")
        quit_app(terms, name)
        assert list(home.iterdir()) == []
    finally:
        terms.close()
        server.stop()


def test_a_flood_of_idle_connections_leaves_room_for_a_real_login(tmp_path: Path) -> None:
    keys = Keys(tmp_path / "keys", ["alice"])
    # 1,024 files at most, as systemd gives a service unless its unit says otherwise.
    server = Server(tmp_path / "data", "--authorized-keys", str(keys.authorized), max_files=1024)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    flood = 1100
    if hard < flood + 200:
        pytest.skip(f"this test opens {flood} connections; the file limit here is {hard}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, flood + 200), hard))
    sockets: list[socket.socket] = []
    try:
        # Connections that never say anything, opened about as fast as the server takes them, so that
        # the kernel's queue of connections not yet accepted does not overflow and hold some back.
        deadline = time.monotonic() + 20
        for number in range(flood):
            sock = socket.socket()
            sock.setblocking(False)
            sock.connect_ex(("127.0.0.1", server.port))
            sockets.append(sock)
            while server.log.count(" connect from ") < number - 50 and time.monotonic() < deadline:
                time.sleep(0.01)  # past the deadline the server has stopped taking them: the flood is in place
        # The server holds a few of them, not one file each.
        files = len(os.listdir(f"/proc/{server.process.pid}/fd"))
        assert files < 200, f"the server holds {files} files"
        started = time.monotonic()
        login = run(keys.ssh(server, "alice", "alice", "-T"))
        assert login.returncode == 1 and "needs a terminal" in login.stdout, login.stderr
        print(f"a real login during a flood of {flood} idle connections took {time.monotonic() - started:.2f} s")
        assert "Traceback" not in server.log
    finally:
        for sock in sockets:
            sock.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        server.stop()


async def test_a_connection_whose_session_is_refused_is_closed(tmp_path: Path) -> None:
    server = Server(tmp_path / "data", "--guest")
    try:
        conn = await connect(server)
        chan, session = await conn.create_session(Recorder, encoding=None)  # no terminal asked for
        await chan.wait_closed()
        assert b"needs a terminal" in session.output
        await asyncio.wait_for(conn.wait_closed(), WAIT)  # the server closed the connection too
    finally:
        server.stop()


async def test_one_connection_has_one_session(tmp_path: Path) -> None:
    server = Server(tmp_path / "data", "--guest", "--max-sessions", "10")
    try:
        conn, chan, session = await open_app(server)
        await session.wait_for(b"Welcome")
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.create_session(Recorder, term_type="xterm", term_size=(80, 24), encoding=None)
        server.wait_for_log("refused: a second session")
        chan.write(b"?")  # the first session still answers
        await session.wait_for(b"Anywhere")
        conn.close()
    finally:
        server.stop()


def test_openssh_connection_sharing_gets_one_session(tmp_path: Path) -> None:
    server = Server(tmp_path / "data", "--guest", "--max-sessions", "10")
    keys = Keys(tmp_path / "keys", [])
    terms = Terminals()
    shared = ["-o", f"ControlPath={tmp_path / 'control'}"]
    try:
        name = terms.open(keys.ssh(server, "visitor", None, "-tt", "-o", "ControlMaster=yes", *shared))
        terms.wait_for(name, APP_TITLE, "Welcome")
        # The shared connection refuses a second session; OpenSSH then makes a connection of its own.
        second = run(keys.ssh(server, "visitor", None, "-T", "-o", "ControlMaster=no", *shared))
        assert "refused" in second.stderr and "needs a terminal" in second.stdout, second
        server.wait_for_log("refused: a second session")
        quit_app(terms, name)
    finally:
        terms.close()
        server.stop()


async def test_one_person_cannot_take_every_place(tmp_path: Path) -> None:
    keys = Keys(tmp_path / "keys", ["alice"])
    server = Server(tmp_path / "data", "--authorized-keys", str(keys.authorized), "--guest", "--max-sessions", "20")
    opened: list[asyncssh.SSHClientConnection] = []
    try:
        # The defaults: 2 sessions per user, 4 guest sessions per address.
        for user, allowed, refusal in (("alice", 2, b"already have 2 sessions"), ("visitor", 4, b"already 4 guests")):
            for number in range(allowed + 1):
                # asyncssh tries keyboard-interactive (the guests' way in) only with a password at hand.
                login: dict[str, Any] = (
                    {"client_keys": [str(keys.folder / "alice")]} if user == "alice" else {"password": "unused"}
                )
                conn, _, session = await open_app(server, user=user, **login)
                opened.append(conn)
                if number < allowed:
                    await session.wait_for(b"Welcome")
                else:
                    await asyncio.wait_for(session.closed.wait(), WAIT)
                    assert refusal in session.output, session.output
        assert "Traceback" not in server.log
    finally:
        for conn in opened:
            conn.close()
        server.stop()


def test_a_file_limit_too_low_for_the_sessions_is_named_at_start(tmp_path: Path) -> None:
    server = Server(tmp_path / "data", "--guest", "--max-sessions", "300", max_files=256)
    try:
        server.wait_for_log("open files allowed")
    finally:
        server.stop()
    unit = (Path(__file__).parents[1] / "deploy" / "secondop-serve.service").read_text()
    assert "\nLimitNOFILE=" in unit
