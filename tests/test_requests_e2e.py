"""The installed ``secondop`` in a real terminal: a request added today is shown late when the app comes back
on a later day (the day set through the clock tests control)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import read_db
from support.tmux_terminal import INSTALLED, TmuxTerminal

pytestmark = pytest.mark.e2e


@pytest.fixture
def opened() -> Iterator[list[TmuxTerminal]]:
    terminals: list[TmuxTerminal] = []
    yield terminals
    for terminal in terminals:
        terminal.close()


def start(opened: list[TmuxTerminal], db_path: Path, cwd: Path, today: str) -> TmuxTerminal:
    terminal = TmuxTerminal([str(INSTALLED), "--db", str(db_path)], 80, 24, env={"SECONDOP_TODAY": today}, cwd=cwd)
    opened.append(terminal)
    return terminal


def test_a_request_added_today_is_late_after_31_days(opened: list[TmuxTerminal], db_path: Path, tmp_path: Path) -> None:
    terminal = start(opened, db_path, tmp_path, "2026-11-03")
    terminal.wait_for("Requests")
    terminal.send("r")
    terminal.wait_for("None yet. Press a to add one.")
    terminal.send("a")
    terminal.wait_for("What did you ask for")
    terminal.send("Enter")  # the pathology report
    terminal.wait_for("From whom?")
    terminal.send("-l", "City Hospital")
    terminal.send("Enter")
    terminal.wait_for("How did you ask?")
    terminal.send("Enter")
    terminal.wait_for("When did you ask?")
    terminal.send("-l", "today")
    terminal.wait_for("Understood: 3 Nov 2026")
    terminal.send("Enter")
    terminal.wait_for("Pathology report - City Hospital: due in 30 days")
    terminal.send("q")
    terminal.wait_until_dead()
    assert terminal.exit_status() == 0
    (saved,) = read_db(db_path)["requests"].values()
    assert saved["asked"] == "2026-11-03" and os.stat(db_path).st_mode & 0o777 == 0o600

    later = start(opened, db_path, tmp_path, "2026-12-04")
    screen = later.wait_for("Press r to see your")  # the Welcome page says so (its text comes after the sidebar's)
    assert screen.count("1 request late") == 2  # on the Welcome page and in the sidebar
    later.send("r")
    screen = later.wait_for("late: 1 day past due")
    assert "Pathology report - City Hospital" in screen and "Today is 4 Dec 2026." in screen
    later.send("q")
    later.wait_until_dead()
