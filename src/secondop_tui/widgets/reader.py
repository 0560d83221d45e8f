"""The reading pane: one guide section as Markdown, scrolled from the keyboard."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from secondop_tui.themes import ASCII_CLASS, use_ascii_scrollbars
from secondop_tui.widgets.focus_cursor import follow_heading

# Bullets a terminal without Unicode can show (Textual's defaults are Unicode bullets).
ASCII_BULLETS = ["* ", "- ", "+ "]


class Reader(VerticalScroll):
    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("space", "page_down", "Page down", show=False),
        Binding("b", "page_up", "Page up", show=False),
    ]

    shown = ""  # the Markdown on display now

    def compose(self) -> ComposeResult:
        yield Markdown(open_links=False)

    def on_mount(self) -> None:
        use_ascii_scrollbars(self)
        if self.app.has_class(ASCII_CLASS):
            self.query_one(Markdown).BULLETS = ASCII_BULLETS

    def on_focus(self) -> None:
        follow_heading(self)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        follow_heading(self)

    async def show(self, markdown: str, scroll_y: float = 0) -> None:
        # Rebuilding the Markdown widgets is the costly part of a frame: skip it when the text is unchanged
        # (returning from the checklist with no new ticks, or the screen's first resume right after mount).
        if markdown != self.shown:
            self.shown = markdown
            await self.query_one(Markdown).update(markdown)
        if scroll_y:
            # A remembered position needs the new text laid out first.
            self.call_after_refresh(self.scroll_to, y=scroll_y, animate=False)
        else:
            self.scroll_to(y=0, animate=False, immediate=True)
        follow_heading(self)
