"""A browser tab's warning before it closes for quiet: "Are you still there?", and any key keeps it open.

The server ends a tab after ``--idle-timeout`` seconds without a key, a tap or a mouse move from its page (its
timer is in ``tab.py``). Every one of those reaches the tab's app as an event, so the app counts the same quiet
and asks shortly before the end; the key that answers restarts the server's timer on its way (WCAG 2.2.1). The
app's time comes from a clock tests move.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from time import monotonic

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from secondop_tui.dialogs.answers import Dialog
from secondop_tui.i18n import _, ngettext

WARNING = 60.0  # seconds of warning before the end (WCAG asks for 20 at least)
TICK = 0.5  # seconds between checks
# What the page sends reaches the app as these; a resize is not someone at the screen.
ACTIVITY = (events.Key, events.MouseEvent, events.Paste)


class IdleWatch:
    """How long the tab has been quiet, by ``clock``, and so whether to warn and how long is left."""

    def __init__(self, timeout: float, clock: Callable[[], float] = monotonic) -> None:
        self.timeout = timeout  # 0: never
        self.clock = clock
        self.last = clock()
        # Half the time at most, so a short timeout still gives some quiet before the warning.
        self.warning = min(WARNING, timeout / 2)

    def touch(self) -> None:
        self.last = self.clock()

    def left(self) -> float | None:
        """Seconds until the server closes the tab, once the warning is due; None before then, or never."""
        if self.timeout <= 0:
            return None
        quiet = self.clock() - self.last
        if quiet < self.timeout - self.warning:
            return None
        return max(0.0, self.timeout - quiet)


class ClosingSoon(Dialog[bool]):
    """Asked before the tab closes for quiet; any key or tap keeps it, and does nothing else."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Are you still there?"), classes="dialog-text")
            yield Label(self._countdown_text(self.seconds), id="countdown", classes="dialog-text")
            yield Label(_("Press any key to keep going."), classes="dialog-hint")

    @staticmethod
    def _countdown_text(seconds: float) -> str:
        left = max(0, math.ceil(seconds))
        return ngettext(
            "In {seconds} second this guide closes, and your ticks and notes from this visit are deleted.",
            "In {seconds} seconds this guide closes, and your ticks and notes from this visit are deleted.",
            left,
        ).format(seconds=left)

    def show_remaining(self, seconds: float) -> None:
        self.seconds = seconds
        for label in self.query("#countdown").results(Label):  # none yet while it is being put up
            label.update(self._countdown_text(seconds))

    def on_key(self, event: events.Key) -> None:
        # Any key at all, so nothing else happens by accident: the key only says "I'm here".
        event.stop()
        event.prevent_default()
        self.dismiss(True)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        event.stop()
        self.dismiss(True)
