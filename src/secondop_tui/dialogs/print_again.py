"""Print another copy of a checklist that has not changed? No letter answers it, so stray typing cannot.

A person typing a sentence where no box is open can hit Take it with you and Print in a row, again and again;
what answers here is a choice made with the arrows and Enter (or the mouse), and Enter alone goes back.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from secondop_tui.dialogs.answers import Dialog
from secondop_tui.i18n import N_, _
from secondop_tui.widgets.tracked_list import TrackedOptionList

AGAIN = "again"


class PrintAgainDialog(Dialog[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", N_("Back"))]

    def __init__(self, message: str | None = None) -> None:
        super().__init__()
        self.message = message or _("You printed your checklist a moment ago, and it has not changed since.")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog print-again"):
            yield Static(self.message, classes="dialog-text", markup=False)
            yield TrackedOptionList(
                Option(_("Go back"), id="back"), Option(_("Print another copy"), id=AGAIN), markup=False
            )
            yield Static(_("Move with the arrows and press Enter."), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id == AGAIN)

    def action_back(self) -> None:
        self.dismiss(False)
