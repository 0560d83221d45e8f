"""The line both servers (and the warm helper they start) write to their log: a time, who says it, one event.

Never what people type or read.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

SERVERS = ("serve", "web")  # the commands whose log a line may go to


def log_line(server: str, message: str) -> None:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    print(f"{stamp} secondop {server}: {message}", file=sys.stderr, flush=True)
