"""Pick one of a few answers from a list (what was asked for, how it was asked, which field to change)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from secondop_tui.dialogs.answers import Dialog
from secondop_tui.i18n import N_, _
from secondop_tui.widgets.tracked_list import TrackedOptionList


class PickDialog(Dialog[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", N_("Back")),
        Binding("j", "cursor(1)", show=False),
        Binding("k", "cursor(-1)", show=False),
    ]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]], current: str | None = None) -> None:
        """``choices``: (answer, words shown) pairs."""
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog pick"):
            yield Label(self.title_text, markup=False, classes="dialog-text")
            yield TrackedOptionList(*(Option(words, id=answer) for answer, words in self.choices), markup=False)
            yield Label(_("Enter picks. Escape goes back."), classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        answers = [answer for answer, _words in self.choices]
        options.highlighted = answers.index(self.current) if self.current in answers else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cursor(self, delta: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if delta > 0 else options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
