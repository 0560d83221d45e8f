"""The installed ``secondop`` command in a real terminal (tmux at 80x24), driven by keystrokes."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from secondop_tui.content import Guide

from conftest import read_db
from support.tmux_terminal import INSTALLED, TmuxTerminal

pytestmark = pytest.mark.e2e


@pytest.fixture
def terminal_for(tmp_path: Path) -> Iterator[list[TmuxTerminal]]:
    opened: list[TmuxTerminal] = []
    yield opened
    for terminal in opened:
        terminal.close()


def start(opened: list[TmuxTerminal], db_path: Path, cwd: Path) -> TmuxTerminal:
    terminal = TmuxTerminal([str(INSTALLED), "--db", str(db_path)], 80, 24, cwd=cwd)
    opened.append(terminal)
    return terminal


def test_tick_an_item_quit_and_find_it_saved(
    terminal_for: list[TmuxTerminal], db_path: Path, tmp_path: Path, guide: Guide
) -> None:
    first = guide.sections[0]
    terminal = start(terminal_for, db_path, tmp_path)
    screen = terminal.wait_for("Quit")  # the footer is drawn last
    assert first.title in screen and "Checklist" in screen
    assert all(section.title[:20] in screen for section in guide.sections[:5])  # sidebar

    terminal.send("c")
    terminal.wait_for(f"0 of {len(guide.items)} done")
    terminal.send("space")
    screen = terminal.wait_for(f"1 of {len(guide.items)} done")
    terminal.send("q")
    terminal.wait_until_dead()
    assert terminal.exit_status() == 0

    data = read_db(db_path)
    ticked = [item_id for item_id, doc in data["items"].items() if doc.get("done")]
    assert len(ticked) == 1
    assert ticked[0] in {item.id for item in guide.items}
    assert os.stat(db_path).st_mode & 0o777 == 0o600
    # Nothing was written into the folder the app was started from.
    assert sorted(p.name for p in tmp_path.iterdir()) == [db_path.parent.name]

    # The next day: the same tick, and the guide opens where the person left it.
    again = start(terminal_for, db_path, tmp_path)
    again.wait_for(first.title)
    again.send("n")
    again.wait_for(guide.sections[1].title)
    again.send("q")
    again.wait_until_dead()
    assert read_db(db_path)["meta"]["state"]["last_section"] == guide.sections[1].id
    third = start(terminal_for, db_path, tmp_path)
    third.wait_for(guide.sections[1].title)
    third.send("c")
    third.wait_for(f"1 of {len(guide.items)} done")
    third.send("q")
    third.wait_until_dead()


def test_corrupt_progress_file_is_kept_and_the_app_starts(
    terminal_for: list[TmuxTerminal], db_path: Path, tmp_path: Path, guide: Guide
) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_text('{"items": {"x": ', encoding="utf-8")  # ours, cut short
    terminal = start(terminal_for, db_path, tmp_path)
    screen = terminal.wait_for("start fresh")
    assert "Traceback" not in screen
    copies = list(db_path.parent.glob("progress.json.corrupt-*"))
    assert len(copies) == 1 and copies[0].read_text(encoding="utf-8") == '{"items": {"x": '
    terminal.send("q")
    terminal.wait_until_dead()
    assert terminal.exit_status() == 0
