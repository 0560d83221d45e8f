"""Shown instead of a squashed layout when the window is too small; goes away when it grows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH = 40
MIN_HEIGHT = 12


class TooSmallScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static(
            f"This window is too small.\nPlease make it at least {MIN_WIDTH} by {MIN_HEIGHT}.",
            id="too-small",
        )
