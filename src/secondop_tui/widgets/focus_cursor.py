"""Keep the terminal's real (hidden) cursor on what has focus.

Screen readers and braille displays follow the terminal's cursor, not colours. Textual moves the cursor to
``App.cursor_position`` after every frame, but only a text box sets it, and only as its caret moves. Lists and
the reader set it here, on the highlighted row or the first heading in view; and each screen (``CursorOnFocus``)
as it is shown and as focus moves, so a new screen or dialog never leaves it where the one underneath had it.
"""

from __future__ import annotations

from typing import Protocol, TypeVar, runtime_checkable

from textual import events, on
from textual.css.query import NoMatches
from textual.geometry import Offset, Region
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from secondop_tui.textual_compat import QuietScreen, option_region

ResultType = TypeVar("ResultType")


def _inside(region: Region, y: int) -> Offset:
    """The start of row ``y`` of ``region``, clamped so the cursor never leaves the widget."""
    bottom = region.y + max(region.height, 1) - 1
    return Offset(region.x, min(max(y, region.y), bottom))


def _place_on_highlight(option_list: OptionList) -> None:
    if not option_list.has_focus or not option_list.is_mounted:
        return
    highlighted = option_list.highlighted
    rows = option_region(option_list, highlighted) if highlighted is not None else None  # none: the list's top
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


def _place_on_focus(screen: Screen[object]) -> None:
    """The cursor on what has focus in ``screen``: a text box's caret, a list's highlighted row, a text's first
    heading in view, or the top of anything else; with nothing focused, a dialog's first words (its question)."""
    if not screen.is_current:
        return
    widget = screen.focused
    if widget is None:
        try:
            widget = screen.query(Static).first()
        except NoMatches:
            return
    if isinstance(widget, Input):
        screen.app.cursor_position = widget.cursor_screen_offset
    elif isinstance(widget, OptionList):
        _place_on_highlight(widget)
    elif isinstance(widget, HasHeadings):
        _place_on_heading(widget)
    else:
        region = widget.content_region
        screen.app.cursor_position = Offset(region.x, region.y)


class CursorOnFocus(QuietScreen[ResultType]):
    """A screen that puts the terminal's cursor on what has focus as it is shown and as focus moves, so a screen
    reader in the terminal reads there, not where the screen underneath left it."""

    @on(events.ScreenResume)
    @on(events.DescendantFocus)
    def follow_focus(self) -> None:
        self.call_after_refresh(_place_on_focus, self)
