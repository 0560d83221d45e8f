"""Every use of Textual's private names, in one place, so an upgrade breaks one test instead of the app.

Textual is pinned to the minor version these were checked against (see ``pyproject.toml``).
``tests/test_textual_compat.py`` checks that each name in ``HOOKS`` still exists with the parameters we
call it with; when it fails after moving the pin, fix the code here (or find a public way) first.

- Where an option sits: OptionList keeps each option's first line and height only in private maps, and
  the real cursor (for screen readers) and two-row repaints need them.
- The reader's size: a ScrollView takes the compositor's idea of its virtual size at every layout; the
  reader knows its own (the wrapped text), and taking the other redrew the scrollbar in an extra frame.
"""

from __future__ import annotations

import inspect
from typing import Any

from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.widgets import OptionList

# (class, name, parameters after self; None for a property or attribute)
HOOKS: list[tuple[type[Any], str, tuple[str, ...] | None]] = [
    (OptionList, "_update_lines", ()),
    (OptionList, "_index_to_line", None),
    (OptionList, "_heights", None),
    (ScrollView, "_size_updated", ("size", "virtual_size", "container_size", "layout")),
    (ScrollView, "_scroll_update", ("virtual_size",)),
]


def missing_hooks() -> list[str]:
    """What no longer matches in the installed Textual: one line per hook, empty when all is well."""
    problems: list[str] = []
    for owner, name, parameters in HOOKS:
        found = inspect.getattr_static(owner, name, None)
        if found is None:
            problems.append(f"{owner.__name__}.{name} is gone")
        elif parameters is None:
            if not isinstance(found, property):
                problems.append(f"{owner.__name__}.{name} is no longer a property")
        elif not callable(found):
            problems.append(f"{owner.__name__}.{name} is no longer a method")
        else:
            names = tuple(inspect.signature(found).parameters)[1:]
            if names != parameters:
                problems.append(f"{owner.__name__}.{name} takes {names}, expected {parameters}")
    return problems


def option_region(option_list: OptionList, index: int) -> Region | None:
    """The rows of option ``index`` in the list's content area as it is scrolled now; None if not laid out."""
    option_list._update_lines()
    line = option_list._index_to_line.get(index)
    if line is None:
        return None
    height = option_list._heights.get(index, 1)
    width = option_list.scrollable_content_region.width
    return Region(0, line - round(option_list.scroll_y), width, height)


class SelfSizedScrollView(ScrollView):
    """A ScrollView whose virtual size only the widget itself sets (``set_virtual_size``).

    ``size_changed`` is called, within the layout, when the widget's own size changes, so a subclass can
    wrap its text for the new width before the first frame is drawn.
    """

    def size_changed(self) -> None:
        """Override: the widget's size changed."""

    def set_virtual_size(self, size: Size) -> None:
        """Take ``size`` as the scrollable area without laying out the screen again; only the scrollbars follow."""
        self.set_reactive(ScrollView.virtual_size, size)
        self._scroll_update(size)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        changed = super()._size_updated(size, self.virtual_size, container_size, layout)
        if changed:
            self.size_changed()
        return changed
