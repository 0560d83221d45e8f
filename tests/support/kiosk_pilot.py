"""Helpers for driving a kiosk through Textual's Pilot: the clock the test moves, and waits on what the screen shows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from secondop_tui.content import Guide
from secondop_tui.kiosk.app import KioskApp
from secondop_tui.kiosk.options import KioskOptions
from secondop_tui.kiosk.screens import WelcomeScreen
from secondop_tui.settings import Settings

from support.clock import Clock
from support.screen_capture import screen_text
from support.waiting import wait_until_async

PIN = "2468-staff"
VISITOR_TEXT = "Ask about parking"


def write_pin_file(folder: Path) -> Path:
    """An admin PIN file as the README asks for: the kiosk's user's own, readable by nobody else."""
    path = folder / "admin-pin"
    path.write_text(PIN + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def make_kiosk(guide: Guide, clock: Clock | None = None, **options: object) -> KioskApp:
    settings = Settings(content_dir=guide.directory, db_path=None)
    return KioskApp(settings, guide, KioskOptions(enabled=True, **options), clock=clock or Clock())


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 15.0) -> None:
    """Let the app run until ``condition`` holds; fails the test if it never does."""
    await wait_until_async(condition, "the app reached the expected state", timeout, pilot.pause)


async def wait_for_text(pilot: Pilot[None], app: KioskApp, text: str) -> None:
    await wait_until(pilot, lambda: text in screen_text(app))


async def wait_for_fresh_start(pilot: Pilot[None], app: KioskApp) -> None:
    """The visit is cleared: the welcome screen, alone, with nothing of the visitor on it."""
    await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen) and app.screen_stack == [app.screen])
    await wait_for_text(pilot, app, "This is the start screen")
    assert VISITOR_TEXT not in screen_text(app)


async def start_visit(pilot: Pilot[None], app: KioskApp) -> None:
    """A visitor opens the checklist, ticks the first item and adds one of their own."""
    await pilot.press("enter", "c")
    await wait_until(pilot, lambda: app.current_mode == "checklist")
    await pilot.press("space", "a")
    await wait_until(pilot, lambda: isinstance(app.focused, Input))
    await pilot.press(*VISITOR_TEXT, "enter")
    await wait_until(pilot, lambda: VISITOR_TEXT in screen_text(app))
