"""The app as a guest runs it: what they tick is deleted when they leave, and the guide says so.

``GuardedApp`` already keeps a guest from the palette, screenshots and any file on the server; each class here
adds only the words and keys of its place.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType

from secondop_tui.app import GuardedApp
from secondop_tui.guest import IN_A_BROWSER, OVER_SSH, guest_bindings


class ServedGuestApp(GuardedApp):
    """A guest's app on ``secondop serve``: the browser's guest note, in the words for a terminal."""

    BINDINGS: ClassVar[list[BindingType]] = guest_bindings(GuardedApp.BINDINGS)
    WELCOME_NOTE = OVER_SSH


class WebGuestApp(GuardedApp):
    """A browser tab's app: saving is a download in the browser.

    The tab's checklist lives in a folder that is deleted when the tab closes, so the welcome says so. Quit
    is not in the footer: on a phone one stray tap there would end the visit and delete the checklist.
    """

    BINDINGS: ClassVar[list[BindingType]] = guest_bindings(GuardedApp.BINDINGS, show_quit=False)
    WELCOME_NOTE = IN_A_BROWSER
