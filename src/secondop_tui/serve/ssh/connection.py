"""One SSH connection: its login, its one terminal session, and everything else it asks for, refused."""

from __future__ import annotations

import asyncio

import asyncssh

from secondop_tui.i18n import N_, translate
from secondop_tui.serve.log import log
from secondop_tui.serve.ssh.authkeys import read_key_book
from secondop_tui.serve.ssh.hub import Hub
from secondop_tui.serve.ssh.names import clean_user_name
from secondop_tui.serve.ssh.session import AppSession

LOGIN_TIMEOUT = 30.0
CLOSE_GRACE = 10.0  # seconds a client has to close its side once its session is over
MAX_REFUSED_KEYS = 10  # keys one connection may have refused before it is closed (OpenSSH's MaxAuthTries is 6)
PAUSED = N_("too many failed logins for this name, try again in a minute")
LISTED_NAME = N_("your key is not on this server's list for this user name, and this name cannot come in as a guest")


class Connection(asyncssh.SSHServer):
    """One client connection: its login, and what it is refused."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.number = next(hub.numbers)
        self.address = "?"
        self.user: str | None = None  # set once a key proves who this is
        self.guest = False
        self.session: AppSession | None = None
        self.conn: asyncssh.SSHServerConnection | None = None
        self.refused_keys = 0
        self.failed_names: set[str] = set()  # names this connection has a failure counted against
        self.paused = False  # its name has had too many failed logins of late: a refused key ends it
        self._closing: asyncio.TimerHandle | None = None

    @property
    def label(self) -> str:
        return f"#{self.number}"

    @property
    def silent(self) -> bool:
        """The client has not even said which SSH it speaks: a connection like this is the first to go."""
        return self.conn is None or not self.conn.get_extra_info("client_version")

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername") or ("?", 0)
        self.address = str(peer[0])
        log(f"{self.label} connect from {self.address}:{peer[1]}")
        displaced = self.hub.waiting.join(self)
        if displaced is not None:
            displaced.turn_away()

    def turn_away(self) -> None:
        log(f"{self.label} closed: too many connections waiting to log in")
        if self.conn is not None:
            self.conn.disconnect(
                asyncssh.DISC_TOO_MANY_CONNECTIONS, self._said(N_("too many people connecting at once, try again"))
            )

    def connection_lost(self, exc: Exception | None) -> None:
        self.conn = None
        self.hub.waiting.leave(self)
        if self._closing is not None:
            self._closing.cancel()
        log(f"{self.label} disconnect")

    def session_running(self) -> None:
        """Its app has started: the connection no longer waits."""
        self.hub.waiting.leave(self)

    def session_ended(self) -> None:
        """The server has ended the session: the client should now close it; if it does not, the server does."""
        if self._closing is None:
            self._closing = asyncio.get_running_loop().call_later(CLOSE_GRACE, self.session_closed)

    def session_closed(self) -> None:
        """Nothing is left to do on this connection: one session each, and it is over."""
        if self.conn is not None:
            self.conn.close()

    def begin_auth(self, username: str) -> bool:
        if self.hub.options.guest and self.hub.options.authorized_keys is None:
            self.guest = True  # kiosk: no login at all
            return False
        user = clean_user_name(username)
        # A valid key still gets in (a key cannot be guessed, so refusing it would only serve an attacker);
        # a wrong one ends the connection at once.
        self.paused = user is not None and self.hub.throttle.blocked(user)
        if self.paused:
            log(f"{self.label} too many failed logins for {user}: only a valid key gets in")
        return True

    def auth_completed(self) -> None:
        for user in self.failed_names:
            self.hub.throttle.forgive(user)  # keys offered on the way in as a guest are no attack
        self.failed_names.clear()
        log(f"{self.label} login {'guest' if self.guest else self.user}")
        # A connection that never asks for a terminal session (ssh -N) would hold a place for nothing.
        asyncio.get_running_loop().call_later(LOGIN_TIMEOUT, self._close_if_unused)

    def _close_if_unused(self) -> None:
        if self.session is None and self.conn is not None:
            log(f"{self.label} closed: no session")
            self.conn.close()

    def public_key_auth_supported(self) -> bool:
        return self.hub.options.authorized_keys is not None

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        user = clean_user_name(username)
        assert self.hub.options.authorized_keys is not None
        book = read_key_book(self.hub.options.authorized_keys)
        if user is not None and book.allows(user, key):
            self.user = user
            return True
        # The name and address only: never the key, which could tell who the person is elsewhere.
        why = f" ({book.unsafe})" if book.unsafe else ""
        log(f"{self.label} key refused for {user or repr(username[:32])} from {self.address}{why}")
        if user is not None and user not in self.failed_names:
            self.failed_names.add(user)  # one failure per connection: a client offering many keys is one login
            self.hub.throttle.failed(user)
        self.refused_keys += 1
        if self.paused and not self.hub.options.guest:  # with guests on, this connection may still come in as one
            log(f"{self.label} refused: a wrong key while its name waits")
            self._disconnect(self._said(PAUSED))
        elif self.refused_keys >= MAX_REFUSED_KEYS:
            log(f"{self.label} refused: too many attempts ({self.refused_keys} keys)")
            self._disconnect(self._said(N_("too many authentication failures")))
        return False

    def _said(self, message: str) -> str:
        """A reason for the client, in the server's language: the client's locale is not known before a session."""
        return translate(self.hub.options.language, message)

    def _disconnect(self, reason: str) -> None:
        if self.conn is not None:
            self.conn.disconnect(asyncssh.DISC_NO_MORE_AUTH_METHODS_AVAILABLE, reason)

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        # With keys and guests both on, someone without a listed key is let in as a guest this way.
        return self.hub.options.guest

    def get_kbdint_challenge(self, username: str, lang: str, submethods: str) -> bool:
        # The way in for guests is never throttled: there is nothing to guess.
        user = clean_user_name(username)
        if (
            not self.hub.options.guests_for_key_users
            and user is not None
            and self.hub.options.authorized_keys
            and read_key_book(self.hub.options.authorized_keys).lists(user)
        ):
            log(f"{self.label} refused: a listed name ({user}) without its key")
            self._disconnect(self._said(LISTED_NAME))
            return False
        self.user = None
        self.guest = True
        return True

    def session_requested(self) -> asyncssh.SSHServerSession[bytes]:
        # One app per connection: channels are cheap to open, and each would take a place (OpenSSH's
        # connection sharing, ControlMaster, opens its sessions this way too).
        if self.session is not None:
            log(f"{self.label} refused: a second session on one connection")
            raise asyncssh.ChannelOpenError(asyncssh.OPEN_ADMINISTRATIVELY_PROHIBITED, "one session per connection")
        self.session = AppSession(self.hub, self)
        return self.session

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
