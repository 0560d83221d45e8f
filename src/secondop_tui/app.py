"""The App: builds the screens, routes between them, and holds the guide and the store."""

from __future__ import annotations

import gc
import os
from collections.abc import Mapping

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.content import Content

from secondop_tui.content import Guide
from secondop_tui.marks import marks_for
from secondop_tui.paths import styles_dir
from secondop_tui.screens.checklist import ChecklistScreen
from secondop_tui.screens.guide import GuideScreen
from secondop_tui.screens.help import HelpScreen, describe
from secondop_tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from secondop_tui.settings import Settings
from secondop_tui.store import ProgressStore
from secondop_tui.themes import ASCII_CLASS, register_themes, theme_for
from secondop_tui.widgets.checklist_view import ChecklistView
from secondop_tui.widgets.reader import Reader
from secondop_tui.widgets.section_list import SectionList

NARROW_BELOW = 70


class SecondOpinionApp(App[None]):
    TITLE = "Second opinion guide"
    # Start straight in the guide: an empty default screen first cost a whole extra screen and frame at start-up.
    DEFAULT_MODE = "guide"
    CSS_PATH = [styles_dir() / "app.tcss"]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]
    BINDINGS = [
        Binding("question_mark", "help", "Help", tooltip="Show every key"),
        Binding("q", "quit", "Quit", tooltip="Quit (your progress is already saved)"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, tooltip="Quit (your progress is already saved)"),
        Binding("tab", "app.focus_next", "Next pane", show=False, tooltip="Move to the next pane"),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False, tooltip="Move to the previous pane"),
    ]

    def __init__(
        self, settings: Settings, guide: Guide, store: ProgressStore, environ: Mapping[str, str] | None = None
    ) -> None:
        super().__init__()
        # The terminal decides the look: 16 colours, NO_COLOR, or a locale without box-drawing characters.
        register_themes(self)
        self.theme = theme_for(os.environ if environ is None else environ)
        self.set_class(settings.ascii_only, ASCII_CLASS)
        self.settings = settings
        self.guide = guide
        self.store = store
        self.marks = marks_for(settings.ascii_only)
        self.guide_screen = GuideScreen(guide, store, self.marks)
        self.checklist_screen = ChecklistScreen(guide, store)
        # One mode per main screen: each keeps its own state and its own stack of dialogs.
        self.add_mode("guide", lambda: self.guide_screen)
        self.add_mode("checklist", lambda: self.checklist_screen)

    async def on_mount(self) -> None:
        await self.switch_mode("guide")
        if self.store.notice:
            self.notify(self.store.notice, severity="warning", timeout=15, markup=False)
        self._check_size(self.size.width, self.size.height)
        if not self.is_headless and not gc.get_freeze_count():
            # Everything built so far lives as long as the process, yet a full garbage collection walked it all
            # every few keys (about 80 ms, a visible stall). Frozen objects are skipped; one app per process.
            # A second after start the first screen is drawn and the person is still reading it.
            self.set_timer(1.0, self._freeze_heap)

    @staticmethod
    def _freeze_heap() -> None:
        gc.collect()  # once: start-up garbage is freed rather than kept for good
        gc.freeze()

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if too_small and not showing:
            self.push_screen(TooSmallScreen())
        elif showing and not too_small:
            self.pop_screen()

    def format_title(self, title: str, sub_title: str) -> Content:
        if not self.settings.ascii_only or not sub_title:
            return super().format_title(title, sub_title)
        # Textual joins title and sub-title with an em dash, which a non-UTF-8 terminal shows as mojibake.
        return Content.assemble(title, (" - ", "dim"), Content(sub_title).stylize("dim"))

    def on_guide_screen_open_checklist(self) -> None:
        self.checklist_screen.section_hint = self.guide_screen.current
        self.switch_mode("checklist")

    def on_checklist_screen_back_to_guide(self) -> None:
        self.switch_mode("guide")

    def key_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """What the help screen lists: every binding, grouped by where it works."""
        return [
            ("Anywhere", describe(self.BINDINGS)),
            ("Guide", describe([*GuideScreen.BINDINGS, *SectionList.BINDINGS, *Reader.BINDINGS]) + [
                ("up, down", "Move in the list or scroll the text"),
                ("home, end", "Go to the top or the bottom"),
            ]),
            ("Checklist", describe([*ChecklistScreen.BINDINGS, *ChecklistView.BINDINGS]) + [
                ("up, down", "Move between items"),
            ]),
            ("In a question or text box", [
                ("y, n", "Answer yes or no"), ("enter", "Save"), ("esc, ctrl+g", "Cancel"),
            ]),
        ]

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.key_groups()))
