"""The app as a browser tab runs it: a guest's, on someone else's server, with the mouse (and so touch) on."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.binding import Binding, BindingType

from secondop_tui.app import GuardedApp
from secondop_tui.i18n import N_


class WebGuestApp(GuardedApp):
    """No palette, no screenshot, no file on the server (``GuardedApp``); saving is a download in the browser.

    The tab's checklist lives in a folder that is deleted when the tab closes, so the welcome says so. Quit
    is not in the footer: on a phone one stray tap there would end the visit and delete the checklist.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        replace(binding, show=False) if binding.action == "quit" else binding
        for binding in Binding.make_bindings(GuardedApp.BINDINGS)
    ]

    WELCOME_NOTE = N_(
        "> **You are using this guide as a guest.** Your ticks and notes are kept only until you close this "
        "page. To keep your checklist, press **t**, or tap **Take it with you** at the bottom of your checklist, "
        "then save it to your phone or computer."
    )
