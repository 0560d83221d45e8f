"""The app as a browser tab runs it: a guest's, on someone else's server, with the mouse (and so touch) on."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType

from secondop_tui.app import GuardedApp
from secondop_tui.guest import IN_A_BROWSER, guest_bindings


class WebGuestApp(GuardedApp):
    """No palette, no screenshot, no file on the server (``GuardedApp``); saving is a download in the browser.

    The tab's checklist lives in a folder that is deleted when the tab closes, so the welcome says so. Quit
    is not in the footer: on a phone one stray tap there would end the visit and delete the checklist.
    """

    BINDINGS: ClassVar[list[BindingType]] = guest_bindings(GuardedApp.BINDINGS, show_quit=False)
    WELCOME_NOTE = IN_A_BROWSER
