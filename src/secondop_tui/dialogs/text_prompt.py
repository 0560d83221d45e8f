"""Ask for one line of text: a new item, an edit, a note. Enter saves, escape cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from secondop_tui.dialogs.answers import Dialog
from secondop_tui.i18n import N_, _
from secondop_tui.sanitize import printable
from secondop_tui.widgets.footer import CompactFooter

MAX_LENGTH = 2000


class TextPrompt(Dialog[str | None]):
    # Over a slow link an escape can arrive split and be read as other keys, so ctrl+g cancels too; letters
    # cannot, because they are typed into the box.
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), show=False),
        Binding("ctrl+g", "cancel", N_("Cancel")),
    ]

    def __init__(self, title: str, value: str = "", placeholder: str = "", max_length: int = MAX_LENGTH) -> None:
        super().__init__()
        self.max_length = max_length
        self.title_text = title
        self.value = value
        self.shown = printable(value, single_line=True)
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, markup=False, classes="dialog-text")
            # Stored text may hold control characters (pasted escape sequences): never draw them raw.
            # The cursor after the words and nothing selected: typing adds to them, as a person expects,
            # instead of replacing the whole item or note.
            yield Input(self.shown, placeholder=self.placeholder, max_length=self.max_length, select_on_focus=False)
            yield Label(_("Enter saves. Escape or ctrl+g cancels."), classes="dialog-hint")
        yield CompactFooter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # Untouched, the answer is the original text, so saving does not swap its characters for '?'.
        self.dismiss(self.value if event.value == self.shown else event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
