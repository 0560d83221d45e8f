"""Repaint only the options that changed: a cursor move then sends two lines down the wire, not the list."""

from __future__ import annotations

from textual.widgets import OptionList

from secondop_tui.textual_compat import option_region


def repaint_options(option_list: OptionList, *indexes: int | None) -> None:
    """Repaint only these options' rows (the whole list when they are not laid out yet)."""
    regions = [region for index in indexes if index is not None and (region := option_region(option_list, index))]
    if regions:
        option_list.refresh(*regions)
    else:
        option_list.refresh()
