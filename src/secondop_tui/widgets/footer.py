"""The footer every screen shows: Textual's own, in its compact style, which fits more keys in 80 columns."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Label

from secondop_tui.marks import marks_for
from secondop_tui.textual_compat import FooterKey, compact_from_the_start
from secondop_tui.themes import ASCII_CLASS

# Actions whose keys a footer never lets go of: help, which lists every key, and quit.
KEPT_ACTIONS = frozenset({"help", "app.help", "quit", "app.quit"})


def shown_keys(screen: Screen) -> tuple[tuple[object, ...], ...]:
    """What a footer would show for ``screen``'s keys as they are now."""
    return tuple(
        (
            name,
            active.binding.key_display,
            active.binding.description,
            active.binding.show,
            active.enabled,
            active.tooltip,
        )
        for name, active in screen.active_bindings.items()
    )


class CompactFooter(Footer):
    """Textual's compact footer, whose keys take their styles once instead of twice as they appear."""

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._keys_composed: tuple[tuple[object, ...], ...] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        # A screen tells its footer each time focus moves, even when its keys stay the same (three times as the
        # app starts); each time the footer made all its keys anew, and their row was drawn again, for nothing.
        if screen is self.screen and shown_keys(screen) == self._keys_composed:
            return
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        if widgets:  # none until the screen has told the footer its keys
            self._keys_composed = shown_keys(self.screen)
        for widget in widgets:
            compact_from_the_start(widget)
            yield widget


def key_width(key: FooterKey) -> int:
    """Columns a key takes in a compact footer: its key, a space and its words, and the space after it."""
    words = 1 + cell_len(key.description) if key.description else 0
    return cell_len(key.key_display) + words + 1


def keys_that_fit(widths: Sequence[int], ranks: Sequence[int | None], room: int, more: int) -> list[bool]:
    """Which keys to show in ``room`` columns: all of them if they fit. Else the kept keys (rank None), a sign of
    ``more`` columns, and the others by rank (lowest first) for as long as there is room: one too wide for what is left
    is passed over for the next, narrower one."""
    room += 1  # the space after the last key may fall off the edge
    if sum(widths) <= room:
        return [True] * len(widths)
    shown = [rank is None for rank in ranks]
    used = more + sum(width for width, keep in zip(widths, shown) if keep)
    for index in sorted((i for i, rank in enumerate(ranks) if rank is not None), key=lambda i: ranks[i] or 0):
        if used + widths[index] <= room:
            shown[index] = True
            used += widths[index]
    return shown


class MoreKeys(Label):
    """The sign, before help's key, that the footer has no room for some keys."""


class FittingFooter(CompactFooter):
    """A compact footer that keeps help and quit in sight at any width: in a narrow window (a phone, 50x16) the
    other keys give way, from the right, and a sign before help says there are more, which help lists.

    ``give_way`` names actions whose keys give way first, in that order: keys the screen can do without on a
    phone because another screen or key offers the same. ``stay`` names actions whose keys give way last, after
    help and quit: keys that show only for a moment and that a notice names (undo, right after a delete).
    """

    def __init__(self, give_way: Sequence[str] = (), stay: Sequence[str] = ()) -> None:
        super().__init__()
        self.give_way = tuple(give_way)
        self.stay = tuple(stay)
        self._widths: list[int] = []
        self._ranks: list[int | None] = []
        self._shown: list[bool] = []

    def _fit(self, width: int | None = None) -> list[bool]:
        room = width or self.size.width or self.app.size.width
        return keys_that_fit(self._widths, self._ranks, room, cell_len(self._more_sign()) + 1)

    def _more_sign(self) -> str:
        return marks_for(self.app.has_class(ASCII_CLASS)).more

    def _rank(self, index: int, key: FooterKey, count: int) -> int | None:
        """None for a key that always stays; else lower ranks stay longer."""
        if key.action in KEPT_ACTIONS:
            return None
        if key.action in self.stay:
            return self.stay.index(key.action) - len(self.stay)
        if key.action in self.give_way:
            return count + len(self.give_way) - self.give_way.index(key.action)
        return index

    def compose(self) -> ComposeResult:
        widgets: list[Widget] = list(super().compose())
        palette = [widget for widget in widgets if widget.has_class("-command-palette")]
        keys = [widget for widget in widgets if isinstance(widget, FooterKey) and widget not in palette]
        if len(keys) + len(palette) != len(widgets):
            yield from widgets  # groups of keys, which our screens do not use: Textual's own layout
            return
        self._widths = [key_width(key) for key in keys]
        self._ranks = [self._rank(index, key, len(keys)) for index, key in enumerate(keys)]
        self._shown = self._fit()
        signed = all(self._shown)
        for index, key in enumerate(keys):
            if not signed and self._ranks[index] is None:
                signed = True
                yield MoreKeys(self._more_sign(), classes="footer-more")
            if self._shown[index]:
                yield key
        yield from palette

    def on_resize(self, event: events.Resize) -> None:
        if self._widths and self._fit(event.size.width) != self._shown:
            self.call_after_refresh(self.recompose)
