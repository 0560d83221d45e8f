"""How a dialog's answer travels: given only by the screen on top, taken only by a screen still in the app.

A kiosk clears a visit while keys keep coming, so by the time an answer arrives the dialog may already be
closed, or the screen that asked may be gone. Textual's ``dismiss`` pops whichever screen is on top, and a
result callback runs whether or not the screen that asked still exists; these two wrappers make both safe.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from inspect import isawaitable
from typing import Any, TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen, Screen
from textual.widget import AwaitMount

from secondop_tui.screens.localized import LocalizedScreen

ResultType = TypeVar("ResultType")


class Answering(LocalizedScreen[ResultType]):
    """A screen that can be dismissed only while it is the one shown."""

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        if not self.is_active:
            # Already closed, or cleared away with a visit: popping now would close another screen instead.
            return AwaitComplete.nothing()
        return super().dismiss(result)


class Dialog(Answering[ResultType], ModalScreen[ResultType]):
    """A modal question or list over another screen."""


def ask(
    asker: Screen[Any],
    dialog: Screen[ResultType],
    then: Callable[[ResultType | None], Awaitable[None] | None],
) -> AwaitMount:
    """Show ``dialog``; its answer reaches ``then`` only if ``asker`` is still in the app when it comes."""

    async def answered(result: ResultType | None) -> None:
        if asker.is_attached:
            outcome = then(result)
            if isawaitable(outcome):
                await outcome

    return asker.app.push_screen(dialog, answered)
