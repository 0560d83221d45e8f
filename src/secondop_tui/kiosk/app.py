"""The app as a waiting-room kiosk: no way out for visitors, and each visit forgotten when it ends."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from time import monotonic

from rich.console import Console
from textual import events
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from secondop_tui.app import MAIN_MODES, SecondOpinionApp
from secondop_tui.content import Guide
from secondop_tui.data.locations import styles_dir
from secondop_tui.data.store import ProgressStore
from secondop_tui.kiosk.options import KioskOptions
from secondop_tui.kiosk.pin import PinFile
from secondop_tui.kiosk.screens import (
    AdminScreen,
    PinScreen,
    ShareScreen,
    StillThereScreen,
    WelcomeScreen,
)
from secondop_tui.settings import Settings
from secondop_tui.themes import CONTRAST_THEME

TICK = 0.25  # seconds between idle checks; cheap, and keeps the countdown's numbers current
ADMIN_LOCKOUT = 60.0  # seconds the staff menu stays shut after too many wrong PINs
STAY_MESSAGE = "This screen stays on for the next person. Press F2 when you are done."
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

    def __init__(
        self, settings: Settings, guide: Guide, options: KioskOptions, clock: Callable[[], float] = monotonic
    ) -> None:
        # Visits live in memory only: nothing of a visitor is ever written to disk.
        super().__init__(replace(settings, db_path=None), guide, ProgressStore.in_memory())
        self.theme = CONTRAST_THEME
        # After a crash Textual prints a traceback with local variables, which can hold what the visitor
        # typed, onto the kiosk's screen. Its error console goes nowhere; the launcher prints one calm line.
        self.error_console = Console(quiet=True)
        self.options = options
        self.clock = clock  # seconds, for the idle countdown and the PIN lockout; tests pass their own
        self.pin = PinFile(options.admin_pin_file) if options.admin_pin_file else None
        self.add_mode("welcome", WelcomeScreen)
        self._last_activity = clock()
        self._countdown_ends: float | None = None
        self._admin_locked_until = 0.0
        self._resetting = False

    async def on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # the normal app would open the guide; a kiosk opens on its welcome
        await self.switch_mode("welcome")
        self.check_size()
        self.set_interval(TICK, self.check_visitor_idle)

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
        elif self.clock() < self._admin_locked_until:
            self.notify("Too many wrong PINs. Please wait a minute.", timeout=5)
        else:
            self.push_screen(PinScreen(self.pin.matches), self._pin_answered)

    def _pin_answered(self, right: bool | None) -> None:
        if right:
            self.push_screen(AdminScreen(), self._admin_chose)
        elif right is False:
            # Guessing is slowed down: a waiting room has time, and nobody is watching the screen.
            self._admin_locked_until = self.clock() + ADMIN_LOCKOUT
            self.notify("Too many wrong PINs. Please wait a minute.", timeout=5)

    async def _admin_chose(self, choice: str | None) -> None:
        if choice == "exit":
            self.exit()
        elif choice == "reset":
            await self.reset_visit()

    # -- nothing left behind ---------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, ACTIVITY):
            self._last_activity = self.clock()
        await super().on_event(event)

    def _visit_open(self) -> bool:
        return self.current_mode != "welcome" or len(self.screen_stack) > 1

    async def check_visitor_idle(self) -> None:
        """Ask "Are you still there?" after a quiet spell, count it down, and clear the visit at zero.

        Runs every TICK seconds; time comes from ``self.clock``.
        """
        now = self.clock()
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
            self._last_activity = self.clock()

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
            for mode in MAIN_MODES:
                await self.remove_mode(mode)
            old_store.wipe()
            old_store.close()
            self.add_main_modes()
            self.clear_notifications()
            self._last_activity = self.clock()
            self.check_size()
        finally:
            self._resetting = False
