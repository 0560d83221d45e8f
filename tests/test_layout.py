"""Reading and layout at the sizes people have: a phone's 46 columns (the web page on a 390-pixel phone), a small
50x16 window, 80x24, and a wide 200x50 screen. Each test asserts the words a person sees."""

from __future__ import annotations

import re
from pathlib import Path

from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Input

from secondop_tui.app import SecondOpinionApp
from secondop_tui.content import Guide
from secondop_tui.screens.checklist import ChecklistScreen
from secondop_tui.screens.guide import GuideScreen
from secondop_tui.screens.help import HelpScreen
from secondop_tui.widgets.checklist_view import ChecklistView
from secondop_tui.widgets.reader import Reader

from conftest import make_app, screen_text

PHONE = (46, 30)
README = Path(__file__).parent.parent / "README.md"


def words(lines: list[str]) -> str:
    """The lines' words as one line, as a person reads text that wraps."""
    return " ".join(" ".join(lines).split())


def footer(app: SecondOpinionApp) -> str:
    return screen_text(app).splitlines()[-1]


def without_borders(screen: str) -> list[str]:
    return [re.sub(r"[│|]", " ", line) for line in screen.splitlines()]


async def help_text(pilot: Pilot[None]) -> str:
    """Every line of the help screen's list, read as a person would: scrolling down to its end."""
    scroll = pilot.app.screen.query_one(VerticalScroll)
    lines: dict[int, str] = {}
    while True:
        rows = without_borders(screen_text(pilot.app))
        top = scroll.content_region
        for row in range(top.y, top.bottom):
            lines[row - top.y + round(scroll.scroll_y)] = rows[row]
        if scroll.scroll_y >= scroll.max_scroll_y:
            return "\n".join(lines[number] for number in sorted(lines))
        await pilot.press("j")
        await pilot.pause()


def list_rows(app: SecondOpinionApp) -> list[str]:
    """The checklist's rows on screen: below the title and the progress line, above the footer."""
    return screen_text(app).splitlines()[2:-1]


async def open_checklist(pilot: Pilot[None]) -> None:
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ChecklistScreen)


def items_whole(rows: list[str], guide: Guide) -> None:
    """Every item that starts on screen shows all its words, unless the screen's bottom cuts it."""
    starts = [
        (index, item)
        for index, row in enumerate(rows)
        for item in guide.items
        if re.match(rf"\s*\[[ x]\] {re.escape(item.text[:25])}", row)
    ]
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
        await pilot.press("space", "o", *note, "enter")
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


async def test_the_checklist_footer_keeps_help_and_quit_at_50x16(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(50, 16)) as pilot:
        await pilot.pause()
        for where in ("guide", "checklist"):
            if where == "checklist":
                await open_checklist(pilot)
            keys = footer(app)
            assert len(keys) <= 50, keys
            assert keys.rstrip().endswith("? Help q Quit"), f"{where}: {keys!r}"
        keys = footer(app)
        assert keys.startswith("space Tick t Take it with you"), keys
        assert "…" in keys, "a sign that more keys are in help"
        # Every key the footer leaves out is in help.
        await pilot.press("question_mark")
        await pilot.pause()
        listed = words((await help_text(pilot)).splitlines())
        for word in ("Delete the item", "Add your own item", "Add or edit a note", "Go back to the guide"):
            assert word in listed, word


async def test_undo_stays_in_the_footer_right_after_a_delete_at_50x16(db_path: Path, guide: Guide) -> None:
    """The delete's notice names u: the footer keeps it in sight, whatever else gives way."""
    app = make_app(db_path, guide)
    async with app.run_test(size=(50, 16)) as pilot:
        await open_checklist(pilot)
        assert "u Undo" not in footer(app)
        await pilot.press("d", "y")
        for _ in range(600):  # up to 30 s on a busy machine; a quiet one is there at once
            if "u Undo" in footer(app):
                break
            await pilot.pause(0.05)
        keys = footer(app)
        assert "u Undo" in keys and keys.rstrip().endswith("? Help q Quit"), keys


async def test_the_footer_shows_every_key_again_when_the_window_grows(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(50, 16)) as pilot:
        await open_checklist(pilot)
        assert "Delete" not in footer(app)
        await pilot.resize_terminal(100, 24)
        await pilot.pause()
        keys = footer(app)
        for key in (
            "space Tick",
            "t Take it with you",
            "a Add",
            "e Edit",
            "d Delete",
            "o Note",
            "g Guide",
            "? Help",
            "q Quit",
        ):
            assert key in keys, keys
        assert "…" not in keys


async def test_a_tap_on_the_footer_still_takes_the_checklist_on_a_phone(db_path: Path, guide: Guide) -> None:
    from secondop_tui.screens.take_away import TakeAwayScreen

    app = make_app(db_path, guide)
    async with app.run_test(size=PHONE) as pilot:
        await open_checklist(pilot)
        keys = footer(app)
        assert keys.startswith("space Tick t Take it with you"), keys
        await pilot.click("Footer", offset=(keys.index("Take it"), 0))
        await pilot.pause()
        assert isinstance(app.screen, TakeAwayScreen)


async def test_one_name_for_taking_the_checklist_in_footer_help_and_readme(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "t Take it with you" in footer(app)
        await open_checklist(pilot)
        assert "t Take it with you" in footer(app)
        await pilot.press("question_mark")
        await pilot.pause()
        helped = await help_text(pilot)
        # In the guide's keys, the checklist's and the visit's (where it takes the question card).
        assert helped.count("Take it with you:") == 3, helped
        assert "Share" not in helped
    readme = README.read_text(encoding="utf-8")
    assert re.search(r"\| `t` \| Take it with you: ", readme)
    assert "Share" not in readme


async def test_q_closes_help_as_in_less_and_man(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Escape, q, g or ? closes this screen" in words(screen_text(app).splitlines())
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, GuideScreen)
        assert app.is_running  # q closed help, not the app
        await pilot.press("c", "question_mark", "q")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)


async def test_the_search_hint_is_whole_at_80x24(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"rec")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        hint = "Down arrow moves to the results. Enter opens one. Escape or ctrl+g goes back."
        assert hint in words([line.strip("│ ") for line in screen_text(app).splitlines()])


async def test_text_is_at_most_80_columns_wide_on_a_wide_screen(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.press("tab")
        await pilot.pause()
        reader = app.screen.query_one(Reader)
        text = reader.scrollable_content_region  # the text, beside the reader's scrollbar
        lines = [line[text.x : text.right].rstrip() for line in screen_text(app).splitlines()[1:-1]]
        longest = max(len(line) for line in lines)
        assert 60 <= longest <= 80, "\n".join(lines)
        # The checklist, its items and their notes too.
        note = " ".join(["Ask whether the second office can read the scans from the first hospital"] * 3)
        await pilot.press("c", "o", *note, "enter")
        await pilot.pause()
        rows = list_rows(app)
        assert words(rows).count("Ask whether") == 3
        items = app.screen.query_one(ChecklistView).scrollable_content_region
        assert max(len(row[items.x : items.right].rstrip()) for row in rows) <= 80, "\n".join(rows)
        assert items.width <= 80
