"""The reading pane: one guide section as Markdown, scrolled from the keyboard."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Markdown


class Reader(VerticalScroll):
    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("space", "page_down", "Page down", show=False),
        Binding("b", "page_up", "Page up", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Markdown(open_links=False)

    async def show(self, markdown: str, scroll_y: float = 0) -> None:
        await self.query_one(Markdown).update(markdown)
        self.call_after_refresh(self.scroll_to, y=scroll_y, animate=False)
