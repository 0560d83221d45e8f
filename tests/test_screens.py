"""The main screens as plain text, checked in under tests/screens/ so layout changes show up in review.

The app runs in ASCII mode (as on a terminal without Unicode) so every character in the files is plain.
After an intended change, rewrite the files with SECONDOP_UPDATE_SCREENS=1 and review the diff.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from secondop_tui.content import Guide

from conftest import make_app, screen_text

SCREENS = Path(__file__).parent / "screens"
UPDATE = os.environ.get("SECONDOP_UPDATE_SCREENS") == "1"


async def nothing(pilot: Pilot[None]) -> None:
    """The guide as it first opens."""


async def checklist(pilot: Pilot[None]) -> None:
    await pilot.press("c", "down", "space")


async def help_screen(pilot: Pilot[None]) -> None:
    await pilot.press("question_mark")


async def narrow_sections(pilot: Pilot[None]) -> None:
    await pilot.press("s")


CASES: dict[str, tuple[tuple[int, int], Callable[[Pilot[None]], Awaitable[None]]]] = {
    "guide-80x24": ((80, 24), nothing),
    "checklist-80x24": ((80, 24), checklist),
    "help-80x24": ((80, 24), help_screen),
    "guide-50x16": ((50, 16), nothing),
    "sections-50x16": ((50, 16), narrow_sections),
}


@pytest.mark.parametrize("name", CASES)
async def test_screen_matches_the_checked_in_text(name: str, db_path: Path, guide: Guide) -> None:
    size, steps = CASES[name]
    app = make_app(db_path, guide, ascii_only=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await steps(pilot)
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        shown = screen_text(app) + "\n"
    assert shown.isascii()
    expected_file = SCREENS / f"{name}.txt"
    if UPDATE:
        expected_file.write_text(shown, encoding="utf-8")
    assert expected_file.exists(), f"run with SECONDOP_UPDATE_SCREENS=1 to create {expected_file.name}"
    expected = expected_file.read_text(encoding="utf-8")
    assert shown == expected, f"{name} changed; if intended, run with SECONDOP_UPDATE_SCREENS=1 and review"
