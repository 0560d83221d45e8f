"""Send the checklist to a printer: a configured command that prints what it reads on its standard input.

Where strangers can print (``secondop serve``, a kiosk) each job must be let through first, by one rule
(``PrintRate``): at most ``PER_SESSION`` jobs for one person (an SSH session, a kiosk visit), and at most
``SERVER_MOST`` in any ``SERVER_WINDOW`` seconds for everyone together. A kiosk applies it itself
(``LocalGate``). Each of serve's sessions is a process of its own, so none could count the others' jobs: their
apps ask the server (``DeskGate``), which applies the same rule to all of them (``serve/print_desk.py``).
"""

from __future__ import annotations

import asyncio
import shlex
import time
from collections import deque
from collections.abc import Callable
from subprocess import DEVNULL, PIPE
from typing import Literal, Protocol

from secondop_tui.i18n import N_, _

PRINT_TIMEOUT = 30.0
PER_SESSION = 3  # print jobs one person may send: a copy for themselves, one for a relative, one spare
SERVER_MOST = 5  # print jobs in any SERVER_WINDOW seconds, for the whole server: a busy front desk's worth
SERVER_WINDOW = 600.0
DESK_ENV = "SECONDOP_PRINT_DESK"  # where a served app finds the server's desk; read once, then dropped
ASK_TIMEOUT = 10.0  # for the server's answer; a server this slow is as good as none

Refusal = Literal["session", "server", "unreachable"]
YES = "yes"  # the desk's answer to a job it lets through; otherwise it answers the refusal
REFUSALS: dict[Refusal, str] = {
    "session": N_("That is the most print-outs one person can make here ({most})."),
    "server": N_("The printer has had many print-outs in the last few minutes. Please try again in a few minutes."),
    "unreachable": N_("The printer did not answer."),
}


def refusal_line(refusal: Refusal) -> str:
    return _(REFUSALS[refusal]).format(most=PER_SESSION)


class PrintRate:
    """The rule: whether one more print job may start, for one person and for everyone together."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        per_session: int = PER_SESSION,
        most: int = SERVER_MOST,
        window: float = SERVER_WINDOW,
    ) -> None:
        self.clock = clock  # seconds; tests pass their own
        self.per_session = per_session
        self.most = most
        self.window = window
        self._started: deque[float] = deque()  # when the jobs of the last ``window`` seconds started

    def admit(self, sent_by_session: int) -> Refusal | None:
        """None, and the job counted, when a session that has sent ``sent_by_session`` jobs may send one more."""
        if sent_by_session >= self.per_session:
            return "session"
        now = self.clock()
        while self._started and now - self._started[0] >= self.window:
            self._started.popleft()
        if len(self._started) >= self.most:
            return "server"
        self._started.append(now)
        return None


class PrintGate(Protocol):
    """What lets one person's print jobs through, or says why not."""

    async def ask(self) -> Refusal | None: ...


class LocalGate:
    """One person's jobs, let through by a rule held in this process (a kiosk's, for each visit)."""

    def __init__(self, rate: PrintRate) -> None:
        self.rate = rate
        self.sent = 0

    async def ask(self) -> Refusal | None:
        refusal = self.rate.admit(self.sent)
        if refusal is None:
            self.sent += 1
        return refusal


def desk_address(value: str) -> str:
    """A socket address in the abstract namespace, written with ``@`` for its leading NUL (which an environment
    variable cannot hold)."""
    return "\0" + value.removeprefix("@")


class DeskGate:
    """One served person's jobs, let through by the server, which counts every session's."""

    def __init__(self, address: str, timeout: float = ASK_TIMEOUT) -> None:
        self.address = desk_address(address)
        self.timeout = timeout

    async def ask(self) -> Refusal | None:
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_unix_connection(self.address), self.timeout)
            try:
                writer.write(b"print\n")
                answer = await asyncio.wait_for(reader.readline(), self.timeout)
            finally:
                writer.close()
        except (TimeoutError, OSError, ValueError):
            return "unreachable"
        word = answer.strip().decode("ascii", "replace")
        if word == YES:
            return None
        return "session" if word == "session" else "server" if word == "server" else "unreachable"


async def send_to_printer(command: str, text: str, timeout: float = PRINT_TIMEOUT) -> str | None:
    """Pipe ``text`` into ``command`` (split like a shell would, but run without one).

    Returns None when the command took it, else one short line for the person. Nothing of the checklist is
    written anywhere by us: the printer command gets it on its standard input.
    """
    try:
        argv = shlex.split(command)
    except ValueError:
        argv = []
    if not argv:
        return _("The printer is not set up.")
    try:
        process = await asyncio.create_subprocess_exec(
            *argv, stdin=PIPE, stdout=DEVNULL, stderr=DEVNULL, start_new_session=True
        )
    except OSError:
        return _("The printer is not set up.")
    try:
        await asyncio.wait_for(process.communicate(text.encode("utf-8")), timeout)
    except (TimeoutError, BrokenPipeError, ConnectionResetError):
        if process.returncode is None:
            process.kill()
            await process.wait()
        return _("The printer did not answer.")
    if process.returncode != 0:
        return _("The printer could not take it.")
    return None
