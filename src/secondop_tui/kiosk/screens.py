"""The kiosk's own screens: welcome, "are you still there?", staff PIN and staff menu.

Each one says in words how to get back to the start, because a visitor may never have used a terminal.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from secondop_tui.dialogs.answers import Dialog
from secondop_tui.i18n import N_, _, ngettext
from secondop_tui.kiosk.lockout import Verdict
from secondop_tui.screens.localized import LocalizedScreen
from secondop_tui.widgets.footer import CompactFooter

BACK_TO_START = N_("Press F2 when you are done: everything is cleared and it goes back to the start.")


class WelcomeScreen(LocalizedScreen[None]):
    """The start: what this is and which keys to press, in two short sentences."""

    # The app's own action, run in line with the keys: a message would reach the app later, perhaps after
    # a reset, and open the guide for the next person.
    BINDINGS = [
        Binding("enter", "app.start('guide')", N_("Read the guide")),
        Binding("c", "app.start('checklist')", N_("Checklist")),
        # "Español" in English, "English" in Spanish: the same letter either way.
        Binding("e", "app.switch_language", N_("Español"),
                tooltip=N_("Español: the guide and the app in Spanish")),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="kiosk-welcome", classes="kiosk-panel"):
            yield Label(_("Getting a second opinion about cancer care"), classes="kiosk-title")
            yield Label(_(
                "This screen has a short guide and a checklist to help you prepare for a second opinion. "
                "Press Enter to start reading, or c to see the checklist."),
                classes="kiosk-text",
            )
            yield Label(_(
                "Nothing you do here is kept: press F2 when you are done, and it is all cleared for the "
                "next person. You can take your checklist with you as a QR code or a print-out (F3)."),
                classes="kiosk-hint",
            )
            yield Label(_("Para leer en español, pulse e."), id="language-hint", classes="kiosk-hint")
            yield Label(_("This is the start screen. F1 shows every key."), classes="kiosk-hint")
        yield CompactFooter()


class StillThereScreen(Dialog[bool]):
    """Asked after a quiet spell; any key or click keeps the visit, silence clears it."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog kiosk-dialog"):
            yield Label(_("Are you still there?"), classes="kiosk-title")
            yield Label(self._countdown_text(self.seconds), id="countdown", classes="kiosk-text")
            yield Label(_("Press any key to keep going."), classes="kiosk-hint")

    @staticmethod
    def _countdown_text(seconds: float) -> str:
        left = max(0, math.ceil(seconds))
        return ngettext(
            "In {seconds} second everything done here is cleared and this goes back to the start.",
            "In {seconds} seconds everything done here is cleared and this goes back to the start.", left,
        ).format(seconds=left)

    def show_remaining(self, seconds: float) -> None:
        self.query_one("#countdown", Label).update(self._countdown_text(seconds))

    def on_key(self, event: events.Key) -> None:
        # Any key at all, so nothing else happens by accident: the key only says "I'm here".
        event.stop()
        event.prevent_default()
        self.dismiss(True)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        event.stop()
        self.dismiss(True)


class PinScreen(Dialog[bool | None]):
    """Staff only: the PIN is typed hidden, checked by the kiosk (which counts wrong ones), never shown or kept.

    Dismissed with True for the right PIN, False once too many wrong ones shut the staff menu, None on escape.
    """

    BINDINGS = [Binding("escape", "cancel", N_("Back"))]

    def __init__(self, attempt: Callable[[str], Verdict]) -> None:
        super().__init__()
        self.attempt = attempt

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog kiosk-dialog"):
            yield Label(_("Staff only"), classes="kiosk-title")
            yield Label(_("Type the admin PIN and press Enter."), id="pin-message", classes="kiosk-text")
            yield Input(password=True, max_length=64, id="pin")
            yield Label(_("Escape goes back."), classes="kiosk-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        pin, event.input.value = event.value, ""
        verdict = self.attempt(pin)
        if verdict is Verdict.RIGHT:
            self.dismiss(True)
        elif verdict is Verdict.LOCKED:
            self.dismiss(False)
        else:
            self.query_one("#pin-message", Label).update(_("That PIN is not right. Try again, or press Escape."))

    def action_cancel(self) -> None:
        self.dismiss(None)


class AdminScreen(Dialog[str | None]):
    BINDINGS = [
        Binding("x", "choose('exit')", N_("Exit kiosk")),
        Binding("r", "choose('reset')", N_("Reset now")),
        Binding("escape", "choose(None)", N_("Back")),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog kiosk-dialog"):
            yield Label(_("Staff menu"), classes="kiosk-title")
            yield Label(
                _("x  Exit kiosk mode\nr  Reset now: clear this visit and go back to the start"), classes="kiosk-text"
            )
            yield Label(_("Escape goes back."), classes="kiosk-hint")

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
