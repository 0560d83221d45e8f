"""The web server's log: one line per event on stderr. Never what people type or read.

aiohttp and textual-serve log through Python's logging, and asyncio reports trouble to its event loop's
exception handler; all of it comes out as the same one line, with no traceback (a traceback's values could
hold what someone sent). Trouble a stranger can repeat at will is said at most once a minute (``Sparse``).
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable
from typing import Any

from secondop_tui.guest.server_log import log_line

ONCE_EVERY = 60.0  # seconds between two lines about the same trouble


def log(message: str) -> None:
    log_line("web", message)


class Sparse:
    """At most one line every ``every`` seconds for each kind of trouble, with how often it came in between.

    A flood of connections can make the same trouble happen thousands of times a second; its first time is
    said at once, the rest are counted.
    """

    def __init__(self, every: float = ONCE_EVERY, clock: Callable[[], float] = time.monotonic) -> None:
        self.every = every
        self.clock = clock
        self._said: dict[str, float] = {}  # kind: when it was last said
        self._unsaid: dict[str, int] = {}  # kind: how often it came since

    def __call__(self, kind: str, message: str) -> None:
        now = self.clock()
        said = self._said.get(kind)
        if said is not None and now - said < self.every:
            self._unsaid[kind] = self._unsaid.get(kind, 0) + 1
            return
        unsaid = self._unsaid.pop(kind, 0)
        self._said[kind] = now
        log(message + (f" (and {unsaid} more times since it was last said)" if unsaid else ""))


class OneLine(logging.Handler):
    """A library's warning as one of our lines: its first line only, and never its exception."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = str(record.msg) % record.args if record.args else str(record.msg)
        except (TypeError, ValueError):
            text = str(record.msg)
        first = text.splitlines()[0] if text else ""
        log(f"{record.name}: {first[:200]}")


def quiet_libraries() -> None:
    """Route aiohttp's and textual-serve's warnings through ``OneLine``; drop their chatter."""
    for name in ("aiohttp", "textual-serve"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [OneLine()]
        logger.setLevel(logging.WARNING)
        logger.propagate = False


def quiet_event_loop(loop: asyncio.AbstractEventLoop, sparse: Sparse) -> None:
    """The event loop's trouble in one line, at most once a minute for each kind.

    Out of open files, asyncio cannot accept a connection; by default it logs that with a traceback, as often
    as it tries again.
    """

    def handle(_loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        error = context.get("exception")
        message = str(context.get("message") or "trouble")
        if isinstance(error, OSError) and message.startswith("socket.accept()"):
            sparse("accept", f"cannot take a new connection: {error.strerror or type(error).__name__}")
            return
        # Up to the first bracket or quote: past it, asyncio may quote a call's arguments.
        what = re.split(r"[(<\[{'\"]", message.splitlines()[0] if message else "")[0].strip()[:120]
        reason = f": {type(error).__name__}" if error is not None else ""
        sparse(what, f"event loop: {what}{reason}")

    loop.set_exception_handler(handle)
