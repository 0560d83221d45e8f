"""Themes: a high-contrast one for kiosks and NO_COLOR, and the choice of theme for the terminal we run in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual.app import App
from textual.scrollbar import ScrollBarRender
from textual.theme import Theme
from textual.widget import Widget

CONTRAST_THEME = "secondop-contrast"
# Textual's theme that uses the terminal's own 16-colour palette instead of rounding truecolour down.
ANSI_THEME = "ansi-dark"
DEFAULT_THEME = "textual-dark"
# Set on the app where the terminal lacks Unicode; styles/app.tcss swaps box-drawing borders for ASCII ones.
ASCII_CLASS = "-ascii"

# Terminals whose TERM alone says "16 colours or fewer" (unless COLORTERM says otherwise).
_SIXTEEN_COLOUR_TERMS = frozenset({"xterm", "linux", "vt100", "vt102", "vt220", "screen", "tmux", "ansi", "cons25"})

_CONTRAST = Theme(
    name=CONTRAST_THEME,
    primary="#ffffff",
    secondary="#ffffff",
    accent="#ffff00",
    warning="#ffff00",
    error="#ffffff",
    success="#ffffff",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#000000",
    dark=True,
    # Full-strength text: the default dims text slightly, which costs contrast for nothing here.
    text_alpha=1.0,
    variables={
        # The highlighted row is black on white and bold: it stands out in greyscale, with no hue at all.
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#ffffff",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": "#000000",
        "block-cursor-blurred-background": "#ffffff",
        "block-cursor-blurred-text-style": "none",
        "block-hover-background": "#000000",
        "border": "#ffffff",
        "border-blurred": "#ffffff",
        "footer-foreground": "#ffffff",
        "footer-background": "#000000",
        "footer-key-foreground": "#ffff00",
        "footer-key-background": "#000000",
        "footer-description-foreground": "#ffffff",
        "footer-description-background": "#000000",
        "footer-item-background": "#000000",
        "input-cursor-background": "#ffffff",
        "input-cursor-foreground": "#000000",
        "input-selection-background": "#ffffff",
        "input-selection-foreground": "#000000",
        "link-color": "#ffff00",
        "link-background": "#000000",
        "link-style": "underline",
        "link-color-hover": "#000000",
        "link-background-hover": "#ffff00",
        "scrollbar": "#ffffff",
        "scrollbar-background": "#000000",
        "scrollbar-hover": "#ffff00",
        "scrollbar-active": "#ffff00",
        "markdown-h1-color": "#ffff00",
        "markdown-h2-color": "#ffff00",
        "markdown-h3-color": "#ffffff",
        "screen-selection-background": "#ffffff",
        "screen-selection-foreground": "#000000",
    },
)


def register_themes(app: App) -> None:
    """Make our own themes known to the app (Textual's built-in ones are always there)."""
    app.register_theme(_CONTRAST)


def is_sixteen_colour(environ: Mapping[str, str]) -> bool:
    """True where the terminal can show only its own 16 colours (xterm, linux console, vt100, plain screen)."""
    if environ.get("COLORTERM", "").strip():
        return False
    term = environ.get("TERM", "").strip().lower()
    if not term or "256" in term or "truecolor" in term or "direct" in term:
        return False
    return term in _SIXTEEN_COLOUR_TERMS or term.split("-")[0] in {"vt100", "vt220", "linux"}


def theme_for(environ: Mapping[str, str]) -> str:
    """The theme that reads best in this terminal: contrast with NO_COLOR, the terminal's palette on 16 colours."""
    # NO_COLOR (https://no-color.org): read as Textual reads it, where being set at all turns colour off.
    if "NO_COLOR" in environ:
        return CONTRAST_THEME
    if is_sixteen_colour(environ):
        return ANSI_THEME
    return DEFAULT_THEME


class AsciiScrollBarRender(ScrollBarRender):
    """A scrollbar drawn with spaces only: the default uses block glyphs for eighths of a cell."""

    VERTICAL_BARS: ClassVar[list[str]] = [" "] * 8
    HORIZONTAL_BARS: ClassVar[list[str]] = [" "] * 8


def use_ascii_scrollbars(widget: Widget) -> None:
    """Give ``widget`` ASCII-only scrollbars when the app runs in ASCII mode (the app's ``-ascii`` class)."""
    if widget.app.has_class(ASCII_CLASS):
        widget.vertical_scrollbar.renderer = AsciiScrollBarRender
        widget.horizontal_scrollbar.renderer = AsciiScrollBarRender
