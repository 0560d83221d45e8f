"""The rules every guest app follows, over SSH and in a browser tab alike, kept here once.

A guest app runs for a stranger on someone else's server: its memory is capped, its environment holds nothing of
the server's own settings, its checklist lives in a folder deleted when it ends, it is closed after a while
without a key, and its screen is never larger than an app can afford. A server that cannot start one says only
the kind of error (its text could quote what the client sent).
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from collections.abc import Awaitable, Callable, Collection, Mapping
from pathlib import Path
from typing import Protocol

from secondop_tui.guest.folders import PROGRESS_FILE

APP_MEMORY_LIMIT = 256 * 1024 * 1024  # an app holds about 40-50 MiB; a flood of keys makes it grow (memory_watch)
APP_FPS = "30"  # fewer frames per second: less to send over a slow link or to a phone
# A terminal larger than any real screen costs the app memory per cell (65535 x 65535 took 1.45 GB).
MAX_COLUMNS = 500
MAX_ROWS = 200
# The server's own secondop settings (its progress file, kiosk mode) and its SSH session mean nothing to a
# guest's app, and would mislead it.
DROPPED_PREFIXES = ("SECONDOP_", "SSH_")
# Set at a Python's start, as every guest app (and the warm helper it may fork from) needs it.
PYTHON_SETTINGS = {"PYTHONUTF8": "1"}


def clamp_size(columns: int, rows: int) -> tuple[int, int]:
    """A size the app can afford, whatever the client asked for."""
    return min(max(columns, 1), MAX_COLUMNS), min(max(rows, 1), MAX_ROWS)


def guest_environment(server: Mapping[str, str], dropped: Collection[str] = ()) -> dict[str, str]:
    """The server's environment less what would mislead a guest's app (and the names in ``dropped``, those of
    one place), with the app's frame rate and Python's settings."""
    env = {
        name: value for name, value in server.items() if name not in dropped and not name.startswith(DROPPED_PREFIXES)
    }
    env.update(PYTHON_SETTINGS, TEXTUAL_FPS=APP_FPS)
    return env


def start_failure(error: BaseException) -> str:
    """Why an app could not start, for the log: only the kind of error, never its text."""
    return error.strerror if isinstance(error, OSError) and error.strerror else type(error).__name__


class GuestFolder:
    """A throwaway folder for one guest's checklist, made inside ``root`` and deleted when the guest leaves."""

    def __init__(self, root: Path) -> None:
        self.path: Path | None = Path(tempfile.mkdtemp(prefix="guest-", dir=root))

    @property
    def progress_file(self) -> Path:
        assert self.path is not None
        return self.path / PROGRESS_FILE

    def remove(self) -> None:
        """Delete the folder and the checklist in it; again is nothing."""
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)
            self.path = None


class Timer(Protocol):
    def cancel(self) -> None: ...


Schedule = Callable[[float, Callable[[], None]], Timer]


class IdleTimer:
    """Calls ``on_idle`` once ``seconds`` pass without a ``touch``; 0 seconds is never.

    ``schedule(seconds, callback)`` sets the timer going: the event loop's ``call_later`` unless a test gives
    one on a clock of its own."""

    def __init__(self, seconds: float, on_idle: Callable[[], None], schedule: Schedule | None = None) -> None:
        self.seconds = seconds
        self.on_idle = on_idle
        self._schedule = schedule
        self._handle: Timer | None = None

    def touch(self) -> None:
        """A key or a tap: the timer starts again."""
        if self.seconds <= 0:
            return
        self.cancel()
        schedule = self._schedule or asyncio.get_running_loop().call_later
        self._handle = schedule(self.seconds, self.on_idle)

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None


async def drain(
    remaining: Callable[[], int],
    grace: float,
    clock: Callable[[], float] = time.monotonic,
    pause: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> int:
    """At a server's stop, once every guest was told to go: wait until none is left or ``grace`` seconds have
    passed; how many are left."""
    deadline = clock() + grace
    while remaining() and clock() < deadline:
        await pause(0.05)
    return remaining()
