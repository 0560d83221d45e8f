"""Clicks that arrive while the kiosk rebuilds what is under them (a language switch, a visit cleared) change
nothing and never end it.

A terminal sends a click right behind a key, so the click can be taken after the key has rebuilt the screen
but before the screen has been laid out again. Here the screen's layout is held back (``batch_update``) until
the clicks have been taken: the window a real terminal's clicks fall into only now and then, every time.
The installed kiosk meets the same pattern in a real terminal in tests/test_kiosk_e2e.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from textual import events
from textual.pilot import Pilot

from secondop_tui.content import Guide
from secondop_tui.kiosk.app import KioskApp
from secondop_tui.kiosk.screens import WelcomeScreen

from conftest import screen_text
from support.clock import Clock
from support.kiosk_pilot import make_kiosk, wait_for_text, wait_until

SPANISH_START = "Esta es la pantalla de inicio"
ENGLISH_START = "This is the start screen"
# Cells on the welcome's text at 80x24: its title, its first paragraph, its hint about F2, its last line.
ON_THE_TEXT = [(30, 5), (20, 8), (40, 12), (25, 17)]


def mouse(kind: type[events.MouseEvent], x: int, y: int) -> events.MouseEvent:
    return kind(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y)


async def clicks_right_behind(pilot: Pilot[None], app: KioskApp, rebuild: Callable[[], Awaitable[object]]) -> None:
    """Run ``rebuild`` in the app's message loop, as a key's action runs, and take a click on each of
    ON_THE_TEXT before the screen has been laid out again."""
    taken = asyncio.Event()
    held = app.batch_update()

    async def rebuild_then_click() -> None:
        held.__enter__()
        await rebuild()
        for x, y in ON_THE_TEXT:
            app.post_message(mouse(events.MouseDown, x, y))
            app.post_message(mouse(events.MouseUp, x, y))
        app.call_later(let_go)  # after the clicks: the app's queue is in order

    def let_go() -> None:
        held.__exit__(None, None, None)
        taken.set()

    app.call_later(rebuild_then_click)
    await wait_until(pilot, lambda: taken.is_set() or not app.is_running, timeout=60)


class SelectingKiosk(KioskApp):
    """A kiosk with the mouse's text selection on, as the app on a laptop and in a browser has it."""

    ALLOW_SELECT = True


@pytest.mark.parametrize("selects", [False, True], ids=["kiosk", "with-text-selection"])
async def test_clicks_right_behind_a_language_switch_change_nothing(guide: Guide, selects: bool) -> None:
    app = make_kiosk(guide)
    if selects:  # the rule is every app's, not only the kiosk's, which selects nothing anyway
        app = SelectingKiosk(app.settings, guide, app.options, app.clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, app, ENGLISH_START)
        await clicks_right_behind(pilot, app, lambda: app.run_action("switch_language"))
        await wait_for_text(pilot, app, SPANISH_START)
        assert app.is_running and isinstance(app.screen, WelcomeScreen)
        await pilot.press("e")  # and the kiosk still takes keys
        await wait_for_text(pilot, app, ENGLISH_START)
    assert app.return_code is None


async def test_clicks_right_behind_f2_change_nothing(guide: Guide) -> None:
    app = make_kiosk(guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("L", "enter")  # a visit in Spanish: clearing it rebuilds the welcome in English
        await wait_until(pilot, lambda: app.current_mode == "guide")
        await clicks_right_behind(pilot, app, lambda: app.run_action("done"))
        await wait_for_text(pilot, app, ENGLISH_START)
        assert app.is_running and app.screen_stack == [app.screen]


async def test_clicks_right_behind_the_idle_reset_change_nothing(guide: Guide) -> None:
    clock = Clock()
    app = make_kiosk(guide, clock, idle_reset=60, countdown=10)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("L", "enter")
        await wait_until(pilot, lambda: app.current_mode == "guide")
        clock.advance(61)
        await app.check_visitor_idle()  # "Are you still there?"
        await wait_for_text(pilot, app, "10")
        clock.advance(11)
        await clicks_right_behind(pilot, app, app.check_visitor_idle)  # no answer: the visit is cleared
        await wait_for_text(pilot, app, ENGLISH_START)
        assert app.is_running and isinstance(app.screen, WelcomeScreen)


async def test_a_click_on_the_kiosk_selects_no_text(guide: Guide) -> None:
    """Nothing at a kiosk is copied, so a drag over its text selects nothing either."""
    app = make_kiosk(guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, app, ENGLISH_START)
        await pilot.mouse_down(offset=(20, 8))
        await pilot.hover(offset=(60, 12))
        await pilot.mouse_up(offset=(60, 12))
        await pilot.pause()
        assert app.screen.get_selected_text() is None
        assert "Getting a second opinion" in screen_text(app)
