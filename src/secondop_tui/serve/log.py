"""The server's log: one line per event on stderr. Never what people type or read."""

from __future__ import annotations

from secondop_tui.guest.server_log import log_line


def log(message: str) -> None:
    log_line("serve", message)
