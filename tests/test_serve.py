"""``secondop serve`` end to end: the real server process, the real OpenSSH client, real terminals (tmux)."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import asyncssh
import pytest

from secondop_tui.serve.ssh.names import clean_user_name

from support.serve_harness import (
    APP_TITLE,
    NEEDS_OPENSSH,
    SECONDOP,
    WAIT,
    Keys,
    Server,
    Terminals,
    open_checklist,
    quit_app,
)

pytestmark = NEEDS_OPENSSH


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    return Keys(tmp_path_factory.mktemp("keys"), ["alice", "bob"])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, keys: Keys) -> Iterator[Server]:
    """Keys and guests both on: the main server most tests share."""
    folder = tmp_path_factory.mktemp("serve")
    # The server's own size and progress file must not reach the apps it starts.
    env = {**os.environ, "COLUMNS": "100", "LINES": "30", "SECONDOP_DB": str(folder / "server-own.json")}
    running = Server(
        folder / "data",
        "--authorized-keys",
        str(keys.authorized),
        "--guest",
        "--max-sessions",
        "10",
        "--idle-timeout",
        "0",
        env=env,
    )
    yield running
    running.stop()
    assert not (folder / "server-own.json").exists()


@pytest.fixture
def terms() -> Iterator[Terminals]:
    made = Terminals()
    yield made
    made.close()


def done_items(db: Path) -> list[str]:
    items = json.loads(db.read_text(encoding="utf-8")).get("items", {})
    return [item_id for item_id, item in items.items() if item.get("done")]


@pytest.mark.e2e
def test_each_user_keeps_their_own_ticks(server: Server, keys: Keys, terms: Terminals) -> None:
    first = terms.open(keys.ssh(server, "alice", "alice", "-tt"))
    assert "0 of" in open_checklist(terms, first)
    terms.keys(first, "Space")
    terms.wait_for(first, "[x]", "1 of")
    quit_app(terms, first)

    alice_db = server.data_dir / "users" / "alice" / "progress.json"
    assert len(done_items(alice_db)) == 1
    assert stat.S_IMODE(alice_db.stat().st_mode) == 0o600
    assert stat.S_IMODE(alice_db.parent.stat().st_mode) == 0o700

    again = terms.open(keys.ssh(server, "Alice", "alice", "-tt"))  # same person, name typed differently
    screen = open_checklist(terms, again)
    assert "[x]" in screen and "1 of" in screen
    quit_app(terms, again)

    other = terms.open(keys.ssh(server, "bob", "bob", "-tt"))
    screen = open_checklist(terms, other)
    assert "[x]" not in screen and "0 of" in screen
    quit_app(terms, other)
    assert done_items(alice_db) and "login alice" in server.log and "login bob" in server.log


@pytest.mark.e2e
def test_a_key_only_opens_its_own_users_checklist(server: Server, keys: Keys) -> None:
    # bob's key for alice's name: with guests allowed this falls back to a guest, never to alice's data.
    result = subprocess.run(
        [*keys.ssh(server, "alice", "bob", "-T")],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=WAIT,
        check=False,
    )
    assert result.returncode == 255 and "Permission denied" in result.stderr


@pytest.mark.e2e
def test_guest_checklist_is_deleted_when_the_guest_leaves(server: Server, keys: Keys, terms: Terminals) -> None:
    name = terms.open(keys.ssh(server, "visitor", None, "-tt"))
    open_checklist(terms, name)
    terms.keys(name, "Space")
    terms.wait_for(name, "[x]")
    terms.keys(name, "a")
    terms.wait_for(name, "New item for")
    terms.keys(name, "-l", "zebrasecret")
    terms.keys(name, "Enter")
    terms.wait_for(name, "zebrasecret")
    guests = list((server.data_dir / "guests").iterdir())
    assert len(guests) == 1 and done_items(guests[0] / "progress.json")

    quit_app(terms, name)
    assert list((server.data_dir / "guests").iterdir()) == []
    assert not (server.data_dir / "users" / "visitor").exists()
    assert "login guest" in server.log
    assert "zebrasecret" not in server.log  # what people type is never logged


@pytest.mark.e2e
def test_window_resize_reaches_the_app(server: Server, keys: Keys, terms: Terminals) -> None:
    name = terms.open(keys.ssh(server, "alice", "alice", "-tt"), width=100, height=30)
    terms.wait_for(name, APP_TITLE)
    terms.resize(name, 30, 10)
    terms.wait_for(name, "too small")
    terms.resize(name, 60, 20)
    screen = terms.wait_for(name, APP_TITLE, "Welcome", absent="too small")
    assert max(len(line.rstrip()) for line in screen.splitlines()) <= 60
    quit_app(terms, name)


@pytest.mark.e2e
def test_only_the_app_is_offered(server: Server, keys: Keys) -> None:
    def run(*extra: str, command: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*keys.ssh(server, "alice", "alice", *extra), *command],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=WAIT,
            check=False,
        )

    no_pty = run("-T")
    assert no_pty.returncode == 1 and "needs a terminal" in no_pty.stdout
    command = run("-T", command=("cat", "/etc/passwd"))
    assert command.returncode == 255 and "root:" not in command.stdout
    assert "exec request failed" in command.stderr
    sftp = run("-T", "-s", command=("sftp",))
    assert sftp.returncode == 255 and "subsystem request failed" in sftp.stderr
    remote = run("-N", "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:9")
    assert remote.returncode == 255 and "forwarding failed" in remote.stderr
    assert "refused: command" in server.log and "/etc/passwd" not in server.log


@pytest.mark.e2e
async def test_local_port_forwarding_is_refused(server: Server, keys: Keys) -> None:
    async with asyncssh.connect(
        "127.0.0.1",
        server.port,
        username="alice",
        known_hosts=None,
        client_keys=[str(keys.folder / "alice")],
        agent_path=None,
    ) as conn:
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.open_connection("127.0.0.1", server.port)
    server.wait_for_log("refused: port forwarding")


@pytest.mark.e2e
def test_a_killed_app_leaves_other_sessions_working(server: Server, keys: Keys, terms: Terminals) -> None:
    first = terms.open(keys.ssh(server, "alice", "alice", "-tt"))
    second = terms.open(keys.ssh(server, "bob", "bob", "-tt"))
    terms.wait_for(first, APP_TITLE)
    terms.wait_for(second, APP_TITLE)
    server.wait_for_log("login bob")
    os.kill(server.app_of("alice"), signal.SIGKILL)

    terms.wait_for(first, "stopped unexpectedly", "[ssh exited 1]")
    open_checklist(terms, second)  # bob's app still answers keys
    quit_app(terms, second)
    assert server.process.poll() is None


@pytest.mark.e2e
def test_session_cap_idle_timeout_and_unknown_keys(tmp_path: Path, keys: Keys, terms: Terminals) -> None:
    server = Server(
        tmp_path / "data", "--authorized-keys", str(keys.authorized), "--max-sessions", "1", "--idle-timeout", "8"
    )
    try:
        first = terms.open(keys.ssh(server, "alice", "alice", "-tt"))
        terms.wait_for(first, APP_TITLE)
        busy = subprocess.run(
            keys.ssh(server, "bob", "bob", "-tt"),
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=WAIT,
            check=False,
        )
        assert busy.returncode == 1 and "busy, try again" in busy.stdout

        terms.wait_for(first, "without a key press", "[ssh exited 0]")
        server.wait_for_log("idle timeout")

        for login, key in [("alice", "bob"), ("../alice", "alice"), ("visitor", None)]:
            refused = subprocess.run(
                keys.ssh(server, login, key, "-T"),
                capture_output=True,
                text=True,
                stdin=subprocess.DEVNULL,
                timeout=WAIT,
                check=False,
            )
            assert refused.returncode == 255 and "Permission denied" in refused.stderr
        assert not (tmp_path / "data" / "guests").exists()
        assert sorted(p.name for p in (tmp_path / "data" / "users").iterdir()) == ["alice"]
    finally:
        server.stop()


@pytest.mark.e2e
def test_failed_logins_are_rate_limited(tmp_path: Path, keys: Keys) -> None:
    server = Server(tmp_path / "data", "--authorized-keys", str(keys.authorized))
    try:

        def attempt(key: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                keys.ssh(server, "alice", key, "-T"),
                capture_output=True,
                text=True,
                stdin=subprocess.DEVNULL,
                timeout=WAIT,
                check=False,
            )

        assert attempt("alice").returncode == 1  # the right key works (and is told it needs a terminal)
        for _ in range(10):
            assert attempt("bob").returncode == 255
        refused = attempt("bob")  # now a wrong key ends its connection at once, with the reason
        assert refused.returncode == 255 and "try again in a minute" in refused.stderr
        assert attempt("alice").returncode == 1  # and the right key still works
        server.wait_for_log("too many failed logins")
    finally:
        server.stop()


@pytest.mark.e2e
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])  # SIGHUP: the admin's terminal closed
def test_sigterm_closes_sessions_and_exits_zero(tmp_path: Path, keys: Keys, terms: Terminals, number: int) -> None:
    server = Server(tmp_path / "data", "--guest")
    try:
        name = terms.open(keys.ssh(server, "anyone", None, "-tt"))
        terms.wait_for(name, APP_TITLE)
        server.process.send_signal(number)
        assert server.process.wait(WAIT) == 0
        terms.wait_for(name, "server is stopping", "[ssh exited 0]")
        assert list((tmp_path / "data" / "guests").iterdir()) == []
        assert server.app_pids() == {}
    finally:
        server.stop()


def test_a_port_in_use_is_one_line_and_nothing_after_it(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # Its stderr is read to the end: until every process that holds it (a helper, say) has closed it.
        result = subprocess.run(
            [str(SECONDOP), "serve", "--guest", "--port", str(port), "--data-dir", str(tmp_path / "data")],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=WAIT,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"secondop: cannot serve on 127.0.0.1:{port}: Address already in use"]


@pytest.mark.e2e
def test_each_sessions_process_is_named_for_its_user_or_guest_number(
    server: Server, keys: Keys, terms: Terminals
) -> None:
    alice = terms.open(keys.ssh(server, "Alice", "alice", "-tt"))
    guest = terms.open(keys.ssh(server, "zebrasecret", None, "-tt"))
    terms.wait_for(alice, APP_TITLE)
    terms.wait_for(guest, APP_TITLE)
    server.wait_for_log("login guest")
    alice_label = re.findall(r"(#\d+) login alice\n", server.log)[-1]
    guest_label = re.findall(r"(#\d+) login guest\n", server.log)[-1]
    names = {}
    for label in (alice_label, guest_label):
        found = re.search(rf"{label} session start \(app (\d+)", server.log)
        assert found, server.log
        pid = int(found.group(1))
        names[label] = (
            Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode(),
            Path(f"/proc/{pid}/comm").read_text().strip(),
        )
    assert names[alice_label] == (f"secondop serve: alice (session {alice_label})", "secondop alice")
    assert names[guest_label] == (f"secondop serve: guest (session {guest_label})", "secondop guest")
    (helper,) = [pid for pid in server.helper_pids() if Path(f"/proc/{pid}").exists()]
    assert Path(f"/proc/{helper}/cmdline").read_bytes().split(b"\0")[0] == b"secondop serve: helper"
    everything = "".join(command for command in server.app_pids().values())
    assert "zebrasecret" not in everything and "Alice" not in everything
    quit_app(terms, alice)
    quit_app(terms, guest)


def test_host_key_is_made_once_and_kept_private(tmp_path: Path) -> None:
    first = Server(tmp_path / "data", "--guest")
    first.stop()
    key = tmp_path / "data" / "host_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    fingerprint = re.search(r"fingerprint (SHA256:\S+)", first.log)
    assert fingerprint and "created" in first.log
    second = Server(tmp_path / "data", "--guest")
    second.stop()
    assert fingerprint.group(1) in second.log and "read from" in second.log


def test_serve_needs_a_way_in(tmp_path: Path) -> None:
    result = subprocess.run(
        [str(SECONDOP), "serve", "--data-dir", str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "secondop: serve needs --authorized-keys FILE, --guest, or both"


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("alice", "alice"),
        ("Alice", "alice"),
        ("j.doe-2", "j.doe-2"),
        ("../alice", None),
        ("..", None),
        (".hidden", None),
        ("-rf", None),
        ("a/b", None),
        ("", None),
        ("x" * 33, None),
        ("al ice", None),
    ],
)
def test_user_names_are_safe_folder_names(raw: str, clean: str | None) -> None:
    assert clean_user_name(raw) == clean
