"""Apps the server did not start itself but is the parent of: the ones its warm helper forks.

The server makes itself a child subreaper: a process whose parent exits, anywhere below the server, is
handed to the server rather than to init. The helper forks each app through a go-between that exits at
once, so every app is the server's own child, whether the helper lives on or not. The server can then
wait for it, learn how it ended, and signal its process group with no risk that the number meanwhile
names another process (a child's number is not reused before its parent has reaped it).

Any other process handed over this way (say a print command whose app was closed while it ran) is reaped
by ``StraySweep``, so none is left a zombie.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Protocol

from secondop_tui.guest.prctl import switch_on

_PR_SET_CHILD_SUBREAPER = 36  # from <linux/prctl.h>
SWEEP_EVERY = 30.0  # seconds


def become_subreaper() -> str | None:
    """Make this process the parent of its orphaned descendants; why not, if it cannot be done here."""
    if not hasattr(os, "pidfd_open"):
        return "this system cannot watch processes it did not start (no pidfd_open)"
    try:
        os.close(os.pidfd_open(os.getpid()))
    except OSError as error:
        return f"cannot become a child subreaper: {error}"
    problem = switch_on(_PR_SET_CHILD_SUBREAPER)
    return None if problem is None else f"cannot become a child subreaper: {problem}"


class AppProcess(Protocol):
    """An app's process, started by a server (``asyncio.subprocess.Process``) or forked by the helper
    (``AdoptedApp``)."""

    @property
    def pid(self) -> int: ...

    @property
    def returncode(self) -> int | None: ...

    async def wait(self) -> int: ...


class AdoptedApp:
    """An app process that is the server's child without having been started by it.

    It looks like an ``asyncio.subprocess.Process`` to the server (an ``AppProcess``): ``pid``, ``returncode``
    (negative for a signal) and ``wait()``. Its end is noticed through a pidfd, then it is reaped here.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._loop = asyncio.get_running_loop()
        self._ended: asyncio.Future[int] = self._loop.create_future()
        self._pidfd = os.pidfd_open(pid)
        self._loop.add_reader(self._pidfd, self._exited)

    def _exited(self) -> None:
        try:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            pid, code = self.pid, 255  # someone else reaped it: how it ended is lost, as asyncio would say
        else:
            if pid == 0:
                return  # not ended after all
            code = os.waitstatus_to_exitcode(status)
        self._loop.remove_reader(self._pidfd)
        os.close(self._pidfd)
        self.returncode = code
        self._ended.set_result(code)

    async def wait(self) -> int:
        return await asyncio.shield(self._ended)


def zombie_children() -> set[int]:
    """This process's children that have ended and wait to be reaped."""
    me = os.getpid()
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[0] == "Z" and int(fields[1]) == me:
            found.add(int(entry.name))
    return found


class StraySweep:
    """Reaps, now and then, ended children that nobody waits for.

    A child that is a zombie at two sweeps in a row has nobody waiting: an app the server waits for is
    reaped as soon as it ends (or, had it ended before the helper named it, as soon as it is named).
    """

    def __init__(self, every: float = SWEEP_EVERY) -> None:
        self.every = every
        self._seen: set[int] = set()
        self._timer: asyncio.TimerHandle | None = None

    def start(self) -> None:
        self._timer = asyncio.get_running_loop().call_later(self.every, self._sweep)

    def _sweep(self) -> None:
        zombies = zombie_children()
        for pid in zombies & self._seen:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
        self._seen = zombies - self._seen
        self.start()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
