"""The checklist screen: every key, checked on screen and in the progress file."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from secondop_tui.content import Guide
from secondop_tui.dialogs.confirm import ConfirmDialog
from secondop_tui.dialogs.text_prompt import TextPrompt
from secondop_tui.screens.checklist import ChecklistScreen
from secondop_tui.screens.take_away import TakeAwayScreen
from secondop_tui.widgets.checklist_view import ChecklistView

from conftest import break_progress_file, make_app, move_highlight, read_db, screen_text


async def open_checklist(pilot, app) -> ChecklistScreen:  # type: ignore[no-untyped-def]
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(app.screen, ChecklistScreen)
    return app.screen


async def test_checklist_groups_items_and_shows_progress(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_checklist(pilot, app)
        text = screen_text(app)
        assert f"0 of {len(guide.items)} done" in text
        first_with_items = next(s for s in guide.sections if s.items)
        lines = text.splitlines()
        heading = next(i for i, line in enumerate(lines) if line.strip() == first_with_items.title)
        assert lines[heading + 1].strip().startswith("[ ] " + first_with_items.items[0].text[:30])
        assert screen.view.current.id == first_with_items.items[0].id


async def test_space_and_x_toggle_and_save(db_path: Path, guide: Guide) -> None:
    first, second = guide.items[0], guide.items[1]
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_checklist(pilot, app)
        await pilot.press("space")
        assert read_db(db_path)["items"][first.id]["done"] is True
        assert f"1 of {len(guide.items)} done" in screen_text(app)
        assert "[x] " + first.text[:30] in screen_text(app)
        await pilot.press("down", "x")
        assert read_db(db_path)["items"][second.id]["done"] is True
        await pilot.press("x")
        assert read_db(db_path)["items"][second.id]["done"] is False
        await pilot.press("k", "x")
        assert read_db(db_path)["items"][first.id]["done"] is False
        assert screen.view.current.id == first.id


async def test_a_click_on_the_tick_box_ticks_and_one_on_the_words_only_highlights(db_path: Path, guide: Guide) -> None:
    first, second = guide.items[0], guide.items[1]
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_checklist(pilot, app)
        view = screen.view
        row = view.get_option_index(second.id)  # one line per option here: the row is the option's index
        await pilot.click(ChecklistView, offset=(view.styles.padding.left + 12, row))
        await pilot.pause()
        assert screen.view.current.id == second.id
        assert not read_db(db_path).get("items", {}).get(second.id, {}).get("done")
        await pilot.click(ChecklistView, offset=(view.styles.padding.left + 1, row))
        await pilot.pause()
        assert read_db(db_path)["items"][second.id]["done"] is True
        assert "[x] " + second.text[:30] in screen_text(app)
        await pilot.click(ChecklistView, offset=(view.styles.padding.left + 1, view.get_option_index(first.id)))
        await pilot.pause()
        assert read_db(db_path)["items"][first.id]["done"] is True
        assert f"2 of {len(guide.items)} done" in screen_text(app)


async def test_a_phones_narrow_footer_offers_take_it_with_you_to_a_tap(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(48, 24)) as pilot:
        await open_checklist(pilot, app)
        footer = screen_text(app).splitlines()[-1]
        assert footer.startswith("space Tick t Take it with you "), footer
        await pilot.click("Footer", offset=(footer.index("Take it"), 0))
        await pilot.pause()
        assert isinstance(app.screen, TakeAwayScreen)


async def test_a_adds_an_item_to_the_open_section(db_path: Path, guide: Guide) -> None:
    section = next(s for s in guide.sections if s.items)
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.screen.open_section(section.id)
        await open_checklist(pilot, app)
        await pilot.press("a")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"Ask about parking", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        assert "[ ] Ask about parking" in screen_text(app)
        assert app.screen.view.current.text == "Ask about parking"
    stored = [doc for doc in read_db(db_path)["items"].values() if doc.get("user")]
    assert stored == [
        {
            "section": section.id,
            "text": "Ask about parking",
            "user": True,
            "done": False,
            "created": stored[0]["created"],
        }
    ]


async def test_escape_cancels_adding_and_empty_text_adds_nothing(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checklist(pilot, app)
        await pilot.press("a", *"never mind", "escape")
        await pilot.press("a", "space", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        assert "never mind" not in screen_text(app)
    assert not [doc for doc in read_db(db_path).get("items", {}).values() if doc.get("user")]


async def test_e_edits_the_words(db_path: Path, guide: Guide) -> None:
    first = guide.items[0]
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checklist(pilot, app)
        await pilot.press("e")
        prompt_input = app.screen.query_one(Input)
        assert prompt_input.value == first.text
        prompt_input.value = ""
        await pilot.press(*"Ask for all my scans", "enter")
        await pilot.pause()
        assert "[ ] Ask for all my scans" in screen_text(app)
    assert read_db(db_path)["items"][first.id]["text"] == "Ask for all my scans"


async def test_e_puts_the_cursor_after_the_words_and_typing_adds_to_them(db_path: Path, guide: Guide) -> None:
    words = "Ask about parking at the cancer center"
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checklist(pilot, app)
        await pilot.press("a", *words, "enter")
        await pilot.pause()
        await pilot.press("e")
        box = app.screen.query_one(Input)
        assert box.value == words
        assert box.selection.is_empty and box.cursor_position == len(words)
        await pilot.press(*" and the cost of it", "enter")
        await pilot.pause()
        assert f"[ ] {words} and the cost of it" in screen_text(app)
    (added,) = [doc for doc in read_db(db_path)["items"].values() if doc.get("user")]
    assert added["text"] == f"{words} and the cost of it"


async def test_the_note_box_keeps_the_note_and_typing_adds_to_it(db_path: Path, guide: Guide) -> None:
    first = guide.items[0]
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checklist(pilot, app)
        await pilot.press("o", *"Call on Tuesday", "enter")
        await pilot.pause()
        await pilot.press("o")
        box = app.screen.query_one(Input)
        assert box.selection.is_empty and box.cursor_position == len("Call on Tuesday")
        await pilot.press(*" at 9", "enter")
        await pilot.pause()
        assert "Note: Call on Tuesday at 9" in screen_text(app)
    assert read_db(db_path)["items"][first.id]["note"] == "Call on Tuesday at 9"


async def test_n_means_next_section_here_as_in_the_guide_and_o_is_the_note(db_path: Path, guide: Guide) -> None:
    with_items = [section for section in guide.sections if section.items]
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_checklist(pilot, app)
        footer = screen_text(app).splitlines()[-1]
        assert "o Note" in footer and "n Note" not in footer, footer
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)  # no box opened: n never starts a note
        assert screen.view.current.id == with_items[1].items[0].id
        await pilot.press("n", "p")
        await pilot.pause()
        assert screen.view.current.id == with_items[1].items[0].id
        await pilot.press("p", "p")
        await pilot.pause()
        assert screen.view.current.id == with_items[0].items[0].id
        assert "This is the first section." in screen_text(app)
        await pilot.press("o")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"Bring the scans", "enter")
        await pilot.pause()
        assert "Note: Bring the scans" in screen_text(app)
    assert read_db(db_path)["items"][with_items[0].items[0].id]["note"] == "Bring the scans"


async def test_d_deletes_only_after_y(db_path: Path, guide: Guide) -> None:
    first, second = guide.items[0], guide.items[1]
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checklist(pilot, app)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert first.text[:30] in screen_text(app)
        assert first.id not in read_db(db_path).get("items", {})
        await pilot.press("d", "y")
        await pilot.pause()
        assert first.text[:30] not in screen_text(app)
        assert f"of {len(guide.items) - 1} done" in screen_text(app)
        assert app.screen.view.current.id == second.id
    assert read_db(db_path)["items"][first.id]["deleted"] is True


async def test_shift_k_and_j_reorder_within_a_section(db_path: Path, guide: Guide) -> None:
    section = next(s for s in guide.sections if len(s.items) >= 3)
    a, b, c = section.items[:3]
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_checklist(pilot, app)
        await move_highlight(pilot, screen.view, screen.view.get_option_index(a.id))
        await pilot.press("J")
        await pilot.pause()
        assert screen.view.current.id == a.id  # the highlight travels with the item
        assert read_db(db_path)["order"][section.id]["ids"][:3] == [b.id, a.id, c.id]
        await pilot.press("J")
        assert read_db(db_path)["order"][section.id]["ids"][:3] == [b.id, c.id, a.id]
        await pilot.press("K", "K", "K")  # the third K is at the top already: nothing moves
        assert read_db(db_path)["order"][section.id]["ids"][:3] == [a.id, b.id, c.id]
        lines = screen_text(app).splitlines()
        assert [i for i, l in enumerate(lines) if a.text[:25] in l] < [
            i for i, l in enumerate(lines) if b.text[:25] in l
        ]


async def test_o_adds_and_clears_a_note(db_path: Path, guide: Guide) -> None:
    first = guide.items[0]
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checklist(pilot, app)
        await pilot.press("o", *"Call on Tuesday", "enter")
        await pilot.pause()
        assert "Note: Call on Tuesday" in screen_text(app)
        assert read_db(db_path)["items"][first.id]["note"] == "Call on Tuesday"
        await pilot.press("o")
        app.screen.query_one(Input).value = ""
        await pilot.press("enter")
        await pilot.pause()
        assert "Note:" not in screen_text(app)
    assert read_db(db_path)["items"][first.id]["note"] == ""


async def test_everything_is_restored_next_time(db_path: Path, guide: Guide) -> None:
    section = next(s for s in guide.sections if len(s.items) >= 3)
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.screen.open_section(section.id)
        screen = await open_checklist(pilot, app)
        await move_highlight(pilot, screen.view, screen.view.get_option_index(section.items[0].id))
        await pilot.press("space", "J", "o", *"bring a folder", "enter")
        await pilot.press("down", "d", "y")
        await pilot.press("a", *"Ask about parking", "enter")
        await pilot.press("g", "q")
    before = read_db(db_path)
    again = make_app(db_path, guide)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.screen.current == section.id
        await pilot.press("c")
        await pilot.pause()
        entries = [e for e in again.store.checklist(guide) if e.section_id == section.id]
        ids = [e.id for e in entries]
        assert ids[0] == section.items[1].id and ids[1] == section.items[0].id  # order kept
        moved = entries[1]
        assert moved.done and moved.note == "bring a folder"
        assert section.items[2].id not in ids  # deleted stays deleted
        assert entries[-1].text == "Ask about parking" and entries[-1].user_added
        text = screen_text(again)
        assert "Note: bring a folder" in text
    assert read_db(db_path) == before  # opening and looking changes nothing


async def test_hostile_text_is_shown_safely_and_stored_exactly(db_path: Path, guide: Guide) -> None:
    hostile = "Ask \x1b[2J\x1b]0;owned\x07 about it \u202eevil\u202c 🙂"
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checklist(pilot, app)
        await pilot.press("o")
        app.screen.query_one(Input).value = hostile
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "\x1b" not in text and "\x07" not in text
        assert "Note: Ask ?[2J?]0;owned? about it" in text
    assert read_db(db_path)["items"][guide.items[0].id]["note"] == hostile


async def test_a_failed_save_is_a_calm_message_and_the_app_goes_on(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_checklist(pilot, app)
        break_progress_file(db_path)
        await pilot.press("space")
        await pilot.pause()
        assert app.is_running
        assert "Not saved" in screen_text(app) and "Could not read or save" in screen_text(app)
        db_path.rmdir()
        await pilot.press("x")
        assert read_db(db_path)["items"][guide.items[0].id]["done"] is True


async def test_words_are_kept_exactly_as_typed(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checklist(pilot, app)
        await pilot.press("a", *"  two spaces first", "enter")
        await pilot.pause()
        (added,) = [doc for doc in read_db(db_path)["items"].values() if doc.get("user")]
        assert added["text"] == "  two spaces first"
        await pilot.press("o", "space", "space", "enter")
        await pilot.pause()
        assert "note" not in {k for doc in read_db(db_path)["items"].values() for k, v in doc.items() if v}
