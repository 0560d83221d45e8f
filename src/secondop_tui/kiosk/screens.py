"""The kiosk's own screens: welcome, "are you still there?", staff PIN and staff menu.

Each one says in words how to get back to the start, because a visitor may never have used a terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label

from secondop_tui.checklist import Entry
from secondop_tui.content import Guide
from secondop_tui.dialogs.answers import Dialog
from secondop_tui.dialogs.still_there import StillThere
from secondop_tui.i18n import N_, _, current_language, ngettext
from secondop_tui.kiosk.lockout import Verdict
from secondop_tui.screens.checklist import ChecklistScreen
from secondop_tui.screens.guide import GuideScreen
from secondop_tui.screens.localized import LocalizedScreen
from secondop_tui.screens.plain_text import PlainTextScreen
from secondop_tui.screens.take_away import TakeAwayScreen, Ways
from secondop_tui.take_away.document import Document
from secondop_tui.take_away.record import TakeAwayRecord
from secondop_tui.widgets.footer import CompactFooter

if TYPE_CHECKING:  # only named here: the tracker's modules load when requests are shown
    from secondop_tui.tracker.board import Tracked

BACK_TO_START = N_("Press F2 when you are done: everything is cleared and it goes back to the start.")


# What F3 gives a visitor here, said on the welcome: a QR code where the terminal can draw one, a print-out
# where a printer is set up, else the list as text on the screen.
TAKE_AWAY_PROMISES = {
    (True, True): N_("You can take your checklist with you as a QR code or a print-out (F3)."),
    (True, False): N_("You can take your checklist with you as a QR code for your phone (F3)."),
    (False, True): N_("You can take your checklist with you as a print-out (F3)."),
    (False, False): N_("F3 shows your checklist as text, to copy down by hand."),
}


def take_away_promise(ways: Ways) -> str:
    return TAKE_AWAY_PROMISES[ways.blocks, bool(ways.print_command)]


class WelcomeScreen(LocalizedScreen[None]):
    """The start: what this is and which keys to press, in two short sentences."""

    # The app's own action, run in line with the keys: a message would reach the app later, perhaps after
    # a reset, and open the guide for the next person.
    BINDINGS = [
        Binding("enter", "app.start('guide')", N_("Read the guide")),
        Binding("c", "app.start('checklist')", N_("Checklist")),
        # "Español" in English, "English" in Spanish: the same letter either way.
        Binding("e", "app.switch_language", N_("Español"), tooltip=N_("Español: the guide and the app in Spanish")),
    ]

    def __init__(self, promise: str) -> None:
        super().__init__()
        self.promise = promise  # what F3 offers here, from TAKE_AWAY_PROMISES
        self.composed_in = ""  # the language its words are in

    def compose(self) -> ComposeResult:
        self.composed_in = current_language()
        with Vertical(id="kiosk-welcome", classes="kiosk-panel"):
            yield Label(_("Getting a second opinion about cancer care"), classes="kiosk-title")
            yield Label(
                _(
                    "This screen has a short guide and a checklist to help you prepare for a second opinion. "
                    "Press Enter to start reading, or c to see the checklist."
                ),
                classes="kiosk-text",
            )
            yield Label(
                _("Nothing you do here is kept: press F2 when you are done, and it is all cleared for the next person.")
                + " "
                + _(self.promise),
                classes="kiosk-hint",
            )
            yield Label(_("Para leer en español, pulse e."), id="language-hint", classes="kiosk-hint")
            yield Label(_("This is the start screen. F1 shows every key."), classes="kiosk-hint")
        yield CompactFooter()


def kiosk_keys_first(screen: Screen[Any], active: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """``active`` for a kiosk's footer: its own function keys first, as they work on every screen and must never
    be the ones cut off at the right, and a screen's key that does what one of them does (t, which is F3)
    left to the function key. That key still works; the footer names one key for each thing."""
    kiosk_keys = {key: item for key, item in active.items() if item.node is screen.app and item.binding.show}
    theirs = {item.binding.action for item in kiosk_keys.values()}
    rest = {
        key: ActiveBinding(item.node, replace(item.binding, show=False), item.enabled, item.tooltip)
        if item.binding.action.removeprefix("app.") in theirs
        else item
        for key, item in active.items()
        if key not in kiosk_keys
    }
    return {**kiosk_keys, **rest}


class KioskGuideScreen(GuideScreen):
    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return kiosk_keys_first(self, super().active_bindings)


class KioskChecklistScreen(ChecklistScreen):
    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return kiosk_keys_first(self, super().active_bindings)


class KioskPlainTextScreen(PlainTextScreen):
    """The list as text, to read or copy down by hand: a kiosk never copies, so nothing is selected."""

    def on_mount(self, event: events.Mount | None = None) -> None:
        if event is not None:
            event.prevent_default()  # the usual note asks to select the text with the mouse
        self.query_one(VerticalScroll).focus()
        self.notify(_("Up and down scroll.") + f" {self.hint}", timeout=8)


class KioskTakeAwayScreen(TakeAwayScreen):
    """Take it with you, at a kiosk: the list shown as text is there to be read or copied down by hand."""

    def __init__(
        self,
        guide: Guide,
        entries: list[Entry],
        ways: Ways,
        today: date | None = None,
        record: TakeAwayRecord | None = None,
        tracked: Tracked | None = None,
        document: Document | None = None,
    ) -> None:
        super().__init__(guide, entries, ways, today, record, tracked, document)
        self.choices = [
            replace(choice, explains=_("to read it here, or to copy it down by hand"))
            if choice.action == "view"
            else choice
            for choice in self.choices
        ]

    async def action_view(self) -> None:
        await self.app.push_screen(KioskPlainTextScreen(self.text(), self.ways.hint))


class StillThereScreen(StillThere):
    """Asked after a quiet spell; any key or click keeps the visit, silence clears it."""

    BOX_CLASSES = "dialog kiosk-dialog"
    TITLE_CLASSES, TEXT_CLASSES, HINT_CLASSES = "kiosk-title", "kiosk-text", "kiosk-hint"

    def countdown_text(self, seconds: int) -> str:
        return ngettext(
            "In {seconds} second everything done here is cleared and this goes back to the start.",
            "In {seconds} seconds everything done here is cleared and this goes back to the start.",
            seconds,
        ).format(seconds=seconds)


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
