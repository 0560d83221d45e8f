"""Take your checklist with you: one key on the guide and the checklist, and every way out that works here.

QR codes (test_take_away_qr.py) and printing (test_take_away_print.py) have files of their own.
"""

from __future__ import annotations

import base64
import os
import re
import select
import stat
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest

from secondop_tui.content import Guide
from secondop_tui.screens.plain_text import PlainTextScreen
from secondop_tui.screens.take_away import TakeAwayScreen

from conftest import SECONDOP, make_app, screen_text
from support.take_away_pilot import (
    NOTE,
    app_with,
    expected_text,
    flat,
    messages,
    open_take_away,
    tick_and_note,
    wait_for,
)

TODAY = date.today().isoformat()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A person's home with a Downloads folder, as a fresh desktop account has."""
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return home


def saved_files(home: Path) -> list[str]:
    return sorted(path.name for path in (home / "Downloads").iterdir())


# -- the key and the choices -----------------------------------------------------------------------


async def test_t_opens_it_from_the_guide_and_from_the_checklist(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert "t Take it with you" in screen_text(app).splitlines()[-1]  # the footer says so
        await open_take_away(pilot)
        assert "Take your checklist with you" in screen_text(app)
        await pilot.press("escape", "c")
        await wait_for(pilot, lambda: "done" in screen_text(app) and "t Take it with you" in screen_text(app))
        await open_take_away(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, TakeAwayScreen))


async def test_on_your_own_computer_every_way_is_offered_in_plain_words(
    db_path: Path, guide: Guide, home: Path
) -> None:
    app = app_with(db_path, guide, print_command="lp")
    async with app.run_test(size=(80, 30), notifications=True) as pilot:
        screen = await open_take_away(pilot)
        assert [choice.key for choice in screen.choices] == ["c", "s", "m", "v", "r", "p"]
        text = screen_text(app)
        for words in (
            "Copy it",
            "Save it as a text file",
            "Save it for a notes app",
            "in your Downloads folder",
            "Show it as plain text",
            "Show a QR code",
            "Print it",
        ):
            assert words in text
        assert "~/" not in text and "Markdown file" not in text  # words a family member may not know


async def test_at_50x16_every_choice_is_on_screen(db_path: Path, guide: Guide, home: Path) -> None:
    app = app_with(db_path, guide, print_command="lp")
    async with app.run_test(size=(50, 16), notifications=True) as pilot:
        await open_take_away(pilot)
        await pilot.pause()
        rows = screen_text(app).splitlines()
        for key, title in (
            ("c", "Copy it"),
            ("s", "Save it as a text file"),
            ("m", "Save it for a notes app"),
            ("v", "Show it as plain text"),
            ("r", "Show a QR code"),
            ("p", "Print it"),
        ):
            assert any(f"{key}  {title}" in row for row in rows), f"{key} is not on screen:\n" + "\n".join(rows)
        await pilot.resize_terminal(80, 30)
        await wait_for(pilot, lambda: "to scan with your phone's camera" in screen_text(app))  # room again


async def test_wrapped_words_of_a_choice_line_up_under_its_title(db_path: Path, guide: Guide, home: Path) -> None:
    app = app_with(db_path, guide, print_command="lp")
    async with app.run_test(size=(50, 30), notifications=True) as pilot:
        await open_take_away(pilot)
        await pilot.pause()
        rows = screen_text(app).splitlines()
        title = next(row for row in rows if "Save it for a notes app" in row)
        column = title.index("Save it")
        below = rows[rows.index(title) + 1 : rows.index(title) + 3]  # what it does, over two lines at 50 columns
        assert all(row[column - 1] == " " and row[column] != " " for row in below), "\n".join(rows)


async def test_without_a_downloads_folder_saving_is_not_offered(db_path: Path, guide: Guide, home: Path) -> None:
    (home / "Downloads").rmdir()
    app = make_app(db_path, guide)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_take_away(pilot)
        assert "there is no Downloads folder here" in screen_text(app)
        assert "Save it as a text file" not in screen_text(app)
        await pilot.press("s", "m")
        await pilot.pause()
        assert app.is_running and app.screen is screen
    assert sorted(p.name for p in home.iterdir()) == []


async def test_without_a_printer_there_is_no_print_and_p_does_nothing(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 30), notifications=True) as pilot:
        screen = await open_take_away(pilot)
        assert "Print it" not in screen_text(app)
        await pilot.press("p")
        await pilot.pause()
        assert app.screen is screen


async def test_a_terminal_without_unicode_is_told_it_cannot_draw_a_code(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide, ascii_only=True)
    async with app.run_test(size=(80, 30), notifications=True) as pilot:
        screen = await open_take_away(pilot)
        assert "this terminal cannot draw one" in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is screen  # no code drawn in characters the terminal would garble


# -- copy ------------------------------------------------------------------------------------------


async def test_copy_puts_the_export_text_on_the_clipboard_and_says_how_to_paste(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await tick_and_note(pilot)
        screen = await open_take_away(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: "Copied" in screen_text(app))
        assert app.clipboard == expected_text(app, guide)
        assert NOTE in app.clipboard and f"Made on {date.today().day}" in app.clipboard
        text = messages(app)
        # Paste as anywhere else: ctrl+v in most programs, but a Linux terminal pastes with ctrl+shift+v.
        assert "ctrl+v" in text and "ctrl+shift+v" in text and "press v" in text
        assert app.screen is screen  # nothing written: the screen stays, for v if the paste does not work


def test_copy_sends_osc_52_from_the_installed_app(tmp_path: Path, guide: Guide) -> None:
    """The real command in a real pseudo-terminal: the clipboard sequence reaches the terminal, and decodes."""
    db = tmp_path / "progress.json"
    master, slave = os.openpty()
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    process = subprocess.Popen(
        [str(SECONDOP), "--db", str(db)], stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = bytearray()

    def read_until(pattern: bytes, timeout: float = 60.0) -> re.Match[bytes]:
        deadline = time.monotonic() + timeout
        while not (found := re.search(pattern, seen)):
            assert time.monotonic() < deadline, f"never saw {pattern!r}"
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                seen.extend(os.read(master, 65536))
        return found

    try:
        read_until(b"Take it with you")
        os.write(master, b"t")
        read_until(b"Take your checklist")
        os.write(master, b"c")
        found = read_until(rb"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07")
        copied = base64.b64decode(found.group(1)).decode("utf-8")
        assert copied.startswith("My second opinion checklist\nMade on ")
        assert f"0 of {len(guide.items)} done" in copied and guide.items[0].text in copied
    finally:
        process.kill()
        process.wait()
        os.close(master)


# -- save --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key, suffix, fmt, width", [("s", ".txt", "txt", 80), ("m", ".md", "md", 50)])
async def test_save_writes_a_private_file_in_downloads_and_closes(
    db_path: Path, guide: Guide, home: Path, key: str, suffix: str, fmt: str, width: int
) -> None:
    target = home / "Downloads" / f"secondop-checklist-{TODAY}{suffix}"
    app = make_app(db_path, guide)
    async with app.run_test(size=(width, 24), notifications=True) as pilot:
        await tick_and_note(pilot)
        await open_take_away(pilot)
        await pilot.press(key)
        await wait_for(pilot, lambda: "Saved in your Downloads folder" in messages(app))
        assert not isinstance(app.screen, TakeAwayScreen)  # the next key cannot save again
        assert target.read_text(encoding="utf-8") == expected_text(app, guide, fmt)
        # The file's name whole on a line of its own, where a narrow message does not break it.
        assert any(row.rstrip().endswith(target.name) for row in screen_text(app).splitlines())
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


async def test_an_unchanged_checklist_is_saved_once_and_a_changed_one_again(
    db_path: Path, guide: Guide, home: Path
) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_take_away(pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: "Saved in your Downloads folder" in messages(app))
        first = f"secondop-checklist-{TODAY}.md"
        for _ in range(3):
            await open_take_away(pilot)
            await pilot.press("m")
            await wait_for(
                pilot, lambda: "saved already" in messages(app) and not isinstance(app.screen, TakeAwayScreen)
            )
        assert first in screen_text(app)  # where it is
        assert saved_files(home) == [first]
        await pilot.press("c", "space")  # a tick: the checklist is not the one saved any more
        await wait_for(pilot, lambda: f"1 of {len(guide.items)} done" in screen_text(app))
        await open_take_away(pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: len(saved_files(home)) == 2 and "Saved in your" in messages(app))
        (home / "Downloads" / f"secondop-checklist-{TODAY}-2.md").unlink()  # the person deleted it
        await open_take_away(pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: len(saved_files(home)) == 2 and "Saved in your" in messages(app))
    assert saved_files(home) == sorted([first, f"secondop-checklist-{TODAY}-2.md"])


async def test_save_never_replaces_a_file_that_is_there(db_path: Path, guide: Guide, home: Path) -> None:
    theirs = home / "Downloads" / f"secondop-checklist-{TODAY}.txt"
    theirs.write_text("the person's own notes\n", encoding="utf-8")
    app = make_app(db_path, guide)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await open_take_away(pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: "Saved" in screen_text(app))
    assert theirs.read_text(encoding="utf-8") == "the person's own notes\n"
    second = theirs.with_name(theirs.stem + "-2.txt")
    assert second.read_text(encoding="utf-8").startswith("My second opinion checklist")


async def test_a_downloads_folder_gone_since_the_screen_opened_is_one_calm_line(
    db_path: Path, guide: Guide, home: Path
) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_take_away(pilot)
        (home / "Downloads").rmdir()
        await pilot.press("s")
        await wait_for(pilot, lambda: "There is no Downloads folder here" in screen_text(app))
        assert app.is_running and app.screen is screen
    assert sorted(p.name for p in home.iterdir()) == []


async def test_a_downloads_folder_that_cannot_take_files_is_one_calm_line(
    db_path: Path, guide: Guide, home: Path
) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await open_take_away(pilot)
        (home / "Downloads").rmdir()
        (home / "Downloads").write_text("not a folder\n", encoding="utf-8")  # writes fail even for root
        await pilot.press("m")
        await wait_for(pilot, lambda: "Could not save" in screen_text(app))
        assert app.is_running
    assert (home / "Downloads").read_text(encoding="utf-8") == "not a folder\n"


# -- show as text --------------------------------------------------------------------------------------


async def test_plain_text_shows_the_export_text_with_nothing_in_the_way(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await tick_and_note(pilot)
        await open_take_away(pilot)
        await pilot.press("c")  # a message about the copy, which must not stay over the text
        await wait_for(pilot, lambda: "Copied" in screen_text(app))
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, PlainTextScreen))
        await pilot.pause()
        rows = screen_text(app).splitlines()
        expected = expected_text(app, guide).splitlines()
        # Every row of the text is the text itself, from the first column: select them and the words come alone.
        height = app.screen.query_one("#plain-text").region.height
        assert height >= 15
        assert rows[:height] == expected[:height]
        assert not any(glyph in "".join(rows[:height]) for glyph in "│┃▊▎▐█▕▌")
        assert "Select the text with your mouse" in flat(app)  # said below the text, not over it
        await pilot.press("space")
        await pilot.pause()
        assert screen_text(app).splitlines()[0] != rows[0]  # it scrolls from the keyboard
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TakeAwayScreen))
