"""What the server and its warm helper say to each other: one JSON object per message, with any file
descriptors riding along (SCM_RIGHTS), over a private socket pair of the SEQPACKET kind, which keeps
each message whole.

The server asks ``{"id": 7, "spec": "{...}", "env": {...}, "memory": 268435456, "io": "terminal"}`` (``spec``:
the app's ``GuestSpec`` in JSON) with the session's terminal attached (``"io": "stream"``: a browser tab's end of
a socket, which carries textual-serve's stream); the helper answers ``{"id": 7, "pid": 4242}`` or
``{"id": 7, "error": "..."}``, and says ``{"ready": true}`` once, when it has everything loaded.
"""

from __future__ import annotations

import json
import socket
from typing import Any

MAX_MESSAGE = 256 * 1024  # a session's environment is a few KiB
MAX_FDS = 1  # a request carries the session's terminal (or a tab's stream), nothing else
TERMINAL, STREAM = "terminal", "stream"  # what the descriptor a request carries is

Message = dict[str, Any]


class WireError(Exception):
    """A message that was cut short or is not one of ours."""


def socket_pair() -> tuple[socket.socket, socket.socket]:
    """The server's end and the helper's end."""
    return socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)


def send(sock: socket.socket, message: Message, fds: list[int] | None = None) -> None:
    socket.send_fds(sock, [json.dumps(message).encode()], fds or [])


def receive(sock: socket.socket) -> tuple[Message | None, list[int]]:
    """The next message and the descriptors that came with it; ``None`` once the other end has closed."""
    data, fds, flags, _ = socket.recv_fds(sock, MAX_MESSAGE, MAX_FDS)
    if flags & (socket.MSG_TRUNC | socket.MSG_CTRUNC):
        close_all(fds)
        raise WireError("a message was cut short")
    if not data:
        close_all(fds)
        return None, []
    try:
        message = json.loads(data)
    except ValueError:
        message = None
    if not isinstance(message, dict):
        close_all(fds)
        raise WireError("a message that is not ours")
    return message, fds


def close_all(fds: list[int]) -> None:
    for fd in fds:
        try:
            socket.close(fd)
        except OSError:
            pass
