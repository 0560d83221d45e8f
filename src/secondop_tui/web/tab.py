"""One browser tab: its own guest app process, a throwaway folder for its checklist, an idle timer, a memory cap.

textual-serve's ``AppService`` runs the app and speaks its protocol (screen output, downloads); this subclass
starts the app without a shell, with a guest's folder and a bounded environment, and always gives back what it
took: the process (killed if it does not quit), the folder (deleted) and the tab's pending downloads.

The app is forked by the warm helper, as an SSH session's is, with textual-serve's stream on a socket; while
there is no helper ready it starts as a new process, on pipes.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from collections.abc import Coroutine, Mapping
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.download_manager import Download

from secondop_tui.guest.memory_watch import MemoryWatch, set_hard_limit
from secondop_tui.guest.policy import APP_MEMORY_LIMIT, GuestFolder, IdleTimer, guest_environment
from secondop_tui.guest.prctl import switch_on
from secondop_tui.guest.spec import GuestSpec
from secondop_tui.guest.warm.adoption import AdoptedApp
from secondop_tui.guest.warm.wire import STREAM
from secondop_tui.take_away.browser import WAITING_AT_MOST
from secondop_tui.web.log import log
from secondop_tui.web.textual_serve_compat import Downloads, GuestAppService, TabProcess, served_environment

if TYPE_CHECKING:
    from secondop_tui.guest.warm.client import WarmHelper

QUIT_GRACE = 5.0  # seconds an app has to quit when asked, before it is killed
MAX_DOWNLOADS = WAITING_AT_MOST  # saved checklists a tab may have waiting for its browser (the app stops there too)

# Close codes the page turns into a sentence (4000-4999 are for applications).
BUSY, IDLE, STOPPING, TOO_BIG, FAILED, ADDRESS_FULL = 4001, 4002, 4003, 4004, 4005, 4006
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# The server's sizes and locale mean nothing to a browser tab's app; the page's terminal is UTF-8.
_DROPPED_ENV = ("LINES", "LC_ALL", "LC_CTYPE", "TEXTUAL_ALLOW_SIGNALS")


def tab_environment(served: Mapping[str, str]) -> dict[str, str]:
    """A tab's app's environment, from what textual-serve would give it (``served``)."""
    env = guest_environment(served, _DROPPED_ENV)
    env.update(LANG="C.UTF-8", TERM="xterm-256color")
    return env


def helper_environment() -> dict[str, str]:
    """What the warm helper for tabs starts with: a tab's environment but for its size, which each app is given."""
    return {
        name: value for name, value in tab_environment(served_environment()).items() if name not in ("COLUMNS", "ROWS")
    }


def _ended() -> asyncio.StreamReader:
    """A stream that has already ended: what textual-serve is given for the app's stderr."""
    stream = asyncio.StreamReader()
    stream.feed_eof()
    return stream


class ForkedTabApp:
    """A tab's app forked by the warm helper, as textual-serve sees the process it would start: its pid and end
    (``AdoptedApp``), and its socket as stdin and stdout."""

    def __init__(self, app: AdoptedApp, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._app = app
        self.pid = app.pid
        self.stdin: asyncio.StreamWriter | None = writer
        self.stdout: asyncio.StreamReader | None = reader
        self.stderr: asyncio.StreamReader | None = _ended()

    @property
    def returncode(self) -> int | None:
        return self._app.returncode

    async def wait(self) -> int:
        return await self._app.wait()


class DownloadTaken(Exception):
    """A download that an earlier request is already taking."""


class BoundedDownloads(Downloads):
    """textual-serve's downloads, with a cap per tab, each to one request, and nothing kept once the tab is gone.

    Its own manager keeps a download that the browser never fetched for as long as the server runs, and hands
    the pieces of one download to every request for it, so that each gets some and none the whole file.
    """

    def __init__(self) -> None:
        super().__init__()
        self._taken: set[str] = set()  # keys a request is downloading

    def pending(self, tab: AppService) -> int:
        return sum(download.app_service is tab for download in self.active.values())

    def claim(self, key: str) -> Download:
        """The download ``key`` names, for this request alone: KeyError if there is none (or no longer),
        ``DownloadTaken`` if another request has it."""
        download = self.active[key]
        if key in self._taken:
            raise DownloadTaken(key)
        self._taken.add(key)
        return download

    def finish(self, key: str) -> None:
        """The claimed download is over, whole or not: its key serves nothing more."""
        self._taken.discard(key)
        self.active.pop(key, None)

    async def forget(self, tab: AppService) -> None:
        await self.cancel_app_downloads(tab.app_service_id)
        # One being taken ends now (it was told to) and its request lets go of it.
        for key in [
            key for key, download in self.active.items() if download.app_service is tab and key not in self._taken
        ]:
            del self.active[key]


class GuestTab(GuestAppService):
    def __init__(
        self,
        label: str,
        guest_root: Path,
        language: str,
        content_dir: Path | None,
        websocket: web.WebSocketResponse,
        downloads: BoundedDownloads,
        idle_timeout: float,
        warm_helper: WarmHelper | None = None,
    ) -> None:
        super().__init__(
            "",
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=self._app_exited,
            download_manager=downloads,
        )
        self.label = label
        self.guest_root = guest_root
        self.language = language
        self.content_dir = content_dir
        self.websocket = websocket
        self.downloads = downloads
        self.warm_helper = warm_helper
        self.forked = False  # by the warm helper, rather than started as a new process
        self._stream: asyncio.StreamWriter | None = None  # the server's end of a forked app's socket
        self.guest_folder: GuestFolder | None = None
        self.why = "tab closed"  # why the session ended, for the log
        self.ended = False  # the server has closed the page, with a reason of its own
        self.started = time.monotonic()
        self._memory: MemoryWatch | None = None
        self.idle_timeout = idle_timeout  # its app warns before this ends the tab
        self._idle = IdleTimer(idle_timeout, self._idle_out)
        self._kill: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[object]] = set()

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    def app_environment(self, server: dict[str, str]) -> dict[str, str]:
        return tab_environment(server)

    async def open_app(self, env: dict[str, str]) -> TabProcess:
        self.guest_folder = GuestFolder(self.guest_root)
        spec = GuestSpec(
            venue="web",
            db_path=self.guest_folder.progress_file,
            language=self.language,
            content_dir=self.content_dir,
            idle_timeout=self.idle_timeout,
            process_name=self.label,
        )
        process: TabProcess | None = await self._fork(spec, env) if self.warm_helper is not None else None
        self.forked = process is not None
        if process is None:
            process = await self._start(spec, env)
        self._memory = MemoryWatch(process.pid, APP_MEMORY_LIMIT, self._too_big)
        self._background(self._watch(process))
        self.touch()
        return process

    async def _fork(self, spec: GuestSpec, env: dict[str, str]) -> ForkedTabApp | None:
        """The app the warm helper forked, on a socket; None if the helper could not give one."""
        assert self.warm_helper is not None
        mine, theirs = socket.socketpair()
        try:
            app = await self.warm_helper.spawn(theirs.fileno(), spec, env, APP_MEMORY_LIMIT, io=STREAM)
        except BaseException:
            mine.close()
            raise
        finally:
            theirs.close()  # the app has its own
        if app is None:
            mine.close()
            return None
        reader, self._stream = await asyncio.open_unix_connection(sock=mine)
        return ForkedTabApp(app, reader, self._stream)

    async def _start(self, spec: GuestSpec, env: dict[str, str]) -> asyncio.subprocess.Process:
        """The app as a new process, on pipes."""
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "secondop_tui.guest",
            spec.to_json(),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            # Not kept: a crash report could quote what the person typed. textual-serve reads the app's
            # stderr into memory without a bound, so it is handed a stream that has already ended.
            stderr=asyncio.subprocess.DEVNULL,
            env=env,
            start_new_session=True,
            preexec_fn=partial(_in_the_new_app, os.getpid()),
        )
        process.stderr = _ended()
        return process

    async def _watch(self, process: TabProcess) -> None:
        """An app that ends on its own (quit, or a crash) closes its tab's page."""
        status = await process.wait()
        if self.websocket.closed or self.ended:
            return
        if status == 0:
            self.why = "quit"
            await self.websocket.close()
        else:
            self.why = f"app ended (status {status})"
            await self.websocket.close(code=FAILED)

    async def _app_exited(self) -> None:
        """The app says it has finished (textual-serve's "exit"): the process ends next and closes the page."""

    async def on_meta(self, data: bytes) -> None:
        if b'"deliver_file_start"' in data:
            if self.downloads.pending(self) >= MAX_DOWNLOADS:
                log(f"{self.label} download refused: {MAX_DOWNLOADS} already waiting")
                return
            log(f"{self.label} download offered")
        await super().on_meta(data)

    def _background(self, work: Coroutine[object, object, object]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)  # held until done: the loop keeps only a weak reference
        task.add_done_callback(self._tasks.discard)

    def touch(self) -> None:
        """A key or a tap: the idle timer starts again."""
        self._idle.touch()

    def _idle_out(self) -> None:
        self.end(IDLE, "idle timeout")

    def _too_big(self) -> None:
        self.end(TOO_BIG, f"over {APP_MEMORY_LIMIT >> 20} MiB of memory")
        # Ended at once, not asked to quit: it would first handle the keys that made it grow, growing further,
        # while the server waited to hand it the next ones.
        if self.process is not None:
            self._kill_app(self.process)

    def end(self, code: int, why: str) -> None:
        """Close the tab's page from the server's side; the session then stops as for a closed tab."""
        self.why = why
        self.ended = True
        if not self.websocket.closed:
            self._background(self.websocket.close(code=code))

    async def stop(self) -> None:
        """Ask the app to quit, kill it if it has not within ``QUIT_GRACE``, and give back everything."""
        process = self.process
        if process is not None:
            self._kill = asyncio.get_running_loop().call_later(QUIT_GRACE, self._kill_app, process)
        try:
            # Asks the app to quit (nothing happens if it has gone) and waits for its last byte.
            await super().stop()
            if process is not None:
                await process.wait()
        finally:
            if self._kill is not None:
                self._kill.cancel()
            self._idle.cancel()
            if self._memory is not None:
                self._memory.stop()
            await self.downloads.forget(self)
            if self._stream is not None:
                self._stream.close()  # textual-serve has read the app's last bytes
            self.remove_folder()

    def _kill_app(self, process: TabProcess) -> None:
        if process.returncode is None:
            try:
                os.killpg(process.pid, 9)  # the app leads its own process group
            except ProcessLookupError:
                pass

    def remove_folder(self) -> None:
        if self.guest_folder is not None:
            self.guest_folder.remove()  # a guest's checklist lives as long as the tab


def _in_the_new_app(server: int) -> None:
    """Run in the app's process before it starts: a memory ceiling, and an end with its server.

    The kernel sends the app SIGHUP (the signal numbered 1, the value ``switch_on`` gives) when the server
    dies, even by SIGKILL; otherwise the app would live on alone, and the next start would delete its folder
    under it. SIGHUP's default ends the app, and is put back in case the server was started ignoring it
    (nohup).
    """
    set_hard_limit(APP_MEMORY_LIMIT)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    switch_on(_PR_SET_PDEATHSIG)
    if os.getppid() != server:  # the server died before the switch was on
        os._exit(1)
