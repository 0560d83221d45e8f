"""Take your checklist with you: one key on the guide and the checklist, and every way out that works here."""

from __future__ import annotations

import base64
import os
import re
import select
import stat
import subprocess
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import segno
from textual.pilot import Pilot

from secondop_tui.app import SecondOpinionApp
from secondop_tui.content import Guide
from secondop_tui.data.store import ProgressStore
from secondop_tui.export import export_checklist
from secondop_tui.screens.plain_text import PlainTextScreen
from secondop_tui.screens.qr_code import QrCodeScreen
from secondop_tui.screens.take_away import TakeAwayScreen
from secondop_tui.settings import Settings
from secondop_tui.take_away.qr import QUIET_ZONE, payload_for

from conftest import SECONDOP, make_app, screen_text

NOTE = "Bring the CD of the scans"


def app_with(db_path: Path, guide: Guide, **settings: object) -> SecondOpinionApp:
    chosen = Settings(content_dir=guide.directory, db_path=db_path, **settings)  # type: ignore[arg-type]
    return SecondOpinionApp(chosen, guide, ProgressStore(db_path))


async def wait_for(pilot: Pilot[None], condition: object, timeout: float = 30.0) -> None:
    """Let the app run until ``condition()`` holds (a screen, a file on disk); fails if it never does."""
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"never happened; the screen shows:\n{screen_text(pilot.app)}"
        await pilot.pause(0.05)


async def tick_and_note(pilot: Pilot[None]) -> None:
    """In the checklist: tick the first item and give it a note, as a person getting ready would."""
    await pilot.press("c", "space", "n", *NOTE, "enter")
    await wait_for(pilot, lambda: NOTE in screen_text(pilot.app))


async def open_take_away(pilot: Pilot[None]) -> TakeAwayScreen:
    await pilot.press("t")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, TakeAwayScreen))
    assert isinstance(pilot.app.screen, TakeAwayScreen)
    return pilot.app.screen


def expected_text(app: SecondOpinionApp, guide: Guide, fmt: str = "txt") -> str:
    return export_checklist(guide, app.store.checklist(guide), fmt)


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


async def test_on_your_own_computer_every_way_is_offered(db_path: Path, guide: Guide) -> None:
    app = app_with(db_path, guide, print_command="lp")
    async with app.run_test(size=(80, 30), notifications=True) as pilot:
        screen = await open_take_away(pilot)
        assert [choice.key for choice in screen.choices] == ["c", "s", "m", "v", "r", "p"]
        text = screen_text(app)
        for words in ("Copy it", "Save it as a text file", "Save it as a Markdown file", "Show it as plain text",
                      "Show a QR code", "Print it"):
            assert words in text


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


async def test_copy_puts_the_export_text_on_the_clipboard_and_says_how_to_tell(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await tick_and_note(pilot)
        await open_take_away(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: "Copied" in screen_text(app))
        assert app.clipboard == expected_text(app, guide)
        assert NOTE in app.clipboard and f"Made on {date.today().day}" in app.clipboard
        text = " ".join(screen_text(app).split())
        assert "pasted" in text and "press v" in text


def test_copy_sends_osc_52_from_the_installed_app(tmp_path: Path, guide: Guide) -> None:
    """The real command in a real pseudo-terminal: the clipboard sequence reaches the terminal, and decodes."""
    db = tmp_path / "progress.json"
    master, slave = os.openpty()
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    process = subprocess.Popen([str(SECONDOP), "--db", str(db)], stdin=slave, stdout=slave, stderr=slave,
                               env=env, start_new_session=True)
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


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A person's home with a Downloads folder, as a fresh desktop account has."""
    home = tmp_path / "home"
    (home / "Downloads").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return home


@pytest.mark.parametrize("key, suffix, fmt", [("s", ".txt", "txt"), ("m", ".md", "md")])
async def test_save_writes_a_private_file_in_downloads(
    db_path: Path, guide: Guide, home: Path, key: str, suffix: str, fmt: str
) -> None:
    target = home / "Downloads" / f"secondop-checklist-{date.today().isoformat()}{suffix}"
    app = make_app(db_path, guide)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await tick_and_note(pilot)
        await open_take_away(pilot)
        await pilot.press(key)
        await wait_for(pilot, lambda: "Saved" in screen_text(app))
        assert target.read_text(encoding="utf-8") == expected_text(app, guide, fmt)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


async def test_save_never_replaces_a_file_that_is_there(db_path: Path, guide: Guide, home: Path) -> None:
    theirs = home / "Downloads" / f"secondop-checklist-{date.today().isoformat()}.txt"
    theirs.write_text("the person's own notes\n", encoding="utf-8")
    app = make_app(db_path, guide)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await open_take_away(pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: "Saved" in screen_text(app))
    assert theirs.read_text(encoding="utf-8") == "the person's own notes\n"
    second = theirs.with_name(theirs.stem + "-2.txt")
    assert second.read_text(encoding="utf-8").startswith("My second opinion checklist")


async def test_no_downloads_folder_is_one_calm_line_and_nothing_is_made(
    db_path: Path, guide: Guide, home: Path
) -> None:
    (home / "Downloads").rmdir()
    app = make_app(db_path, guide)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_take_away(pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: "There is no folder" in screen_text(app))
        assert app.is_running and app.screen is screen
    assert sorted(p.name for p in home.iterdir()) == []


async def test_a_downloads_folder_that_cannot_take_files_is_one_calm_line(
    db_path: Path, guide: Guide, home: Path
) -> None:
    (home / "Downloads").rmdir()
    (home / "Downloads").write_text("not a folder\n", encoding="utf-8")  # writes fail even for root
    app = make_app(db_path, guide)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await open_take_away(pilot)
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
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, PlainTextScreen))
        await pilot.pause()
        rows = screen_text(app).splitlines()
        expected = expected_text(app, guide).splitlines()
        # The rows at the top are the text itself, from the first column: select them and the words come alone.
        assert rows[:10] == expected[:10]
        assert not any(glyph in "".join(rows[:-1]) for glyph in "│┃▊▎▐█▕")
        await pilot.press("space")
        await pilot.pause()
        assert screen_text(app).splitlines()[0] != rows[0]  # it scrolls from the keyboard
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TakeAwayScreen))


# -- QR code -------------------------------------------------------------------------------------------


def region_lines(app: SecondOpinionApp, selector: str) -> list[str]:
    """What the screen shows inside one widget, line by line."""
    region = app.screen.query_one(selector).region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return [line[region.x : region.right].ljust(region.width) for line in lines]


def side_text(app: SecondOpinionApp) -> str:
    return " ".join(" ".join(region_lines(app, "#qr-side")).split())


def drawn_matrix(app: SecondOpinionApp) -> list[list[bool]]:
    """Read the half-block code back off the screen, two module rows per character row."""
    rows: list[list[bool]] = []
    for cells in region_lines(app, "#qr"):
        rows.append([cell in "█▀" for cell in cells])
        rows.append([cell in "█▄" for cell in cells])
    return rows


def expected_matrix(text: str) -> list[list[bool]]:
    qr = segno.make_qr(text, error="l")
    return [[bool(module) for module in row] for row in qr.matrix_iter(scale=1, border=QUIET_ZONE)]


async def open_qr_code(pilot: Pilot[None]) -> QrCodeScreen:
    await open_take_away(pilot)
    await pilot.press("r")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, QrCodeScreen))
    assert isinstance(pilot.app.screen, QrCodeScreen)
    return pilot.app.screen


async def test_qr_code_holds_the_whole_checklist_when_it_fits(db_path: Path, guide: Guide) -> None:
    # The shipped checklist as text is larger than any QR code can hold; a guide of its first sections is not.
    guide = replace(guide, sections=guide.sections[:6])
    app = make_app(db_path, guide)
    async with app.run_test(size=(240, 100), notifications=True) as pilot:
        await tick_and_note(pilot)
        screen = await open_qr_code(pilot)
        assert screen.payload is not None and screen.payload.text == expected_text(app, guide)
        assert "The code holds your whole checklist" in side_text(app)
        expected = expected_matrix(screen.payload.text)
        assert drawn_matrix(app)[: len(expected)] == expected


async def test_qr_code_holds_items_still_to_do_when_the_whole_list_does_not_fit(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await tick_and_note(pilot)
        entries = app.store.checklist(guide)
        ticked = next(entry for entry in entries if entry.done)
        screen = await open_qr_code(pilot)
        assert screen.payload is not None
        payload = screen.payload.text
        assert "too long for one code, so it holds the first" in side_text(app)
        assert ticked.text not in payload and "[ ]" in payload
        assert next(entry for entry in entries if not entry.done).text in payload
        expected = expected_matrix(payload)
        assert drawn_matrix(app)[: len(expected)] == expected
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: app.current_mode == "checklist" and app.screen is app.checklist_screen)


def test_qr_payload_when_everything_is_ticked_or_nothing_fits(guide: Guide) -> None:
    store = ProgressStore.in_memory()
    for entry in store.checklist(guide):
        store.toggle(entry)
    entries = store.checklist(guide)
    done = payload_for(guide, entries, columns=98, rows=27)
    assert done.qr is not None and "every item is done" in done.text
    assert done.qr.matrix == segno.make_qr(done.text, error="l").matrix
    tiny = payload_for(guide, entries, columns=20, rows=5)
    assert tiny.qr is None and "too small" in tiny.note


# -- print ---------------------------------------------------------------------------------------------


def fake_printer(tmp_path: Path, script: str = 'cat > "$1"') -> tuple[str, Path]:
    program = tmp_path / "fake-lp"
    program.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    program.chmod(0o700)
    output = tmp_path / "printed.txt"
    return f"{program} {output}", output


async def test_print_sends_the_export_text_to_the_print_command(db_path: Path, guide: Guide, tmp_path: Path) -> None:
    command, output = fake_printer(tmp_path)
    app = app_with(db_path, guide, print_command=command)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await tick_and_note(pilot)
        await open_take_away(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: "Printed" in screen_text(app))
        assert output.read_text(encoding="utf-8") == expected_text(app, guide)


async def test_a_failing_print_command_is_one_calm_line(db_path: Path, guide: Guide, tmp_path: Path) -> None:
    command, _ = fake_printer(tmp_path, "exit 3")
    app = app_with(db_path, guide, print_command=command)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await open_take_away(pilot)
        await pilot.press("p")
        await wait_for(pilot, lambda: "The printer could not take it." in screen_text(app))
        assert app.is_running
        assert "desk" not in screen_text(app)  # at home there is no desk to ask at
