"""Keep the terminal's real (hidden) cursor on what has focus.

Screen readers and braille displays follow the terminal's cursor, not colours. Textual moves the cursor to
``App.cursor_position`` after every frame but only text inputs set it, so lists and the reader set it here:
on the highlighted row, or on the first heading in view.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from textual.geometry import Offset, Region
from textual.widget import Widget
from textual.widgets import OptionList

from secondop_tui.textual_compat import option_region


def _inside(region: Region, y: int) -> Offset:
    """The start of row ``y`` of ``region``, clamped so the cursor never leaves the widget."""
    bottom = region.y + max(region.height, 1) - 1
    return Offset(region.x, min(max(y, region.y), bottom))


def _place_on_highlight(option_list: OptionList) -> None:
    if not option_list.has_focus or option_list.highlighted is None or not option_list.is_mounted:
        return
    rows = option_region(option_list, option_list.highlighted)
    region = option_list.content_region
    option_list.app.cursor_position = _inside(region, region.y + (rows.y if rows else 0))


def follow_highlight(option_list: OptionList) -> None:
    """Put the cursor on the highlighted option once the next frame has laid it out."""
    option_list.call_after_refresh(_place_on_highlight, option_list)


@runtime_checkable
class HasHeadings(Protocol):
    """A scrolling text that knows where its headings are."""

    @property
    def heading_rows(self) -> list[int]: ...


def _place_on_heading(reader: Widget) -> None:
    if not reader.has_focus or not reader.is_mounted:
        return
    region = reader.content_region
    target = Offset(region.x, region.y)
    top = round(reader.scroll_y)
    rows = reader.heading_rows if isinstance(reader, HasHeadings) else []
    for row in rows:
        if top <= row < top + region.height:
            target = Offset(region.x, region.y + row - top)
            break
    reader.app.cursor_position = target


def follow_heading(reader: Widget) -> None:
    """Put the cursor on the first heading in view (or the top of the text) once the frame is laid out."""
    reader.call_after_refresh(_place_on_heading, reader)
