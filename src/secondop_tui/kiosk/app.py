"""The app as a waiting-room kiosk: no way out for visitors, and each visit forgotten when it ends."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from time import monotonic

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from secondop_tui.app import SecondOpinionApp
from secondop_tui.content import Guide
from secondop_tui.kiosk.options import KioskOptions
from secondop_tui.kiosk.pin import PinFile
from secondop_tui.kiosk.screens import AdminScreen, PinScreen, ShareScreen, StillThereScreen, WelcomeScreen
from secondop_tui.paths import styles_dir
from secondop_tui.screens.checklist import ChecklistScreen
from secondop_tui.screens.guide import GuideScreen
from secondop_tui.settings import Settings
from secondop_tui.store import ProgressStore
from secondop_tui.themes import CONTRAST_THEME, register_themes

TICK = 0.25  # seconds between idle checks; cheap, and keeps the countdown's numbers current
ADMIN_LOCKOUT = 60.0  # seconds the staff menu stays shut after too many wrong PINs
STAY_MESSAGE = "This screen stays on for the next person. Press F2 when you are done."
CRASH_MESSAGE = "secondop kiosk stopped after an error and starts again. Run it without --kiosk to see details."
VISIT_MODES = ("guide", "checklist")
ACTIVITY = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)


class KioskApp(SecondOpinionApp, inherit_bindings=False):
    # Not inheriting bindings drops Textual's own ctrl+q (quit) and ctrl+c (quit hint) and our q.
    CSS_PATH = [styles_dir() / "app.tcss", styles_dir() / "kiosk.tcss"]
    # The palette offers Quit and Screenshot (which writes a file): a kiosk has no palette at all.
    ENABLE_COMMAND_PALETTE = False
    # Function keys are priority bindings so they work in every dialog too (a modal screen hides
    # the app's other bindings); keys a visitor may type into a text box are not.
    BINDINGS = [
        Binding("f1", "help", "Help", key_display="F1", priority=True, tooltip="Show every key"),
        Binding("question_mark", "help", "Help", show=False, tooltip="Show every key"),
        Binding("f2", "done", "I'm done", key_display="F2", priority=True,
                tooltip="I'm done: clear everything and start again"),
        Binding("f3", "share", "Take it with you", key_display="F3", priority=True,
                tooltip="Your checklist as a QR code, or printed"),
        Binding("tab", "app.focus_next", "Next pane", show=False, tooltip="Move to the next pane"),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False, tooltip="Move to the previous pane"),
        Binding("f12", "admin", show=False, priority=True),  # staff only: no description, so help leaves it out
        # Keys that end or suspend a terminal program elsewhere: here they only say how to finish.
        Binding("ctrl+q,ctrl+z,ctrl+backslash", "stay", show=False, priority=True),
        Binding("q,ctrl+c", "stay", show=False),  # not priority: q is a letter, ctrl+c copies in a text box
    ]

    def __init__(self, settings: Settings, guide: Guide, options: KioskOptions) -> None:
        # With this set, Textual leaves ctrl+c, ctrl+z and ctrl+\ to the terminal as signals that
        # stop or suspend us; without it they arrive as keys. The driver reads it when it starts.
        os.environ.pop("TEXTUAL_ALLOW_SIGNALS", None)
        # Visits live in memory only: nothing of a visitor is ever written to disk.
        super().__init__(replace(settings, db_path=None), guide, ProgressStore.in_memory())
        self.options = options
        self.pin = PinFile(options.admin_pin_file) if options.admin_pin_file else None
        self.add_mode("welcome", WelcomeScreen)
        register_themes(self)
        self._last_activity = monotonic()
        self._countdown_ends: float | None = None
        self._admin_locked_until = 0.0
        self._resetting = False
        self.visits_cleared = 0  # how many visits were wiped; lets tests wait for a reset to finish

    async def on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # the normal app would open the guide; a kiosk opens on its welcome
        self.theme = CONTRAST_THEME
        await self.switch_mode("welcome")
        self._check_size(self.size.width, self.size.height)
        self.set_interval(TICK, self._tick)

    # -- no way out ------------------------------------------------------------------------------

    def action_stay(self) -> None:
        self._keep_visit()
        self.clear_notifications()  # one calm message, not a pile of them for each press
        self.notify(STAY_MESSAGE, timeout=5)

    async def action_quit(self) -> None:
        # Reached by anything that asks the app to quit; only the staff menu really exits.
        self.action_stay()

    def action_help_quit(self) -> None:
        self.action_stay()

    def action_suspend_process(self) -> None:
        self.action_stay()

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Screenshots would write the visitor's screen to a file: never in a kiosk."""

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        return ()

    def _print_error_renderables(self) -> None:
        # After a crash Textual prints the traceback with local variables, which can hold what the
        # visitor typed, onto the kiosk's screen. The service starts the kiosk again; one line will do.
        if self._exit_renderables:
            self._exit_renderables.clear()
            self.error_console.print(CRASH_MESSAGE, markup=False, highlight=False)

    # -- moving between screens ------------------------------------------------------------------

    async def on_welcome_screen_start(self, message: WelcomeScreen.Start) -> None:
        await self.switch_mode(message.mode)

    def _keep_visit(self) -> None:
        """A function key during "Are you still there?" answers it too."""
        if isinstance(self.screen, StillThereScreen):
            self.screen.dismiss(True)

    def action_help(self) -> None:
        self._keep_visit()
        super().action_help()

    def action_share(self) -> None:
        self._keep_visit()
        if not isinstance(self.screen, (ShareScreen, StillThereScreen, PinScreen, AdminScreen)):
            entries = self.store.checklist(self.guide)
            self.push_screen(ShareScreen(self.guide, entries, self.options.print_command))

    def action_admin(self) -> None:
        self._keep_visit()
        if isinstance(self.screen, (PinScreen, AdminScreen)):
            return
        if self.pin is None:
            self.notify("No admin PIN file is set up, so there is no staff menu.", timeout=5)
        elif monotonic() < self._admin_locked_until:
            self.notify("Too many wrong PINs. Please wait a minute.", timeout=5)
        else:
            self.push_screen(PinScreen(self.pin.matches), self._pin_answered)

    def _pin_answered(self, right: bool | None) -> None:
        if right:
            self.push_screen(AdminScreen(), self._admin_chose)
        elif right is False:
            # Guessing is slowed down: a waiting room has time, and nobody is watching the screen.
            self._admin_locked_until = monotonic() + ADMIN_LOCKOUT
            self.notify("Too many wrong PINs. Please wait a minute.", timeout=5)

    async def _admin_chose(self, choice: str | None) -> None:
        if choice == "exit":
            self.exit()
        elif choice == "reset":
            await self.reset_visit()

    # -- nothing left behind ---------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, ACTIVITY):
            self._last_activity = monotonic()
        await super().on_event(event)

    def _visit_open(self) -> bool:
        return self.current_mode != "welcome" or len(self.screen_stack) > 1

    async def _tick(self) -> None:
        now = monotonic()
        if self._countdown_ends is not None:
            if now >= self._countdown_ends:
                await self.reset_visit()
            elif isinstance(self.screen, StillThereScreen):
                self.screen.show_remaining(self._countdown_ends - now)
        elif self._visit_open() and now - self._last_activity >= self.options.idle_reset:
            self._countdown_ends = now + self.options.countdown
            self.push_screen(StillThereScreen(self.options.countdown), self._still_there)

    def _still_there(self, here: bool | None) -> None:
        if here:
            self._countdown_ends = None
            self._last_activity = monotonic()

    def action_done(self) -> None:
        self.run_worker(self.reset_visit(), exclusive=True, group="reset")

    async def reset_visit(self) -> None:
        """Forget the visit: close every screen it opened, drop its checklist, start at the welcome."""
        if self._resetting:
            return
        self._resetting = True
        try:
            self._countdown_ends = None
            old_store, self.store = self.store, ProgressStore.in_memory()
            await self.switch_mode("welcome")
            while len(self.screen_stack) > 1:
                await self.pop_screen()
            # The visit's screens hold its text (search boxes, dialogs, scroll places): drop them whole.
            for mode in VISIT_MODES:
                await self.remove_mode(mode)
            old_store.wipe()
            old_store.close()
            self.guide_screen = GuideScreen(self.guide, self.store, self.marks)
            self.checklist_screen = ChecklistScreen(self.guide, self.store)
            self.add_mode("guide", lambda: self.guide_screen)
            self.add_mode("checklist", lambda: self.checklist_screen)
            self.clear_notifications()
            self._last_activity = monotonic()
            self._check_size(self.size.width, self.size.height)
            self.visits_cleared += 1
        finally:
            self._resetting = False
