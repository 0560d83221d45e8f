"""Reading and layout at the sizes people have: a phone's 46 columns (the web page on a 390-pixel phone). Each test
asserts the words a person sees."""

from __future__ import annotations

import re
from pathlib import Path

from textual.pilot import Pilot

from secondop_tui.app import SecondOpinionApp
from secondop_tui.content import Guide
from secondop_tui.screens.checklist import ChecklistScreen

from conftest import make_app, screen_text

PHONE = (46, 30)


def words(lines: list[str]) -> str:
    """The lines' words as one line, as a person reads text that wraps."""
    return " ".join(" ".join(lines).split())


def list_rows(app: SecondOpinionApp) -> list[str]:
    """The checklist's rows on screen: below the title and the progress line, above the footer."""
    return screen_text(app).splitlines()[2:-1]


async def open_checklist(pilot: Pilot[None]) -> None:
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ChecklistScreen)


def items_whole(rows: list[str], guide: Guide) -> None:
    """Every item that starts on screen shows all its words, unless the screen's bottom cuts it."""
    starts = [(index, item) for index, row in enumerate(rows) for item in guide.items
              if re.match(rf"\s*\[[ x]\] {re.escape(item.text[:25])}", row)]
    assert len(starts) >= 5, rows
    for index, item in starts[:-1]:
        assert f"] {item.text}" in words(rows[index:]), f"{item.text!r} lost words:\n" + "\n".join(rows)


async def test_a_ticked_item_keeps_every_word_on_a_phone(db_path: Path, guide: Guide) -> None:
    first = guide.items[0]
    app = make_app(db_path, guide)
    async with app.run_test(size=PHONE) as pilot:
        await open_checklist(pilot)
        await pilot.press("space")
        await pilot.pause()
        assert "1 of" in screen_text(app)
        assert f"[x] {first.text}" in words(list_rows(app))
        items_whole(list_rows(app), guide)
        # And after leaving the checklist and coming back.
        await pilot.press("g", "c")
        await pilot.pause()
        assert f"[x] {first.text}" in words(list_rows(app))
        items_whole(list_rows(app), guide)


async def test_wrapped_items_and_notes_start_under_their_text(db_path: Path, guide: Guide) -> None:
    note = "Bring the discs with my scans, and the letter from the first doctor about the plan we made"
    app = make_app(db_path, guide)
    async with app.run_test(size=PHONE) as pilot:
        await open_checklist(pilot)
        await pilot.press("space", "n", *note, "enter")
        await pilot.pause()
        rows = list_rows(app)
        first = next(index for index, row in enumerate(rows) if "[x] " in row)
        item_column = rows[first].index("[x] ") + 4
        # The item's second line, and each line of its note after the first, start under their own text.
        assert rows[first + 1][:item_column].strip() == "" and rows[first + 1][item_column] != " ", rows
        note_row = first + 2
        assert "Note: " in rows[note_row], rows
        note_column = rows[note_row].index("Note: ") + len("Note: ")
        assert rows[note_row].index("Note: ") == item_column, rows
        note_lines = [rows[note_row]]
        for row in rows[note_row + 1 :]:
            if row[:note_column].strip():
                break
            assert row[note_column] != " ", rows
            note_lines.append(row)
        assert len(note_lines) >= 3 and f"Note: {note}" in words(note_lines), rows
