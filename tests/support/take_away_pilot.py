"""Helpers for driving Take it with you through Textual's Pilot: the app, its screens, and waits on what they show."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from secondop_tui.app import SecondOpinionApp
from secondop_tui.content import Guide
from secondop_tui.data.store import ProgressStore
from secondop_tui.export import export_checklist
from secondop_tui.screens.take_away import TakeAwayScreen
from secondop_tui.settings import Settings

from support.screen_capture import screen_text
from support.waiting import wait_until_async

NOTE = "Bring the CD of the scans"


def app_with(db_path: Path, guide: Guide, **settings: object) -> SecondOpinionApp:
    chosen = Settings(content_dir=guide.directory, db_path=db_path, **settings)  # type: ignore[arg-type]
    return SecondOpinionApp(chosen, guide, ProgressStore(db_path))


async def wait_for(pilot: Pilot[None], condition: Callable[[], object], timeout: float = 30.0) -> None:
    """Let the app run until ``condition()`` holds (a screen, a file on disk); fails if it never does."""
    await wait_until_async(
        condition, lambda: f"happened; the screen shows:\n{screen_text(pilot.app)}", timeout, pilot.pause
    )


def flat(app: SecondOpinionApp) -> str:
    """The screen's words with every run of spaces and line ends as one space: a message however it wraps."""
    return " ".join(screen_text(app).split())


def words_in(app: SecondOpinionApp, selector: str) -> str:
    """The words shown inside the widgets ``selector`` picks (borders left out), however they wrap."""
    rows = screen_text(app).splitlines()
    words = []
    for widget in app.screen.query(selector):
        region = widget.content_region
        words += [row[region.x : region.right] for row in rows[region.y : region.bottom]]
    return " ".join(" ".join(words).split())


def messages(app: SecondOpinionApp) -> str:
    """The words of the messages shown (toasts), read off the screen where each is drawn."""
    return words_in(app, "Toast")


async def tick_and_note(pilot: Pilot[None]) -> None:
    """In the checklist: tick the first item and give it a note, as a person getting ready would."""
    await pilot.press("c", "space", "o", *NOTE, "enter")
    await wait_for(pilot, lambda: NOTE in screen_text(pilot.app))


async def open_take_away(pilot: Pilot[None]) -> TakeAwayScreen:
    await pilot.press("t")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, TakeAwayScreen))
    assert isinstance(pilot.app.screen, TakeAwayScreen)
    return pilot.app.screen


def expected_text(app: SecondOpinionApp, guide: Guide, fmt: str = "txt") -> str:
    return export_checklist(guide, app.store.checklist(guide), fmt)
