"""A ceiling on one app's memory, whatever its client makes it hold.

An app holds about 40 MiB (resident, counting in full what it shares with the helper and the other apps).
A client can make it hold far more: keys it reads faster than it can handle them wait in its memory. The
server looks at the app's resident memory every few seconds and ends a session whose app is over the limit;
the kernel keeps a hard limit at twice that, in case it grows faster than it is looked at.
"""

from __future__ import annotations

import asyncio
import os
import resource
from collections.abc import Callable

CHECK_EVERY = 2.0  # seconds
_PAGE = os.sysconf("SC_PAGE_SIZE")


def set_hard_limit(limit: int) -> None:
    """In the app's process before it starts: allocations past twice ``limit`` fail."""
    resource.setrlimit(resource.RLIMIT_DATA, (2 * limit, 2 * limit))


def resident_bytes(pid: int) -> int:
    """The process's resident memory; 0 if it has gone or this system does not say."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return 0


class MemoryWatch:
    """Calls ``on_over`` once when process ``pid`` holds more than ``limit`` bytes."""

    def __init__(self, pid: int, limit: int, on_over: Callable[[], None]) -> None:
        self.pid = pid
        self.limit = limit
        self.on_over = on_over
        self._timer: asyncio.TimerHandle | None = asyncio.get_running_loop().call_later(CHECK_EVERY, self._check)

    def _check(self) -> None:
        if resident_bytes(self.pid) > self.limit:
            self._timer = None
            self.on_over()
        else:
            self._timer = asyncio.get_running_loop().call_later(CHECK_EVERY, self._check)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
