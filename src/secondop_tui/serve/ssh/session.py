"""One terminal session: its own app process on its own pty, its progress file, and its idle timer."""

from __future__ import annotations

import asyncio
import os
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

import asyncssh

from secondop_tui.guest import NOT_KEPT
from secondop_tui.guest.folders import UnsafeFolder, private_folder
from secondop_tui.guest.policy import (
    APP_MEMORY_LIMIT,
    GuestFolder,
    IdleTimer,
    clamp_size,
    guest_environment,
    start_failure,
)
from secondop_tui.guest.spec import GuestSpec
from secondop_tui.i18n import N_, choose_language, translate
from secondop_tui.serve.app_process.pty_child import BUFFER_LIMIT, RESTORE_TERMINAL, PtyChild
from secondop_tui.serve.log import log
from secondop_tui.serve.ssh.hub import Hub
from secondop_tui.take_away.printer import DESK_ENV

if TYPE_CHECKING:
    from secondop_tui.serve.ssh.connection import Connection

HANGUP_GRACE = 3.0  # seconds between SIGHUP and SIGKILL for an app whose terminal has gone
DEFAULT_SIZE = (80, 24)
_LOCALE = re.compile(r"[A-Za-z0-9_.@:-]{1,64}")  # ":" for LANGUAGE's list, such as es:en
# The client's locale: whether its terminal shows non-ASCII marks (LC_CTYPE), and its language (the others).
_LOCALE_ENV = ("LANG", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "LANGUAGE")
# Terminal names are short and plain (xterm-256color, screen.xterm, rxvt-unicode); anything else goes into
# the app's environment and terminal database look-ups, so it is refused rather than passed on.
_TERM = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}")
# A fixed size in the server's environment would mislead the app (Textual would ignore resizes).
_DROPPED_ENV = ("COLUMNS", "LINES")

UNSAFE_FOLDER = N_(
    "the folder that keeps your checklist on this server is not safe to use, so it was not opened. "
    "Please tell whoever runs this server."
)
NO_TERMINAL = N_("secondop needs a terminal: connect with ssh -t (this server runs only the guide).")
NOT_STARTED = N_("the guide could not be started, sorry.")
# Why the server ended a session; the goodbye line adds what became of the person's ticks.
STOPPED = N_("the guide stopped unexpectedly.")
IDLE = N_("closed after {seconds} seconds without a key press.")
STOPPING = N_("the server is stopping.")
TOO_BIG = N_("the guide was closed: it was using too much memory.")
SAVED = N_("Your ticks are saved.")
# For someone whose key was refused and who may come in as a guest: said before anything starts.
REFUSED_KEY = N_(
    "your key is not on this server's list for this user name, so you can come in only as a "
    "guest: nothing you tick is kept after you leave."
)
GO_ON = N_("Press Enter to go on as a guest, or q to leave.")
ENTER = (b"\r", b"\n")
LEAVE = (b"q", b"Q", b"\x03", b"\x04")  # q, ctrl+c, ctrl+d


def app_environment() -> dict[str, str]:
    """What every app's environment holds: the server's, less what would mislead the app, and the settings a
    Python reads at its start (the warm helper starts with these too, as every app it forks needs them)."""
    return guest_environment(os.environ, _DROPPED_ENV)


class AppSession(asyncssh.SSHServerSession[bytes]):
    """One terminal session: its own app process, progress file and idle timer."""

    def __init__(self, hub: Hub, connection: Connection) -> None:
        self.hub = hub
        self.connection = connection
        self.chan: asyncssh.SSHServerChannel[bytes] | None = None
        self.term: str | None = None
        self.size = DEFAULT_SIZE
        self.child: PtyChild | None = None
        self.guest_folder: GuestFolder | None = None
        self.closed = False
        self.farewell: bytes | None = None  # why the server ended the session, told to the client
        self.started = 0.0
        self.guide: Path | None = None  # the copy of the guide its app reads (guide_copies.py)
        self._idle = IdleTimer(hub.options.idle_timeout, self._idle_out)
        self._answer: asyncio.Future[bool] | None = None  # a guest's yes or no, while it is awaited

    @property
    def label(self) -> str:
        return self.connection.label

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:
        self.chan = chan
        # The app's output waits for a slow client in at most this much; past it the app is paused.
        chan.set_write_buffer_limits(high=BUFFER_LIMIT)

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int], term_modes: object) -> bool:
        term = term_type or "xterm"
        if not _TERM.fullmatch(term):
            log(f"{self.label} refused: unusable terminal name")  # not logged itself: it may be anything
            return False
        self.term = term
        if term_size[0] > 0 and term_size[1] > 0:
            self.size = clamp_size(term_size[0], term_size[1])
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        log(f"{self.label} refused: command")  # the command itself may hold private words: not logged
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        log(f"{self.label} refused: subsystem {subsystem[:20]!r}")
        return False

    def session_started(self) -> None:
        asyncio.get_running_loop().create_task(self._start())

    async def _start(self) -> None:
        assert self.chan is not None
        if self.term is None:
            log(f"{self.label} refused: no terminal")
            self._say_and_close(self.line(NO_TERMINAL, prefix=""), 1)
            return
        refusal = self.hub.no_place_for(self.connection)
        if refusal is not None:
            log(f"{self.label} refused: {refusal[0]}")
            self._say_and_close(self.line(refusal[1], count=refusal[2]), 1)
            return
        self.hub.sessions.add(self)
        if self.connection.guest and self.connection.refused_keys and not await self._guest_agrees():
            self._finish()
            self._say_and_close(self.farewell or b"", 0)
            return
        try:
            self.guide = self.hub.guides.enter()
            db_path = self._db_path()
            self.child = PtyChild(
                self._spec(db_path), self._env(), self.size, self, APP_MEMORY_LIMIT, self.hub.warm_helper
            )
            await self.child.start()
        except UnsafeFolder as error:
            owner = f"{self.connection.user}'s" if self.connection.user is not None else "the guests'"
            log(f"{self.label} refused: {owner} folder is not safe: {error}")
            self.child = None
            self._finish()
            self._say_and_close(self.line(UNSAFE_FOLDER), 1)
            return
        except Exception as error:  # noqa: BLE001 (whatever it was, the place and the guest folder are given back)
            log(f"{self.label} cannot start the app: {start_failure(error)}")
            self.child = None
            self._finish()
            self._say_and_close(self.line(NOT_STARTED), 1)
            return
        self.started = time.monotonic()
        self.connection.session_running()
        assert self.child.process is not None
        how = "" if self.child.forked else ", started cold"
        log(f"{self.label} session start (app {self.child.process.pid}{how}, {len(self.hub.sessions)} open)")
        self._touch()
        if self.closed:  # the client left while the app was starting
            self.child.hang_up(HANGUP_GRACE)

    async def _guest_agrees(self) -> bool:
        """Tell someone whose key was refused that they would be a guest, and wait for their yes (Enter) or no."""
        assert self.chan is not None
        log(f"{self.label} asked: go on as a guest after a refused key")
        self._answer = asyncio.get_running_loop().create_future()
        self._touch()
        try:
            self.chan.write(self.line(REFUSED_KEY) + self.line(GO_ON, prefix=""))
            return await self._answer
        except (BrokenPipeError, OSError):
            return False
        finally:
            self._answer = None

    def _answered(self, data: bytes) -> None:
        assert self._answer is not None
        self._touch()
        if not self._answer.done():
            if any(key in data for key in ENTER):
                self._answer.set_result(True)
            elif any(key in data for key in LEAVE):
                self._answer.set_result(False)

    def _refuse_guest(self) -> None:
        """No answer is coming (the client left, or the server ends the session): the guest does not come in."""
        if self._answer is not None and not self._answer.done():
            self._answer.set_result(False)

    def _db_path(self) -> Path:
        if self.connection.user is not None:
            return self.hub.user_db(self.connection.user)
        self.guest_folder = GuestFolder(private_folder(self.hub.options.data_dir, self.hub.guest_root.name))
        return self.guest_folder.progress_file

    def _spec(self, db_path: Path) -> GuestSpec:
        """What the session's app is started with."""
        assert self.guide is not None
        return GuestSpec(
            venue="ssh",
            db_path=db_path,
            language=self.language,
            content_dir=self.guide,
            guest=self.connection.guest,
            print_command=self.hub.options.print_command,
            process_name=self.process_name,
        )

    def _env(self) -> dict[str, str]:
        env = app_environment()
        assert self.chan is not None and self.term is not None
        env["TERM"] = self.term
        # The client's locale says whether its terminal can show non-ASCII marks.
        env.update(self._client_locale())
        if self.hub.print_desk is not None:
            env[DESK_ENV] = self.hub.print_desk.name  # where the app asks before each print job
        return env

    @property
    def language(self) -> str:
        """The client's language: its locale's, else the server's ``--lang`` (never the server's own locale)."""
        return choose_language(None, self._client_locale(), self.hub.options.language)

    def _client_locale(self) -> dict[str, str]:
        if self.chan is None:
            return {}
        return {
            name: value
            for name, value in self.chan.get_environment().items()
            if name in _LOCALE_ENV and _LOCALE.fullmatch(value)
        }

    @property
    def process_name(self) -> str:
        """What ps shows for the app: the user its key belongs to, or "guest", and the session's number in the
        log; never a name the client typed."""
        return f"{self.connection.user or 'guest'} (session {self.label})"

    def goodbye(self, reason: str | None = None, **values: object) -> bytes:
        """Why the server ended the session (if it did), and what became of the person's ticks."""
        kept = NOT_KEPT if self.connection.guest else SAVED
        words = [translate(self.language, message).format(**values) for message in (reason, kept) if message]
        return self.line(" ".join(words))

    def line(self, message: str, prefix: str = "secondop: ", **values: object) -> bytes:
        """One line for the client, in its language (its locale's, else the server's ``--lang``)."""
        return f"{prefix}{translate(self.language, message).format(**values)}\r\n".encode()

    def app_output(self, data: bytes) -> None:
        if self.chan is not None and not self.closed:
            try:
                self.chan.write(data)
            except BrokenPipeError:
                self.closed = True  # the client is already gone; the app is being hung up

    def app_exited(self, status: int) -> None:
        seconds = time.monotonic() - self.started
        how = f"status {status}" if status >= 0 else f"signal {-status}"
        self._finish()
        log(f"{self.label} session end ({how}, {seconds:.0f} s, {len(self.hub.sessions)} open)")
        if self.closed:
            return
        # An app ended by a signal had no chance to put the client's terminal back; one that exited did.
        restore = RESTORE_TERMINAL if status < 0 else b""
        if self.farewell is not None:
            self._say_and_close(restore + self.farewell, 0)
        elif status < 0:
            self._say_and_close(restore + self.goodbye(STOPPED), 1)
        else:  # the app ended itself: it said why, if anything was wrong
            self._say_and_close(self.goodbye() if self.connection.guest else b"", status)

    def _finish(self) -> None:
        self.hub.sessions.discard(self)
        self._idle.cancel()
        if self.guest_folder is not None:
            self.guest_folder.remove()  # a guest's checklist lives only as long as the session
        if self.guide is not None:
            self.hub.guides.leave(self.guide)
            self.guide = None

    def _say_and_close(self, message: bytes, status: int) -> None:
        self.connection.session_ended()
        if self.chan is None or self.closed:
            return
        try:
            if message:
                self.chan.write(message)
            self.chan.exit(status)
        except (BrokenPipeError, OSError):
            pass  # the client left first

    def _touch(self) -> None:
        self._idle.touch()

    def _idle_out(self) -> None:
        log(f"{self.label} idle timeout")
        self.end(self.goodbye(IDLE, seconds=f"{self.hub.options.idle_timeout:g}"))

    def end(self, farewell: bytes) -> None:
        """End the app from the server's side, telling the client why."""
        self.farewell = farewell
        if self.child is not None:
            self.child.hang_up(HANGUP_GRACE)
        self._refuse_guest()

    def data_received(self, data: bytes, datatype: object) -> None:
        if self._answer is not None:
            self._answered(data)
        elif self.child is not None:
            self.child.write(data)
            self._touch()

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        if width > 0 and height > 0:
            self.size = clamp_size(width, height)
            if self.child is not None:
                self.child.resize(*self.size)

    def eof_received(self) -> bool:
        return True  # keep the channel open until the app ends

    def input_full(self) -> None:
        if self.chan is not None:
            self.chan.pause_reading()  # the client's keys wait in its own buffer, then its window closes

    def input_taken(self) -> None:
        if self.chan is not None:
            self.chan.resume_reading()

    def app_too_big(self) -> None:
        log(f"{self.label} closing the app: over {APP_MEMORY_LIMIT >> 20} MiB of memory")
        self.end(self.goodbye(TOO_BIG))

    def pause_writing(self) -> None:
        if self.child is not None:
            self.child.pause_output()

    def resume_writing(self) -> None:
        if self.child is not None:
            self.child.resume_output()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._refuse_guest()
        if self.child is not None and self.child.running:
            self.child.hang_up(HANGUP_GRACE)
        self.connection.session_closed()
