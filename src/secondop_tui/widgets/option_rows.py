"""Where an option sits on screen, for the real cursor and for repainting only the rows that changed.

OptionList keeps the first line and height of each option (an option can wrap onto several lines) in
private maps; Textual is pinned below 9, and these are the only private names we rely on.
"""

from __future__ import annotations

from textual.geometry import Region
from textual.widgets import OptionList


def option_region(option_list: OptionList, index: int) -> Region | None:
    """The rows of option ``index`` in the list's content area as it is scrolled now; None if not laid out."""
    option_list._update_lines()
    line = option_list._index_to_line.get(index)
    if line is None:
        return None
    height = option_list._heights.get(index, 1)
    width = option_list.scrollable_content_region.width
    return Region(0, line - round(option_list.scroll_y), width, height)


def repaint_options(option_list: OptionList, *indexes: int | None) -> None:
    """Repaint only these options' rows: a cursor move then sends two lines down the wire, not the list."""
    regions = [region for index in indexes if index is not None and (region := option_region(option_list, index))]
    if regions:
        option_list.refresh(*regions)
    else:
        option_list.refresh()
