"""The web server's log: one line per event on stderr. Never what people type or read.

aiohttp and textual-serve log through Python's logging; their records come out as the same one line, with
no traceback (a traceback's values could hold what someone sent).
"""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime


def log(message: str) -> None:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    print(f"{stamp} secondop web: {message}", file=sys.stderr, flush=True)


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
