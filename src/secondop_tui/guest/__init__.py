"""A guest app: the guide as ``secondop serve`` and ``secondop web`` run it for someone on the other end.

``policy`` holds the rules every guest app follows (memory cap, environment, throwaway folder, idle timer,
screen size), ``spec`` and ``run`` how a server starts one (``python -m secondop_tui.guest``, or a fork of the
warm helper, in ``warm/``), ``apps`` the app classes, ``guide_copies`` the checked copy of the guide a server
offers, ``server_log`` the line a server logs, and ``folders``, ``memory_watch``, ``prctl`` and ``process_name``
the pieces of the operating system they need. Only ``apps`` and ``run`` import Textual.

This module holds what a guest is told, wherever the guide runs for one (a browser tab, a guest's SSH
session): nothing they tick is kept once they leave, so they should take it with them. The words live here
once; each place adds only what differs (how one leaves, how one takes the list away).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from secondop_tui.i18n import N_, _

if TYPE_CHECKING:
    from textual.binding import BindingType

AS_GUEST = N_("You are using this guide as a guest.")
# Said when a guest's visit is over, whoever ended it.
NOT_KEPT = N_("Your ticks and notes from this visit were deleted.")
QUIT = N_("Quit (as a guest, your ticks and notes are then deleted)")


class GuestNote(NamedTuple):
    """The note above the guide's first section: the guest's words, then how long the list lives here and how
    to take it away in this place. Rendered in the language of the moment."""

    kept: str
    take_away: str

    def markdown(self) -> str:
        return f"> **{_(AS_GUEST)}** {_(self.kept)} {_(self.take_away)}"


IN_A_BROWSER = GuestNote(
    N_("Your ticks and notes are kept only until you close this page."),
    N_(
        "To keep your checklist, press **t**, or tap **Take it with you** at the bottom of your checklist, then "
        "save it to your phone or computer."
    ),
)
OVER_SSH = GuestNote(
    N_("Your ticks and notes are kept only until you leave."),
    N_("To keep your checklist, press **t** (Take it with you) before you go."),
)


def guest_bindings(bindings: list[BindingType], show_quit: bool = True) -> list[BindingType]:
    """``bindings`` with Quit saying what quitting costs a guest (the help lists it), shown or not."""
    from textual.binding import Binding  # only the apps need it; the servers import these words without Textual

    return [
        replace(binding, tooltip=QUIT, show=show_quit and binding.show) if binding.action == "quit" else binding
        for binding in Binding.make_bindings(bindings)
    ]
