"""The app in Spanish: the key that switches, the choice kept with the progress, the locale, the kiosk's choice."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from secondop_tui.app import SecondOpinionApp
from secondop_tui.content import Guide, load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.data.store import ProgressStore
from secondop_tui.i18n import content_dir_for
from secondop_tui.kiosk.screens import WelcomeScreen
from secondop_tui.settings import Settings

from conftest import read_db, screen_text
from support.kiosk_pilot import make_kiosk, wait_for_fresh_start, wait_for_text, wait_until


@pytest.fixture(scope="module")
def spanish() -> Guide:
    return load_guide(content_dir_for(default_content_dir(), "es"))


def app_for(db_path: Path, guide: Guide, **settings: object) -> SecondOpinionApp:
    chosen = Settings(content_dir=default_content_dir(), db_path=db_path, **settings)  # type: ignore[arg-type]
    return SecondOpinionApp(chosen, guide, ProgressStore(db_path))


async def shows(pilot: Pilot[None], app: SecondOpinionApp, text: str) -> str:
    await wait_until(pilot, lambda: text in screen_text(app))
    return screen_text(app)


async def test_l_switches_to_spanish_and_back_and_the_choice_is_kept(
    db_path: Path, guide: Guide, spanish: Guide
) -> None:
    app = app_for(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await shows(pilot, app, "q Quit")
        await pilot.press("L")
        screen = await shows(pilot, app, "q Salir")
        assert spanish.sections[0].title in screen and "Busque un especialista" in screen  # text and sidebar
        assert "Second opinion guide" not in screen and "Guía de segunda opinión" in screen
    assert read_db(db_path)["meta"]["state"]["language"] == "es"

    # Opened again without --lang: in Spanish, as the person left it.
    again = app_for(db_path, guide)
    async with again.run_test(size=(80, 24)) as pilot:
        await shows(pilot, again, "q Salir")
        await pilot.press("L")
        await shows(pilot, again, "q Quit")
    assert read_db(db_path)["meta"]["state"]["language"] == "en"


async def test_lang_on_the_command_line_wins_over_the_kept_choice(db_path: Path, guide: Guide) -> None:
    store = ProgressStore(db_path)
    store.set_language("en")
    store.close()
    app = app_for(db_path, guide, language="es", language_given=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await shows(pilot, app, "q Salir")


async def test_ticks_notes_and_own_items_stay_across_a_switch(db_path: Path, guide: Guide, spanish: Guide) -> None:
    app = app_for(db_path, guide)
    total = len(guide.items)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await shows(pilot, app, f"0 of {total} done")
        await pilot.press("space")
        await shows(pilot, app, f"1 of {total} done")
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.focused, Input))
        await pilot.press(*"Parking", "enter")
        await shows(pilot, app, "Parking")
        await pilot.press("L")
        screen = await shows(pilot, app, f"1 de {total + 1} hechos")  # with their own item
        first_item = spanish.sections[2].items[0].text  # the first section with items: "Decida pedirla"
        assert f"[x] {first_item}" in screen
        assert "Parking" in screen and "Decida pedirla" in screen
        await pilot.press("g")
        screen = await shows(pilot, app, "Decida pedirla 1/2")  # the sidebar's count, in the other guide


@pytest.mark.parametrize(
    ("locale", "footer"), [("es_US.UTF-8", "q Salir"), ("fr_FR.UTF-8", "q Quit"), ("C.UTF-8", "q Quit")]
)
async def test_the_locale_chooses_and_an_unknown_one_is_english_without_a_word(
    db_path: Path, guide: Guide, monkeypatch: pytest.MonkeyPatch, locale: str, footer: str
) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", locale)
    settings = Settings.from_environment(content_dir=default_content_dir(), db_path=db_path)
    app = SecondOpinionApp(settings, guide, ProgressStore(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await shows(pilot, app, footer)
        await pilot.pause()
        assert not app._notifications  # no message about the missing catalogue


async def test_kiosk_visitor_chooses_spanish_on_the_welcome_and_the_next_visitor_starts_in_english(
    guide: Guide,
) -> None:
    app = make_kiosk(guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, app, "e Español")
        assert "Para leer en español, pulse e." in screen_text(app)
        await pilot.press("e")
        await wait_for_text(pilot, app, "Esta es la pantalla de inicio")
        screen = screen_text(app)
        assert "To read in English, press e." in screen and "e English" in screen
        assert "This is the start screen" not in screen
        await pilot.press("enter")
        await wait_for_text(pilot, app, "Bienvenida")
        await wait_for_text(pilot, app, "F2 Terminé")
        await pilot.press("f2")
        await wait_for_fresh_start(pilot, app)  # in English again
        assert "e Español" in screen_text(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, WelcomeScreen))
        await wait_for_text(pilot, app, "What a second opinion is")


async def test_kiosk_started_in_spanish_goes_back_to_spanish_after_a_reset(spanish: Guide) -> None:
    from secondop_tui.kiosk.app import KioskApp
    from secondop_tui.kiosk.options import KioskOptions

    from support.clock import Clock

    settings = Settings(content_dir=default_content_dir(), db_path=None, language="es", language_given=True)
    app = KioskApp(settings, spanish, KioskOptions(enabled=True), clock=Clock())
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_text(pilot, app, "Esta es la pantalla de inicio")
        await pilot.press("e")
        await wait_for_text(pilot, app, "This is the start screen")
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, WelcomeScreen) and app.screen_stack == [app.screen])
        await wait_for_text(pilot, app, "Esta es la pantalla de inicio")


async def test_phone_layout_in_spanish_still_fits(db_path: Path, guide: Guide) -> None:
    app = app_for(db_path, guide, language="es", language_given=True)
    async with app.run_test(size=(50, 16)) as pilot:
        screen = await shows(pilot, app, "q Salir")
        assert all(len(line) <= 50 for line in screen.splitlines())
        assert "n Siga c Lista r Pedidos s Temas … ? Ayuda q Salir" in screen  # Llevar la lista is on the list's footer
        await pilot.press("s")
        screen = await shows(pilot, app, "Reúna su expediente 0/12")  # the list of sections, over the text
        assert "Qué es una segunda opinión" in screen


async def test_ascii_terminal_shows_spanish_without_accents(db_path: Path, guide: Guide) -> None:
    app = app_for(db_path, guide, language="es", language_given=True, ascii_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await shows(pilot, app, "q Salir")
        assert "Guia de segunda opinion" in screen and "Reuna su expediente" in screen and "Donde pedir ayuda" in screen
        assert all(ord(character) < 128 for character in screen), [c for c in screen if ord(c) >= 128]
        await pilot.press("c")
        screen = await shows(pilot, app, "Anadir")
        assert all(ord(character) < 128 for character in screen)
