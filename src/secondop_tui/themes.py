"""Themes: one for each kind of terminal (truecolour or 256 colours, 16 colours, NO_COLOR and kiosks), and the
choice of theme for the terminal we run in.

Every text is at least 4.5:1 against its background in each of them (tests/test_contrast.py works it out):
Textual's own themes draw muted and disabled text, the highlighted row and headings below that, so ours are
theirs with those colours changed. They are the only themes the app offers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import ClassVar

from textual.app import App
from textual.scrollbar import ScrollBarRender
from textual.theme import BUILTIN_THEMES, Theme
from textual.widget import Widget

CONTRAST_THEME = "secondop-contrast"
# Uses the terminal's own 16-colour palette instead of rounding truecolour down.
ANSI_THEME = "secondop-ansi"
DEFAULT_THEME = "secondop-dark"
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
        # Without focus, the highlighted row is white on dark grey (and bold, styles/app.tcss): Textual draws it in
        # the foreground colour whatever this says, which on white was white on white.
        "block-cursor-blurred-foreground": "#ffffff",
        "block-cursor-blurred-background": "#404040",
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
        # Examples in empty boxes and the like, light grey rather than Textual's dark greys.
        # (near white, so that a Linux console, which has only its 16 colours, shows them in its brightest)
        "text-muted": "#e8e8e8",
        "text-disabled": "#e8e8e8",
    },
)

# Textual's dark theme, with text that reads at 4.5:1 or more also once rounded to 256 colours.
_DARK = replace(
    BUILTIN_THEMES["textual-dark"],
    name=DEFAULT_THEME,
    variables={
        "text-muted": "#b0b0b0",
        "text-disabled": "#a0a0a0",
        # White on a darker blue: Textual's is 3.8:1, and 3.6:1 in 256 colours.
        "block-cursor-foreground": "#ffffff",
        "block-cursor-background": "#005a9e",
    },
)

# Textual's 16-colour theme, without dark blue, magenta or red for text: on a black background they are
# 1.6 to 3.6:1 in the Linux console's palette and xterm's.
_ANSI = replace(
    BUILTIN_THEMES["ansi-dark"],
    name=ANSI_THEME,
    variables={
        **BUILTIN_THEMES["ansi-dark"].variables,
        "text-primary": "ansi_cyan",
        "footer-key-foreground": "ansi_cyan",
    },
)

THEMES = (_DARK, _ANSI, _CONTRAST)


def register_themes(app: App) -> None:
    """Make our themes the app's only ones (its palette offers them), before the caller picks one."""
    for theme in THEMES:
        app.register_theme(theme)
    ours = {theme.name for theme in THEMES}
    for name in list(app.available_themes):
        if name not in ours:
            app.unregister_theme(name)


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
        # Textual declares the renderer on the class; set on one scrollbar, it draws only that one.
        widget.vertical_scrollbar.renderer = AsciiScrollBarRender  # type: ignore[misc]
        widget.horizontal_scrollbar.renderer = AsciiScrollBarRender  # type: ignore[misc]
