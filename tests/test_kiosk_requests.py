"""At a kiosk, requests on a clock last for the visit only: I'm done (F2) clears them with the checklist."""

from __future__ import annotations

from secondop_tui.content import Guide
from secondop_tui.screens.requests import RequestsScreen

from support.kiosk_pilot import VISITOR_TEXT, make_kiosk, wait_for_fresh_start, wait_for_text, wait_until
from support.screen_capture import screen_text


async def test_im_done_clears_the_visitors_requests(guide: Guide) -> None:
    app = make_kiosk(guide)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.current_mode == "guide")
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen))
        await pilot.press("a", "enter", *VISITOR_TEXT, "enter")
        await wait_until(pilot, lambda: bool(app.store.tracker.requests()))
        visit_store = app.store
        await pilot.press("escape")  # no more questions: the request stays with what it has
        await wait_for_text(pilot, app, VISITOR_TEXT)
        await pilot.press("f2")
        await wait_for_fresh_start(pilot, app)
        assert visit_store.tracker.requests() == [] and app.store.tracker.requests() == []
        await pilot.press("enter", "r")
        await wait_until(pilot, lambda: isinstance(app.screen, RequestsScreen))
        await wait_for_text(pilot, app, "None yet. Press a to add one.")
        assert VISITOR_TEXT not in screen_text(app)
