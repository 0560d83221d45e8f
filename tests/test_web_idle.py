"""A browser tab warns before the server closes it for quiet, and any key asks for more time (WCAG 2.2.1).

The app is driven with Pilot on a clock the test moves; the server's side (the timeout it passes on) is checked
on the spec it starts a tab's app with.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot

from secondop_tui.content import Guide
from secondop_tui.data.store import ProgressStore
from secondop_tui.guest.apps import WebGuestApp
from secondop_tui.guest.spec import BadSpec, GuestSpec
from secondop_tui.settings import Settings
from secondop_tui.web.idle import ClosingSoon

from support.kiosk_pilot import Clock, wait_for_text, wait_until
from support.screen_capture import screen_text

TIMEOUT = 1800.0


async def mouse(pilot: Pilot[None], kind: type[events.MouseEvent], x: int, y: int) -> None:
    """A mouse event as the terminal's driver hands it to the app (Pilot's own go around the app's handler)."""
    button = 1 if kind in (events.MouseDown, events.MouseUp) else 0
    pilot.app.post_message(kind(None, x, y, 0, 0, button, False, False, False, screen_x=x, screen_y=y))
    await pilot.pause()


def make_tab_app(db_path: Path, guide: Guide, clock: Clock, timeout: float = TIMEOUT) -> WebGuestApp:
    settings = Settings(content_dir=guide.directory, db_path=db_path)
    return WebGuestApp(settings, guide, ProgressStore(db_path), idle_timeout=timeout, clock=clock)


async def test_a_quiet_tab_is_warned_a_minute_before_it_closes_and_a_key_keeps_it(db_path: Path, guide: Guide) -> None:
    clock = Clock()
    app = make_tab_app(db_path, guide, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, app, guide.sections[0].title)
        await pilot.press("c")
        await wait_until(pilot, lambda: "Your checklist" in screen_text(app))
        clock.advance(TIMEOUT - 61)
        await app.warn_if_quiet()
        await pilot.pause()
        assert not isinstance(app.screen, ClosingSoon)  # not quiet for long enough yet
        clock.advance(2)
        await app.warn_if_quiet()
        await wait_for_text(pilot, app, "Are you still there?")
        assert "In 59 seconds this guide closes" in screen_text(app)
        clock.advance(30)
        await app.warn_if_quiet()
        await wait_for_text(pilot, app, "In 29 seconds")
        before = app.screen_stack[:-1]
        await pilot.press("d")  # any key: it answers, and does nothing else (d would ask to delete an item)
        await wait_until(pilot, lambda: not isinstance(app.screen, ClosingSoon))
        assert app.screen_stack == before
        assert "Your checklist" in screen_text(app)
        # The key counted as use: the next warning is a whole timeout later.
        clock.advance(TIMEOUT - 61)
        await app.warn_if_quiet()
        await pilot.pause()
        assert not isinstance(app.screen, ClosingSoon)


async def test_a_tap_or_a_mouse_move_is_use_too(db_path: Path, guide: Guide) -> None:
    clock = Clock()
    app = make_tab_app(db_path, guide, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, app, guide.sections[0].title)
        clock.advance(TIMEOUT - 90)
        await mouse(pilot, events.MouseMove, 40, 10)  # the page passes every mouse move on; the server counts it
        clock.advance(60)
        await app.warn_if_quiet()
        await pilot.pause()
        assert not isinstance(app.screen, ClosingSoon)
        clock.advance(TIMEOUT)
        await app.warn_if_quiet()
        await wait_for_text(pilot, app, "Are you still there?")
        await mouse(pilot, events.MouseDown, 40, 10)
        await mouse(pilot, events.MouseUp, 40, 10)
        await wait_until(pilot, lambda: not isinstance(app.screen, ClosingSoon))
        clock.advance(TIMEOUT)
        await app.warn_if_quiet()
        await wait_for_text(pilot, app, "Are you still there?")
        await mouse(pilot, events.MouseMove, 30, 5)  # a move while it asks answers it as well
        await wait_until(pilot, lambda: not isinstance(app.screen, ClosingSoon))


async def test_no_timeout_no_warning(db_path: Path, guide: Guide) -> None:
    clock = Clock()
    app = make_tab_app(db_path, guide, clock, timeout=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, app, guide.sections[0].title)
        clock.advance(10 * TIMEOUT)
        await app.warn_if_quiet()
        await pilot.pause()
        assert not isinstance(app.screen, ClosingSoon)


def test_the_server_tells_each_tabs_app_its_timeout(tmp_path: Path) -> None:
    spec = GuestSpec(venue="web", db_path=tmp_path / "progress.json", language="en", idle_timeout=1800)
    assert GuestSpec.from_json(spec.to_json()).idle_timeout == 1800
    assert GuestSpec(venue="web", db_path=tmp_path / "p.json", language="en").idle_timeout == 0  # never warns
    for bad in (-1, True, "1800"):
        with pytest.raises(BadSpec):
            GuestSpec.from_dict(
                {"venue": "web", "db_path": str(tmp_path / "p.json"), "language": "en", "idle_timeout": bad}
            )
