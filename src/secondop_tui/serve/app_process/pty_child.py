"""One app process on a fresh pseudo-terminal, with its bytes pumped in and out by the caller.

Each SSH session gets its own ``PtyChild``: a crash of one app is an ended process, never an exception
in the server, and it cannot touch another session's terminal or data. The app is forked by the warm
helper when there is one ready (``warm.client``), else started as a new ``python -m secondop_tui.guest`` process.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import signal
import struct
import sys
import termios
import tty
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Protocol

from secondop_tui.guest.memory_watch import MemoryWatch, set_hard_limit
from secondop_tui.guest.policy import clamp_size
from secondop_tui.guest.spec import GuestSpec

if TYPE_CHECKING:
    from secondop_tui.guest.warm.adoption import AppProcess
    from secondop_tui.guest.warm.client import WarmHelper

# What the app leaves switched on if it is killed before it can tidy up: the alternate screen, a hidden
# cursor, bracketed paste, mouse and focus reports, and the kitty keyboard mode. Sent to the client so its
# terminal is usable again after an idle timeout, a crash or a server stop.
RESTORE_TERMINAL = (
    b"\x1b[0m\x1b[?1049l\x1b[?25h\x1b[?2004l\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1004l\x1b[<u\r\n"
)
# Bytes held for a side that is slower than the other, in each direction: keys the app has not taken yet,
# and the app's output the client has not taken yet. Past it the faster side is paused, never buffered.
BUFFER_LIMIT = 64 * 1024
READ_SIZE = 16 * 1024


def set_window_size(fd: int, columns: int, rows: int) -> None:
    """Tell the terminal its size; the kernel then sends SIGWINCH to the app."""
    columns, rows = clamp_size(columns, rows)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def _raw_but_keep_newlines(fd: int) -> None:
    # Raw before the app starts, so bytes the client sends early are not echoed back onto the screen.
    # Output processing stays on so a one-line error from the app still starts at the left margin.
    tty.setraw(fd)
    attrs = termios.tcgetattr(fd)
    attrs[1] |= termios.OPOST | termios.ONLCR
    termios.tcsetattr(fd, termios.TCSANOW, attrs)


def _child_setup(max_memory: int) -> Callable[[], None]:
    def setup() -> None:
        # Runs in the child after setsid(): makes the pty on fd 0 its controlling terminal, so it gets
        # SIGWINCH on resizes and SIGHUP when the terminal goes away.
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
        set_hard_limit(max_memory)

    return setup


class PtyOwner(Protocol):
    """Who hears from a ``PtyChild``."""

    def app_output(self, data: bytes) -> None: ...

    def app_exited(self, status: int) -> None: ...

    def input_full(self) -> None:
        """The app has not taken ``BUFFER_LIMIT`` bytes of keys yet: send no more for now."""

    def input_taken(self) -> None:
        """The app has taken every key written so far."""

    def app_too_big(self) -> None:
        """The app holds more than its ``max_memory``."""


class PtyChild:
    def __init__(
        self,
        spec: GuestSpec,
        env: Mapping[str, str],
        size: tuple[int, int],
        owner: PtyOwner,
        max_memory: int,
        warm_helper: WarmHelper | None = None,
    ) -> None:
        self.spec = spec
        self.env = dict(env)
        self.size = size
        self.owner = owner
        self.max_memory = max_memory
        self.warm_helper = warm_helper
        self.process: AppProcess | None = None
        self.forked = False  # by the warm helper, rather than started as a new process
        self._memory: MemoryWatch | None = None
        self.master = -1
        self._pending = bytearray()  # keys not yet taken by the pty
        self._reading = False
        self._paused = False
        self._loop = asyncio.get_running_loop()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.returncode is None

    async def start(self) -> None:
        if self.warm_helper is not None:
            self.process = await self._on_new_terminal(self._fork)
            self.forked = self.process is not None
        if self.process is None:
            self.process = await self._on_new_terminal(self._execute)
        assert self.process is not None
        os.set_blocking(self.master, False)
        self._start_reading()
        self._memory = MemoryWatch(self.process.pid, self.max_memory, self.owner.app_too_big)
        self._loop.create_task(self._watch())

    async def _on_new_terminal(self, launch: Callable[[int], Awaitable[AppProcess | None]]) -> AppProcess | None:
        """Open a terminal and ``launch`` the app on it; on None, the terminal is closed again."""
        master, slave = os.openpty()
        try:
            _raw_but_keep_newlines(slave)
            set_window_size(slave, *self.size)
            process = await launch(slave)
        except BaseException:
            os.close(master)
            raise
        finally:
            # Only the app keeps the slave open, so reading the master ends (EIO) when the app does.
            os.close(slave)
        if process is None:
            os.close(master)  # an app the helper may still have started on it is hung up
        else:
            self.master = master
        return process

    async def _fork(self, slave: int) -> AppProcess | None:
        assert self.warm_helper is not None
        return await self.warm_helper.spawn(slave, self.spec, self.env, self.max_memory)

    async def _execute(self, slave: int) -> AppProcess:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "secondop_tui.guest",
            self.spec.to_json(),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=self.env,
            start_new_session=True,
            preexec_fn=_child_setup(self.max_memory),
        )

    def write(self, data: bytes) -> None:
        if self.master < 0:
            return
        if self._pending:
            self._pending += data
        else:
            try:
                written = os.write(self.master, data)
            except BlockingIOError:
                written = 0
            except OSError:
                return  # the app has gone; its end is reported by _watch
            if written == len(data):
                return
            self._pending += data[written:]
            self._loop.add_writer(self.master, self._flush)
        if len(self._pending) >= BUFFER_LIMIT:
            self.owner.input_full()

    def _flush(self) -> None:
        try:
            written = os.write(self.master, self._pending)
        except BlockingIOError:
            return
        except OSError:
            written = len(self._pending)
        del self._pending[:written]
        if not self._pending:
            self._loop.remove_writer(self.master)
            self.owner.input_taken()

    def resize(self, columns: int, rows: int) -> None:
        self.size = (columns, rows)
        if self.master >= 0:
            set_window_size(self.master, columns, rows)

    def pause_output(self) -> None:
        # The SSH channel's buffer is full: stop reading so the app blocks instead of memory growing.
        self._paused = True
        self._stop_reading()

    def resume_output(self) -> None:
        self._paused = False
        if self.master >= 0:
            self._start_reading()

    def hang_up(self, grace: float) -> None:
        """End the app as a closed terminal would (SIGHUP), and for certain after ``grace`` seconds."""
        self._signal(signal.SIGHUP)
        self._loop.call_later(grace, self._signal, signal.SIGKILL)

    def _signal(self, number: int) -> None:
        if self.process is not None and self.process.returncode is None:
            try:
                os.killpg(self.process.pid, number)  # the app leads its own session and group
            except ProcessLookupError:
                pass

    def _start_reading(self) -> None:
        if not self._reading and not self._paused:
            self._loop.add_reader(self.master, self._readable)
            self._reading = True

    def _stop_reading(self) -> None:
        if self._reading:
            self._loop.remove_reader(self.master)
            self._reading = False

    def _readable(self) -> None:
        try:
            data = os.read(self.master, READ_SIZE)
        except BlockingIOError:
            return
        except OSError:
            data = b""  # EIO: the app closed its terminal
        if data:
            self.owner.app_output(data)
        else:
            self._stop_reading()

    async def _watch(self) -> None:
        assert self.process is not None
        status = await self.process.wait()
        if self._memory is not None:
            self._memory.stop()
        self._drain()
        self._stop_reading()
        if self._pending:
            self._loop.remove_writer(self.master)
            self._pending.clear()
        os.close(self.master)
        self.master = -1
        self.owner.app_exited(status)

    def _drain(self) -> None:
        """Pass on what the app wrote just before it ended (it restores the client's terminal)."""
        while True:
            try:
                data = os.read(self.master, READ_SIZE)
            except OSError:
                return
            if not data:
                return
            self.owner.app_output(data)
