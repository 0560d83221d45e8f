"""``secondop serve`` keeps each person's checklist where only the server can change it.

Anyone who can write to the data folder (or a user's folder in it) can plant a link there, for example
``users/bob/progress.json -> ../alice/progress.json``, and bob would then see and change alice's ticks.
The server refuses such folders: at start for the data folder, per session for a user's folder.
"""

from __future__ import annotations

import asyncio
import os
import pwd
import subprocess
from pathlib import Path

import pytest

from secondop_tui.data.store import ProgressStore

from support.serve_harness import NEEDS_OPENSSH, WAIT, Keys, Recorder, Server, connect, refused_start

pytestmark = [NEEDS_OPENSSH, pytest.mark.e2e]

ALICE_ITEM = "alice private item"


def plant(data_dir: Path) -> None:
    """alice's checklist, and bob's "checklist": a link to hers."""
    for user in ("alice", "bob"):
        (data_dir / "users" / user).mkdir(parents=True, mode=0o700, exist_ok=True)
        (data_dir / "users" / user).chmod(0o700)
    (data_dir / "users").chmod(0o700)
    store = ProgressStore(data_dir / "users" / "alice" / "progress.json")
    store.add("welcome", ALICE_ITEM)
    store.close()
    (data_dir / "users" / "bob" / "progress.json").symlink_to("../alice/progress.json")


def start_refused(data_dir: Path, keys: Keys) -> subprocess.CompletedProcess[str]:
    """Start the server and expect it to stop at once; fail (and stop it) if it starts serving."""
    return refused_start(
        ["serve", "--port", "0", "--data-dir", str(data_dir), "--authorized-keys", str(keys.authorized)]
    )


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    return Keys(tmp_path_factory.mktemp("keys"), ["alice", "bob"])


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o702])
def test_a_data_folder_others_may_write_is_refused_at_start(tmp_path: Path, keys: Keys, mode: int) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    plant(data_dir)
    data_dir.chmod(mode)
    refused = start_refused(data_dir, keys)
    assert refused.returncode == 2
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("secondop: ") and str(data_dir) in lines[0], refused.stderr
    assert "chmod 700" in lines[0] and "Traceback" not in refused.stderr
    assert not (data_dir / "host_key").exists()


def test_a_data_folder_of_another_user_is_refused_at_start(tmp_path: Path, keys: Keys) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can give a folder to another user")
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    os.chown(data_dir, pwd.getpwnam("nobody").pw_uid, -1)
    refused = start_refused(data_dir, keys)
    assert refused.returncode == 2 and "another user" in refused.stderr, refused.stderr


async def bob_is_refused(server: Server, keys: Keys) -> None:
    conn = await connect(server, "bob", client_keys=[str(keys.folder / "bob")])
    _, session = await conn.create_session(Recorder, term_type="xterm", term_size=(80, 24), encoding=None)
    await asyncio.wait_for(session.closed.wait(), WAIT)
    assert b"not safe" in session.output and ALICE_ITEM.encode() not in session.output, session.output
    conn.close()


@pytest.mark.parametrize("unsafe", ["bob's folder writable", "bob's folder a link", "users a link", "file a link"])
async def test_an_unsafe_user_folder_is_refused_and_gives_back_its_place(
    tmp_path: Path, keys: Keys, unsafe: str
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    plant(data_dir)
    users = data_dir / "users"
    if unsafe == "bob's folder writable":
        (users / "bob").chmod(0o777)
    elif unsafe == "bob's folder a link":
        (users / "bob" / "progress.json").unlink()
        (users / "bob").rmdir()
        (users / "bob").symlink_to("alice")
    elif unsafe == "users a link":
        (data_dir / "elsewhere").mkdir(mode=0o700)
        users.rename(data_dir / "elsewhere" / "users")
        users.symlink_to(data_dir / "elsewhere" / "users")
    server = Server(data_dir, "--authorized-keys", str(keys.authorized), "--max-sessions", "1")
    try:
        await bob_is_refused(server, keys)
        server.wait_for_log("refused: bob's folder")
        # The place is given back: alice gets in, and her checklist is as it was.
        conn = await connect(server, "alice", client_keys=[str(keys.folder / "alice")])
        _, session = await conn.create_session(Recorder, term_type="xterm", term_size=(80, 24), encoding=None)
        if unsafe == "users a link":
            await asyncio.wait_for(session.closed.wait(), WAIT)  # her folder is behind the same link
        else:
            await session.wait_for(b"Welcome")
        conn.close()
        alice = data_dir / "elsewhere" / "users" if unsafe == "users a link" else users
        assert ALICE_ITEM in (alice / "alice" / "progress.json").read_text()
        assert "Traceback" not in server.log
    finally:
        server.stop()


def test_a_planted_guests_link_is_not_followed(tmp_path: Path, keys: Keys) -> None:
    # Clearing left-over guest folders through a link would delete someone else's folders.
    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o700)
    precious = tmp_path / "precious"
    (precious / "keep").mkdir(parents=True)
    (data_dir / "guests").symlink_to(precious)
    refused = start_refused(data_dir, keys)
    assert refused.returncode == 2 and "guests is a link" in refused.stderr, refused.stderr
    assert (precious / "keep").is_dir()


@pytest.mark.parametrize("command", ["serve", "web"])
def test_guest_folders_left_by_a_killed_server_are_cleared_at_start(tmp_path: Path, command: str) -> None:
    if command == "web":
        pytest.importorskip("textual_serve", reason="needs the web extra")
    data_dir = tmp_path / "data"
    left = data_dir / "guests" / "guest-left"
    left.mkdir(parents=True, mode=0o700)
    data_dir.chmod(0o700)
    (data_dir / "guests").chmod(0o700)
    (left / "progress.json").write_text('{"a guest": "who has gone"}', encoding="utf-8")
    if command == "serve":
        server = Server(data_dir, "--guest")
    else:
        from support.web_harness import WebServer

        server = WebServer(data_dir, home=tmp_path / "home")
    try:  # cleared before the server listens
        assert (data_dir / "guests").is_dir() and list((data_dir / "guests").iterdir()) == []
    finally:
        server.stop()
