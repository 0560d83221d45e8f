"""Linux's prctl(2), for the per-process switches the server and its warm helper turn on."""

from __future__ import annotations

import ctypes
import os


def switch_on(option: int) -> str | None:
    """Turn ``option`` on for this process; what stood in the way, or None."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(option, 1, 0, 0, 0) != 0:
            return os.strerror(ctypes.get_errno())
    except (OSError, AttributeError) as error:  # no C library to load, or one without prctl
        return str(error)
    return None
