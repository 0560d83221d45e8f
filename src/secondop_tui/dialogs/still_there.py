""" "Are you still there?": asked after a quiet spell, before what was done here is cleared, with the seconds left.

Any key or click answers it and does nothing else, so nothing happens by accident. The kiosk and a browser tab
each say what the end clears, and dress it in their own styles.
"""

from __future__ import annotations

import math

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from secondop_tui.dialogs.answers import Dialog
from secondop_tui.i18n import _


class StillThere(Dialog[bool]):
    """Dismissed with True by any key or click; whoever asked clears the visit if it is still up at the end."""

    BOX_CLASSES = "dialog"
    TITLE_CLASSES = TEXT_CLASSES = "dialog-text"
    HINT_CLASSES = "dialog-hint"

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds

    def compose(self) -> ComposeResult:
        with Vertical(classes=self.BOX_CLASSES):
            yield Label(_("Are you still there?"), classes=self.TITLE_CLASSES)
            yield Label(self._countdown(self.seconds), id="countdown", classes=self.TEXT_CLASSES)
            yield Label(_("Press any key to keep going."), classes=self.HINT_CLASSES)

    def countdown_text(self, seconds: int) -> str:
        """What happens in ``seconds`` whole seconds, in the words of the place."""
        raise NotImplementedError

    def _countdown(self, seconds: float) -> str:
        return self.countdown_text(max(0, math.ceil(seconds)))

    def show_remaining(self, seconds: float) -> None:
        self.seconds = seconds
        for label in self.query("#countdown").results(Label):  # none yet while it is being put up
            label.update(self._countdown(seconds))

    def on_key(self, event: events.Key) -> None:
        # Any key at all, so nothing else happens by accident: the key only says "I'm here".
        event.stop()
        event.prevent_default()
        self.dismiss(True)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        event.stop()
        self.dismiss(True)
