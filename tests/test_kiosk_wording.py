"""What the kiosk says fits what it does, at 80x24, in English and in Spanish: it promises only the ways out
that F3 offers here, its own keys are whole in every footer, and nothing asks a visitor to copy with the mouse."""

from __future__ import annotations

from dataclasses import replace

import pytest
from textual.pilot import Pilot

from secondop_tui.content import Guide
from secondop_tui.kiosk.app import KioskApp
from secondop_tui.kiosk.options import KioskOptions
from secondop_tui.screens.checklist import ChecklistScreen
from secondop_tui.screens.help import HelpScreen
from secondop_tui.screens.plain_text import PlainTextScreen
from secondop_tui.screens.take_away import TakeAwayScreen

from conftest import screen_text
from support.kiosk_pilot import make_kiosk, wait_for_text, wait_until

SIZE = (80, 24)
# The kiosk's own keys as its footer names them, and words no screen of it may use.
KEYS = {"en": ["F1 Help", "F2 I'm done", "F3 Take it with you"], "es": ["F1 Ayuda", "F2 Terminé", "F3 Llevar la lista"]}
MOUSE = {"en": "mouse", "es": "ratón"}
START = {"en": "This is the start screen", "es": "Esta es la pantalla de inicio"}


async def in_language(pilot: Pilot[None], app: KioskApp, language: str) -> None:
    await wait_for_text(pilot, app, START["en"])
    if language == "es":
        await pilot.press("e")
        await wait_for_text(pilot, app, START["es"])


def welcome_paragraph(app: KioskApp) -> str:
    lines = (line.strip().strip("┃|").strip() for line in screen_text(app).splitlines())
    return " ".join(" ".join(lines).split())  # the welcome's words inside its border, whatever their wrapping


@pytest.mark.parametrize("language", ["en", "es"])
async def test_the_welcome_promises_a_print_out_only_where_there_is_a_printer(guide: Guide, language: str) -> None:
    printed = {"en": "or a print-out (F3)", "es": "o impresa (F3)"}
    qr_only = {"en": "as a QR code for your phone (F3)", "es": "como código QR en su teléfono (F3)"}
    app = make_kiosk(guide)
    async with app.run_test(size=SIZE) as pilot:
        await in_language(pilot, app, language)
        text = welcome_paragraph(app)
        assert qr_only[language] in text and printed[language] not in text
    with_printer = make_kiosk(guide, print_command="lp")
    async with with_printer.run_test(size=SIZE) as pilot:
        await in_language(pilot, with_printer, language)
        assert printed[language] in welcome_paragraph(with_printer)


@pytest.mark.parametrize("language", ["en", "es"])
async def test_without_a_qr_code_or_a_printer_the_welcome_offers_the_text(guide: Guide, language: str) -> None:
    """A terminal without Unicode cannot draw a QR code: F3 then only shows the list as text."""
    shown = {
        "en": "F3 shows your checklist as text, to copy down by hand.",
        "es": "F3 muestra su lista como texto, para copiarla a mano.",
    }
    plain = make_kiosk(guide)
    app = KioskApp(replace(plain.settings, ascii_only=True), guide, KioskOptions(enabled=True), plain.clock)
    async with app.run_test(size=SIZE) as pilot:
        await in_language(pilot, app, language)
        text = welcome_paragraph(app)
        assert shown[language].replace("í", "i").replace("ú", "u") in text
        assert "QR" not in text


@pytest.mark.parametrize("language", ["en", "es"])
async def test_every_footer_shows_the_kiosk_keys_whole_at_80_columns(guide: Guide, language: str) -> None:
    app = make_kiosk(guide)
    async with app.run_test(size=SIZE) as pilot:
        await in_language(pilot, app, language)
        footers = {"welcome": screen_text(app).splitlines()[-1]}
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.current_mode == "guide")
        await pilot.pause()
        footers["guide"] = screen_text(app).splitlines()[-1]
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        await pilot.pause()
        footers["checklist"] = screen_text(app).splitlines()[-1]
        for screen, footer in footers.items():
            for key in KEYS[language]:
                assert key in footer, f"{key!r} is not whole in the {screen} footer: {footer!r}"
        # t does what F3 does: the footer names one key for it, the one that works everywhere
        assert not any(f"t {word} " in footer + " " for footer in footers.values() for word in ("Share", "Llevar"))


@pytest.mark.parametrize("language", ["en", "es"])
async def test_nothing_at_the_kiosk_asks_to_select_with_the_mouse(guide: Guide, language: str) -> None:
    app = make_kiosk(guide)
    async with app.run_test(size=SIZE) as pilot:
        await in_language(pilot, app, language)
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, TakeAwayScreen))
        await pilot.pause()
        assert MOUSE[language] not in screen_text(app)
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(app.screen, PlainTextScreen))
        await pilot.pause()
        notes = [notification.message for notification in app._notifications]
        assert notes and not any(MOUSE[language] in note for note in notes)
        await pilot.press("escape", "escape", "f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        help_text = screen_text(app)
        assert MOUSE[language] not in help_text
        assert {"en": "printed", "es": "impresa"}[language] not in help_text  # no printer set up here
        # t (named in the guide's first section) does what F3 does: nothing here is copied or saved
        assert isinstance(app.screen, HelpScreen)
        listed = [text for _, rows in app.screen.groups for keys, text in rows if keys == "t"]
        assert listed and not any({"en": "copy", "es": "copiar"}[language] in text for text in listed)


async def test_the_welcome_speaks_the_language_chosen_while_something_covered_it(guide: Guide) -> None:
    """L works while the window is too small (the notice covers the welcome): once the notice goes, the welcome
    speaks the language chosen, and F2 brings back the kiosk's own."""
    app = make_kiosk(guide)
    async with app.run_test(size=SIZE) as pilot:
        await in_language(pilot, app, "es")
        await pilot.resize_terminal(30, 10)
        await wait_for_text(pilot, app, "Esta ventana es muy pequeña")
        await pilot.press("L")  # back to English, under the notice
        await wait_until(pilot, lambda: app.language == "en")
        await pilot.resize_terminal(*SIZE)
        await wait_for_text(pilot, app, START["en"])
        await pilot.press("e", "f2")  # Spanish, then the next visitor
        await wait_for_text(pilot, app, START["en"])
        assert START["es"] not in screen_text(app)
