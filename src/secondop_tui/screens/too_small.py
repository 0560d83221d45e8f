"""Shown instead of a squashed layout when the window is too small; goes away when it grows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from secondop_tui.i18n import _
from secondop_tui.screens.localized import LocalizedScreen

MIN_WIDTH = 40
MIN_HEIGHT = 12


class TooSmallScreen(LocalizedScreen[None]):
    def on_screen_resume(self) -> None:
        # A key may open a screen over this one (help, say) and the window grow meanwhile: only the top screen is
        # told of a resize, so the notice looks again whenever it is uncovered.
        width, height = self.app.size
        if width >= MIN_WIDTH and height >= MIN_HEIGHT:
            self.dismiss()

    def compose(self) -> ComposeResult:
        yield Static(
            _("This window is too small.\nPlease make it at least {width} by {height}.").format(
                width=MIN_WIDTH, height=MIN_HEIGHT
            ),
            id="too-small",
        )
