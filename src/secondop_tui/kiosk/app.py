"""The app as a waiting-room kiosk: no way out for visitors, and each visit forgotten when it ends."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from time import monotonic
from weakref import WeakSet

from rich.console import Console
from textual import events
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from secondop_tui.app import MAIN_MODES, PANES_AND_LANGUAGE, GuardedApp
from secondop_tui.content import Guide
from secondop_tui.data.locations import styles_dir
from secondop_tui.data.store import ProgressStore
from secondop_tui.i18n import N_, _, ngettext, other_language
from secondop_tui.kiosk.lockout import PinGate
from secondop_tui.kiosk.options import KioskOptions
from secondop_tui.kiosk.pin import PinFile
from secondop_tui.kiosk.screens import (
    BACK_TO_START,
    AdminScreen,
    KioskChecklistScreen,
    KioskGuideScreen,
    KioskTakeAwayScreen,
    PinScreen,
    StillThereScreen,
    WelcomeScreen,
    take_away_promise,
)
from secondop_tui.screens.checklist import ChecklistScreen
from secondop_tui.screens.guide import GuideScreen
from secondop_tui.screens.help import KeyGroups
from secondop_tui.screens.take_away import Ways
from secondop_tui.settings import Settings
from secondop_tui.themes import CONTRAST_THEME

TICK = 0.25  # seconds between idle checks; cheap, and keeps the countdown's numbers current
STAY_MESSAGE = N_("This screen stays on for the next person. Press F2 when you are done.")
ACTIVITY = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)


class KioskApp(GuardedApp, inherit_bindings=False):
    """The app for a waiting room.

    Anyone can press anything, fast, so everything that changes screens runs in one lane, the app's message
    loop, one thing at a time: key bindings, the idle check, and clearing a visit. Screens are awaited until
    shown before the next key is taken, and a visit is cleared in one go while keys wait their turn.
    """

    # Not inheriting bindings drops Textual's own ctrl+q (quit) and ctrl+c (quit hint) and our q.
    # As for any stranger (GuardedApp: no palette, no screenshot, no file), and nothing leaves through the
    # terminal's clipboard either: the next visitor could paste it.
    COPIES = False
    # Nor is any text selected with the mouse: a click or a tap is only ever a click.
    ALLOW_SELECT = False
    CSS_PATH = [styles_dir() / "app.tcss", styles_dir() / "kiosk.tcss"]
    GUIDE_SCREEN = KioskGuideScreen
    CHECKLIST_SCREEN = KioskChecklistScreen
    TAKE_AWAY_SCREEN = KioskTakeAwayScreen
    # Function keys are priority bindings so they work in every dialog too (a modal screen hides
    # the app's other bindings); keys a visitor may type into a text box are not.
    BINDINGS = [
        Binding("f1", "help", N_("Help"), key_display="F1", priority=True, tooltip=N_("Show every key")),
        Binding("question_mark", "help", N_("Help"), show=False, tooltip=N_("Show every key")),
        Binding(
            "f2",
            "done",
            N_("I'm done"),
            key_display="F2",
            priority=True,
            tooltip=N_("I'm done: clear everything and start again"),
        ),
        # The ways it offers depend on the kiosk (a printer, a terminal that can draw a QR code): its screen lists them.
        Binding(
            "f3",
            "take_away",
            N_("Take it with you"),
            key_display="F3",
            priority=True,
            tooltip=N_("Take your checklist with you"),
        ),
        # L too (a visitor who reads the guide's first line, "Para leer esta guía en español, pulse L", may
        # switch from there), and e on the welcome screen, where the footer shows it. Each visit starts in the
        # default language.
        *PANES_AND_LANGUAGE,
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
        # Wrong PINs are counted here, for as long as the kiosk runs, not by each prompt: a prompt can be closed.
        pin_file = PinFile(options.admin_pin_file) if options.admin_pin_file else None
        self.pin_gate = PinGate(pin_file.matches, clock) if pin_file else None
        self.welcome_screen = WelcomeScreen(take_away_promise(self.take_away_ways()))
        self.add_mode("welcome", lambda: self.welcome_screen)
        self._last_activity = clock()
        self._countdown_ends: float | None = None
        self._resetting = False
        # Keys the terminal sent during this visit. A key goes from the app to a widget and comes back to the
        # app for the screen's bindings; one that comes back after the visit was cleared belongs to nobody.
        self._visit_keys: WeakSet[events.Key] = WeakSet()

    # Textual hands the event to a handler that takes it: the kiosk's stops the app's default.
    async def on_mount(self, event: events.Mount) -> None:  # type: ignore[override]
        event.prevent_default()  # the normal app would open the guide; a kiosk opens on its welcome
        await self.switch_mode("welcome")
        self.check_size()
        # A timer runs beside the app's message loop; the check itself is queued in that loop, behind the keys.
        self.set_interval(TICK, lambda: self.call_later(self.check_visitor_idle))

    # -- no way out ------------------------------------------------------------------------------

    def action_stay(self) -> None:
        self._keep_visit()
        self.clear_notifications()  # one calm message, not a pile of them for each press
        self.notify(_(STAY_MESSAGE), timeout=5)

    async def action_quit(self) -> None:
        # Reached by anything that asks the app to quit; only the staff menu really exits.
        self.action_stay()

    def action_help_quit(self) -> None:
        self.action_stay()

    def action_suspend_process(self) -> None:
        self.action_stay()

    # -- moving between screens ------------------------------------------------------------------

    async def action_start(self, mode: str) -> None:
        if isinstance(self.screen, WelcomeScreen):
            await self.switch_mode(mode)

    def starting_language(self) -> str:
        return self.settings.language  # a kiosk keeps no choice: each visitor starts in the kiosk's language

    async def action_switch_language(self) -> None:
        """The visitor's language, for this visit only: nothing is kept, and the next visit starts in the default."""
        self._keep_visit()
        await self.show_language(other_language(self.language))
        await self.welcome_in_language()

    async def welcome_in_language(self) -> None:
        """The welcome's words in the language in use, whether it is shown now or covered (by the notice that the
        window is too small, where L still works) and shown again later."""
        if self.welcome_screen.is_mounted and self.welcome_screen.composed_in != self.language:
            await self.welcome_screen.recompose()
            self.screen.refresh_bindings()  # the new footer has not heard of the keys yet

    # Run before the app's own handler (which it may stop), so it takes the message and need not be async.
    def on_guide_screen_open_checklist(self, message: GuideScreen.OpenChecklist) -> None:  # type: ignore[override]
        if self.current_mode != "guide":
            message.prevent_default()  # from a guide screen already cleared away with its visit

    def on_checklist_screen_back_to_guide(  # type: ignore[override]
        self, message: ChecklistScreen.BackToGuide
    ) -> None:
        if self.current_mode != "checklist":
            message.prevent_default()

    def _keep_visit(self) -> None:
        """A function key during "Are you still there?" answers it too."""
        if isinstance(self.screen, StillThereScreen):
            self.screen.dismiss(True)

    async def action_help(self) -> None:
        self._keep_visit()
        await super().action_help()

    def key_groups(self) -> KeyGroups:
        # t, which the guide's first section names, does what F3 does; here that is neither copying nor saving.
        take_away = _("Take your checklist with you")
        visit = _("Your visit (v)")  # where t takes the question card, as its own words say
        return [
            (title, [(keys, take_away if keys == "t" and title != visit else text) for keys, text in rows])
            for title, rows in super().key_groups()
        ]

    def take_away_ways(self) -> Ways:
        return replace(
            super().take_away_ways(),
            print_command=self.options.print_command,
            help=_("Please ask at the desk."),
            hint=_("Escape goes back.") + " " + _(BACK_TO_START),
        )

    def takes_away_from(self, screen: Screen[object]) -> bool:
        return isinstance(screen, WelcomeScreen) or super().takes_away_from(screen)

    async def action_take_away(self) -> None:
        self._keep_visit()
        await super().action_take_away()

    async def action_admin(self) -> None:
        self._keep_visit()
        if isinstance(self.screen, (PinScreen, AdminScreen)):
            return
        if self.pin_gate is None:
            self.notify(_("No admin PIN file is set up, so there is no staff menu."), timeout=5)
        elif wait := self.pin_gate.wait_left():
            self._say_shut(wait)
        else:
            await self.push_screen(PinScreen(self.pin_gate.attempt), self._pin_answered)

    async def _pin_answered(self, right: bool | None) -> None:
        if right:
            await self.push_screen(AdminScreen(), self._admin_chose)
        elif right is False and self.pin_gate is not None:
            self._say_shut(self.pin_gate.wait_left())

    def _say_shut(self, seconds: float) -> None:
        minutes = max(1, math.ceil(seconds / 60))
        self.clear_notifications()  # one message, however often F12 is pressed
        self.notify(
            ngettext(
                "Too many wrong PINs. The staff menu opens again in {minutes} minute.",
                "Too many wrong PINs. The staff menu opens again in {minutes} minutes.",
                minutes,
            ).format(minutes=minutes),
            timeout=5,
        )

    async def _admin_chose(self, choice: str | None) -> None:
        if choice == "exit":
            self.exit()
        elif choice == "reset":
            await self.reset_visit()

    # -- nothing left behind ---------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not self._of_this_visit(event):
            return
        if isinstance(event, ACTIVITY):
            self._last_activity = self.clock()
        await super().on_event(event)

    def _of_this_visit(self, key: events.Key) -> bool:
        if not key.is_forwarded:
            self._visit_keys.add(key)  # fresh from the terminal
            return True
        return key in self._visit_keys

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        if self._resetting:
            return  # from a screen or task of the visit being cleared: nothing of it is for the next person
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

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
            await self.push_screen(StillThereScreen(self.options.countdown), self._still_there)

    def _still_there(self, here: bool | None) -> None:
        if here:
            self._countdown_ends = None
            self._last_activity = self.clock()

    async def action_done(self) -> None:
        await self.reset_visit()

    async def reset_visit(self) -> None:
        """Forget the visit: close every screen it opened, drop its checklist and clipboard, start at the welcome.

        Awaited in the app's message loop (from F2, the staff menu or the idle check), never as a worker
        beside it: no key, message or dialog answer is handled until it is done, so none can open a screen on
        a mode being taken down. Keys typed meanwhile wait, then go to the fresh start.
        """
        if self._resetting:
            return
        self._resetting = True
        try:
            self._visit_keys = WeakSet()
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
            if self.language != self.settings.language:
                self.use_language(self.settings.language)  # the next visitor starts in the kiosk's language
            await self.welcome_in_language()
            self.add_main_modes()
            # What the visitor copied would be pasted by the next one; this also asks the terminal to empty
            # its own clipboard, which Textual fills too (OSC 52).
            self.copy_to_clipboard("")
            self.clear_notifications()
            # A message the old visit queued before this reset began is shown after it: clear that too.
            self.call_later(self.clear_notifications)
            self._last_activity = self.clock()
            self.check_size()
            # The whole screen drawn again: a dialog of the visit closed in the same moment can have sent its
            # last frame after the welcome was drawn, and the welcome, unchanged, would not be drawn over it.
            self.screen.refresh(layout=True)
        finally:
            self._resetting = False
