"""The App: builds the screens, routes between them, and holds the guide and the store."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.content import Content
from textual.errors import NoWidget
from textual.geometry import Size
from textual.notifications import Notify
from textual.screen import Screen

from secondop_tui import collector
from secondop_tui.content import ContentError, Guide, load_guide, map_text
from secondop_tui.data.locations import styles_dir
from secondop_tui.data.store import ProgressStore, StoreError
from secondop_tui.guest import GuestNote
from secondop_tui.i18n import LANGUAGES, N_, _, content_dir_for, fold_with, other_language, set_language
from secondop_tui.marks import ascii_text, console_text, marks_for
from secondop_tui.screens.guide import GuideScreen
from secondop_tui.screens.keys import key_word
from secondop_tui.screens.saving import reported
from secondop_tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from secondop_tui.settings import Settings
from secondop_tui.take_away.browser import BrowserDownloads
from secondop_tui.textual_compat import keep_late_toasts_from_hanging, styles_key
from secondop_tui.themes import ASCII_CLASS, register_themes, theme_for
from secondop_tui.tracker.clock import Clock, clock_from

# The first frame shows only the guide: every other screen, and what takes the checklist away (QR codes,
# printing), is imported when a person first asks for it, so that start-up does not pay for it.
if TYPE_CHECKING:
    from secondop_tui.screens.checklist import ChecklistScreen
    from secondop_tui.screens.help import KeyGroups
    from secondop_tui.screens.take_away import TakeAwayScreen, Ways
    from secondop_tui.take_away.printer import PrintGate, PrintRate
    from secondop_tui.take_away.record import TakeAwayRecord

NARROW_BELOW = 70
MAIN_MODES = ("guide", "checklist")

# Before any toast can be shown: one shown late would otherwise hang the app.
keep_late_toasts_from_hanging()


# Textual's own words in its command palette (ctrl+p), marked here so the catalogue carries them too.
PALETTE_WORDS = (
    N_("Search for commands…"),
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
)


# Keys every app has, the kiosk's too.
PANES_AND_LANGUAGE = [
    Binding("tab", "app.focus_next", N_("Next pane"), show=False, tooltip=N_("Move to the next pane")),
    Binding(
        "shift+tab", "app.focus_previous", N_("Previous pane"), show=False, tooltip=N_("Move to the previous pane")
    ),
    # Named in the language it switches to, so that someone who cannot read this one still finds it. Not in the
    # footer (it must fit 50 columns): help lists it, and the guide's first page says it in both.
    Binding("L", "switch_language", N_("Español"), show=False, tooltip=N_("Español: the guide and the app in Spanish")),
]


class SecondOpinionApp(App[None]):
    TITLE = N_("Second opinion guide")
    # Start straight in the guide: an empty default screen first cost a whole extra screen and frame at start-up.
    DEFAULT_MODE = "guide"
    CSS_PATH = [styles_dir() / "app.tcss"]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]
    BINDINGS = [
        Binding("question_mark", "help", N_("Help"), tooltip=N_("Show every key")),
        Binding("q", "quit", N_("Quit"), tooltip=N_("Quit (your progress is already saved)")),
        Binding(
            "ctrl+q", "quit", N_("Quit"), show=False, priority=True, tooltip=N_("Quit (your progress is already saved)")
        ),
        *PANES_AND_LANGUAGE,
    ]

    # Taking the checklist away: through the terminal's clipboard, and into the Downloads folder, which on
    # a person's own computer is theirs (not so on a server or a kiosk).
    COPIES = True
    SAVES = True
    # Said above the guide's first section: what this place does with the person's checklist.
    WELCOME_NOTE: GuestNote | None = None
    # The kinds of screen shown for the guide, the checklist and taking it away (a kiosk words them its own way;
    # None: the app's own, imported when first shown).
    GUIDE_SCREEN: ClassVar[type[GuideScreen]] = GuideScreen
    CHECKLIST_SCREEN: ClassVar[type[ChecklistScreen] | None] = None
    TAKE_AWAY_SCREEN: ClassVar[type[TakeAwayScreen] | None] = None

    def __init__(
        self,
        settings: Settings,
        guide: Guide,
        store: ProgressStore,
        environ: Mapping[str, str] | None = None,
        today: Clock | None = None,
    ) -> None:
        super().__init__()
        self._styles_refreshed_for: tuple[int, dict[str, str]] | None = None  # see refresh_css
        # What day it is, for the dates requests are due; tests hand in their own.
        self.today: Clock = today or clock_from()
        # The terminal decides the look: 16 colours, NO_COLOR, or a locale without box-drawing characters.
        register_themes(self)
        self.theme = theme_for(os.environ if environ is None else environ)
        self.set_class(settings.ascii_symbols, ASCII_CLASS)
        self.settings = settings
        self.store = store
        self.browser_downloads = BrowserDownloads()  # in a browser tab: the saved checklists it has not taken
        self._take_away: tuple[ProgressStore, TakeAwayRecord] | None = None  # whose record, and the record
        self.marks = marks_for(settings.ascii_symbols)
        # The text as this terminal can show it: without accents where it has no UTF-8; on the Linux console
        # with its letters, but plain quotes and dashes.
        self.text_for_terminal = ascii_text if settings.ascii_only else console_text if settings.console else None
        fold_with(self.text_for_terminal)
        self.language = self.language_of(guide)
        self.guides = {self.language: self.readable(guide)}
        self.guide = self.guides[self.language]
        self.use_language(self.starting_language())
        self.add_main_modes()

    # -- languages -------------------------------------------------------------------------------

    def starting_language(self) -> str:
        """``--lang`` when given, else the person's last choice (kept with their progress), else the locale's."""
        if self.settings.language_given:
            return self.settings.language
        try:
            kept = self.store.language()
        except StoreError:
            return self.settings.language  # the app says so once it is on screen
        return kept if kept in LANGUAGES else self.settings.language

    def language_of(self, guide: Guide) -> str:
        """Which language's folder ``guide`` was read from."""
        for code in LANGUAGES:
            if content_dir_for(self.settings.content_dir, code) == guide.directory:
                return code
        return self.settings.language

    def guide_in(self, code: str) -> Guide:
        """The guide in ``code``; the one already open when that language's folder is missing or broken."""
        if code not in self.guides:
            try:
                self.guides[code] = self.readable(load_guide(content_dir_for(self.settings.content_dir, code)))
            except ContentError:
                return self.guide
        return self.guides[code]

    def readable(self, guide: Guide) -> Guide:
        """The guide as this terminal can show it (``text_for_terminal``)."""
        return map_text(guide, self.text_for_terminal) if self.text_for_terminal else guide

    def use_language(self, code: str) -> None:
        """Speak ``code`` from now on: words, keys and guide. Screens already built are told by the caller."""
        self.guide = self.guide_in(code)
        self.language = code
        set_language(code)
        self.title = _(self.TITLE)

    async def action_switch_language(self) -> None:
        """Switch to the other language, and remember it with the person's progress."""
        code = other_language(self.language)
        with reported(self.screen):
            self.store.set_language(code)
        await self.show_language(code)

    async def show_language(self, code: str) -> None:
        self.use_language(code)
        await self.guide_screen.change_guide(self.guide)
        if self._checklist_screen is not None:  # one not made yet is made in the new language
            await self._checklist_screen.change_guide(self.guide)
        for screen in self.screen_stack:  # the visit, open over the guide or the checklist
            if screen not in (self.guide_screen, self._checklist_screen) and hasattr(screen, "change_guide"):
                await screen.change_guide(self.guide)
        self.screen.refresh_bindings()

    def add_main_modes(self) -> None:
        """Fresh guide and checklist screens over ``self.store``, one mode each, so each keeps its own state
        and its own stack of dialogs. The checklist's is made when it is first shown."""
        note = self.WELCOME_NOTE.markdown if self.WELCOME_NOTE is not None else None
        self.guide_screen = self.GUIDE_SCREEN(self.guide, self.store, self.marks, note)
        self._checklist_screen: ChecklistScreen | None = None
        self.add_mode("guide", lambda: self.guide_screen)
        self.add_mode("checklist", lambda: self.checklist_screen)

    @property
    def checklist_screen(self) -> ChecklistScreen:
        if self._checklist_screen is None:
            screen_class = self.CHECKLIST_SCREEN
            if screen_class is None:
                from secondop_tui.screens.checklist import ChecklistScreen

                screen_class = ChecklistScreen
            self._checklist_screen = screen_class(self.guide, self.store)
        return self._checklist_screen

    # Set once the first frame is on screen: what was read for it is written only then (the section shown).
    first_frame_shown = False

    def on_ready(self) -> None:
        self.first_frame_shown = True
        self.screen.call_after_refresh(self.guide_screen.write_visit)
        self.screen.call_after_refresh(collector.settle)

    async def on_mount(self) -> None:
        await self.switch_mode("guide")
        if self.store.notice:
            self.notify(self.store.notice, severity="warning", timeout=15, markup=False)
        self.check_size()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.MouseEvent) and not event.is_forwarded and self.lands_on_a_removed_widget(event):
            return
        await super().on_event(event)

    def lands_on_a_removed_widget(self, event: events.MouseEvent) -> bool:
        """Whether the screen was rebuilt under the pointer (a language switch, a visit cleared, a footer's
        new keys) and not yet laid out again: its map of what stands where still names the widgets it
        removed. Textual would hand the click to one of them, and its text selection, looking for where that
        widget sits, fails and ends the app. The click is dropped; the new screen is drawn a frame later."""
        try:
            widget, _ = self.screen.get_widget_at(event.x, event.y)
        except NoWidget:
            return False
        return not widget.is_attached

    def on_resize(self, event: events.Resize) -> None:
        self.check_size(event.size)

    def on_notify(self, _: Notify) -> None:
        """A notice stands where it covers nothing that has focus (WCAG 2.4.11): at the bottom, as usual, unless
        the cursor, which is on the focused row, is in the screen's lower half; then at the top."""
        self.screen.set_class(self.cursor_position.y >= self.size.height // 2, "-notices-at-top")

    def check_size(self, size: Size | None = None) -> None:
        """Cover the screen with a calm message while the window is too small; take it away when it grows."""
        width, height = size or self.size
        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if too_small and not showing:
            self.push_screen(TooSmallScreen())
        elif showing and not too_small:
            self.pop_screen()

    def refresh_css(self, animate: bool = True) -> None:
        # The theme set as the app is made asks for a refresh that comes after the first screen was already styled
        # in it: all the CSS parsed again and the whole first frame drawn twice, for nothing new.
        key = styles_key(self)
        if key != self._styles_refreshed_for:
            super().refresh_css(animate)
            self._styles_refreshed_for = styles_key(self)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            yield SystemCommand(_(command.title), _(command.help), command.callback, command.discover)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]  # App[None]
            self.push_screen(CommandPalette(id="--command-palette", placeholder=_(PALETTE_WORDS[0])))

    def get_key_display(self, binding: Binding) -> str:
        shown = super().get_key_display(binding)
        if self.settings.ascii_symbols and not shown.isascii():
            shown = binding.key  # "enter", not Textual's return symbol
        return key_word(shown)  # "space" is "espacio" on a Spanish keyboard

    def format_title(self, title: str, sub_title: str) -> Content:
        if not sub_title:
            return super().format_title(title, sub_title)
        # Textual's own separator is an em dash, which a non-UTF-8 terminal shows as mojibake; and Textual dims the
        # section's name, which a 16-colour terminal draws too faint to read.
        return Content.assemble(title, self.marks.title_separator, sub_title)

    # Screens are awaited until shown, so the next key (a kiosk's reset, say) never meets one half built.
    async def on_guide_screen_open_checklist(self, message: GuideScreen.OpenChecklist) -> None:
        self.checklist_screen.add_new_items_to(message.section_id)
        await self.switch_mode("checklist")

    async def on_checklist_screen_back_to_guide(self) -> None:
        await self.switch_mode("guide")

    async def action_requests(self) -> None:
        """Open the records and insurance requests, with their dates (over the guide or the checklist)."""
        from secondop_tui.screens.requests import RequestsScreen  # loaded when first opened: start-up stays quick

        if self.takes_away_from(self.screen):  # from the guide or the checklist, not over a dialog
            await self.push_screen(RequestsScreen(self.guide, self.store, self.today))

    async def action_help(self) -> None:
        from secondop_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            await self.push_screen(HelpScreen(self.key_groups()))

    def key_groups(self) -> KeyGroups:
        """What the help screen lists: every key, grouped by where it works."""
        from secondop_tui.screens.help import key_groups

        return key_groups(self.BINDINGS)

    def take_away_ways(self) -> Ways:
        from secondop_tui.screens.take_away import Ways

        # In a browser, a saved file is a download to the person's own device, wherever the app runs.
        return Ways(
            copy=self.COPIES,
            save=self.SAVES or self.is_web,
            print_command=self.settings.print_command,
            blocks=not self.settings.ascii_symbols,
            browser=self.browser_downloads if self.is_web else None,
            hint=_("Escape goes back."),
        )

    def takes_away_from(self, screen: Screen[object]) -> bool:
        """Whether the checklist can be taken from ``screen`` (not from a dialog, say)."""
        from secondop_tui.screens.checklist import ChecklistScreen

        return isinstance(screen, (GuideScreen, ChecklistScreen))

    def print_gate(self) -> PrintGate | None:
        """What lets print jobs through: on a person's own computer, nothing stands in the way."""
        return None

    def take_away_record(self) -> TakeAwayRecord:
        """What this person has saved and printed. A kiosk gives each visit a store of its own, and with it a
        record of its own (and its own few print jobs)."""
        from secondop_tui.take_away.record import TakeAwayRecord

        if self._take_away is None or self._take_away[0] is not self.store:
            self._take_away = (self.store, TakeAwayRecord(self.print_gate()))
        return self._take_away[1]

    async def action_take_away(self) -> None:
        """Take your checklist with you (or, from the visit, your question card): copy, save, show, QR code or
        print, as this place allows."""
        from secondop_tui.take_away.document import HasDocument

        document = None
        if isinstance(self.screen, HasDocument):
            if (document := self.screen.take_away_document()) is None:
                return
        elif not self.takes_away_from(self.screen):
            return
        from secondop_tui.tracker.board import Tracked  # the tracker's modules load only when needed

        screen_class = self.TAKE_AWAY_SCREEN
        if screen_class is None:
            from secondop_tui.screens.take_away import TakeAwayScreen

            screen_class = TakeAwayScreen
        with reported(self.screen):
            with self.store.action():
                entries = self.store.checklist(self.guide)
                tracked = Tracked(self.store.tracker.requests(), self.store.tracker.events())
            await self.push_screen(
                screen_class(
                    self.guide,
                    entries,
                    self.take_away_ways(),
                    self.today(),
                    record=self.take_away_record(),
                    tracked=tracked,
                    document=document,
                )
            )

    async def action_visit(self) -> None:
        """Your visit: the questions to take in, what each doctor said, the opinions side by side."""
        if not self.takes_away_from(self.screen):  # from the guide or the checklist, not over a dialog
            return
        # Loaded when first opened, so that starting the app does not wait for it.
        from secondop_tui.screens.visit import VisitScreen

        await self.push_screen(VisitScreen(self.guide, self.store, self.marks))

    def on_delivery_complete(self, event: events.DeliveryComplete) -> None:
        from secondop_tui.screens.take_away import DOWNLOADED, SAVED, say

        self.browser_downloads.ended(event.key)
        if event.name and event.name.startswith(DOWNLOADED):
            name = event.name.removeprefix(DOWNLOADED)
            say(self, _("Downloaded {name}: your browser keeps it with its downloads.").format(name=name))
        elif event.name and event.name.startswith(SAVED):
            name = Path(event.path or event.name.removeprefix(SAVED)).name
            # The name on a line of its own, where a narrow message does not break it.
            say(self, _("Saved in your Downloads folder, as:") + f"\n{name}")

    def on_delivery_failed(self, event: events.DeliveryFailed) -> None:
        from secondop_tui.screens.take_away import DOWNLOADED, SAVED, say
        from secondop_tui.take_away.downloads import give_back

        self.browser_downloads.ended(event.key)
        if event.name and event.name.startswith(DOWNLOADED):
            self.take_away_record().forget(event.name.removeprefix(DOWNLOADED))
            say(self, _("The download did not work. Press c to copy it or v to show it instead."), "")
        elif event.name and event.name.startswith(SAVED):
            path = Path(event.name.removeprefix(SAVED))
            give_back(path)
            self.take_away_record().forget(path.name)
            reason = getattr(event.exception, "strerror", None) or _("it could not be written")
            say(
                self,
                _("Could not save {name}: {reason}. Press c to copy it or v to show it instead.").format(
                    name=path.name, reason=reason
                ),
                "",
            )


class GuardedApp(SecondOpinionApp):
    """The app for strangers on someone else's machine (a session of ``secondop serve``).

    Nothing on screen may write a file there: the command palette offers Screenshot, which saves the
    screen, with whatever the person typed, to the host's ~/Downloads. So there is no palette, no system
    command, and a screenshot does nothing.
    """

    ENABLE_COMMAND_PALETTE = False
    SAVES = False  # the Downloads folder here is the server's

    def __init__(
        self, settings: Settings, guide: Guide, store: ProgressStore, environ: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(settings, guide, store, environ)
        from secondop_tui.take_away.printer import DESK_ENV

        # Strangers share the printer: their jobs are let through by the print rule. Under ``secondop serve``
        # the server applies it to every session at once; it says where to ask (and nothing this app starts,
        # the print command included, needs to know).
        self.print_desk = os.environ.pop(DESK_ENV, None)
        self._print_rate: PrintRate | None = None

    @property
    def print_rate(self) -> PrintRate:
        """This session's own pace of print jobs, made when it first prints."""
        if self._print_rate is None:
            from secondop_tui.take_away.printer import PrintRate

            self._print_rate = PrintRate()
        return self._print_rate

    def print_gate(self) -> PrintGate:
        from secondop_tui.take_away.printer import DeskGate, LocalGate

        return DeskGate(self.print_desk) if self.print_desk else LocalGate(self.print_rate)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        return ()

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """No screenshot is written."""

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        return None
