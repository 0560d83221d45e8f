"""A yes/no question answered with y or n (escape counts as no)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label

from secondop_tui.dialogs.answers import Dialog
from secondop_tui.i18n import N_, _


class ConfirmDialog(Dialog[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes")),
        Binding("n", "answer(False)", N_("No")),
        Binding("escape", "answer(False)", N_("No"), show=False),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, markup=False, classes="dialog-text")
            yield Label(_("Press y for yes, n for no."), classes="dialog-hint")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
