"""Taking the checklist away in the installed app, in a real terminal (tmux): what a burst of stray keys can do."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.tmux_terminal import INSTALLED, TmuxTerminal

pytestmark = pytest.mark.e2e

# Typed by someone who thinks the box to add an item is open: `t` opens Take it with you, `m` saves.
SENTENCE = "very long item "


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    return home


@pytest.fixture
def terminal(tmp_path: Path, home: Path) -> Iterator[TmuxTerminal]:
    running = TmuxTerminal(
        [str(INSTALLED), "--db", str(tmp_path / "progress.json")], 80, 24, env={"HOME": str(home)}, cwd=tmp_path
    )
    yield running
    running.close()


def wait_until_still(terminal: TmuxTerminal, folder: Path, quiet: float = 3.0, timeout: float = 90.0) -> None:
    """Wait until neither the screen nor ``folder`` has changed for ``quiet`` seconds: the burst is handled.

    A key opens a screen while the next keys are on their way to the one before, so no key sent after the burst
    is sure to be handled after all of it. A machine too busy to draw for ``quiet`` seconds could make this
    return early, which can only make the test pass when it should fail, never the other way.
    """
    deadline = time.monotonic() + timeout
    last: tuple[str, list[str]] | None = None
    since = time.monotonic()
    while True:
        now = (terminal.screen(), sorted(path.name for path in folder.iterdir()))
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        assert time.monotonic() < deadline, f"the app never settled; the screen shows:\n{now[0]}"
        time.sleep(0.2)


def test_a_sentence_typed_into_the_guide_saves_at_most_one_file(terminal: TmuxTerminal, home: Path) -> None:
    terminal.wait_for("Quit")
    for _ in range(20):
        terminal.send("-l", SENTENCE)
    wait_until_still(terminal, home / "Downloads")
    saved = sorted(path.name for path in (home / "Downloads").iterdir())
    assert len(saved) <= 1, saved
    terminal.send("C-q")
    terminal.wait_until_dead()
