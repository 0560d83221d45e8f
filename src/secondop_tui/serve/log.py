"""The server's log: one line per event on stderr. Never what people type or read."""

from __future__ import annotations

import sys
from datetime import UTC, datetime


def log(message: str) -> None:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    print(f"{stamp} secondop serve: {message}", file=sys.stderr, flush=True)
