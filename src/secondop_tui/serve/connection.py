"""One SSH connection: its login, and everything it asks for that is not a terminal session, refused."""

from __future__ import annotations

import asyncio

import asyncssh

from secondop_tui.serve.authkeys import read_key_book
from secondop_tui.serve.hub import Hub
from secondop_tui.serve.log import log
from secondop_tui.serve.names import clean_user_name
from secondop_tui.serve.session import AppSession

LOGIN_TIMEOUT = 30.0


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


