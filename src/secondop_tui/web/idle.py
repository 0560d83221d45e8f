"""A browser tab's warning before it closes for quiet: "Are you still there?", and any key keeps it open.

The server ends a tab after ``--idle-timeout`` seconds without a key, a tap or a mouse move from its page (its
timer is in ``tab.py``). Every one of those reaches the tab's app as an event, so the app counts the same quiet
and asks shortly before the end; the key that answers restarts the server's timer on its way (WCAG 2.2.1). The
app's time comes from a clock tests move.
"""

from __future__ import annotations

from collections.abc import Callable
from time import monotonic

from textual import events

from secondop_tui.dialogs.still_there import StillThere
from secondop_tui.i18n import ngettext

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


class ClosingSoon(StillThere):
    """Asked before the tab closes for quiet; any key or tap keeps it, and does nothing else."""

    def countdown_text(self, seconds: int) -> str:
        return ngettext(
            "In {seconds} second this guide closes, and your ticks and notes from this visit are deleted.",
            "In {seconds} seconds this guide closes, and your ticks and notes from this visit are deleted.",
            seconds,
        ).format(seconds=seconds)
