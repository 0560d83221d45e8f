"""No English left in Spanish: every screen at 80x24 with --lang es, read against the English catalogue.

Each screen's visible text is searched for every English string of the interface (the catalogue's msgids)
whose Spanish differs. Text that wraps inside a dialog is joined up first, so a sentence split over two lines
is still found.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from secondop_tui.app import SecondOpinionApp
from secondop_tui.content import load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.data.store import ProgressStore
from secondop_tui.i18n import LANGUAGES, content_dir_for
from secondop_tui.kiosk.app import KioskApp
from secondop_tui.kiosk.options import KioskOptions
from secondop_tui.kiosk.screens import AdminScreen, PinScreen, StillThereScreen
from secondop_tui.screens.checklist import ChecklistScreen
from secondop_tui.screens.too_small import TooSmallScreen
from secondop_tui.settings import Settings

from conftest import screen_text
from support.kiosk_pilot import PIN, Clock, wait_until, write_pin_file

REPO = Path(__file__).resolve().parent.parent
BORDERS = re.compile(r"[│┃║╭╮╰╯─━┏┓┗┛┌┐└┘▕▏▌▐▁▂▃▄▅▆▇█|]")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def english_strings() -> list[str]:
    """The literal parts of every English interface string that Spanish says differently."""
    with (REPO / "src" / "secondop_tui" / "locale" / "es" / "LC_MESSAGES" / "secondop.po").open("rb") as file:
        catalogue = read_po(file)
    found: set[str] = set()
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            if msgid in strings or msgid in LANGUAGES.values():
                continue  # the same in both ("No"), or a language's own name, shown on purpose
            for part in PLACEHOLDER.split(msgid.replace("{{", "").replace("}}", "")):
                for line in part.split("\n"):
                    if sum(character.isalpha() for character in line) >= 3:
                        found.add(" ".join(line.split()))
    return sorted(found)


ENGLISH = english_strings()
PATTERNS = [(text, re.compile(rf"(?<!\w){re.escape(text)}(?!\w)")) for text in ENGLISH]


def joined(screen: str) -> str:
    """The screen's words in one line: borders dropped, so that text wrapped inside a dialog joins up."""
    return " ".join(BORDERS.sub(" ", screen).split())


def english_on(screen: str) -> list[str]:
    words = joined(screen)
    return [text for text, pattern in PATTERNS if pattern.search(words)]


class Walk:
    """Visits screens and keeps what each one showed."""

    def __init__(self, app: SecondOpinionApp, pilot: Pilot[None]) -> None:
        self.app = app
        self.pilot = pilot
        self.seen: dict[str, str] = {}

    async def until(self, condition: Callable[[], bool]) -> None:
        await wait_until(self.pilot, condition)

    async def shows(self, name: str, text: str) -> None:
        """Wait for ``text`` (wrapped or not), then keep the screen under ``name``."""
        await wait_until(self.pilot, lambda: text in joined(screen_text(self.app)))
        await self.pilot.pause()
        self.seen[name] = screen_text(self.app)

    def check(self) -> None:
        problems = {name: found for name, screen in self.seen.items() if (found := english_on(screen))}
        assert not problems, f"English on Spanish screens: {problems}"


def test_the_check_finds_english() -> None:
    """The search can fail: an English footer, and an English sentence wrapped inside a dialog, are caught."""
    assert "Quit" in english_on("n Next c Checklist / Search t Take it with you ? Help q Quit")
    wrapped = "│ Press a letter, or move with the │\n│ arrows and press Enter. │"
    assert english_on(wrapped) == ["Press a letter, or move with the arrows and press Enter."]
    assert english_on("n Siga c Lista r Pedidos / Buscar t Llevar la lista v Cita ? Ayuda q Salir") == []


@pytest.fixture
def spanish_app(tmp_path: Path) -> SecondOpinionApp:
    spanish = load_guide(content_dir_for(default_content_dir(), "es"))
    settings = Settings(
        content_dir=default_content_dir(),
        db_path=tmp_path / "progress.json",
        language="es",
        language_given=True,
        print_command="cat",
    )
    return SecondOpinionApp(settings, spanish, ProgressStore(tmp_path / "progress.json"))


async def test_every_screen_of_the_app_is_spanish_at_80x24(spanish_app: SecondOpinionApp) -> None:
    app = spanish_app
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        walk = Walk(app, pilot)
        await walk.shows("guide", "q Salir")
        await pilot.press("p")
        await walk.shows("first section notice", "Esta es la primera sección.")
        await pilot.press("tab", "end")
        await walk.shows("end of the welcome, its sources", "Fuentes")
        await pilot.press("shift+tab")
        for section in app.guide.sections[1:]:
            await pilot.press("n")
            await walk.shows(f"section {section.id}", f"— {section.title}")
        await pilot.press("n")
        await walk.shows("last section notice", "Esta es la última sección.")
        await pilot.press("ctrl+p")
        await walk.shows("command palette", "Buscar órdenes")
        await pilot.press(*"ta")
        await walk.shows("command palette, searched", "Cambiar el tema de colores")
        await pilot.press("escape")
        await walk.until(lambda: not CommandPalette.is_open(app))
        await pilot.press("l")
        await walk.shows("links", "Enlaces de esta sección")
        await pilot.press("escape", "question_mark")
        await walk.shows("help", "Teclas. Escape")
        for page in range(6):
            await pilot.press("pagedown", "j", "j", "j", "j", "j", "j", "j", "j")
            await walk.shows(f"help, further {page}", "Teclas. Escape")
        await pilot.press("escape", "slash")
        await walk.shows("search", "Buscar en la guía")
        await pilot.press(*"apelar")
        await walk.shows("search results", "Mire el costo")
        await pilot.press("ctrl+a", "ctrl+k", *"zzqx")
        await walk.shows("search without results", "Nada en la guía coincide")
        await pilot.press("ctrl+g", "s")
        await walk.shows("sections hidden", "q Salir")
        await pilot.press("s", "c")
        await walk.shows("checklist", f"de {len(app.guide.items)} hechos")
        await pilot.press("space")
        await walk.shows("ticked", f"1 de {len(app.guide.items)} hechos")
        await pilot.press("a")
        await walk.shows("add an item", "Nuevo paso para")
        await pilot.press(*"Mi pregunta", "enter")
        await walk.shows("own item", "Mi pregunta")
        await pilot.press("e")
        await walk.shows("edit", "Cambiar el paso")
        await pilot.press("escape", "o")
        await walk.shows("note", "Añadir una nota")
        await pilot.press(*"Llevar la carpeta", "enter")
        await walk.shows("with a note", "Nota: Llevar la carpeta")
        await pilot.press("o")
        await walk.shows("change a note", "Nota (déjela vacía para quitarla)")
        await pilot.press("escape", "d")
        await walk.shows("delete?", "¿Borrar este paso?")
        await pilot.press("y")
        await walk.shows("deleted", "Paso borrado. Pulse u")
        assert "u Deshacer" in walk.seen["deleted"].splitlines()[-1]
        await pilot.press("u")
        await walk.shows("undone", "El paso volvió a su lista.")
        await pilot.press("u")
        await walk.shows("nothing to undo", "No hay nada que deshacer.")
        await pilot.press("U")
        await walk.shows("no guide step deleted", "No ha borrado ningún paso")
        await pilot.press("d", "y", "d", "y")  # the own item, then the guide's step after it
        await walk.until(lambda: isinstance(app.screen, ChecklistScreen) and app.store.deleted_steps(app.guide) == 1)
        await pilot.press("U")
        await walk.shows("bring back the guide's steps?", "¿Recuperar 1 paso de la guía que borró?")
        await pilot.press("y")
        await walk.shows("guide's steps back", "1 paso volvió a su lista.")
        await pilot.press("t")
        await walk.shows("take away", "Llévese su lista")
        await pilot.press("p")
        await walk.shows("printed", "Impresa. Recójala en la impresora.")
        await pilot.press("t", "p")
        await walk.shows("print again?", "Imprimir otra copia")
        await pilot.press("escape")
        await walk.shows("take away again", "Llévese su lista")
        await pilot.press("v")
        await walk.shows("plain text", "Mi lista para la segunda opinión")
        await pilot.press("escape", "r")
        await walk.shows("QR code", "Su lista como código QR")
        await pilot.press("escape", "escape", "g")
        await walk.shows("back in the guide", "n Siga")
        await pilot.resize_terminal(30, 10)
        await walk.until(lambda: isinstance(app.screen, TooSmallScreen))
        await walk.shows("too small", "Esta ventana es muy pequeña")
        await pilot.resize_terminal(80, 24)
        await walk.until(lambda: not isinstance(app.screen, TooSmallScreen))
        walk.check()
        assert len(walk.seen) > 40
        # Spanish runs longer: the footers still end with help and quit (the checklist's leaves its last keys to help).
        assert (
            walk.seen["guide"].splitlines()[-1]
            == "n Siga c Lista r Pedidos / Buscar t Llevar la lista v Cita ? Ayuda q Salir"
        )
        assert walk.seen["checklist"].splitlines()[-1].endswith("d Borrar … ? Ayuda q Salir")


async def test_every_kiosk_screen_is_spanish_at_80x24(tmp_path: Path) -> None:
    spanish = load_guide(content_dir_for(default_content_dir(), "es"))
    settings = Settings(content_dir=default_content_dir(), db_path=None, language="es", language_given=True)
    clock = Clock()
    options = KioskOptions(enabled=True, idle_reset=60.0, admin_pin_file=write_pin_file(tmp_path))
    app = KioskApp(settings, spanish, options, clock=clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        walk = Walk(app, pilot)
        await walk.shows("welcome", "Esta es la pantalla de inicio")
        await pilot.press("q")
        await walk.shows("no way out", "Esta pantalla queda para la próxima persona")
        await pilot.press("f1")
        await walk.shows("help", "Teclas. Escape")
        await pilot.press("escape", "enter")
        await walk.shows("guide", "F2 Terminé")
        await pilot.press("f3")
        await walk.shows("take away", "Llévese su lista")
        await pilot.press("escape")
        clock.advance(61)
        await app.check_visitor_idle()
        await walk.until(lambda: isinstance(app.screen, StillThereScreen))
        await walk.shows("still there?", "¿Sigue ahí?")
        await pilot.press("z", "f12")
        await walk.until(lambda: isinstance(app.screen, PinScreen))
        await walk.shows("PIN", "Escriba el PIN del personal")
        await pilot.press(*"0000", "enter")
        await walk.shows("wrong PIN", "Ese PIN no es correcto")
        await pilot.press(*PIN, "enter")
        await walk.until(lambda: isinstance(app.screen, AdminScreen))
        await walk.shows("staff menu", "Menú del personal")
        await pilot.press("escape", "f2")
        await walk.shows("welcome again", "Esta es la pantalla de inicio")
        assert walk.seen["guide"].splitlines()[-1].startswith("F1 Ayuda F2 Terminé F3 Llevar la lista")
        assert not isinstance(app.focused, Input)
        walk.check()
