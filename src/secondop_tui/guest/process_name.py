"""A name for a process of ``secondop serve`` or ``web`` in ps and top, so that an admin can tell sessions apart.

Two places hold what those tools show: the short name (comm, 15 bytes, set with prctl) and the command line,
which the kernel reads from the memory where the process's arguments were put when it started. Python keeps
its own copy of them, so that memory may be written over, as C programs' setproctitle does: the name fills
it, and what is left of it is zeroed. The name is the server's words (a user name from the keys file, or
"guest", and the session's number from the log; a tab's number and address from the log), never what a client
typed.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

from secondop_tui.guest.prctl import NAME_SIZE, set_name

# Fields of /proc/self/stat, counted from the one after the process's name: where its arguments lie.
_ARG_START, _ARG_END = 45, 46


def _argument_area() -> tuple[int, int] | None:
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        start, end = int(fields[_ARG_START]), int(fields[_ARG_END])
    except (OSError, IndexError, ValueError):
        return None
    return (start, end - start) if start and end > start else None


def name_process(name: str, server: str = "serve") -> None:
    """Show this process as ``secondop SERVER: NAME`` (its command line, cut to fit) and ``secondop NAME`` (its
    short name, cut to 15 bytes)."""
    set_name(f"secondop {name}".encode()[:NAME_SIZE].decode(errors="ignore").rstrip())
    area = _argument_area()
    if area is None:
        return  # nowhere to write: ps shows the command line it started with
    start, size = area
    text = f"secondop {server}: {name}".encode()[: size - 1]
    ctypes.memmove(start, text + bytes(size - len(text)), size)
