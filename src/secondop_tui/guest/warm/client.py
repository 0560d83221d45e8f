"""The warm helper as a server sees it: started with the server, started again if it dies, asked for apps.

``spawn`` hands the helper a session's terminal (or a browser tab's stream) and settings and returns the app it
forked, or None when there is no helper ready to ask (starting, just died, not answering): the session then starts
its app the old way, as a new process. So nobody is refused for want of a helper, only slower served.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from secondop_tui.guest.server_log import log_line
from secondop_tui.guest.spec import GuestSpec
from secondop_tui.guest.warm.adoption import AdoptedApp, StraySweep, become_subreaper
from secondop_tui.guest.warm.wire import TERMINAL, Message, WireError, close_all, receive, send, socket_pair

# Seconds the helper may go without answering while it has questions: it answers each in milliseconds of its
# own time, so even behind a hundred apps starting at once on two busy cores it makes progress well within this.
STALL = 10.0
STEADY = 60.0  # a helper that ended sooner than this after its start is started again only after a pause
MAX_PAUSE = 60.0
STOP_GRACE = 5.0


class WarmHelper:
    """``server`` names the command (``serve`` or ``web``) in whose log the helper's lines go; ``env`` is the
    environment its apps run with."""

    def __init__(
        self, server: str, content_dir: Path | None, env: Mapping[str, str], merge_pages: bool = False
    ) -> None:
        self.server = server
        self.content_dir = content_dir
        self.merge_pages = merge_pages
        self.env = dict(env)
        self.process: asyncio.subprocess.Process | None = None
        self._sock: socket.socket | None = None
        self._ready = False
        self._pending: dict[int, asyncio.Future[Message | None]] = {}
        self._numbers = itertools.count(1)
        self._writable: asyncio.Future[None] | None = None
        self._watchdog: asyncio.TimerHandle | None = None
        self._stopping = False
        self._renewing = False
        self._task: asyncio.Task[None] | None = None
        self._sweep = StraySweep()

    def start(self) -> str | None:
        """Start the helper (it imports while the server starts; until it is ready, apps start cold), unless this
        system will not let the server be the parent of what it forks: then why not, and nothing is started."""
        why_not = become_subreaper()
        if why_not is None:
            self._task = asyncio.get_running_loop().create_task(self._keep_running())
            self._sweep.start()
        return why_not

    def renew(self, content_dir: Path | None) -> None:
        """A new helper, which reads the guide in ``content_dir``; apps already running are not touched."""
        self.content_dir = content_dir
        self.log("reload: a new helper will read the guide")
        if self.process is not None and self.process.returncode is None:
            self._renewing = True
            self._end_helper(signal.SIGTERM)

    async def stop(self) -> None:
        """End the helper, and wait until it has gone."""
        self._stopping = True
        process = self.process
        self._end_helper(signal.SIGTERM)
        if process is not None and process.returncode is None:
            try:
                await asyncio.wait_for(process.wait(), STOP_GRACE)
            except TimeoutError:
                self._end_helper(signal.SIGKILL)
                await process.wait()
        if self._task is not None:
            self._task.cancel()  # it may be pausing before a new start
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._sweep.stop()

    def log(self, message: str) -> None:
        log_line(self.server, message)

    async def spawn(
        self, terminal: int, spec: GuestSpec, env: Mapping[str, str], memory: int, io: str = TERMINAL
    ) -> AdoptedApp | None:
        """The app the helper forked on ``terminal`` (a terminal, or with ``io`` STREAM a socket); None if the
        helper could not be asked or did not answer."""
        if not self._ready or self._sock is None:
            return None
        number = next(self._numbers)
        answer: asyncio.Future[Message | None] = asyncio.get_running_loop().create_future()
        self._pending[number] = answer
        if self._watchdog is None:
            self._watch_progress()
        try:
            request = {"id": number, "spec": spec.to_json(), "env": dict(env), "memory": memory, "io": io}
            await self._send(request, terminal)
            reply = await answer
        except OSError:
            reply = None  # the helper went away while we were asking
        finally:
            self._pending.pop(number, None)
        if reply is None:
            return None
        if "pid" not in reply:
            self.log(f"helper: {str(reply.get('error'))[:200]}")
            return None
        try:
            return AdoptedApp(int(reply["pid"]))
        except (OSError, ValueError) as error:  # cannot be watched: that app loses its terminal and ends
            self.log(f"helper: cannot watch the app it started: {error}")
            return None

    def _watch_progress(self) -> None:
        """(Re)start the wait for the helper's next answer, while any is awaited."""
        if self._watchdog is not None:
            self._watchdog.cancel()
            self._watchdog = None
        if self._pending and self._sock is not None:
            self._watchdog = asyncio.get_running_loop().call_later(STALL, self._stalled)

    def _stalled(self) -> None:
        self._watchdog = None
        self.log(f"helper: no answer for {STALL:g} s; it is replaced, and meanwhile apps start cold")
        self._end_helper(signal.SIGKILL)

    async def _send(self, message: Message, fd: int) -> None:
        while True:
            if self._sock is None:
                raise BrokenPipeError("no helper")
            try:
                send(self._sock, message, [fd])
                return
            except BlockingIOError:
                await self._until_writable()

    async def _until_writable(self) -> None:
        assert self._sock is not None
        if self._writable is None:
            loop = asyncio.get_running_loop()
            self._writable = loop.create_future()
            loop.add_writer(self._sock, self._now_writable)
        await asyncio.shield(self._writable)

    def _now_writable(self) -> None:
        if self._sock is not None:
            asyncio.get_running_loop().remove_writer(self._sock)
        if self._writable is not None and not self._writable.done():
            self._writable.set_result(None)
        self._writable = None

    async def _keep_running(self) -> None:
        failures = 0
        while not self._stopping:
            started = time.monotonic()
            status = await self._run_helper()
            if self._stopping:
                return
            if self._renewing:
                self._renewing = False
                continue
            # One that keeps failing soon after its start (a broken install) is not started in a busy loop.
            failures = 0 if time.monotonic() - started > STEADY else failures + 1
            pause = min(MAX_PAUSE, 2.0 ** (failures - 1)) if failures else 0.0
            how = f"status {status}" if status >= 0 else f"signal {-status}"
            self.log(f"helper ended ({how}); " + (f"a new one starts in {pause:g} s" if pause else "a new one starts"))
            await asyncio.sleep(pause)

    async def _run_helper(self) -> int:
        """Start a helper and serve it until it ends; its exit status."""
        mine, theirs = socket_pair()
        options = ["--content", str(self.content_dir)] if self.content_dir is not None else []
        options += ["--merge-pages"] if self.merge_pages else []
        try:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "secondop_tui.guest.warm.helper",
                str(theirs.fileno()),
                "--server",
                self.server,
                *options,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                pass_fds=[theirs.fileno()],
                env=self.env,
                start_new_session=True,  # no terminal of the server's, and none of its signals
            )
        except OSError as error:
            mine.close()
            self.log(f"helper: cannot start: {error.strerror}")
            return 1
        finally:
            theirs.close()
        started = time.monotonic()
        mine.setblocking(False)
        self._sock = mine
        loop = asyncio.get_running_loop()
        loop.add_reader(mine, self._readable, started)
        try:
            return await self.process.wait()
        finally:
            self._helper_gone()

    def _readable(self, started: float) -> None:
        assert self._sock is not None
        while self._sock is not None:
            try:
                message, fds = receive(self._sock)
            except BlockingIOError:
                return
            except (OSError, WireError):
                message, fds = None, []
            close_all(fds)  # the helper sends none
            if message is None:
                self._end_helper(signal.SIGKILL)  # it closed its end, or said something that is not ours
                self._helper_gone()
                return
            if message.get("ready") is True and self.process is not None:
                self._ready = True
                self.log(f"helper ready (pid {self.process.pid}, {time.monotonic() - started:.1f} s)")
            else:
                answer = self._pending.pop(message.get("id", -1), None)
                if answer is not None and not answer.done():
                    answer.set_result(message)
                self._watch_progress()

    def _helper_gone(self) -> None:
        """Forget the helper's socket; whoever waits for an answer gets none and starts the old way."""
        self._ready = False
        if self._sock is not None:
            loop = asyncio.get_running_loop()
            loop.remove_reader(self._sock)
            if self._writable is not None:
                self._now_writable()
            self._sock.close()
            self._sock = None
        for answer in self._pending.values():
            if not answer.done():
                answer.set_result(None)
        self._pending.clear()
        self._watch_progress()

    def _end_helper(self, number: int) -> None:
        if self.process is not None and self.process.returncode is None:
            try:
                os.kill(self.process.pid, number)
            except ProcessLookupError:
                pass
