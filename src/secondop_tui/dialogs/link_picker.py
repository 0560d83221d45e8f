"""The links in the open section, for following them without a mouse."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from secondop_tui.content import Link
from secondop_tui.dialogs.answers import Dialog
from secondop_tui.i18n import N_, _
from secondop_tui.widgets.tracked_list import TrackedOptionList


class LinkPicker(Dialog[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", N_("Back")),
        Binding("g", "cancel", N_("Back"), show=False),
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
    ]

    def __init__(self, links: list[tuple[Link, str]]) -> None:
        """``links``: each link with what following it does ("Go to ..." or the address)."""
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Links in this section"), classes="dialog-text")
            if self.links:
                yield TrackedOptionList(
                    *(Option(f"{link.text}: {where}", id=str(i)) for i, (link, where) in enumerate(self.links)),
                    markup=False,
                )
            else:
                yield Label(_("This section has no links."))
            yield Label(_("Enter follows a link. Escape or g goes back."), classes="dialog-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        link, _ = self.links[int(event.option.id or 0)]
        self.dismiss(link.href)

    def action_cursor_down(self) -> None:
        # A section without links has no list to move in.
        for options in self.query(OptionList):
            options.action_cursor_down()

    def action_cursor_up(self) -> None:
        for options in self.query(OptionList):
            options.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
