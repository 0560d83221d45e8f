"""The app's styles, parsed once by the warm helper for every app it forks.

An app parses its CSS as it starts (its own files, and the DEFAULT_CSS of each kind of widget it shows,
with the colours of its theme): a sixth of the CPU of its first frame. The helper parses all of it once,
and from then on a stylesheet takes a parse already made (``textual_compat.share_css_parses``).

Only for the theme of terminals with 256 colours or more, nearly all of them: a 16-colour or NO_COLOR
terminal's app parses its own, as before. Each theme prepared costs every app memory, not only the
helper: an app that reads rules writes to them (Python counts references), which copies the pages they
lie on, and the rules of other themes lie on the same pages. Measured with one app: one theme, 15% less
CPU for 0.6 MiB more of its own memory; all three, 1.7 MiB more.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from textual.app import App
from textual.css.stylesheet import Stylesheet, StylesheetError
from textual.dom import DOMNode

from secondop_tui.app import SecondOpinionApp
from secondop_tui.textual_compat import default_css_sources, parse_each, share_css_parses
from secondop_tui.themes import DEFAULT_THEME, register_themes

THEMES = (DEFAULT_THEME,)  # every theme themes.theme_for picks


def prepare_styles() -> int:
    """Parse every piece of CSS an app may parse as it starts; returns how many parses are kept."""
    shared = share_css_parses()
    sources = default_css_sources(_kinds_of(DOMNode))
    themes: App[None] = App()  # never run: it works out each theme's CSS variables as the app will
    register_themes(themes)
    for theme in THEMES:
        themes.theme = theme
        sheet = Stylesheet(variables=themes.get_css_variables())
        try:
            sheet.read_all([Path(path) for path in SecondOpinionApp.CSS_PATH])
            sheet.parse()
        except StylesheetError:
            pass  # each app shows the error itself, as a new ``secondop`` would
        parse_each(sheet, sources)
    return len(shared.rules)


def _kinds_of(cls: type[DOMNode]) -> Iterator[type[DOMNode]]:
    """``cls`` and every class derived from it that is loaded now."""
    yield cls
    for sub in cls.__subclasses__():
        yield from _kinds_of(sub)
