"""An OptionList that screen readers can follow and that is cheap to move through over a slow link."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import OptionList

from secondop_tui.themes import use_ascii_scrollbars
from secondop_tui.widgets.focus_cursor import follow_highlight
from secondop_tui.widgets.option_rows import repaint_options


class TrackedOptionList(OptionList):
    """The terminal's real cursor sits on the highlighted option, and moving the highlight repaints
    just the two rows involved instead of the whole list."""

    highlighted: reactive[int | None] = reactive(None, repaint=False)

    def on_mount(self) -> None:
        use_ascii_scrollbars(self)

    def on_focus(self) -> None:
        follow_highlight(self)

    # Textual calls a watcher with as many values as it takes: here the old one too.
    def watch_highlighted(self, old: int | None, highlighted: int | None) -> None:  # type: ignore[override]
        super().watch_highlighted(highlighted)
        repaint_options(self, old, highlighted)
        follow_highlight(self)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        follow_highlight(self)
