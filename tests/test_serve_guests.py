"""Guests of ``secondop serve`` know that nothing they tick is kept: the browser's guest notice in their guide,
goodbye lines that say their ticks were deleted, and a word before a refused key makes someone a guest."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.serve_harness import APP_TITLE, NEEDS_OPENSSH, WAIT, Keys, Server, Terminals, open_checklist, quit_app

pytestmark = [NEEDS_OPENSSH, pytest.mark.e2e]

GUEST_NOTE = "You are using this guide as a guest."
NOT_KEPT = "Your ticks and notes from this visit were deleted."
SAVED = "Your ticks are saved."
REFUSED_KEY = "not on this server's list"


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    """alice and bob are listed; the stranger's key is not."""
    made = Keys(tmp_path_factory.mktemp("keys"), ["alice", "bob", "stranger"])
    lines = made.authorized.read_text().splitlines(keepends=True)
    made.authorized.write_text("".join(line for line in lines if not line.endswith(" stranger\n")))
    return made


@pytest.fixture
def terms() -> Iterator[Terminals]:
    made = Terminals()
    yield made
    made.close()


def guests(server: Server) -> list[Path]:
    folder = server.data_dir / "guests"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_guest_reads_that_nothing_is_kept_and_is_told_so_when_leaving(
    tmp_path: Path, keys: Keys, terms: Terminals
) -> None:
    server = Server(tmp_path / "data", "--authorized-keys", str(keys.authorized), "--guest", "--idle-timeout", "0")
    try:
        guest = terms.open(keys.ssh(server, "visitor", None, "-tt"), width=120, height=40)
        screen = terms.wait_for(guest, APP_TITLE, GUEST_NOTE)
        assert "Take it with you" in screen
        alice = terms.open(keys.ssh(server, "alice", "alice", "-tt"), width=120, height=40)
        assert GUEST_NOTE not in terms.wait_for(alice, APP_TITLE, "Welcome")
        quit_app(terms, alice)
        assert NOT_KEPT not in terms.screen(alice)

        terms.keys(guest, "q")
        screen = terms.wait_for(guest, "[ssh exited 0]")
        assert NOT_KEPT in screen and SAVED not in screen
        assert guests(server) == []
    finally:
        server.stop()


@pytest.mark.parametrize("how", ["stop", "idle"])
def test_a_guest_ended_by_the_server_is_told_the_ticks_were_deleted(
    tmp_path: Path, keys: Keys, terms: Terminals, how: str
) -> None:
    # The idle timeout is the server's own real clock: the test only waits (generously) for what it says.
    idle = "4" if how == "idle" else "0"
    server = Server(tmp_path / "data", "--authorized-keys", str(keys.authorized), "--guest", "--idle-timeout", idle)
    try:
        guest = terms.open(keys.ssh(server, "visitor", None, "-tt"), width=140)  # the goodbye on one line
        alice = terms.open(keys.ssh(server, "alice", "alice", "-tt"), width=140)
        open_checklist(terms, guest)
        terms.keys(guest, "Space")
        terms.wait_for(guest, "[x]")
        terms.wait_for(alice, APP_TITLE)
        if how == "stop":
            server.process.send_signal(signal.SIGTERM)
            assert server.process.wait(WAIT) == 0
            why = "server is stopping"
        else:
            why = "without a key press"
        screen = terms.wait_for(guest, why, "[ssh exited 0]")
        assert NOT_KEPT in screen and SAVED not in screen
        screen = terms.wait_for(alice, why, "[ssh exited 0]")
        assert SAVED in screen and NOT_KEPT not in screen
        assert guests(server) == []
    finally:
        server.stop()


def test_a_refused_key_is_told_before_the_guest_session_starts(tmp_path: Path, keys: Keys, terms: Terminals) -> None:
    server = Server(tmp_path / "data", "--authorized-keys", str(keys.authorized), "--guest", "--idle-timeout", "0")
    try:
        # alice on a new laptop, with a key the server does not know.
        name = terms.open(keys.ssh_offering(server, "alice", ["stranger"], "-tt"))
        screen = terms.wait_for(name, REFUSED_KEY, "Enter")
        assert "guest" in screen and APP_TITLE not in screen
        assert guests(server) == []  # no session yet
        terms.keys(name, "Enter")
        terms.wait_for(name, APP_TITLE, GUEST_NOTE)
        assert len(guests(server)) == 1
        terms.keys(name, "q")
        terms.wait_for(name, NOT_KEPT, "[ssh exited 0]")

        # Who would rather not be a guest leaves at once, and nothing is made for them.
        leaving = terms.open(keys.ssh_offering(server, "alice", ["bob"], "-tt"))
        terms.wait_for(leaving, REFUSED_KEY)
        terms.keys(leaving, "q")
        screen = terms.wait_for(leaving, "[ssh exited")
        assert APP_TITLE not in screen
        assert guests(server) == [] and "login guest" in server.log
        assert not (server.data_dir / "users" / "alice").exists()
    finally:
        server.stop()


def test_an_admin_may_refuse_a_listed_name_outright(tmp_path: Path, keys: Keys, terms: Terminals) -> None:
    server = Server(tmp_path / "data", "--authorized-keys", str(keys.authorized), "--guest", "--no-guest-for-key-users")
    try:
        refused = terms.open(keys.ssh_offering(server, "alice", ["bob"], "-tt"))
        screen = terms.wait_for(refused, "[ssh exited 255]")
        assert REFUSED_KEY in screen and APP_TITLE not in screen
        server.wait_for_log("refused: a listed name")
        # Someone whose name is not listed still comes in as a guest, told first.
        visitor = terms.open(keys.ssh_offering(server, "visitor", ["stranger"], "-tt"))
        terms.wait_for(visitor, REFUSED_KEY)
        terms.keys(visitor, "Enter")
        terms.wait_for(visitor, APP_TITLE, GUEST_NOTE)
        quit_app(terms, visitor)
        alice = terms.open(keys.ssh(server, "alice", "alice", "-tt"))
        terms.wait_for(alice, APP_TITLE)
        quit_app(terms, alice)
    finally:
        server.stop()
