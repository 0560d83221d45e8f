"""``secondop serve``'s warm helper: every app is forked from one process, yet each stands on its own.

The real server, real clients (asyncssh where the test must read the raw screen, OpenSSH in the other
serve tests, which all run with the helper on). The log says which apps the helper forked ("session start
(app PID, ...)") and which started cold (", started cold").
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
from pathlib import Path
from typing import Any

import asyncssh
import pytest

from secondop_tui.data.locations import default_content_dir

from support.serve_harness import NEEDS_OPENSSH, WAIT, Recorder, Server, connect, wait_until

pytestmark = [NEEDS_OPENSSH, pytest.mark.e2e]


def stat_fields(pid: int) -> list[str]:
    """/proc/PID/stat after the name: state, ppid, pgrp, session, tty_nr, tpgid, ..."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def socket_inodes(pid: int) -> set[str]:
    found = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:"):
            found.add(target)
    return found


def helpers(server: Server) -> list[int]:
    """The helpers the server has said are ready, oldest first."""
    return [int(pid) for pid in re.findall(r"helper ready \(pid (\d+)", server.log)]


def gone(pid: int) -> bool:
    try:
        return stat_fields(pid)[0] == "Z"
    except OSError:
        return True


async def open_app(
    server: Server, number: int = 0, **options: Any
) -> tuple[asyncssh.SSHClientConnection, asyncssh.SSHClientChannel[bytes], Recorder, str]:
    """A guest session with the guide on screen, and its label in the log. Clients come from several loopback
    addresses, as people do: the server lets only 16 connections from one address wait at once."""
    conn = await connect(server, local_addr=(f"127.0.0.{2 + number % 4}", 0))
    address, port = conn.get_extra_info("sockname")[:2]
    chan, session = await conn.create_session(
        Recorder, term_type="xterm-256color", term_size=(100, 30), encoding=None, **options
    )
    await session.wait_for(b"Welcome")
    found = re.search(rf"(#\d+) connect from {re.escape(address)}:{port}\n", server.log)
    assert found, server.log
    await wait_until(lambda: f"{found.group(1)} session start" in server.log, "the session start logged")
    return conn, chan, session, found.group(1)


def app_pid(server: Server, label: str) -> int:
    found = re.search(rf"{label} session start \(app (\d+)", server.log)
    assert found, server.log
    return int(found.group(1))


def forked(server: Server, label: str) -> bool:
    line = re.search(rf"{label} session start \(.*\)", server.log)
    assert line, server.log
    return "started cold" not in line.group(0)


async def still_answers(chan: asyncssh.SSHClientChannel[bytes], session: Recorder) -> None:
    session.output.clear()
    chan.write(b"?")
    await session.wait_for(b"Anywhere")  # the help
    session.output.clear()
    chan.write(b"?")
    await session.wait_for(b"Welcome")  # and the guide again


async def test_a_forked_app_has_its_own_terminal_group_files_and_environment(tmp_path: Path) -> None:
    printed = tmp_path / "printed-env"
    printer = tmp_path / "fake-lp"
    printer.write_text('#!/bin/sh\ncat > /dev/null\nenv > "$1"\n', encoding="utf-8")
    printer.chmod(0o700)
    env = {**os.environ, "SECONDOP_DB": str(tmp_path / "server-own.json"), "SECONDOP_IDLE_RESET": "7"}
    server = Server(
        tmp_path / "data", "--guest", "--idle-timeout", "0", "--print-command", f"{printer} {printed}", env=env
    )
    opened = []
    try:
        server.wait_for_log("helper ready")
        helper = helpers(server)[0]
        for number in range(2):
            opened.append(await open_app(server, number, env={"LANG": "C.UTF-8"}))
        labels = [label for _, _, _, label in opened]
        assert all(forked(server, label) for label in labels), server.log
        apps = [app_pid(server, label) for label in labels]

        terminals = set()
        for pid in apps:
            fields = stat_fields(pid)
            assert int(fields[1]) == server.process.pid  # the server's child: it reaps it and signals it
            assert int(fields[2]) == pid and int(fields[3]) == pid  # its own process group and session
            assert fields[4] != "0" and int(fields[5]) == pid  # a controlling terminal, with it in front
            terminals.add(fields[4])
            assert {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in (0, 1, 2)} == {os.readlink(f"/proc/{pid}/fd/0")}
            assert os.readlink(f"/proc/{pid}/fd/0").startswith("/dev/pts/")
            assert not socket_inodes(helper) & socket_inodes(pid)  # not the helper's line to the server
            started_with = Path(f"/proc/{pid}/environ").read_bytes()
            assert b"SECONDOP_" not in started_with and b"SSH_" not in started_with
        assert len(terminals) == 2
        helper_fields = stat_fields(helper)
        assert helper_fields[4] == "0" and int(helper_fields[3]) not in apps  # no terminal, its own session
        # It never ran an event loop or a thread: one thread, and no epoll instance among its files.
        assert "Threads:\t1\n" in Path(f"/proc/{helper}/status").read_text()
        assert not any("eventpoll" in os.readlink(f"/proc/{helper}/fd/{fd}") for fd in os.listdir(f"/proc/{helper}/fd"))

        # The environment the app lives in, as a command it runs sees it.
        _, chan, session, _ = opened[0]
        chan.write(b"c")
        await session.wait_for(b"Your checklist")
        chan.write(b"t")
        await session.wait_for(b"Take your checklist")
        chan.write(b"p")
        await session.wait_for(b"Printed")
        lines = printed.read_text(encoding="utf-8").splitlines()
        assert "TERM=xterm-256color" in lines and "LANG=C.UTF-8" in lines and "PYTHONUTF8=1" in lines
        assert not [line for line in lines if line.startswith(("SECONDOP_", "SSH_", "COLUMNS=", "LINES="))]
    finally:
        for conn, _, _, _ in opened:
            conn.close()
        server.stop()
    assert not (tmp_path / "server-own.json").exists()


async def test_the_helper_dies_or_sticks_and_nobody_is_refused(tmp_path: Path) -> None:
    server = Server(tmp_path / "data", "--guest", "--idle-timeout", "0")
    opened = []
    try:
        server.wait_for_log("helper ready")
        first = helpers(server)[0]
        opened.append(await open_app(server, 0))
        assert forked(server, opened[0][3])

        os.kill(first, signal.SIGKILL)
        server.wait_for_log("helper ended (signal 9)")
        await still_answers(opened[0][1], opened[0][2])  # the session goes on without its helper
        opened.append(await open_app(server, 3))  # and the next login works, new helper ready or not
        await wait_until(lambda: len(helpers(server)) == 2, "a new helper ready", timeout=90)

        # A helper that stops answering is replaced, and meanwhile apps start cold.
        second = helpers(server)[1]
        os.kill(second, signal.SIGSTOP)
        opened.append(await open_app(server, 1))
        assert not forked(server, opened[-1][3])
        assert "no answer for" in server.log
        await wait_until(lambda: len(helpers(server)) == 3, "a third helper ready", timeout=90)
        assert gone(second)

        opened.append(await open_app(server, 2))
        assert forked(server, opened[-1][3])
        for _, chan, session, _ in opened:
            await still_answers(chan, session)
        assert "Traceback" not in server.log
    finally:
        for conn, _, _, _ in opened:
            conn.close()
        server.stop()


async def test_a_crashed_app_leaves_its_sibling_and_the_helper_answering(tmp_path: Path) -> None:
    server = Server(tmp_path / "data", "--guest", "--idle-timeout", "0")
    opened = []
    try:
        server.wait_for_log("helper ready")
        for number in range(2):
            opened.append(await open_app(server, number))
        crashed, sibling = opened
        assert forked(server, crashed[3]) and forked(server, sibling[3])
        os.kill(app_pid(server, crashed[3]), signal.SIGSEGV)
        await asyncio.wait_for(crashed[2].closed.wait(), WAIT)
        assert b"stopped unexpectedly" in crashed[2].output
        server.wait_for_log(f"{crashed[3]} session end (signal {int(signal.SIGSEGV)}")

        await still_answers(sibling[1], sibling[2])
        opened.append(await open_app(server, 2))
        assert forked(server, opened[2][3]) and len(helpers(server)) == 1
    finally:
        for conn, _, _, _ in opened:
            conn.close()
        server.stop()


async def test_twenty_sessions_open_and_close_and_leave_no_zombie(tmp_path: Path) -> None:
    server = Server(
        tmp_path / "data", "--guest", "--idle-timeout", "0", "--max-sessions", "25", "--max-guests-per-address", "25"
    )
    try:
        server.wait_for_log("helper ready")
        helper = helpers(server)[0]
        opened = await asyncio.gather(*(open_app(server, number) for number in range(20)))
        assert len(server.app_pids()) == 20
        for number, (conn, chan, session, _) in enumerate(opened):
            if number % 2:
                chan.write(b"q")  # the app quits: it exits by itself
            else:
                conn.close()  # the client leaves: the server hangs up the app
        for conn, _, session, _ in opened:
            await asyncio.wait_for(session.closed.wait(), WAIT)
            conn.close()
        await wait_until(lambda: not server.app_pids(), "every app ended")
        await wait_until(lambda: server.log.count(" session end ") == 20, "every session end logged")
        zombies = [pid for pid, (_, fields) in server.children().items() if fields[0] == "Z"]
        assert zombies == [] and list(server.children()) == [helper]
        assert not [entry for entry in Path("/proc").iterdir() if entry.name.isdigit() and _child_of(entry, helper)]
        assert server.log.count("started cold") == 0
    finally:
        server.stop()
    assert server.process.returncode == 0
    await wait_until(lambda: gone(helper), "the helper ended with the server")


def _child_of(entry: Path, parent: int) -> bool:
    try:
        return int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == parent
    except (OSError, IndexError):
        return False


async def test_sigusr1_has_the_guide_read_again(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(default_content_dir(), content)
    server = Server(tmp_path / "data", "--guest", "--idle-timeout", "0", app_options=("--content", str(content)))
    opened = []
    try:
        server.wait_for_log("helper ready")
        welcome = content / "01-welcome.md"
        welcome.write_text(welcome.read_text().replace("This guide can help", "Zebrafinch. This guide can help"))
        # The helper read the guide when it started: a change is not seen until the reload.
        opened.append(await open_app(server, 0))
        assert forked(server, opened[0][3]) and b"Zebrafinch" not in opened[0][2].output

        server.process.send_signal(signal.SIGUSR1)
        await wait_until(lambda: len(helpers(server)) == 2, "a new helper ready", timeout=90)
        opened.append(await open_app(server, 1))
        assert forked(server, opened[1][3])
        await opened[1][2].wait_for(b"Zebrafinch")
        await still_answers(opened[0][1], opened[0][2])  # sessions that were open go on
        assert "helper ended" not in server.log  # replaced on purpose: no failure reported
    finally:
        for conn, _, _, _ in opened:
            conn.close()
        server.stop()


def _ksm_merge_any(pid: int) -> bool:
    return "ksm_merge_any: yes" in Path(f"/proc/{pid}/ksm_stat").read_text()


def _kernel_merges_on_request() -> bool:
    """Whether this kernel takes PR_SET_MEMORY_MERGE (Linux 6.4 and later, built with KSM)."""
    import subprocess
    import sys

    if not Path("/proc/self/ksm_stat").exists():
        return False
    asked = subprocess.run(
        [sys.executable, "-c", "from secondop_tui.guest.warm.page_merging import allow_merging as a; print(a())"],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return asked.stdout.strip() == "None"


async def test_merge_pages_opts_the_apps_of_the_helper_in_to_ksm_and_nothing_else(tmp_path: Path) -> None:
    if not _kernel_merges_on_request():
        pytest.skip("this kernel cannot merge the pages of a process that asks (Linux 6.4 or later with KSM)")
    merging = Server(tmp_path / "merging", "--guest", "--idle-timeout", "0", "--merge-pages")
    plain = Server(tmp_path / "plain", "--guest", "--idle-timeout", "0")
    opened = []
    try:
        for server in (merging, plain):
            server.wait_for_log("helper ready")
            opened.append(await open_app(server))
        merging_app, plain_app = (app_pid(server, label) for server, (*_, label) in zip((merging, plain), opened))
        assert forked(merging, opened[0][3]) and forked(plain, opened[1][3])
        # The state of the machine's KSM is said, whichever it is: an administrator decides it.
        assert re.search(r"page merging: asked for; (KSM is running|KSM is off|this kernel has no KSM)", merging.log), (
            merging.log
        )
        assert "page merging" not in plain.log
        assert _ksm_merge_any(merging_app) and _ksm_merge_any(helpers(merging)[0])
        assert not _ksm_merge_any(plain_app) and not _ksm_merge_any(helpers(plain)[0])
        assert not _ksm_merge_any(merging.process.pid)  # the server itself holds keys and sessions: left out
        await still_answers(opened[0][1], opened[0][2])
    finally:
        for conn, *_ in opened:
            conn.close()
        merging.stop()
        plain.stop()
