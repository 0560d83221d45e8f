"""A stranger mashing keys: the app never crashes, and the progress file stays valid."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from secondop_tui.content import Guide
from secondop_tui.data.schema import SCHEMA_VERSION

from conftest import make_app, read_db, screen_text

# Every key the app knows, plus some it does not; quitting keys are left out so the run goes on.
KEYS = [
    "up",
    "down",
    "left",
    "right",
    "home",
    "end",
    "pageup",
    "pagedown",
    "enter",
    "escape",
    "tab",
    "shift+tab",
    "space",
    "backspace",
    "delete",
    "question_mark",
    "slash",
    "a",
    "b",
    "c",
    "d",
    "e",
    "g",
    "j",
    "k",
    "l",
    "n",
    "p",
    "s",
    "x",
    "y",
    "z",
    "J",
    "K",
    "1",
    "ctrl+a",
    "ctrl+e",
    "ctrl+g",
    "f1",
    "insert",
]


# One seed in a quick run (-m "not slow"); the full run, as in CI, tries all three.
@pytest.mark.parametrize("seed", [1, pytest.param(2, marks=pytest.mark.slow), pytest.param(3, marks=pytest.mark.slow)])
async def test_random_keys_never_crash_the_app(db_path: Path, guide: Guide, seed: int) -> None:
    chooser = random.Random(seed)
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(8):
            await pilot.press(*(chooser.choice(KEYS) for _ in range(25)))
            await pilot.pause()
            assert app.is_running
        # Whatever happened, the app still answers: leave any dialog, go to the guide, move on.
        await pilot.press("escape", "escape", "escape")
        await pilot.pause()
    assert app.return_code in (None, 0)
    data = read_db(db_path)
    assert data["meta"]["state"]["schema"] == SCHEMA_VERSION


async def test_moving_in_an_empty_link_list_is_harmless(db_path: Path, guide: Guide) -> None:
    no_links = next(section for section in guide.sections if not section.links)
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.screen.open_section(no_links.id)
        await pilot.press("l", "j", "k")
        await pilot.pause()
        assert "This section has no links." in screen_text(app)
        await pilot.press("g")
        await pilot.pause()
        assert app.is_running and app.screen is app.guide_screen
