"""The app as a guest's SSH session runs it: what they tick is deleted when they leave, and the guide says so."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType

from secondop_tui.app import GuardedApp
from secondop_tui.guest import OVER_SSH, guest_bindings


class ServedGuestApp(GuardedApp):
    """A guest's app on ``secondop serve``: the browser's guest note, in the words for a terminal."""

    BINDINGS: ClassVar[list[BindingType]] = guest_bindings(GuardedApp.BINDINGS)
    WELCOME_NOTE = OVER_SSH
