"""Deleting is never final at once: u undoes the last deletes while the checklist is open, and U brings back
the guide's steps deleted at any time. Checked on screen and in the progress file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from secondop_tui.checklist import Entry
from secondop_tui.content import Guide, Section
from secondop_tui.dialogs.confirm import ConfirmDialog
from secondop_tui.kiosk.app import KioskApp
from secondop_tui.screens.checklist import MAX_UNDO, ChecklistScreen
from secondop_tui.screens.guide import GuideScreen

from conftest import make_app, move_highlight, notices, read_db, screen_text
from support.kiosk_pilot import VISITOR_TEXT, make_kiosk, start_visit, wait_for_fresh_start, wait_for_text, wait_until

UNDO_NOTICE = "Item deleted. Press u to undo."


async def open_checklist(pilot: Pilot[None], app: Any) -> ChecklistScreen:
    await pilot.press("c")
    await wait_until(pilot, lambda: isinstance(app.screen, ChecklistScreen))
    return app.screen  # type: ignore[no-any-return]


async def highlight(pilot: Pilot[None], screen: ChecklistScreen, item_id: str) -> None:
    await move_highlight(pilot, screen.view, screen.view.get_option_index(item_id))


def footer(app: Any) -> str:
    return screen_text(app).splitlines()[-1]


def ids_in(screen: ChecklistScreen, section_id: str) -> list[str]:
    return [entry.id for entry in screen.view.entries.values() if entry.section_id == section_id]


def shown(screen: ChecklistScreen) -> list[Entry]:
    return list(screen.view.entries.values())


def a_section(guide: Guide, items: int = 3) -> Section:
    return next(section for section in guide.sections if len(section.items) >= items)


async def test_u_brings_back_a_deleted_guide_step_exactly(db_path: Path, guide: Guide) -> None:
    section = a_section(guide)
    first, second = section.items[:2]
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_checklist(pilot, app)
        await highlight(pilot, screen, second.id)
        # Ticked, noted, reworded and moved up: everything undo must give back.
        await pilot.press("space", "o", *"Bring the disc", "enter", "e", *" today", "enter", "K")
        await pilot.pause()
        assert ids_in(screen, section.id)[:2] == [second.id, first.id]
        before, on_disk = shown(screen), read_db(db_path)
        assert "u Undo" not in footer(app)

        await pilot.press("d", "y")
        await pilot.pause()
        assert second.id not in screen.view.entries
        assert UNDO_NOTICE in notices(app)
        assert "u Undo" in footer(app)
        assert read_db(db_path)["items"][second.id]["deleted"] is True

        await pilot.press("u")
        await pilot.pause()
        assert shown(screen) == before
        assert screen.view.current.id == second.id
        text = screen_text(app)
        assert f"[x] {second.text} today" in text and "Note: Bring the disc" in text
        assert "u Undo" not in footer(app)
    assert read_db(db_path) == on_disk


async def test_u_brings_back_an_own_item_in_its_place_after_other_moves(db_path: Path, guide: Guide) -> None:
    section = a_section(guide)
    items = [item.id for item in section.items]
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await app.screen.open_section(section.id)
        screen = await open_checklist(pilot, app)
        await pilot.press("a", *"Ask about parking", "enter")
        await pilot.pause()
        own = screen.view.current
        await pilot.press("K", "o", *"Level 2", "enter", "space")  # one place up, noted, ticked
        await pilot.pause()
        assert ids_in(screen, section.id) == [*items[:-1], own.id, items[-1]]
        own_doc = read_db(db_path)["items"][own.id]

        await pilot.press("d", "y")
        await pilot.pause()
        assert own.id not in read_db(db_path)["items"]  # an own item is really gone from the file
        await highlight(pilot, screen, items[0])
        await pilot.press("J")  # the person's order changes while the item is away
        await pilot.pause()
        moved = [items[1], items[0], *items[2:]]
        assert ids_in(screen, section.id) == moved

        await pilot.press("u")
        await pilot.pause()
        back = [items[1], own.id, items[0], *items[2:]]  # after the item it followed, wherever that went
        assert ids_in(screen, section.id) == back
        assert screen.view.current.id == own.id
        assert "[x] Ask about parking" in screen_text(app) and "Note: Level 2" in screen_text(app)
    data = read_db(db_path)
    assert data["items"][own.id] == own_doc  # words, tick, note and when it was made
    assert data["order"][section.id]["ids"] == back


async def test_u_undoes_deletes_last_first_and_stops_when_the_checklist_is_left(db_path: Path, guide: Guide) -> None:
    section = a_section(guide)
    a, b, c = (item.id for item in section.items[:3])
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_checklist(pilot, app)
        await highlight(pilot, screen, a)
        await pilot.press("d", "y", "d", "y", "d", "y")  # a, then b, then c
        await pilot.pause()
        assert not {a, b, c} & set(screen.view.entries)
        await pilot.press("u")
        await pilot.pause()
        assert c in screen.view.entries and not {a, b} & set(screen.view.entries)
        await pilot.press("u")
        await pilot.pause()
        assert ids_in(screen, section.id)[:2] == [b, c]
        assert "u Undo" in footer(app)

        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, GuideScreen))
        await open_checklist(pilot, app)
        await pilot.pause()
        assert "u Undo" not in footer(app)
        await pilot.press("u")
        await pilot.pause()
        assert a not in screen.view.entries
        assert "There is nothing to undo. To bring back the guide's steps you deleted, press U" in notices(app)
    assert read_db(db_path)["items"][a]["deleted"] is True


async def test_undo_keeps_the_last_deletes_only(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_checklist(pilot, app)
        for _ in range(MAX_UNDO + 1):
            await pilot.press("d", "y")
        await pilot.pause()
        assert len(screen.view.entries) == len(guide.items) - MAX_UNDO - 1
        for _ in range(MAX_UNDO + 1):
            await pilot.press("u")
        await pilot.pause()
        assert len(screen.view.entries) == len(guide.items) - 1
        assert guide.items[0].id not in screen.view.entries  # the oldest: for U, not for u
        assert "u Undo" not in footer(app)


async def test_shift_u_brings_back_the_guides_steps_and_nothing_else(db_path: Path, guide: Guide) -> None:
    section = a_section(guide, items=4)
    a, b, c, d = section.items[:4]
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await app.screen.open_section(section.id)
        screen = await open_checklist(pilot, app)
        await pilot.press("U")  # nothing deleted yet: a calm line, no question
        await pilot.pause()
        assert isinstance(app.screen, ChecklistScreen)
        assert "None of the guide's steps are deleted." in notices(app)

        await highlight(pilot, screen, a.id)
        await pilot.press("space", "o", *"Ask Dr Lee", "enter", "d", "y")  # a: ticked, noted, deleted
        await highlight(pilot, screen, c.id)
        await pilot.press("d", "y")  # c: deleted as it was
        await highlight(pilot, screen, d.id)
        await pilot.press("e", *" (both)", "enter", "J")  # d: the person's words and place
        await pilot.press("a", *"Ask about parking", "enter", "d", "y")  # an own item, deleted
        await pilot.press("a", *"Bring a friend", "enter")  # an own item, kept
        await pilot.pause()
        kept = screen.view.current.id
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, GuideScreen))
        screen = await open_checklist(pilot, app)  # u has ended; U has not
        before = read_db(db_path)

        await pilot.press("U")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "Bring back 2 guide steps you deleted?" in screen_text(app)
        assert "Everything else you did stays as it is." in screen_text(app)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        assert read_db(db_path) == before

        await pilot.press("U", "y")
        await pilot.pause()
        assert "2 steps are back." in notices(app)
        order = ids_in(screen, section.id)
        assert order[:3] == [a.id, b.id, c.id]  # back where the guide has them
        assert order.index(d.id) > order.index(c.id) and kept in order
        entries = screen.view.entries
        assert entries[a.id].done and entries[a.id].note == "Ask Dr Lee" and entries[a.id].text == a.text
        assert entries[d.id].text == d.text + " (both)"
        assert "Ask about parking" not in screen_text(app)
    data = read_db(db_path)
    assert not [item_id for item_id, doc in data["items"].items() if doc.get("deleted")]
    assert [doc["text"] for doc in data["items"].values() if doc.get("user")] == ["Bring a friend"]
    assert data["items"][d.id] == before["items"][d.id]
    assert data["items"][kept] == before["items"][kept]


async def test_the_kiosk_undoes_in_memory_and_forgets_it_with_the_visit(guide: Guide) -> None:
    app: KioskApp = make_kiosk(guide)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start_visit(pilot, app)  # ticks the first item and adds VISITOR_TEXT
        screen = app.screen
        assert isinstance(screen, ChecklistScreen)
        await pilot.press("d", "y")
        await wait_until(pilot, lambda: VISITOR_TEXT not in screen_text(app))
        await pilot.press("u")
        await wait_for_text(pilot, app, f"[ ] {VISITOR_TEXT}")
        first = guide.items[0]
        await highlight(pilot, screen, first.id)
        await pilot.press("d", "y", "g")
        await wait_until(pilot, lambda: app.current_mode == "guide")
        await pilot.press("c")
        await wait_until(pilot, lambda: app.current_mode == "checklist")
        await pilot.press("U", "y")
        await wait_for_text(pilot, app, f"[x] {first.text[:30]}")
        assert app.settings.db_path is None

        # A delete the visitor could still undo goes with the visit: the next person cannot bring it back.
        await highlight(pilot, screen, next(entry.id for entry in app.store.checklist(guide) if entry.user_added))
        await pilot.press("d", "y")
        await wait_until(pilot, lambda: VISITOR_TEXT not in screen_text(app))
        await pilot.press("f2")
        await wait_for_fresh_start(pilot, app)
        await pilot.press("c")
        await wait_until(pilot, lambda: app.current_mode == "checklist")
        await pilot.press("u")
        await wait_for_text(pilot, app, "nothing to undo")
        assert VISITOR_TEXT not in screen_text(app)
        assert not any(entry.user_added or entry.done for entry in app.store.checklist(guide))
