"""Taking the checklist away over SSH: the real server, the real OpenSSH client, a real terminal (tmux).

The copy travels as an OSC 52 sequence from the app on the server, through the SSH connection, to the
person's terminal; tmux with ``set-clipboard on`` takes it into its own paste buffer, where the test reads it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from secondop_tui.content import Guide

from serve_harness import NEEDS_OPENSSH, Keys, Server, Terminals, open_checklist, quit_app

pytestmark = [pytest.mark.e2e, NEEDS_OPENSSH]


@pytest.fixture
def printed(tmp_path: Path) -> Path:
    return tmp_path / "printed.txt"


@pytest.fixture
def server(tmp_path: Path, printed: Path) -> Iterator[Server]:
    printer = tmp_path / "fake-lp"
    printer.write_text('#!/bin/sh\ncat > "$1"\n', encoding="utf-8")
    printer.chmod(0o700)
    running = Server(tmp_path / "data", "--guest", "--print-command", f"{printer} {printed}")
    yield running
    running.stop()


@pytest.fixture
def terms() -> Iterator[Terminals]:
    made = Terminals()
    yield made
    made.close()


def test_a_guest_copies_and_prints_the_checklist_without_a_shell(
    server: Server, terms: Terminals, tmp_path: Path, printed: Path, guide: Guide
) -> None:
    keys = Keys(tmp_path / "keys", [])
    name = terms.open(keys.ssh(server, "visitor", None, "-tt"))
    terms.tmux("set-option", "-g", "set-clipboard", "on")  # the person's terminal accepts a program's copy
    open_checklist(terms, name)
    terms.keys(name, "Space")
    terms.wait_for(name, "[x]", "1 of")
    terms.keys(name, "t")
    screen = terms.wait_for(name, "Take your checklist with you")
    assert "Copy it" in screen and "Print it" in screen
    assert "Save it" not in screen  # a file would land on the server, not with the person

    terms.keys(name, "c")
    terms.wait_for(name, "Copied")
    copied = terms.tmux("show-buffer")
    ticked = guide.items[0].text
    assert copied.startswith("My second opinion checklist\nMade on ")
    assert f"[x] {ticked}" in copied and f"1 of {len(guide.items)} done" in copied

    terms.keys(name, "p")
    terms.wait_for(name, "Printed")
    assert f"[x] {ticked}" in printed.read_text(encoding="utf-8")

    terms.keys(name, "Escape")
    terms.wait_for(name, "Your checklist", absent="Take your checklist")
    quit_app(terms, name)
    assert ticked not in server.log  # nothing of the list reaches the server's log
