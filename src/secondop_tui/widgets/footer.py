"""The footer every screen shows: Textual's own, in its compact style, which fits more keys in 80 columns."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer

from secondop_tui.textual_compat import compact_from_the_start


class CompactFooter(Footer):
    """Textual's compact footer, whose keys take their styles once instead of twice as they appear."""

    def __init__(self) -> None:
        super().__init__(compact=True)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            compact_from_the_start(widget)
            yield widget
