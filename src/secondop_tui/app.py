"""The App: builds the screens, routes between them, and holds the guide and the store."""

from __future__ import annotations

from textual import events
from textual.app import App
from textual.binding import Binding

from secondop_tui.content import Guide
from secondop_tui.marks import marks_for
from secondop_tui.paths import styles_dir
from secondop_tui.screens.checklist import ChecklistScreen
from secondop_tui.screens.guide import GuideScreen
from secondop_tui.screens.help import HelpScreen, describe
from secondop_tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen
from secondop_tui.settings import Settings
from secondop_tui.store import ProgressStore
from secondop_tui.widgets.checklist_view import ChecklistView
from secondop_tui.widgets.reader import Reader
from secondop_tui.widgets.section_list import SectionList

NARROW_BELOW = 70


class SecondOpinionApp(App[None]):
    TITLE = "Second opinion guide"
    CSS_PATH = [styles_dir() / "app.tcss"]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]
    BINDINGS = [
        Binding("question_mark", "help", "Help", tooltip="Show every key"),
        Binding("q", "quit", "Quit", tooltip="Quit (your progress is already saved)"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, tooltip="Quit (your progress is already saved)"),
        Binding("tab", "app.focus_next", "Next pane", show=False, tooltip="Move to the next pane"),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False, tooltip="Move to the previous pane"),
    ]

    def __init__(self, settings: Settings, guide: Guide, store: ProgressStore) -> None:
        super().__init__()
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

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if too_small and not showing:
            self.push_screen(TooSmallScreen())
        elif showing and not too_small:
            self.pop_screen()

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
            ("In a question or text box", [("y, n", "Answer yes or no"), ("enter", "Save"), ("esc", "Cancel")]),
        ]

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.key_groups()))
