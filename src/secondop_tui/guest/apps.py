"""The app as a guest runs it: what they tick is deleted when they leave, and the guide says so.

``GuardedApp`` already keeps a guest from the palette, screenshots and any file on the server; each class here
adds only the words and keys of its place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from time import monotonic
from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.content import Content
from textual.markup import MarkupError
from textual.notifications import SeverityLevel

from secondop_tui.app import GuardedApp
from secondop_tui.content import Guide
from secondop_tui.data.store import ProgressStore
from secondop_tui.guest import IN_A_BROWSER, OVER_SSH, guest_bindings
from secondop_tui.settings import Settings
from secondop_tui.textual_compat import write_to_terminal
from secondop_tui.web.announce import notice_sequence
from secondop_tui.web.idle import ACTIVITY, TICK, ClosingSoon, IdleWatch


class ServedGuestApp(GuardedApp):
    """A guest's app on ``secondop serve``: the browser's guest note, in the words for a terminal."""

    BINDINGS: ClassVar[list[BindingType]] = guest_bindings(GuardedApp.BINDINGS)
    WELCOME_NOTE = OVER_SSH


class WebGuestApp(GuardedApp):
    """A browser tab's app: saving is a download in the browser.

    The tab's checklist lives in a folder that is deleted when the tab closes, so the welcome says so. Quit
    is not in the footer: on a phone one stray tap there would end the visit and delete the checklist. Before
    the server closes a quiet tab, the app asks whether the person is still there (``web/idle.py``).
    """

    BINDINGS: ClassVar[list[BindingType]] = guest_bindings(GuardedApp.BINDINGS, show_quit=False)
    WELCOME_NOTE = IN_A_BROWSER

    def __init__(
        self,
        settings: Settings,
        guide: Guide,
        store: ProgressStore,
        environ: Mapping[str, str] | None = None,
        idle_timeout: float = 0.0,
        clock: Callable[[], float] = monotonic,
    ) -> None:
        super().__init__(settings, guide, store, environ)
        self.idle = IdleWatch(idle_timeout, clock)

    async def on_mount(self) -> None:
        if self.idle.timeout > 0:
            # The check is queued in the app's message loop, behind any keys already waiting.
            self.set_interval(TICK, lambda: self.call_later(self.warn_if_quiet))

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, ACTIVITY):
            self.idle.touch()
        await super().on_event(event)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)
        try:
            words = Content.from_markup(message).plain if markup else message
        except MarkupError:
            words = message  # said as written; the toast shows what Textual makes of it
        write_to_terminal(self, notice_sequence(title, words))  # said by a screen reader (web/announce.py)

    async def warn_if_quiet(self) -> None:
        """Ask "Are you still there?" once the warning is due, and keep its count of seconds current."""
        left = self.idle.left()
        # Found in the stack, not only on top: a warning being mounted is there already, and one is enough.
        shown = next((screen for screen in self.screen_stack if isinstance(screen, ClosingSoon)), None)
        if left is None:
            if shown is not None:
                shown.dismiss(True)  # a mouse move answered it: the server counted it as use too
        elif shown is not None:
            shown.show_remaining(left)
        else:
            await self.push_screen(ClosingSoon(left))
