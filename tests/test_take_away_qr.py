"""Take it with you as QR codes: as much of the checklist as the codes on the screen hold, made beside the app."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
import segno
from textual.pilot import Pilot

from secondop_tui.app import SecondOpinionApp
from secondop_tui.content import Guide, load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.data.store import ProgressStore
from secondop_tui.i18n import content_dir_for
from secondop_tui.screens.qr_code import QrCodeScreen
from secondop_tui.screens.take_away import TakeAwayScreen
from secondop_tui.settings import Settings
from secondop_tui.take_away import qr
from secondop_tui.take_away.qr import QUIET_ZONE

from conftest import make_app, screen_text
from support.take_away_pilot import expected_text, open_take_away, tick_and_note, wait_for


def region_lines(app: SecondOpinionApp, selector: str) -> list[str]:
    """What the screen shows inside one widget, line by line."""
    region = app.screen.query_one(selector).region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return [line[region.x : region.right].ljust(region.width) for line in lines]


def side_text(app: SecondOpinionApp) -> str:
    return " ".join(" ".join(region_lines(app, "#qr-side")).split())


def drawn_matrix(app: SecondOpinionApp) -> list[list[bool]]:
    """Read the half-block code back off the screen, two module rows per character row."""
    rows: list[list[bool]] = []
    for cells in region_lines(app, "#qr"):
        rows.append([cell in "█▀" for cell in cells])
        rows.append([cell in "█▄" for cell in cells])
    return rows


def expected_matrix(text: str) -> list[list[bool]]:
    qr = segno.make_qr(text, error="l")
    return [[bool(module) for module in row] for row in qr.matrix_iter(scale=1, border=QUIET_ZONE)]


async def open_qr_code(pilot: Pilot[None]) -> QrCodeScreen:
    await open_take_away(pilot)
    await pilot.press("r")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, QrCodeScreen))
    assert isinstance(pilot.app.screen, QrCodeScreen)
    return pilot.app.screen


async def wait_for_code(pilot: Pilot[None]) -> QrCodeScreen:
    """The QR code screen once its code is drawn (it is made beside the app, not in the way of its keys)."""
    screen = pilot.app.screen
    assert isinstance(screen, QrCodeScreen)
    await wait_for(pilot, lambda: screen.plan is not None and screen.query_one("#qr").display)
    await pilot.pause()
    return screen


def showing(screen: QrCodeScreen, number: int) -> Callable[[], bool]:
    return lambda: screen.shown == number


def shown_part(screen: QrCodeScreen) -> str:
    assert screen.plan is not None
    return screen.plan.parts[screen.shown]


async def test_qr_code_holds_the_whole_checklist_when_it_fits(db_path: Path, guide: Guide) -> None:
    # The shipped checklist as text is larger than any QR code can hold; a guide of its first sections is not.
    guide = replace(guide, sections=guide.sections[:6])
    app = make_app(db_path, guide)
    async with app.run_test(size=(240, 100), notifications=True) as pilot:
        await tick_and_note(pilot)
        await open_qr_code(pilot)
        screen = await wait_for_code(pilot)
        assert screen.plan is not None and screen.plan.parts == (expected_text(app, guide),)
        assert "The code holds your whole checklist" in side_text(app)
        expected = expected_matrix(shown_part(screen))
        assert drawn_matrix(app)[: len(expected)] == expected


async def test_at_80x24_the_codes_hold_every_item_still_to_do_one_after_the_other(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await tick_and_note(pilot)
        entries = app.store.checklist(guide)
        todo = [entry for entry in entries if not entry.done]
        await open_qr_code(pilot)
        screen = await wait_for_code(pilot)
        assert screen.plan is not None
        count = len(screen.plan.parts)
        assert count > 1
        side = side_text(app)
        assert f"the {len(todo)} items still to do are split into {count} codes" in side
        held: list[str] = []
        for number in range(1, count + 1):
            assert f"Code {number} of {count}" in side_text(app)
            part = shown_part(screen)
            expected = expected_matrix(part)
            assert drawn_matrix(app)[: len(expected)] == expected  # the code on screen is this part's
            held += [line for line in part.splitlines() if line.startswith("- ")]
            await pilot.press("n")
            await wait_for(pilot, showing(screen, number % count))
            await pilot.pause()
        # Together they hold every item still to do, each whole, in the checklist's order; nothing ticked.
        assert held == [f"- {entry.text}" for entry in todo]
        await pilot.press("p")
        await wait_for(pilot, lambda: screen.shown == count - 1 and f"Code {count} of {count}" in side_text(app))
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: app.current_mode == "checklist" and app.screen is app.checklist_screen)


async def test_a_long_checklist_is_coded_beside_the_app_and_never_encoded_whole(
    guide: Guide, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The code is made off the app's thread: a key is handled meanwhile. Text too long for a code is never
    given to the encoder, which would work through all of it first (minutes for a very long checklist)."""
    store = ProgressStore.in_memory()
    for number in range(60):
        item = store.add(guide.sections[0].id, f"My question {number} " + "about the scans " * 120)
        store.set_note(next(entry for entry in store.checklist(guide) if entry.id == item), "call first " * 150)
    encoded: list[tuple[bool, int]] = []
    release = threading.Event()
    real = qr.make_qr

    def slow_encoder(text: str) -> segno.QRCode:
        on_app_thread = threading.current_thread() is threading.main_thread()
        encoded.append((on_app_thread, qr.qr_size(text)))
        if not on_app_thread:
            release.wait(60)  # held until the test has pressed its key
        return real(text)

    monkeypatch.setattr(qr, "make_qr", slow_encoder)
    app = SecondOpinionApp(Settings(content_dir=guide.directory, db_path=None), guide, store)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await open_take_away(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, QrCodeScreen) and "Making the code" in screen_text(app))
        await wait_for(pilot, lambda: len(encoded) > 0)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, TakeAwayScreen))
        assert not release.is_set() and len(encoded) == 1  # the encoder is still at work
        release.set()
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, QrCodeScreen))
        screen = await wait_for_code(pilot)
        assert "Code 1 of" in side_text(app)
        assert app.is_running
    capacity = qr.BYTE_CAPACITY[qr.largest_version(min(100, 30 * 2)) - 1]  # a code as large as the screen
    assert not any(on_app_thread for on_app_thread, _ in encoded), "a code was made on the app's thread"
    assert all(size <= capacity for _, size in encoded), f"text too long for a code was encoded: {encoded}"
    assert screen.plan is not None and len(screen.plan.parts) <= qr.MOST_PARTS


def test_the_capacities_are_what_the_encoder_holds() -> None:
    for version in (1, 5, 6, 9, 10, 19, 26, 27, 40):
        capacity = qr.BYTE_CAPACITY[version - 1]
        assert segno.make_qr("a" * capacity, error="l", boost_error=False).version == version
        if version < 40:
            assert segno.make_qr("a" * (capacity + 1), error="l", boost_error=False).version == version + 1
        assert qr.code_width(version) == segno.make_qr("a", version=version).symbol_size(border=QUIET_ZONE)[0]


def test_qr_plan_when_everything_is_ticked_or_nothing_fits(guide: Guide) -> None:
    store = ProgressStore.in_memory()
    for entry in store.checklist(guide):
        store.toggle(entry)
    entries = store.checklist(guide)
    done = qr.plan_codes(guide, entries, columns=98, rows=27)
    assert len(done.parts) == 1 and "every item is done" in done.parts[0]
    tiny = qr.plan_codes(guide, entries, columns=20, rows=5)
    assert tiny.parts == () and "too small" in tiny.note


def test_an_item_too_long_for_a_code_is_cut_and_the_codes_say_so(guide: Guide) -> None:
    store = ProgressStore.in_memory()
    store.add(guide.sections[0].id, "Ask about the ñ and ✓ " * 400)
    entries = store.checklist(guide)
    plan = qr.plan_codes(guide, entries, columns=46, rows=23)
    capacity = qr.BYTE_CAPACITY[qr.largest_version(46) - 1]
    assert all(qr.qr_size(part) <= capacity for part in plan.parts)
    assert any("Ask about the ñ and ✓" in part and qr.CUT in part for part in plan.parts)


async def test_the_qr_screen_speaks_spanish(tmp_path: Path) -> None:
    spanish = load_guide(content_dir_for(default_content_dir(), "es"))
    settings = Settings(
        content_dir=default_content_dir(), db_path=tmp_path / "progress.json", language="es", language_given=True
    )
    app = SecondOpinionApp(settings, spanish, ProgressStore(tmp_path / "progress.json"))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TakeAwayScreen))
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, QrCodeScreen))
        await wait_for_code(pilot)
        side = side_text(app)
        assert "Código 1 de" in side and "códigos" in side
