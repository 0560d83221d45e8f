"""Send the checklist to a printer: a configured command that prints what it reads on its standard input."""

from __future__ import annotations

import asyncio
import shlex
from subprocess import DEVNULL, PIPE

from secondop_tui.i18n import _

PRINT_TIMEOUT = 30.0


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
    except (asyncio.TimeoutError, BrokenPipeError, ConnectionResetError):
        if process.returncode is None:
            process.kill()
            await process.wait()
        return _("The printer did not answer.")
    if process.returncode != 0:
        return _("The printer could not take it.")
    return None
