"""Where every session's app asks "may I print?", and the server answers for all of them at once.

Each session's app is a process of its own, so no app can count the other sessions' print jobs. The server
can: it applies the print rule (``take_away.printer.PrintRate``) to every session together and logs each job
it lets through with the session's label. Apps ask over a local socket in the abstract namespace (nothing on
disk). The kernel says which process is asking (SO_PEERCRED), so an app speaks only for its own session and
anything that is not one of this server's apps is turned away.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import struct
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from secondop_tui.serve.log import log
from secondop_tui.take_away.printer import ASK_TIMEOUT, PER_SESSION, YES, PrintRate, desk_address

if TYPE_CHECKING:
    from secondop_tui.serve.ssh.hub import Hub
    from secondop_tui.serve.ssh.session import AppSession

QUESTION_LIMIT = 64  # bytes an app's question may take: it is one short word


class PrintDesk:
    def __init__(self, hub: Hub, rate: PrintRate | None = None) -> None:
        self.hub = hub
        self.rate = rate or PrintRate()
        # How apps find it, as an environment variable can hold it ("@" for the address's leading NUL).
        self.name = f"@secondop-print-{os.getpid()}-{secrets.token_hex(8)}"
        self.jobs: WeakKeyDictionary[AppSession, int] = WeakKeyDictionary()  # each session's jobs so far
        self._server: asyncio.AbstractServer | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_unix_server(self._answer, path=desk_address(self.name), limit=QUESTION_LIMIT)

    def close(self) -> None:
        if self._server is not None:
            self._server.close()

    def _session_of(self, writer: asyncio.StreamWriter) -> AppSession | None:
        """The session whose app is on the other end, or None for any other process."""
        sock: socket.socket = writer.get_extra_info("socket")
        pid, uid, _ = struct.unpack("3i", sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))
        if uid != os.geteuid():
            return None
        for session in self.hub.sessions:
            child = session.child
            if child is not None and child.process is not None and child.process.pid == pid:
                return session
        return None

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            session = self._session_of(writer)
            if session is None:
                return  # not one of ours: closed without a word
            await asyncio.wait_for(reader.readline(), ASK_TIMEOUT)  # the question: there is only one
            sent = self.jobs.get(session, 0)
            refusal = self.rate.admit(sent)
            if refusal is None:
                self.jobs[session] = sent + 1
                log(f"{session.label} print job {sent + 1} of at most {PER_SESSION}")
            writer.write(f"{refusal or YES}\n".encode("ascii"))
            await writer.drain()
        except (TimeoutError, OSError, ValueError):
            pass  # the app gave up or went away: it says "the printer did not answer" itself
        finally:
            writer.close()
