"""Take your checklist with you: the ways out that work where the app runs, each said in plain words.

The same text goes every way: ``secondop export``'s, with ticks, notes and the date.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from secondop_tui.checklist import Entry
from secondop_tui.content import Guide
from secondop_tui.dialogs.answers import Dialog
from secondop_tui.export import export_checklist
from secondop_tui.i18n import N_, _
from secondop_tui.screens.plain_text import PlainTextScreen
from secondop_tui.screens.qr_code import QrCodeScreen
from secondop_tui.take_away.browser import WAITING_AT_MOST, BrowserDownloads
from secondop_tui.take_away.downloads import downloads_folder, reserve_file
from secondop_tui.take_away.printer import send_to_printer
from secondop_tui.widgets.footer import CompactFooter
from secondop_tui.widgets.tracked_list import TrackedOptionList

SAVED = "checklist:"  # how a delivery of ours is named, followed by the file's path
DOWNLOADED = "download:"  # a delivery to a browser, followed by the file's name


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


def shown_path(path: Path) -> str:
    """``path`` as a person would write it: ``~/Downloads`` rather than the whole of it."""
    try:
        return f"~/{path.relative_to(Path.home())}"
    except ValueError:
        return str(path)


def choices(ways: Ways, downloads: str) -> list[Choice]:
    found: list[Choice] = []
    if ways.copy:
        found.append(Choice("c", "copy", _("Copy it"), _("to paste into an email, a message or a note")))
    if ways.save:
        where = _("your browser downloads it") if ways.download else _("in {folder}").format(folder=downloads)
        found.append(Choice("s", "save('txt')", _("Save it as a text file"), where))
        found.append(Choice("m", "save('md')", _("Save it as a Markdown file"), where))
    found.append(Choice("v", "view", _("Show it as plain text"), _("to select with the mouse and copy, or to read")))
    if ways.blocks:
        found.append(Choice("r", "qr_code", _("Show a QR code"), _("to scan with your phone's camera")))
    else:
        found.append(Choice("r", "qr_code", _("QR code"), _("this terminal cannot draw one"), enabled=False))
    if ways.print_command:
        found.append(Choice("p", "print", _("Print it"), _("on the printer set up here")))
    return found


class TakeAwayScreen(Dialog[None]):
    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("g", "back", N_("Back"), show=False),
        Binding("j", "cursor_down", show=False),
        Binding("k", "cursor_up", show=False),
        # Each choice's letter; one that is not offered here does nothing.
        *(Binding(key, f"pick('{key}')", show=False) for key in "csmvrp"),
    ]

    def __init__(self, guide: Guide, entries: list[Entry], ways: Ways, today: date | None = None) -> None:
        super().__init__()
        self.guide = guide
        self.entries = entries
        self.ways = ways
        self.today = today or date.today()
        self.choices = choices(ways, shown_path(downloads_folder()))

    def text(self, fmt: str = "txt") -> str:
        return export_checklist(self.guide, self.entries, fmt, self.today)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog take-away"):
            yield Label(_("Take your checklist with you"), classes="dialog-text")
            yield Static(_("Every way gives the same list: your ticks and notes, by section, with today's date."))
            yield TrackedOptionList(
                *(Option(f"{c.key}  {c.title}\n   {c.explains}", id=c.action, disabled=not c.enabled)
                  for c in self.choices),
                markup=False,
            )
            yield Static(_("Press a letter, or move with the arrows and press Enter.") + f" {self.ways.hint}",
                         classes="dialog-hint")
        yield CompactFooter()

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
        self.say(_(
            "Copied {lines} lines. Paste them where you want them (ctrl+v, or cmd+v on a Mac). If nothing is "
            "pasted, this terminal does not let programs copy: press v and select the text with the mouse."
        ).format(lines=lines))

    def action_save(self, fmt: str) -> None:
        stem, suffix = f"secondop-checklist-{self.today.isoformat()}", ".md" if fmt == "md" else ".txt"
        mime = "text/markdown" if fmt == "md" else "text/plain"
        if self.ways.browser is not None:
            # The browser saves it on the person's device; nothing is reserved on the server's disk.
            if self.ways.browser.full:
                self.say(_(
                    "Your browser has not taken the last {count} downloads yet. If it asks whether this page may "
                    "download files, say yes. Or press c to copy your checklist or v to show it."
                ).format(count=WAITING_AT_MOST), problem=True)
                return
            self.say(_("Sending your checklist to your browser..."))
            self.ways.browser.offered(self.app.deliver_text(
                io.StringIO(self.text(fmt)), save_filename=stem + suffix, mime_type=mime,
                name=f"{DOWNLOADED}{stem}{suffix}"))
            return
        folder = downloads_folder()
        try:
            path = reserve_file(folder, stem, suffix)
        except FileNotFoundError:
            self.say(_("There is no folder {folder} to save in. Press c to copy it or v to show it instead.").format(
                folder=folder), problem=True)
            return
        except OSError as error:
            reason = error.strerror or _("it cannot be written")
            self.say(_("Could not save in {folder}: {reason}. Press c to copy it or v to show it instead.").format(
                folder=folder, reason=reason), problem=True)
            return
        # Textual writes it; the app says when it is done.
        self.app.deliver_text(io.StringIO(self.text(fmt)), save_directory=path.parent, save_filename=path.name,
                              mime_type=mime, name=f"{SAVED}{path}")

    async def action_view(self) -> None:
        await self.app.push_screen(PlainTextScreen(self.text(), self.ways.hint))

    async def action_qr_code(self) -> None:
        await self.app.push_screen(QrCodeScreen(self.guide, self.entries, self.ways, self.today))

    def action_print(self) -> None:
        if self.ways.print_command:
            self.say(_("Sending your checklist to the printer..."))
            # The app's worker, not this screen's: leaving the screen does not stop the printer halfway.
            self.app.run_worker(print_and_say(self.app, self.ways, self.text()), group="print", exclusive=True)


async def print_and_say(app: App[None], ways: Ways, text: str) -> None:
    assert ways.print_command
    problem = await send_to_printer(ways.print_command, text)
    say(app, problem or _("Printed. Please collect it from the printer."), ways.help if problem else None)


def say(app: App[None], message: str, help: str | None = None) -> None:
    """One calm line, replacing the last; a problem (``help`` given) also says where to get help."""
    if help is not None:
        message = f"{message} {help}".strip()
    app.clear_notifications()
    app.notify(message, severity="information" if help is None else "warning", timeout=12, markup=False)
