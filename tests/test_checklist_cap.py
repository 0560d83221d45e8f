"""A checklist keeps at most MAX_OWN_ITEMS items of the person's own: a stranger on a served app cannot grow the
file without end (each add rewrites all of it), and a file that already holds more loses none of them."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from secondop_tui.content import Guide
from secondop_tui.data.schema import SCHEMA_VERSION
from secondop_tui.data.store import MAX_OWN_ITEMS, ChecklistFull, ProgressStore
from secondop_tui.screens.checklist import ChecklistScreen

from conftest import make_app, notices, read_db, screen_text
from support.kiosk_pilot import wait_until

FULL = "Your checklist is full"


def with_own_items(path: Path, count: int, section_id: str) -> list[str]:
    """A progress file holding ``count`` own items, as a long use of the app (or an abuse of it) leaves one."""
    ids = [f"user-{uuid.uuid4().hex[:12]}" for _ in range(count)]
    items = {
        item_id: {"section": section_id, "text": f"Own item {n}", "user": True, "done": False, "created": 1000.0 + n}
        for n, item_id in enumerate(ids)
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"meta": {"state": {"schema": SCHEMA_VERSION}}, "items": items}), encoding="utf-8")
    path.chmod(0o600)
    return ids


def test_the_store_refuses_an_own_item_past_the_cap_and_writes_nothing(db_path: Path, guide: Guide) -> None:
    with_own_items(db_path, MAX_OWN_ITEMS, guide.sections[1].id)
    before = db_path.read_bytes()
    store = ProgressStore(db_path)
    with pytest.raises(ChecklistFull, match=f"{FULL}: it keeps up to {MAX_OWN_ITEMS} items of your own"):
        store.add(guide.sections[1].id, "one more")
    with pytest.raises(ChecklistFull):
        store.check_room()
    assert db_path.read_bytes() == before
    # Ticks, words, notes and deletes still work; a delete makes room for one.
    entry = next(entry for entry in store.checklist(guide) if entry.user_added)
    store.toggle(entry)
    removed = store.delete(entry, guide)
    store.add(guide.sections[1].id, "one more")
    with pytest.raises(ChecklistFull):
        store.add(guide.sections[1].id, "and another")
    # Undo puts back what was there, even at the cap: nothing the person made is lost to a delete.
    assert store.undelete(removed, guide)
    store.close()
    own = [doc for doc in read_db(db_path)["items"].values() if doc.get("user")]
    assert len(own) == MAX_OWN_ITEMS + 1 and "one more" in {doc["text"] for doc in own}


async def test_a_at_the_cap_is_one_calm_line_and_opens_no_box(db_path: Path, guide: Guide) -> None:
    with_own_items(db_path, MAX_OWN_ITEMS, guide.sections[1].id)
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        before = db_path.read_bytes()
        await pilot.press("a")
        await wait_until(pilot, lambda: FULL in notices(app))
        assert isinstance(app.screen, ChecklistScreen)  # no box to type words into that would then be lost
        assert db_path.read_bytes() == before
        said = notices(app)
        assert "Not saved" not in said and "Delete one to add another." in said


async def test_a_file_with_more_than_the_cap_opens_whole_and_keeps_every_item(db_path: Path, guide: Guide) -> None:
    section = guide.sections[1]
    ids = with_own_items(db_path, MAX_OWN_ITEMS + 100, section.id)
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        screen = app.screen
        assert f"0 of {len(guide.items) + MAX_OWN_ITEMS + 100} done" in screen_text(app)
        assert set(ids) <= set(screen.view.entries)
        await pilot.press("a")
        await wait_until(pilot, lambda: FULL in notices(app))
        await pilot.press("space")  # the first of them: ticks still work
        await pilot.pause()
        assert "[x] Own item 0" in screen_text(app)
    data = read_db(db_path)
    assert {item_id for item_id, doc in data["items"].items() if doc.get("user")} == set(ids)
    assert data["items"][ids[0]]["done"] is True
