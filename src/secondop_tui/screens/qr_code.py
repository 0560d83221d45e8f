"""The checklist as QR codes to scan with a phone: as much of it as the codes on this screen can hold.

The codes are planned and drawn in a thread (a Textual worker), so a long checklist never holds up a key;
meanwhile the screen says it is making the code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.widgets import Label, Static
from textual.worker import Worker, WorkerState

from secondop_tui.dialogs.answers import Answering
from secondop_tui.i18n import N_, _
from secondop_tui.take_away import qr
from secondop_tui.widgets.footer import CompactFooter

if TYPE_CHECKING:
    from secondop_tui.screens.take_away import Ways
    from secondop_tui.take_away.document import Document

QR_STYLE = "#000000 on #ffffff"  # a code must be dark on light to scan, whatever the theme
SIDE_WIDTH = 30  # columns kept beside the code for what it holds and which keys to press
SIDE_GAP = 4  # the screen's padding and the space between the code and the words
CHROME_ROWS = 1  # the footer: the title sits beside the code, where rows are not scarce


class QrCodeScreen(Answering[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        Binding("g", "back", N_("Back"), show=False),
        Binding("n,right,space", "part(1)", N_("Next code")),
        Binding("p,left", "part(-1)", N_("Previous code")),
    ]

    def __init__(self, document: Document, ways: Ways) -> None:
        super().__init__()
        self.document = document
        self.ways = ways
        self.plan: qr.QrPlan | None = None  # what the codes hold, once worked out
        self.shown = 0  # which of the plan's codes is on screen

    def compose(self) -> ComposeResult:
        # The code beside the words: screen rows are what limit the code's size, columns are plenty.
        with Horizontal(id="qr-screen"):
            code = Static("", id="qr")
            code.display = False
            yield code
            with Vertical(id="qr-side"):
                yield Label(_(self.document.words.qr_title), classes="qr-title")
                yield Static(_("Making the code..."), id="qr-note", markup=False)
                yield Static("", id="qr-part", markup=False)
                yield Static(self.ways.hint, classes="dialog-hint")
        yield CompactFooter()

    def on_mount(self) -> None:
        width, height = self.app.size
        self.make_code(columns=width - SIDE_WIDTH - SIDE_GAP, rows=height - CHROME_ROWS)

    @work(thread=True, exclusive=True, group="qr-code")
    def make_code(self, columns: int, rows: int) -> tuple[qr.QrPlan, list[str] | None]:
        """The plan and its first code, drawn: worked out in a thread, however long the checklist."""
        plan = self.document.plan_codes(columns, rows)
        return plan, qr.half_block_lines(qr.make_qr(plan.parts[0])) if plan.parts else None

    @work(thread=True, exclusive=True, group="qr-code")
    def draw_part(self, number: int, text: str) -> tuple[int, list[str]]:
        return number, qr.half_block_lines(qr.make_qr(text))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.SUCCESS or not self.is_attached:
            return
        if event.worker.name == "make_code":
            self.plan, lines = cast(tuple[qr.QrPlan, "list[str] | None"], event.worker.result)
            self.shown = 0
            self.show(lines)
        elif event.worker.name == "draw_part":
            self.shown, lines = cast(tuple[int, "list[str]"], event.worker.result)
            self.show(lines)

    def show(self, lines: list[str] | None) -> None:
        """The code ``self.shown`` of the plan and what it holds, in words."""
        assert self.plan is not None
        try:
            code, note, part = (self.query_one(selector, Static) for selector in ("#qr", "#qr-note", "#qr-part"))
        except NoMatches:
            return  # closed before it was built (in a kiosk, F3 then F2 at once)
        count = len(self.plan.parts)
        if lines is None:
            note.update(f"{self.plan.note} {self.ways.help}".strip())
            code.display = False
        else:
            note.update(_("Scan the code with your phone's camera.") + f" {self.plan.note}")
            code.update(Text("\n".join(lines), style=QR_STYLE, no_wrap=True, end=""))
            code.display = True
        part.update(
            _(
                "Code {number} of {count}. n shows the next, p the one before. A bigger window, or smaller "
                "text, needs fewer codes."
            ).format(number=self.shown + 1, count=count)
            if count > 1
            else ""
        )
        part.display = count > 1
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "part":
            return self.plan is not None and len(self.plan.parts) > 1
        return True

    def action_part(self, step: int) -> None:
        if self.plan is None or len(self.plan.parts) < 2:
            return
        number = (self.shown + step) % len(self.plan.parts)
        self.draw_part(number, self.plan.parts[number])

    def action_back(self) -> None:
        self.dismiss(None)
