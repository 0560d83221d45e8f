"""The Requests screen's keys, in a module of their own so the help screen lists them without loading the screen."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from secondop_tui.i18n import N_

REQUESTS_BINDINGS: list[BindingType] = [
    Binding("a", "add_request", N_("Add"), tooltip=N_("Add a request for a record")),
    Binding("i", "add_event", N_("Insurance"), tooltip=N_("Add an insurance call, a denial or a final answer")),
    Binding("w", "when", N_("Date"), show=False, tooltip=N_("Change the date it was asked (or of the plan's letter)")),
    Binding("r", "received", N_("Received"), tooltip=N_("Record the day the record came")),
    Binding("s", "sent", N_("Sent"), tooltip=N_("Record the day it went to the second doctor (or the appeal went)")),
    Binding(
        "x",
        "extended",
        N_("Extended"),
        show=False,
        tooltip=N_("The office said in writing that it needs 30 more days (press again to undo)"),
    ),
    Binding("e", "edit", N_("Edit"), tooltip=N_("Change any part of it")),
    Binding("o", "note", N_("Note"), show=False, tooltip=N_("Add or edit a note")),
    Binding("d", "delete", N_("Delete"), show=False, tooltip=N_("Delete it (asks y or n first)")),
    Binding("u", "undo", N_("Undo"), show=False, tooltip=N_("Bring back what you deleted last")),
    Binding("space,pagedown", "page(1)", N_("Page down"), show=False, tooltip=N_("Scroll the details down a page")),
    Binding("b,pageup", "page(-1)", N_("Page up"), show=False, tooltip=N_("Scroll the details up a page")),
    Binding("j", "cursor(1)", show=False),
    Binding("k", "cursor(-1)", show=False),
    Binding("g,escape", "back", N_("Back"), tooltip=N_("Go back")),
]
