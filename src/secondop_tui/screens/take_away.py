"""Take your checklist with you: the ways out that work where the app runs, each said in plain words.

The same text goes every way: ``secondop export``'s, with ticks, notes and the date. Saving and printing close
the screen once done, and an unchanged checklist is neither saved again nor printed again without a deliberate
choice, so keys typed by mistake (a sentence meant for a text box) cannot fill the Downloads folder or the printer.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from secondop_tui.checklist import Entry
from secondop_tui.content import Guide
from secondop_tui.dialogs.answers import Dialog, ask
from secondop_tui.dialogs.print_again import PrintAgainDialog
from secondop_tui.i18n import N_, _
from secondop_tui.screens.plain_text import PlainTextScreen
from secondop_tui.screens.qr_code import QrCodeScreen
from secondop_tui.take_away.browser import WAITING_AT_MOST, BrowserDownloads
from secondop_tui.take_away.document import Document, checklist_document
from secondop_tui.take_away.downloads import downloads_folder, reserve_file
from secondop_tui.take_away.printer import refusal_line, send_to_printer
from secondop_tui.take_away.record import Saved, TakeAwayRecord
from secondop_tui.widgets.footer import CompactFooter
from secondop_tui.widgets.tracked_list import TrackedOptionList

if TYPE_CHECKING:  # only named here: the tracker's modules load when requests are shown
    from secondop_tui.tracker.board import Tracked

SAVED = "checklist:"  # how a delivery of ours is named, followed by the file's path
DOWNLOADED = "download:"  # a delivery to a browser, followed by the file's name
# Rows the screen needs, besides two for each choice, to show each with what it does; below that, titles only.
ROWS_BESIDE_CHOICES = 12


@dataclass(frozen=True)
class Ways:
    """Which ways out the app offers where it runs."""

    copy: bool  # through the terminal's clipboard (OSC 52)
    save: bool  # into the Downloads folder: only where the files are the person's own
    print_command: str | None  # a command that prints what it reads
    blocks: bool  # the terminal can draw half blocks, which a QR code needs
    help: str = ""  # added to a line saying something did not work, e.g. where to ask for help
    hint: str = "Escape goes back."  # how to leave, at the bottom of each screen
    # In a browser tab, saving is a download to the person's device (not a file where the app runs); these are
    # the downloads the browser has not taken yet.
    browser: BrowserDownloads | None = None

    @property
    def download(self) -> bool:
        return self.browser is not None


@dataclass(frozen=True)
class Choice:
    key: str
    action: str
    title: str
    explains: str
    enabled: bool = True


def choices(ways: Ways, downloads: Path | None) -> list[Choice]:
    """What is offered here; ``downloads`` is the folder saves go to, None when there is none."""
    found: list[Choice] = []
    if ways.copy:
        found.append(Choice("c", "copy", _("Copy it"), _("to paste into an email, a message or a note")))
    if ways.save and not ways.download and downloads is None:
        found.append(Choice("s", "save('txt')", _("Save it"), _("there is no Downloads folder here"), enabled=False))
    elif ways.save:
        where = _("your browser downloads it") if ways.download else _("in your Downloads folder")
        found.append(Choice("s", "save('txt')", _("Save it as a text file"), where))
        found.append(
            Choice(
                "m",
                "save('md')",
                _("Save it for a notes app"),
                _("with headings and tick boxes (Markdown), {where}").format(where=where),
            )
        )
    found.append(Choice("v", "view", _("Show it as plain text"), _("to select with the mouse and copy, or to read")))
    if ways.blocks:
        found.append(Choice("r", "qr_code", _("Show a QR code"), _("to scan with your phone's camera")))
    else:
        found.append(Choice("r", "qr_code", _("QR code"), _("this terminal cannot draw one"), enabled=False))
    if ways.print_command:
        found.append(Choice("p", "print", _("Print it"), _("on the printer set up here")))
    return found


def prompt(choice: Choice, compact: bool) -> RenderableType:
    """A choice's row: its key, then its title with what it does below, lined up under the title when wrapped.
    On a short screen, the title alone (and why not, for one that is not offered)."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column()
    if compact and choice.enabled:
        words = Text(choice.title)
    elif compact:
        words = Text.assemble(choice.title, (f" ({choice.explains})", "italic"))
    else:
        words = Text.assemble(choice.title, "\n", (choice.explains, "italic"))
    grid.add_row(Text(choice.key), words)
    return grid


def existing_folder(folder: Path) -> Path | None:
    """``folder`` if it is there to save in: saving is not offered where it would only fail."""
    return folder if folder.is_dir() else None


class TakeAwayScreen(Dialog[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Back")),
        Binding("g", "back", N_("Back"), show=False),
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
        # Each choice's letter; one that is not offered here does nothing.
        *(Binding(key, f"pick('{key}')", show=False) for key in "csmvrp"),
    ]

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
        super().__init__()
        self.guide = guide
        self.entries = entries
        self.tracked = tracked  # the requests on a clock, which go with the checklist
        self.ways = ways
        self.today = today or date.today()
        self.record = record or TakeAwayRecord()
        # What goes out: the checklist unless another document (the visit's question card) is given.
        self.document = document or checklist_document(guide, entries, self.today, tracked)
        self.words = self.document.words
        self.compact = False
        self.choices = choices(ways, existing_folder(downloads_folder()))

    def text(self, fmt: str = "txt") -> str:
        return self.document.render(fmt)

    def compose(self) -> ComposeResult:
        self.compact = self.app.size.height < 2 * len(self.choices) + ROWS_BESIDE_CHOICES
        self.set_class(self.compact, "-compact")
        with Vertical(classes="dialog take-away"):
            yield Label(_(self.words.heading), classes="dialog-text")
            yield Static(_(self.words.intro), classes="take-away-intro")
            yield TrackedOptionList(
                *(Option(prompt(c, self.compact), id=c.action, disabled=not c.enabled) for c in self.choices),
            )
            yield Static(
                _("Press a letter, or move with the arrows and press Enter.") + f" {self.ways.hint}",
                classes="dialog-hint",
            )
        yield CompactFooter()

    def on_resize(self, event: events.Resize) -> None:
        compact = event.size.height < 2 * len(self.choices) + ROWS_BESIDE_CHOICES
        if compact != self.compact:
            self.compact = compact
            self.set_class(compact, "-compact")
            for index, choice in enumerate(self.choices):
                self.options.replace_option_prompt_at_index(index, prompt(choice, compact))

    @property
    def options(self) -> OptionList:
        return self.query_one(OptionList)

    def on_mount(self) -> None:
        self.options.focus()

    async def action_pick(self, key: str) -> None:
        for choice in self.choices:
            if choice.key == key and choice.enabled:
                await self.run_action(choice.action)

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            await self.run_action(event.option.id)

    def action_cursor_down(self) -> None:
        self.options.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.options.action_cursor_up()

    def action_back(self) -> None:
        self.dismiss(None)

    def say(self, message: str, problem: bool = False) -> None:
        say(self.app, message, self.ways.help if problem else None)

    def action_copy(self) -> None:
        text = self.text()
        self.app.copy_to_clipboard(text)
        lines = text.count("\n")
        self.say(
            _(
                "Copied {lines} lines. Paste them where you want them, as you paste anything else (ctrl+v; in a "
                "terminal ctrl+shift+v; cmd+v on a Mac). If nothing comes, this terminal does not let programs "
                "copy: press v and select the text with the mouse."
            ).format(lines=lines)
        )

    def action_save(self, fmt: str) -> None:
        """Save (or download) the checklist once, then close: an unchanged checklist is not saved twice."""
        stem, suffix = f"secondop-{self.document.kind}-{self.today.isoformat()}", ".md" if fmt == "md" else ".txt"
        mime = "text/markdown" if fmt == "md" else "text/plain"
        text = self.text(fmt)
        kept_as = f"{self.document.kind}:{fmt}"  # the checklist's saves and the card's are remembered apart
        if earlier := self.record.saved_before(kept_as, text):
            if earlier.path is None:
                self.say(_(self.words.sent_already) + f"\n{earlier.name}")
            else:
                self.say(_(self.words.saved_already) + f"\n{earlier.name}")
            self.dismiss(None)
            return
        if self.ways.browser is not None:
            # The browser saves it on the person's device; nothing is reserved on the server's disk.
            if self.ways.browser.full:
                self.say(_(self.words.browser_full).format(count=WAITING_AT_MOST), problem=True)
                return
            self.say(_(self.words.sending_to_browser))
            self.ways.browser.offered(
                self.app.deliver_text(
                    io.StringIO(text), save_filename=stem + suffix, mime_type=mime, name=f"{DOWNLOADED}{stem}{suffix}"
                )
            )
            self.record.saved[kept_as] = Saved(text, stem + suffix, None)
            self.dismiss(None)
            return
        folder = downloads_folder()
        try:
            path = reserve_file(folder, stem, suffix)
        except FileNotFoundError:
            self.say(
                _("There is no Downloads folder here to save in. Press c to copy it or v to show it instead."),
                problem=True,
            )
            return
        except OSError as error:
            reason = error.strerror or _("it cannot be written")
            self.say(
                _(
                    "Could not save in your Downloads folder: {reason}. Press c to copy it or v to show it instead."
                ).format(reason=reason),
                problem=True,
            )
            return
        # Textual writes it; the app says when it is done.
        self.app.deliver_text(
            io.StringIO(text),
            save_directory=path.parent,
            save_filename=path.name,
            mime_type=mime,
            name=f"{SAVED}{path}",
        )
        self.record.saved[kept_as] = Saved(text, path.name, path)
        self.dismiss(None)

    async def action_view(self) -> None:
        await self.app.push_screen(PlainTextScreen(self.text(), self.ways.hint))

    async def action_qr_code(self) -> None:
        await self.app.push_screen(QrCodeScreen(self.document, self.ways))

    def action_print(self) -> None:
        """One print job at a time; printing an unchanged checklist again is asked about first."""
        if not self.ways.print_command:
            return
        if self.record.printing:
            self.say(_(self.words.printing_already))
            return
        text = self.text()
        if self.record.printed == text:
            ask(
                self,
                PrintAgainDialog(_(self.words.printed_already)),
                lambda again: self.start_printing(text) if again else None,
            )
        else:
            self.start_printing(text)

    def start_printing(self, text: str) -> None:
        if self.record.printing:
            return
        self.record.printing = True  # before anything is awaited: the next key already finds it on its way
        self.dismiss(None)
        # The app's worker, not this screen's: leaving the screen does not stop the printer halfway.
        self.app.run_worker(
            print_and_say(self.app, self.ways, self.record, text, _(self.words.sending_to_printer)), group="print"
        )


async def print_and_say(app: App[None], ways: Ways, record: TakeAwayRecord, text: str, sending: str) -> None:
    assert ways.print_command
    try:
        refusal = await record.gate.ask() if record.gate is not None else None
        if refusal is not None:
            say(app, refusal_line(refusal), ways.help)
            return
        say(app, sending)
        problem = await send_to_printer(ways.print_command, text)
        if problem is None:
            record.printed = text
        say(app, problem or _("Printed. Please collect it from the printer."), ways.help if problem else None)
    finally:
        record.printing = False


def say(app: App[None], message: str, help: str | None = None) -> None:
    """One calm line, replacing the last; a problem (``help`` given) also says where to get help."""
    if help is not None:
        message = f"{message} {help}".strip()
    # A message is shown once the app gets to it: the one before may not be shown yet, and is cleared in turn.
    app.call_later(app.clear_notifications)
    app.notify(message, severity="information" if help is None else "warning", timeout=12, markup=False)
