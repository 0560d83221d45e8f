"""The checklist as a QR code to scan with a phone: as much of it as one code on this screen can hold."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from secondop_tui.checklist import Entry
from secondop_tui.content import Guide
from secondop_tui.dialogs.answers import Answering
from secondop_tui.i18n import N_, _
from secondop_tui.take_away.qr import QrPayload, half_block_lines, payload_for
from secondop_tui.widgets.footer import CompactFooter

if TYPE_CHECKING:
    from secondop_tui.screens.take_away import Ways

QR_STYLE = "#000000 on #ffffff"  # a code must be dark on light to scan, whatever the theme
SIDE_WIDTH = 36  # columns kept beside the code for what it holds and which keys to press
CHROME_ROWS = 3  # the title, the footer, and one row to spare


class QrCodeScreen(Answering[None]):
    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("g", "back", N_("Back"), show=False),
    ]

    def __init__(self, guide: Guide, entries: list[Entry], ways: Ways, today: date) -> None:
        super().__init__()
        self.guide = guide
        self.entries = entries
        self.ways = ways
        self.today = today
        self.payload: QrPayload | None = None

    def compose(self) -> ComposeResult:
        # Everything is worked out here, before the widgets exist, rather than filled in once mounted: a
        # screen closed before it is built (in a kiosk, F3 then F2 at once) is still sent Mount, with no widgets.
        width, height = self.app.size
        self.payload = payload = payload_for(
            self.guide, self.entries, columns=width - SIDE_WIDTH - 3, rows=height - CHROME_ROWS, today=self.today
        )
        code = Static("", id="qr")
        if payload.qr is not None:
            note = _("Scan the code with your phone's camera.") + f" {payload.note}"
            code.update(Text("\n".join(half_block_lines(payload.qr)), style=QR_STYLE, no_wrap=True, end=""))
        else:
            note = f"{payload.note} {self.ways.help}".strip()
            code.display = False
        with Vertical(id="qr-screen"):
            yield Label(_("Your checklist as a QR code"), classes="qr-title")
            # The code beside the words: screen rows are what limit the code's size, columns are plenty.
            with Horizontal(id="qr-body"):
                yield code
                with Vertical(id="qr-side"):
                    yield Static(note, id="qr-note", markup=False)
                    yield Static(self.ways.hint, classes="dialog-hint")
        yield CompactFooter()

    def action_back(self) -> None:
        self.dismiss(None)
