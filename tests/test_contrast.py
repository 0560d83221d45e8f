"""Every text the app draws is at least 4.5:1 against what it is drawn on (WCAG 2 1.4.3), in every look.

Worked out, not judged by eye: each screen and dialog is drawn as the terminal would be sent it (the app's own
colour filters applied, then rounded to the terminal's colour system the way Rich rounds them when it writes
them out), and every cell with a letter, digit or sign is measured. The looks are the ones the app picks for
the terminal it runs in: truecolour, 256 colours (tmux's usual), the terminal's own 16 colours (a Linux
console's palette and xterm's), and NO_COLOR; and every theme the app offers in its palette.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rich.color import Color, ColorSystem, ColorType
from rich.style import Style
from textual.pilot import Pilot
from textual.screen import Screen

from secondop_tui.app import SecondOpinionApp
from secondop_tui.content import Guide
from secondop_tui.data.store import ProgressStore
from secondop_tui.kiosk.app import KioskApp
from secondop_tui.kiosk.options import KioskOptions
from secondop_tui.settings import Settings
from secondop_tui.textual_compat import screen_frame
from secondop_tui.themes import ANSI_THEME, CONTRAST_THEME, DEFAULT_THEME

from support.clock import Clock
from support.kiosk_pilot import wait_until
from support.screen_capture import screen_text

MINIMUM = 4.5  # WCAG 2, 1.4.3: text (a terminal has no "large text", so no 3:1 exception)

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    """A terminal's own colours: its default text and background, and its 16 numbered colours."""

    foreground: RGB
    background: RGB
    sixteen: tuple[RGB, ...]


def _hex(*colours: str) -> tuple[RGB, ...]:
    return tuple((int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)) for c in colours)


# The Linux console (VGA colours), where the kiosk's unit runs: light grey text on black.
LINUX_CONSOLE = Palette(
    *_hex("aaaaaa", "000000"),
    _hex(
        "000000",
        "aa0000",
        "00aa00",
        "aa5500",
        "0000aa",
        "aa00aa",
        "00aaaa",
        "aaaaaa",
        "555555",
        "ff5555",
        "55ff55",
        "ffff55",
        "5555ff",
        "ff55ff",
        "55ffff",
        "ffffff",
    ),
)
# xterm's own colours, with the light-on-dark default people run it with (the 16-colour theme is a dark one).
XTERM = Palette(
    *_hex("e5e5e5", "000000"),
    _hex(
        "000000",
        "cd0000",
        "00cd00",
        "cdcd00",
        "0000ee",
        "cd00cd",
        "00cdcd",
        "e5e5e5",
        "7f7f7f",
        "ff0000",
        "00ff00",
        "ffff00",
        "5c5cff",
        "ff00ff",
        "00ffff",
        "ffffff",
    ),
)


def xterm_256(number: int, palette: Palette) -> RGB:
    """Colour ``number`` of the 256: the terminal's 16, then the 6x6x6 cube, then 24 greys."""
    if number < 16:
        return palette.sixteen[number]
    if number >= 232:
        grey = 8 + 10 * (number - 232)
        return grey, grey, grey
    levels = (0, 95, 135, 175, 215, 255)
    cube = number - 16
    return levels[cube // 36], levels[cube // 6 % 6], levels[cube % 6]


@dataclass(frozen=True)
class Look:
    """A terminal: the colours it can show (Rich's name for the colour system the app writes for it), and its
    palette."""

    system: str
    palette: Palette = XTERM

    @property
    def color_system(self) -> ColorSystem:
        return {"truecolor": ColorSystem.TRUECOLOR, "256": ColorSystem.EIGHT_BIT, "standard": ColorSystem.STANDARD}[
            self.system
        ]

    def rgb(self, color: Color | None, foreground: bool) -> RGB:
        """What the terminal shows for ``color`` once the app has written it in this terminal's colour system."""
        if color is None or color.type == ColorType.DEFAULT:
            return self.palette.foreground if foreground else self.palette.background
        sent = color.downgrade(self.color_system)  # what Rich does as it writes the escape codes
        if sent.type == ColorType.TRUECOLOR:
            assert sent.triplet is not None
            return tuple(sent.triplet)  # type: ignore[return-value]
        assert sent.number is not None
        if sent.type == ColorType.EIGHT_BIT:
            return xterm_256(sent.number, self.palette)
        return self.palette.sixteen[sent.number]


TRUECOLOUR = Look("truecolor")
COLOURS_256 = Look("256")
LINUX_16 = Look("standard", LINUX_CONSOLE)
XTERM_16 = Look("standard", XTERM)


@dataclass(frozen=True)
class Terminals:
    """Terminals that get the same theme: what the first says about itself (TERM, COLORTERM, NO_COLOR), and
    each of them by name. The app draws the same frames for all of them (its theme and its NO_COLOR filter decide
    the colours); only as the frames are written out are the colours rounded to what each terminal shows."""

    environ: dict[str, str]
    theme: str
    looks: dict[str, Look]


TERMINALS = {
    "colour terminals": Terminals(
        {"TERM": "xterm-256color", "COLORTERM": "truecolor"},
        DEFAULT_THEME,
        {"truecolour": TRUECOLOUR, "256 colours": COLOURS_256},
    ),
    "16-colour terminals": Terminals({"TERM": "linux"}, ANSI_THEME, {"Linux console": LINUX_16, "xterm": XTERM_16}),
    "NO_COLOR": Terminals(
        {"TERM": "xterm-256color", "COLORTERM": "truecolor", "NO_COLOR": "1"},
        CONTRAST_THEME,
        {"truecolour": TRUECOLOUR, "256 colours": COLOURS_256, "Linux console": LINUX_16},
    ),
}


def luminance(rgb: RGB) -> float:
    """WCAG 2's relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: RGB, other: RGB) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def dimmed(foreground: RGB, background: RGB) -> RGB:
    """Faint text (SGR 2), as terminals draw it: part way from the text's colour to the background's."""
    return tuple(round(b + (f - b) * 0.66) for f, b in zip(foreground, background))  # type: ignore[return-value]


def is_text(character: str) -> bool:
    """A letter, digit, sign or mark a person reads; not a border, a scrollbar or a QR code's blocks, nor a
    picture (an emoji, like Textual's magnifying glass), which terminals draw in its own colours."""
    if character.isspace() or ord(character) >= 0x1F000:
        return False
    return not (0x2500 <= ord(character) <= 0x259F) and unicodedata.category(character) != "Cf"


def text_runs(screen: Screen[object]) -> Iterator[tuple[Style, str]]:
    """Each run of text on ``screen`` and its style as the app sends it. The screen's own background is left out:
    under a dialog it is the screen beneath, dimmed, which nobody is asked to read."""
    for y, row in enumerate(screen_frame(screen)):
        x = 0
        for segment in row:
            at, x = x, x + segment.cell_length
            if segment.style is None or segment.control or not any(is_text(c) for c in segment.text):
                continue
            if screen.get_widget_at(at, y)[0] is not screen:
                yield segment.style, segment.text.strip()


def colours(style: Style, look: Look) -> tuple[RGB, RGB]:
    """The colours of text in ``style`` and of its background, as ``look``'s terminal shows them."""
    text = look.rgb(style.color, foreground=True)
    background = look.rgb(style.bgcolor, foreground=False)
    if style.reverse:
        text, background = background, text
    if style.dim:
        text = dimmed(text, background)
    return text, background


class Walk:
    """Visits the screens of one app and keeps every style its text was drawn in, and where."""

    def __init__(self, pilot: Pilot[None]) -> None:
        self.pilot = pilot
        self.app = pilot.app
        self.styles: dict[Style, tuple[str, str]] = {}  # style -> (where, an example of its text)

    async def see(self, where: str, shows: str | None = None) -> None:
        """Wait for ``shows`` (when given), then take the styles of the screen on top."""
        if shows is not None:
            try:
                await wait_until(self.pilot, lambda: shows in " ".join(screen_text(self.app).split()))
            except AssertionError:
                pytest.fail(f"{where}: {shows!r} never showed; the screen:\n{screen_text(self.app)}")
        await self.pilot.pause()
        await self.pilot.wait_for_scheduled_animations()
        runs = list(text_runs(self.app.screen))
        assert runs, f"{where}: no text measured"
        for style, text in runs:
            self.styles.setdefault(style, (where, text))

    def too_faint(self, looks: dict[str, Look]) -> list[str]:
        """Each pair of colours below the minimum, in each of ``looks``, with where it was seen."""
        faint: dict[tuple[str, RGB, RGB], tuple[str, str]] = {}
        for name, look in looks.items():
            for style, seen in self.styles.items():
                text, background = colours(style, look)
                if contrast(text, background) < MINIMUM:
                    faint.setdefault((name, text, background), seen)
        return sorted(
            f"{name}: {contrast(text, background):.2f}:1 for #{bytes(text).hex()} on #{bytes(background).hex()} "
            f"({where}: {example!r})"
            for (name, text, background), (where, example) in faint.items()
        )


async def walk_app(walk: Walk, guide: Guide) -> None:
    """Every screen and dialog of the app, in the states a person sees them in."""
    pilot, app = walk.pilot, walk.app
    await walk.see("guide, the list of sections", guide.sections[0].title)
    await pilot.hover("#sidebar", offset=(4, 3))
    await walk.see("guide, a section under the mouse")
    await pilot.press("tab")
    await walk.see("guide, reading (the list without focus)")
    linked = next(section for section in guide.sections if "](" in section.body and section.items)
    await app.screen.open_section(linked.id)
    await walk.see("guide, a section with links and steps", linked.title)
    await pilot.press("l")
    await walk.see("links dialog")
    await pilot.press("escape", "slash")
    await walk.see("search, empty")
    await pilot.press(*"rec")
    await walk.see("search, results")
    await pilot.press("down")
    await walk.see("search, a result highlighted")
    await pilot.press("ctrl+g", "slash", *"zzq")
    await walk.see("search, no matches", "Nothing in the guide matches")
    await pilot.press("ctrl+g", "question_mark")
    await walk.see("help")
    await pilot.press("escape", "c")
    await walk.see("checklist", "done")
    await pilot.press("space", "o", *"Discs", "enter")
    await walk.see("checklist, a ticked item with a note", "Note: Discs")
    await pilot.hover("#checklist", offset=(6, 6))
    await walk.see("checklist, an item under the mouse")
    await pilot.hover("Footer", offset=(2, 0))
    await walk.see("checklist, a footer key under the mouse")
    await pilot.press("a")
    await walk.see("new item, the empty box's example", "For example")
    await pilot.press(*"Park")
    await walk.see("new item, typed", "Park")
    await pilot.press("escape", "d")
    await walk.see("delete, asked", "Delete this item?")
    await pilot.press("n", "t")
    await walk.see("take it with you", "Take your checklist with you")
    await pilot.press("v")
    await walk.see("checklist as plain text", "checklist Made on")
    while app.screen is not app.checklist_screen:
        await pilot.press("escape")
        await pilot.pause()
    for severity in ("information", "warning", "error"):
        app.notify(f"A {severity} message", severity=severity, timeout=60)  # type: ignore[arg-type]
    await walk.see("messages", "A error message")
    app.clear_notifications()
    if app.ENABLE_COMMAND_PALETTE:
        await pilot.press("ctrl+p")
        await walk.see("command palette")
        await pilot.press(*"the")
        await walk.see("command palette, searched")
        await pilot.press("escape")
    await pilot.resize_terminal(30, 8)
    await walk.see("window too small", "too small")
    await pilot.resize_terminal(50, 16)
    await walk.see("small window, the checklist", "done")


async def walk_kiosk(walk: Walk, clock: Clock) -> None:
    """The kiosk's screens: its welcome, a visit, the QR code, the staff's PIN and the "still there?" question."""
    pilot, app = walk.pilot, walk.app
    assert isinstance(app, KioskApp)
    await walk.see("kiosk, welcome", "start screen")
    await pilot.press("enter", "c")
    await walk.see("kiosk, checklist", "done")
    await pilot.press("space", "f1")
    await walk.see("kiosk, help", "f2")
    await pilot.press("escape", "f3")
    await walk.see("kiosk, take it with you", "Show a QR code")
    await pilot.press("r")
    await walk.see("kiosk, QR code", "Scan the code")
    await pilot.press("escape", "escape", "f12")
    await walk.see("kiosk, staff PIN", "PIN")
    await pilot.press(*"1357", "enter")
    await walk.see("kiosk, a wrong PIN", "not right")
    await pilot.press("escape")
    clock.advance(3600)
    await app.check_visitor_idle()
    await walk.see("kiosk, still there?", "Are you still there?")


def make_app(db_path: Path, guide: Guide, environ: dict[str, str]) -> SecondOpinionApp:
    settings = Settings(content_dir=guide.directory, db_path=db_path)
    return SecondOpinionApp(settings, guide, ProgressStore(db_path), environ=environ)


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, str]], None]:
    """Make this process look like a terminal that says ``environ``: Textual reads NO_COLOR and Rich the colour
    system from the environment."""

    def become(environ: dict[str, str]) -> None:
        for name in ("TERM", "COLORTERM", "NO_COLOR", "TEXTUAL_COLOR_SYSTEM", "FORCE_COLOR"):
            monkeypatch.delenv(name, raising=False)
        for name, value in environ.items():
            monkeypatch.setenv(name, value)

    return become


async def test_the_palette_offers_only_themes_measured_here(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide, TERMINALS["colour terminals"].environ)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p", *"theme", "enter")
        await wait_until(pilot, lambda: ANSI_THEME in screen_text(app))
        offered = set(app.available_themes)
        assert offered == {terminals.theme for terminals in TERMINALS.values()}
        for name in offered:
            assert name in screen_text(app)


@pytest.mark.parametrize("kind", TERMINALS)
async def test_every_text_of_the_app_is_readable(
    kind: str, terminal: Callable[[dict[str, str]], None], db_path: Path, guide: Guide
) -> None:
    terminals = TERMINALS[kind]
    terminal(terminals.environ)
    app = make_app(db_path, guide, terminals.environ)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        assert app.theme == terminals.theme
        # The colours are worked out as the first of these terminals gets them.
        assert app.console.color_system == next(iter(terminals.looks.values())).system
        walk = Walk(pilot)
        await walk_app(walk, guide)
    faint = walk.too_faint(terminals.looks)
    assert not faint, f"{kind}: text below {MINIMUM}:1\n" + "\n".join(faint)


async def test_every_text_of_the_kiosk_is_readable(
    terminal: Callable[[dict[str, str]], None], guide: Guide, tmp_path: Path
) -> None:
    terminal({"TERM": "linux"})  # as the kiosk's unit runs it; a kiosk is always in high contrast
    pin_file = tmp_path / "admin-pin"
    pin_file.write_text("2468-staff\n", encoding="utf-8")
    pin_file.chmod(0o600)
    clock = Clock()
    settings = Settings(content_dir=guide.directory, db_path=None)
    app = KioskApp(
        settings,
        guide,
        KioskOptions(enabled=True, admin_pin_file=pin_file, idle_reset=60.0, countdown=30.0),
        clock=clock,
    )
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        assert app.theme == CONTRAST_THEME and app.console.color_system == LINUX_16.system
        walk = Walk(pilot)
        await walk_kiosk(walk, clock)
    faint = walk.too_faint({"Linux console": LINUX_16, "truecolour": TRUECOLOUR, "256 colours": COLOURS_256})
    assert not faint, f"kiosk: text below {MINIMUM}:1\n" + "\n".join(faint)
