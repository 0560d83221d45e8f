"""The reading pane: one guide section as styled text, scrolled from the keyboard."""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual.binding import Binding
from textual.geometry import Size
from textual.strip import Strip

from secondop_tui.i18n import N_
from secondop_tui.markdown_blocks import Block, parse
from secondop_tui.marks import Marks
from secondop_tui.textual_compat import SelfSizedScrollView
from secondop_tui.themes import use_ascii_scrollbars
from secondop_tui.widgets.focus_cursor import follow_heading
from secondop_tui.widgets.styled_text import Page, layout


class Reader(SelfSizedScrollView, can_focus=True):
    """A section's text as lines drawn by the reader itself, wrapped (and cached) per width.

    A single line-drawing widget keeps a section switch to one cheap frame: no widget per paragraph to
    lay out, and only the rows in view are drawn.
    """

    # Essential to the reader: the scrollbar is always there, so a longer or shorter section never changes
    # the width of the text. Size and padding are layout, in styles/app.tcss.
    DEFAULT_CSS = """
    Reader {
        overflow-y: scroll;
        overflow-x: hidden;
    }
    """

    BINDINGS = [
        Binding("j", "scroll_down", N_("Down"), show=False),
        Binding("k", "scroll_up", N_("Up"), show=False),
        Binding("space", "page_down", N_("Page down"), show=False),
        Binding("b", "page_up", N_("Page up"), show=False),
    ]

    shown = ""  # the Markdown on display now

    def __init__(self, marks: Marks, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.marks = marks
        self.blocks: tuple[Block, ...] = ()
        self._pages: dict[int, Page] = {}
        self._strips: dict[int, Strip] = {}

    def on_mount(self) -> None:
        use_ascii_scrollbars(self)

    @property
    def text_width(self) -> int:
        """Columns for text: inside the padding, beside the scrollbar."""
        return self.scrollable_content_region.width

    def page(self, width: int | None = None) -> Page:
        """The text laid out at ``width`` (by default the reader's own)."""
        width = self.text_width if width is None else width
        if width not in self._pages:
            if len(self._pages) > 8:  # a resize drag passes through many widths
                self._pages.clear()
            self._pages[width] = layout(self.blocks, width, self.marks)
        return self._pages[width]

    def _update_size(self) -> None:
        self._strips.clear()
        width = self.text_width
        size = Size(width, len(self.page(width).lines)) if width > 0 else Size(0, 0)
        if size != self.virtual_size:
            # Setting the reactive would lay out the whole screen again a frame later; the reader's own size
            # stays the same, so only its scrollbar needs to know (it asks for a layout if it appears).
            self.set_virtual_size(size)
        self.refresh()

    def size_changed(self) -> None:
        # Wrap for the new width now, within this layout, so the first frame already shows the text.
        self._update_size()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # a new theme: colours of the drawn lines change

    def render_line(self, y: int) -> Strip:
        # Only the rows in view are drawn; each drawn row is kept until the text, width or theme changes.
        width = self.text_width
        base = self.visual_style
        row = round(self.scroll_y) + y
        lines = self.page().lines if self.blocks else []
        if row >= len(lines):
            return Strip.blank(width, base.rich_style)
        strip = self._strips.get(row)
        if strip is None:
            parse_style = self.app.stylesheet.parse_style
            segments = [
                Segment(text, (base + style).rich_style)
                for text, style in lines[row].render(base, end="", parse_style=parse_style)
            ]
            strip = self._strips[row] = Strip(segments)
        return strip.crop_extend(0, width, base.rich_style).apply_offsets(0, row)

    @property
    def heading_rows(self) -> list[int]:
        """The rows of the text (from its top) where headings start."""
        return [row for row, _ in self.page().headings]

    def goto_anchor(self, name: str) -> bool:
        """Scroll the heading whose anchor is ``name`` to the top; False when there is none."""
        for row, slug in self.page().headings:
            if slug == name:
                self.scroll_to(y=row, animate=False)
                return True
        return False

    def on_focus(self) -> None:
        follow_heading(self)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        follow_heading(self)

    async def show(self, markdown: str, scroll_y: float = 0) -> None:
        # Unchanged text (back from the checklist with no new ticks) keeps its laid-out lines.
        if markdown != self.shown:
            self.shown = markdown
            self.blocks = parse(markdown)
            self._pages.clear()
            self._update_size()
        if self.text_width or not scroll_y:
            self.scroll_to(y=scroll_y, animate=False, immediate=True)
        else:
            # Not laid out yet (the screen's first section): its size, and so the text's length, come later.
            self.call_after_refresh(self.scroll_to, y=scroll_y, animate=False)
        follow_heading(self)
