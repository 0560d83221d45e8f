"""The checklist as nothing but its text: no border, mark, scrollbar or message in the way of the terminal's own
selection.

Over SSH the app runs with mouse reports off, so the terminal's mouse selects text as in any other program. How
to do it is said on a line of its own below the text, not in a message that would sit on top of it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from secondop_tui.dialogs.answers import Answering
from secondop_tui.i18n import N_, _
from secondop_tui.widgets.footer import CompactFooter


class PlainTextScreen(Answering[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        Binding("g", "back", N_("Back"), show=False),
        Binding("j", "scroll('down')", N_("Down"), show=False),
        Binding("k", "scroll('up')", N_("Up"), show=False),
        Binding("space", "scroll('page_down')", N_("Page down"), show=False),
        Binding("b", "scroll('page_up')", N_("Page up"), show=False),
    ]

    def __init__(self, text: str, hint: str) -> None:
        super().__init__()
        self.text = text
        self.hint = hint

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="plain-text"):
            yield Static(self.text.rstrip("\n"), markup=False)
        yield Static(
            _("Select the text with your mouse to copy it. Up and down scroll.") + f" {self.hint}", id="plain-text-hint"
        )
        yield CompactFooter()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
        self.app.clear_notifications()  # the last message ("Copied...") would cover the text to select

    def action_scroll(self, how: str) -> None:
        view = self.query_one(VerticalScroll)
        getattr(view, f"scroll_{how}")(animate=False)

    def action_back(self) -> None:
        self.dismiss(None)
