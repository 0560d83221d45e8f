"""``secondop web``'s warm helper: a tab's app is forked from one loaded process, as an SSH session's is, yet
each stands on its own and ends with its tab or its server.

The real server, tabs as a script holds their websocket. The log says which apps the helper forked ("session
start (app PID, ...)") and which started cold (", started cold").
"""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from secondop_tui.content import Guide
from secondop_tui.guest.policy import APP_MEMORY_LIMIT

from support.web_harness import WAIT, WebServer, web_servers
from support.web_sockets import alive, connect, eventually, sockets

pytest.importorskip("aiohttp", reason="needs the web extra (textual-serve)")

pytestmark = pytest.mark.e2e


def stat_fields(pid: int) -> list[str]:
    """/proc/PID/stat after the name: state, ppid, pgrp, session, ..."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def helpers(server: WebServer) -> list[int]:
    """The helpers the server has said are ready, oldest first."""
    return [int(pid) for pid in re.findall(r"helper ready \(pid (\d+)", server.log)]


def started_apps(server: WebServer) -> list[str]:
    """How each tab's app started, as the log says: "forked" or "cold"."""
    found = re.findall(r"session start \(app \d+(, started cold)?", server.log)
    return ["cold" if cold else "forked" for cold in found]


def data_limit(pid: int) -> int:
    """The process's hard limit on its data segment (the kernel's cap on its memory)."""
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max data size"):
            return int(line.split()[4])
    raise AssertionError("no data size line")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[WebServer]:
    with web_servers(tmp_path) as start:
        running = start()
        running.wait_for_log("helper ready")
        yield running


async def test_a_tab_is_forked_from_the_helper_and_stands_on_its_own(server: WebServer, guide: Guide) -> None:
    (helper,) = helpers(server)
    async with sockets(server) as session:
        tab = await connect(session, server)
        await tab.wait_for("Welcome")
        (pid,) = server.app_pids()
        assert started_apps(server) == ["forked"]
        fields = stat_fields(pid)
        # The server's own child, in a session of its own, named for its tab in ps.
        assert int(fields[1]) == server.process.pid and int(fields[3]) == pid
        assert Path(f"/proc/{pid}/cmdline").read_bytes().startswith(b"secondop web: tab 1 from 127.0.0.1")
        # Nothing of the helper's open: its stream on 0 and 1, nothing on 2, and what the app opened itself
        # (the helper's socket to the server is not among them).
        assert os.readlink(f"/proc/{pid}/fd/0") == os.readlink(f"/proc/{pid}/fd/1")
        assert os.readlink(f"/proc/{pid}/fd/0").startswith("socket:")
        assert os.readlink(f"/proc/{pid}/fd/2") == os.devnull
        helper_sockets = {os.readlink(f"/proc/{helper}/fd/{fd}") for fd in os.listdir(f"/proc/{helper}/fd")}
        mine = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
        assert not {name for name in mine & helper_sockets if name.startswith("socket:")}
        assert data_limit(pid) == 2 * APP_MEMORY_LIMIT
        # It works as a tab's app: a key brings the next section.
        await tab.keys("n")
        await tab.wait_for(guide.sections[1].title)
        await tab.ws.close()
    await eventually(lambda: not alive(pid), "the app ended with its tab")
    await eventually(lambda: not server.guest_folders(), "the tab's folder was deleted")
    assert "session end (tab closed" in server.log
    assert alive(helper) and "Traceback" not in server.log


async def test_forked_tabs_end_with_a_killed_server(tmp_path: Path) -> None:
    with web_servers(tmp_path) as start:
        server = start()
        server.wait_for_log("helper ready")
        async with sockets(server) as session:
            tabs = [await connect(session, server) for _ in range(2)]
            for tab in tabs:
                await tab.wait_for("Welcome")
            pids = list(server.app_pids())
            assert len(pids) == 2 and started_apps(server) == ["forked", "forked"]
            (helper,) = helpers(server)
            try:
                server.process.kill()
                server.process.wait(WAIT)
                await eventually(lambda: not any(alive(pid) for pid in [*pids, helper]), "the apps ended with it")
            finally:
                for pid in [*pids, helper]:
                    if alive(pid):
                        os.kill(pid, signal.SIGKILL)


async def test_a_tab_starts_cold_while_the_helper_is_replaced_and_forked_again_after(server: WebServer) -> None:
    (helper,) = helpers(server)
    os.kill(helper, signal.SIGKILL)
    async with sockets(server) as session:
        cold = await connect(session, server)
        await cold.wait_for("Welcome")
        await eventually(lambda: len(helpers(server)) == 2, "a new helper is ready")
        forked = await connect(session, server)
        await forked.wait_for("Welcome")
        assert started_apps(server) in (["cold", "forked"], ["forked", "forked"])
        assert started_apps(server)[-1] == "forked"
        assert re.search(r"helper ended \(signal 9\); a new one starts", server.log)


async def test_cold_start_starts_each_tab_as_a_new_process(tmp_path: Path) -> None:
    with web_servers(tmp_path) as start:
        server = start("--cold-start")
        async with sockets(server) as session:
            tab = await connect(session, server)
            await tab.wait_for("Welcome")
        assert started_apps(server) == ["cold"]
        assert "tabs start cold: each tab starts a new process" in server.log
        assert not helpers(server)
