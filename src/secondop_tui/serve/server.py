"""The SSH front door: who may log in, what they may ask for, and one app session per terminal."""

from __future__ import annotations

import asyncio
import itertools
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh

from secondop_tui.serve.authkeys import read_key_book
from secondop_tui.serve.hostkey import load_or_create_host_key
from secondop_tui.serve.log import log
from secondop_tui.serve.names import clean_user_name
from secondop_tui.serve.session import RESTORE_TERMINAL, PtyChild
from secondop_tui.serve.throttle import AuthThrottle
from secondop_tui.storage import ensure_private_dir

HANGUP_GRACE = 3.0  # seconds between SIGHUP and SIGKILL for an app whose terminal has gone
LOGIN_TIMEOUT = 30.0
SERVED_FPS = "30"  # fewer frames per second: less to send over a slow link
DEFAULT_SIZE = (80, 24)
_LOCALE = re.compile(r"[A-Za-z0-9_.@-]{1,64}")
# Variables of the server that would mislead the app: a fixed size (Textual would ignore resizes), or
# the server's own secondop settings (its progress file, kiosk mode).
_DROPPED_ENV = ("COLUMNS", "LINES")
_DROPPED_PREFIXES = ("SECONDOP_", "SSH_")

NO_TERMINAL = b"secondop needs a terminal: connect with ssh -t (this server runs only the guide).\r\n"
BUSY = b"secondop: busy, try again in a few minutes.\r\n"


@dataclass(frozen=True)
class ServeOptions:
    host: str
    port: int
    data_dir: Path
    host_key: Path
    max_sessions: int
    idle_timeout: float  # seconds; 0 means never
    authorized_keys: Path | None
    guest: bool
    content_dir: Path | None = None


@dataclass
class Hub:
    """What all connections share."""

    options: ServeOptions
    sessions: set[AppSession] = field(default_factory=set)
    throttle: AuthThrottle = field(default_factory=AuthThrottle)
    numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    stopping: bool = False

    @property
    def guest_root(self) -> Path:
        return self.options.data_dir / "guests"

    def user_db(self, user: str) -> Path:
        folder = self.options.data_dir / "users" / user
        ensure_private_dir(folder)
        return folder / "progress.json"


class Connection(asyncssh.SSHServer):
    """One client connection: its login, and what it is refused."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.number = next(hub.numbers)
        self.address = "?"
        self.user: str | None = None  # set once a key proves who this is
        self.guest = False
        self.sessions_opened = 0
        self.conn: asyncssh.SSHServerConnection | None = None

    @property
    def label(self) -> str:
        return f"#{self.number}"

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername") or ("?", 0)
        self.address = str(peer[0])
        log(f"{self.label} connect from {self.address}:{peer[1]}")

    def connection_lost(self, exc: Exception | None) -> None:
        self.conn = None
        log(f"{self.label} disconnect")

    def begin_auth(self, username: str) -> bool:
        if self.hub.throttle.blocked(self.address):
            log(f"{self.label} refused: too many failed logins from {self.address}")
            assert self.conn is not None
            self.conn.disconnect(asyncssh.DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
                                 "too many failed logins, try again later")
            return True
        if self.hub.options.guest and self.hub.options.authorized_keys is None:
            self.guest = True  # kiosk: no login at all
            return False
        return True

    def auth_completed(self) -> None:
        log(f"{self.label} login {'guest' if self.guest else self.user}")
        # A connection that never asks for a terminal session (ssh -N) would hold a place for nothing.
        asyncio.get_running_loop().call_later(LOGIN_TIMEOUT, self._close_if_unused)

    def _close_if_unused(self) -> None:
        if self.sessions_opened == 0 and self.conn is not None:
            log(f"{self.label} closed: no session")
            self.conn.close()

    def public_key_auth_supported(self) -> bool:
        return self.hub.options.authorized_keys is not None

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        user = clean_user_name(username)
        assert self.hub.options.authorized_keys is not None
        book = read_key_book(self.hub.options.authorized_keys)
        if user is not None and not self.hub.throttle.blocked(self.address) and book.allows(user, key):
            self.user = user
            return True
        self.hub.throttle.failed(self.address)
        return False

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        # With keys and guests both on, someone without a listed key is let in as a guest this way.
        return self.hub.options.guest

    def get_kbdint_challenge(self, username: str, lang: str, submethods: str) -> bool:
        if self.hub.throttle.blocked(self.address):
            return False
        self.user = None
        self.guest = True
        return True

    def session_requested(self) -> asyncssh.SSHServerSession[bytes]:
        self.sessions_opened += 1
        return AppSession(self.hub, self)

    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str, orig_port: int) -> bool:
        log(f"{self.label} refused: port forwarding")
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        log(f"{self.label} refused: remote port forwarding")
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        log(f"{self.label} refused: socket forwarding")
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        log(f"{self.label} refused: remote socket forwarding")
        return False


class AppSession(asyncssh.SSHServerSession[bytes]):
    """One terminal session: its own app process, progress file and idle timer."""

    def __init__(self, hub: Hub, connection: Connection) -> None:
        self.hub = hub
        self.connection = connection
        self.chan: asyncssh.SSHServerChannel[bytes] | None = None
        self.term: str | None = None
        self.size = DEFAULT_SIZE
        self.child: PtyChild | None = None
        self.guest_dir: Path | None = None
        self.closed = False
        self.farewell: str | None = None  # why the server ended the session, told to the client
        self.started = 0.0
        self._idle: asyncio.TimerHandle | None = None

    @property
    def label(self) -> str:
        return self.connection.label

    def connection_made(self, chan: asyncssh.SSHServerChannel[bytes]) -> None:  # type: ignore[override]
        self.chan = chan

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int], term_modes: object) -> bool:
        self.term = term_type or "xterm"
        if term_size[0] > 0 and term_size[1] > 0:
            self.size = (term_size[0], term_size[1])
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
            self._say_and_close(NO_TERMINAL, 1)
            return
        if self.hub.stopping or len(self.hub.sessions) >= self.hub.options.max_sessions:
            log(f"{self.label} refused: busy ({len(self.hub.sessions)} sessions)")
            self._say_and_close(BUSY, 1)
            return
        self.hub.sessions.add(self)
        try:
            db_path = self._db_path()
            self.child = PtyChild(self._argv(db_path), self._env(), self.size, self._output, self._ended)
            await self.child.start()
        except OSError as error:
            log(f"{self.label} cannot start the app: {error.strerror}")
            self._finish()
            self._say_and_close(b"secondop: the guide could not be started, sorry.\r\n", 1)
            return
        self.started = time.monotonic()
        log(f"{self.label} session start ({len(self.hub.sessions)} open)")
        self._touch()
        if self.closed:  # the client left while the app was starting
            self.child.hang_up(HANGUP_GRACE)

    def _db_path(self) -> Path:
        if self.connection.user is not None:
            return self.hub.user_db(self.connection.user)
        ensure_private_dir(self.hub.guest_root)
        self.guest_dir = Path(tempfile.mkdtemp(prefix="guest-", dir=self.hub.guest_root))
        return self.guest_dir / "progress.json"

    def _argv(self, db_path: Path) -> list[str]:
        argv = [sys.executable, "-m", "secondop_tui", "--no-mouse", "--db", str(db_path)]
        if self.hub.options.content_dir is not None:
            argv += ["--content", str(self.hub.options.content_dir)]
        return argv

    def _env(self) -> dict[str, str]:
        env = {name: value for name, value in os.environ.items()
               if name not in _DROPPED_ENV and not name.startswith(_DROPPED_PREFIXES)}
        assert self.chan is not None and self.term is not None
        env.update(TERM=self.term, PYTHONUTF8="1", TEXTUAL_FPS=SERVED_FPS)
        # The client's locale says whether its terminal can show non-ASCII marks.
        for name, value in self.chan.get_environment().items():
            if name in ("LANG", "LC_ALL", "LC_CTYPE") and _LOCALE.fullmatch(value):
                env[name] = value
        return env

    def _output(self, data: bytes) -> None:
        if self.chan is not None and not self.closed:
            try:
                self.chan.write(data)
            except BrokenPipeError:
                self.closed = True  # the client is already gone; the app is being hung up

    def _ended(self, status: int) -> None:
        seconds = time.monotonic() - self.started
        how = f"status {status}" if status >= 0 else f"signal {-status}"
        self._finish()
        log(f"{self.label} session end ({how}, {seconds:.0f} s, {len(self.hub.sessions)} open)")
        if self.closed:
            return
        # An app ended by a signal had no chance to put the client's terminal back; one that exited did.
        restore = RESTORE_TERMINAL if status < 0 else b""
        if self.farewell is not None:
            self._say_and_close(restore + f"secondop: {self.farewell}\r\n".encode(), 0)
        elif status < 0:
            self._say_and_close(restore + b"secondop: the guide stopped unexpectedly; your ticks are saved.\r\n", 1)
        else:
            self._say_and_close(b"", status)

    def _finish(self) -> None:
        self.hub.sessions.discard(self)
        if self._idle is not None:
            self._idle.cancel()
        if self.guest_dir is not None:
            shutil.rmtree(self.guest_dir, ignore_errors=True)  # a guest's checklist lives only as long as the session
            self.guest_dir = None

    def _say_and_close(self, message: bytes, status: int) -> None:
        if self.chan is None or self.closed:
            return
        try:
            if message:
                self.chan.write(message)
            self.chan.exit(status)
        except (BrokenPipeError, OSError):
            pass  # the client left first

    def _touch(self) -> None:
        timeout = self.hub.options.idle_timeout
        if timeout <= 0:
            return
        if self._idle is not None:
            self._idle.cancel()
        self._idle = asyncio.get_running_loop().call_later(timeout, self._idle_out)

    def _idle_out(self) -> None:
        log(f"{self.label} idle timeout")
        self.end(f"closed after {self.hub.options.idle_timeout:g} seconds without a key press; your ticks are saved.")

    def end(self, farewell: str) -> None:
        """End the app from the server's side, telling the client why."""
        self.farewell = farewell
        if self.child is not None:
            self.child.hang_up(HANGUP_GRACE)

    def data_received(self, data: bytes, datatype: object) -> None:  # type: ignore[override]
        if self.child is not None:
            self.child.write(data)
            self._touch()

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        if width > 0 and height > 0:
            self.size = (width, height)
            if self.child is not None:
                self.child.resize(width, height)

    def eof_received(self) -> bool:
        return True  # keep the channel open until the app ends

    def pause_writing(self) -> None:
        if self.child is not None:
            self.child.pause_output()

    def resume_writing(self) -> None:
        if self.child is not None:
            self.child.resume_output()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.child is not None and self.child.running:
            self.child.hang_up(HANGUP_GRACE)


def _clear_stale_guests(hub: Hub) -> None:
    # Left behind only if the server itself was killed; nobody can be using them now.
    if hub.guest_root.is_dir():
        for folder in hub.guest_root.iterdir():
            shutil.rmtree(folder, ignore_errors=True)


async def serve(options: ServeOptions) -> int:
    ensure_private_dir(options.data_dir)
    key, made = load_or_create_host_key(options.host_key)
    hub = Hub(options)
    _clear_stale_guests(hub)
    if options.authorized_keys is not None:
        for problem in read_key_book(options.authorized_keys).problems:
            log(f"warning: {problem}")
    asyncssh.set_log_level("WARNING")
    acceptor = await asyncssh.create_server(
        lambda: Connection(hub),
        options.host,
        options.port,
        server_host_keys=[key],
        line_editor=False,
        encoding=None,
        agent_forwarding=False,
        x11_forwarding=False,
        allow_scp=False,
        login_timeout=LOGIN_TIMEOUT,
        # No "none"-auth banner, no passwords: keys, or guests when allowed.
        password_auth=False,
    )
    log(f"host key {'created at' if made else 'read from'} {options.host_key}")
    log(f"host key fingerprint {key.get_fingerprint()}")
    modes = [m for m, on in (("keys", options.authorized_keys is not None), ("guest", options.guest)) if on]
    log(f"listening on {options.host}:{acceptor.get_port()} ({' and '.join(modes)}; "
        f"at most {options.max_sessions} sessions)")

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, stop.set)
    await stop.wait()

    log(f"stopping: closing {len(hub.sessions)} sessions")
    hub.stopping = True
    acceptor.close()
    for session in list(hub.sessions):
        session.end("the server is stopping; your ticks are saved.")
    deadline = time.monotonic() + HANGUP_GRACE + 2
    while hub.sessions and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)  # let the last words reach the clients
    await acceptor.wait_closed()
    log("stopped")
    return 0
