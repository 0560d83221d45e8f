"""The one wait helper: look again until what is expected shows (on a screen, on disk, in a log), or fail saying
what never came. Waits are bounded generously: a busy machine is slow, not wrong."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

WAIT = 60.0  # seconds before a wait gives up
EVERY = 0.05  # seconds between looks


def wait_until(
    check: Callable[[], object], what: str, timeout: float = WAIT, pause: Callable[[], None] | None = None
) -> None:
    """Until ``check()`` holds; ``pause`` between looks (default: a short sleep), e.g. one that reads more output."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"never: {what}"
        if pause is not None:
            pause()
        else:
            time.sleep(EVERY)


async def wait_until_async(
    check: Callable[[], object],
    what: str | Callable[[], str],
    timeout: float = WAIT,
    pause: Callable[[float], Awaitable[object]] = asyncio.sleep,
) -> None:
    """The same in a test's event loop; ``pause`` may be a Pilot's, so the app runs while the test waits.
    ``what`` may be worked out only on failure (what the screen shows then)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() >= deadline:
            raise AssertionError(f"never: {what() if callable(what) else what}")
        await pause(EVERY)
