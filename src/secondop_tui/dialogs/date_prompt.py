"""Ask for a date, typed the way people type one; the date it understood shows under the box before it is saved.

A date it cannot read (or one still to come, where only a past day makes sense) gets one calm line, and the
typed text stays in the box to be put right.
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from secondop_tui.dialogs.answers import Dialog
from secondop_tui.i18n import N_, _, current_language
from secondop_tui.tracker.clock import Clock
from secondop_tui.tracker.dates import MAX_TYPED, DateError, parse_past, spoken
from secondop_tui.widgets.footer import CompactFooter

CLEARED = ""


class DatePrompt(Dialog[str | None]):
    """Answers the date as YYYY-MM-DD, CLEARED when the box is left empty (if ``may_clear``), None on cancel."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), show=False),
        Binding("ctrl+g", "cancel", N_("Cancel")),
    ]

    def __init__(self, title: str, today: Clock, value: date | None = None, may_clear: bool = True) -> None:
        super().__init__()
        self.title_text = title
        self.today = today
        self.value = value.isoformat() if value else ""
        self.may_clear = may_clear

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, markup=False, classes="dialog-text")
            yield Input(
                self.value,
                placeholder=_("today, yesterday, 3 Dec, 2026-12-03"),
                max_length=MAX_TYPED,
                select_on_focus=False,
            )
            yield Label(self.reading(self.value), id="date-reading", markup=False)
            hint = _("Enter saves. Leave it empty to clear the date.") if self.may_clear else _("Enter saves.")
            yield Label(hint + " " + _("Escape or ctrl+g cancels."), classes="dialog-hint")
        yield CompactFooter()

    def understood(self, text: str) -> date:
        return parse_past(text, self.today(), current_language())

    def reading(self, text: str) -> str:
        if not text.strip():
            return ""
        try:
            return _("Understood: {date}").format(date=spoken(self.understood(text)))
        except DateError as error:
            return str(error)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#date-reading", Label).update(self.reading(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            if self.may_clear:
                self.dismiss(CLEARED)
            else:
                self.query_one("#date-reading", Label).update(_("Type a date, for example today or 3 Dec."))
            return
        try:
            self.dismiss(self.understood(event.value).isoformat())
        except DateError as error:
            self.query_one("#date-reading", Label).update(str(error))  # the text stays, to be put right

    def action_cancel(self) -> None:
        self.dismiss(None)
