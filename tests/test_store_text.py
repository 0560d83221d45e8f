"""Hostile text: kept exactly as typed on disk, never sent raw to the terminal on screen or by export."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from secondop_tui.content import Guide
from secondop_tui.data.store import ProgressStore
from secondop_tui.dialogs.confirm import ConfirmDialog
from secondop_tui.dialogs.text_prompt import TextPrompt
from secondop_tui.sanitize import printable
from secondop_tui.screens.checklist import ChecklistScreen

from conftest import make_app, move_highlight, read_db, screen_text

SECONDOP = Path(sys.executable).parent / "secondop"

# Retitle the terminal, clear the screen, ring the bell, a C1 control-sequence introducer, a backspace.
ESCAPES = "Call\x1b]0;owned\x07 the\x1b[2J clinic\x9b31m now\x08!"
SHOWN_ESCAPES = "Call?]0;owned? the?[2J clinic?31m now?!"
EMOJI = "Bring scans 🩻 and 🙂"
RIGHT_TO_LEFT = "\u05e9\u05d0\u05dc \u05e2\u05dc \u05d4\u05d1\u05d9\u05d5\u05e4\u05e1\u05d9\u05d4"  # Hebrew
# A bidi override would make an editor or a browser show the words after it in another order: shown as '?'.
OVERRIDE = "left \u202eright \u2067isolated\u2069"
SHOWN_OVERRIDE = "left ?right ?isolated?"
LONG = ("Ask whether the pathology slides can be sent directly. " * 40)[:2000]
NOTE = "Dr. Ng\x1b[31m red\tand\nnext line"


def controls_in(text: str) -> set[str]:
    """Characters that a terminal would obey rather than print (newline between lines is fine)."""
    return {ch for ch in text if (ord(ch) < 0x20 and ch != "\n") or 0x7F <= ord(ch) < 0xA0}


def hostile_store(db_path: Path, guide: Guide) -> dict[str, str]:
    section = guide.sections[0].id
    store = ProgressStore(db_path)
    ids = {text: store.add(section, text) for text in (ESCAPES, EMOJI, RIGHT_TO_LEFT, OVERRIDE, LONG)}
    entry = next(entry for entry in store.checklist(guide) if entry.id == ids[EMOJI])
    store.set_note(entry, NOTE)
    store.close()
    return ids


def test_text_is_stored_exactly_as_typed(db_path: Path, guide: Guide) -> None:
    ids = hostile_store(db_path, guide)
    items = read_db(db_path)["items"]
    for text, item_id in ids.items():
        assert items[item_id]["text"] == text
    assert items[ids[EMOJI]]["note"] == NOTE
    assert len(items[ids[LONG]]["text"]) == 2000
    # Written as UTF-8, not as \\u escapes, so the file reads plainly if someone opens it.
    assert "🩻".encode() in db_path.read_bytes()
    reopened = {entry.id: entry for entry in ProgressStore(db_path).checklist(guide)}
    assert {text: reopened[item_id].text for text, item_id in ids.items()} == {text: text for text in ids}


def test_printable_replaces_every_control_character() -> None:
    controls = "".join(chr(code) for code in (*range(0x20), 0x7F, *range(0x80, 0xA0)))
    shown = printable(controls)
    assert shown == "".join("\t" if ch == "\t" else "\n" if ch == "\n" else "?" for ch in controls)
    assert printable("a\tb\nc", single_line=True) == "a b c"
    assert printable(EMOJI + RIGHT_TO_LEFT) == EMOJI + RIGHT_TO_LEFT
    bidi = "".join(chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
    assert printable(bidi) == "?" * len(bidi)
    assert printable(OVERRIDE) == SHOWN_OVERRIDE


async def test_checklist_shows_hostile_text_safely(db_path: Path, guide: Guide) -> None:
    hostile_store(db_path, guide)
    app = make_app(db_path, guide)
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        text = screen_text(app)
        assert controls_in(text) == set()
        assert f"[ ] {SHOWN_ESCAPES}" in text
        assert "Note: Dr. Ng?[31m red and next line" in text
        assert EMOJI in text
        assert RIGHT_TO_LEFT in text
        assert f"[ ] {SHOWN_OVERRIDE}" in text and "\u202e" not in text
        assert LONG[:60] in text
    # Showing it changed nothing on disk.
    assert ESCAPES in {doc.get("text") for doc in read_db(db_path)["items"].values()}


async def press_on_item(pilot: Pilot[None], item_id: str, key: str) -> str:
    """Open the checklist, highlight one item, press ``key``; the screen text that follows."""
    await pilot.press("c")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ChecklistScreen)
    await move_highlight(pilot, screen.view, screen.view.get_option_index(item_id))
    await pilot.press(key)
    await pilot.pause()
    return screen_text(pilot.app)


async def test_delete_question_shows_hostile_text_safely(db_path: Path, guide: Guide) -> None:
    ids = hostile_store(db_path, guide)
    app = make_app(db_path, guide)
    async with app.run_test(size=(120, 60)) as pilot:
        text = await press_on_item(pilot, ids[ESCAPES], "d")
        assert isinstance(app.screen, ConfirmDialog)
        assert controls_in(text) == set()
        assert SHOWN_ESCAPES in text
        await pilot.press("n")


async def test_unicode_typed_in_the_app_is_saved_exactly(db_path: Path, guide: Guide) -> None:
    typed = "Ask 🙂 " + RIGHT_TO_LEFT
    app = make_app(db_path, guide)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c", "a")
        assert isinstance(app.screen, TextPrompt)
        # Emoji and Hebrew arrive from a terminal as pasted text (Pilot's key names cover only single keys).
        await pilot.press(*"Ask ")
        app.screen.query_one(Input).post_message(events.Paste("🙂 " + RIGHT_TO_LEFT))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        assert f"[ ] {typed}" in screen_text(app)
    assert [doc["text"] for doc in read_db(db_path)["items"].values() if doc.get("user")] == [typed]


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_export_to_the_screen_never_prints_raw_escapes(db_path: Path, guide: Guide, fmt: str) -> None:
    hostile_store(db_path, guide)
    before = db_path.read_bytes()
    env = {key: value for key, value in os.environ.items() if not key.startswith("SECONDOP")}
    result = subprocess.run(
        [str(SECONDOP), "export", "--format", fmt, "--db", str(db_path)],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    assert controls_in(out) == set()
    assert SHOWN_ESCAPES in out
    assert "Note: Dr. Ng?[31m red and next line" in out
    assert EMOJI in out and RIGHT_TO_LEFT in out and LONG in out
    assert SHOWN_OVERRIDE in out and "\u202e" not in out
    assert db_path.read_bytes() == before


async def test_edit_box_shows_hostile_text_safely_and_keeps_it_when_untouched(db_path: Path, guide: Guide) -> None:
    ids = hostile_store(db_path, guide)
    app = make_app(db_path, guide)
    async with app.run_test(size=(120, 40)) as pilot:
        text = await press_on_item(pilot, ids[ESCAPES], "e")
        assert isinstance(app.screen, TextPrompt)
        assert controls_in(text) == set()
        assert SHOWN_ESCAPES in text
        await pilot.press("enter")  # saved without a change
        await pilot.pause()
        assert read_db(db_path)["items"][ids[ESCAPES]]["text"] == ESCAPES
        await pilot.press("e", "end", "!", "enter")  # a real edit keeps what was shown, plus the change
        await pilot.pause()
    assert read_db(db_path)["items"][ids[ESCAPES]]["text"] == SHOWN_ESCAPES + "!"
