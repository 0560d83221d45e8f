"""Linux's prctl(2), for the per-process switches the server and its warm helper turn on, and a process's name."""

from __future__ import annotations

import ctypes
import os

_PR_SET_NAME = 15  # from <linux/prctl.h>
NAME_SIZE = 15  # bytes of a process's name (its "comm"), as ps and top show it, without the final NUL


def _prctl(option: int, argument: int | bytes) -> str | None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(option, argument, 0, 0, 0) != 0:
            return os.strerror(ctypes.get_errno())
    except (OSError, AttributeError) as error:  # no C library to load, or one without prctl
        return str(error)
    return None


def switch_on(option: int) -> str | None:
    """Turn ``option`` on for this process; what stood in the way, or None."""
    return _prctl(option, 1)


def set_name(name: str) -> str | None:
    """This process's short name (cut to 15 bytes); what stood in the way, or None."""
    return _prctl(_PR_SET_NAME, name.encode()[:NAME_SIZE])
