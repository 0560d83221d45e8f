"""What a process forked by the warm helper does to become one session's app, as if started afresh.

It has the helper's memory: Textual, the app and the guide, already imported and loaded. What a new
``python -m secondop_tui.guest`` process would get from its start it is given here: the session's terminal as its
controlling terminal and as fds 0, 1 and 2 (a browser tab's app: its stream as fds 0 and 1, nothing on 2, and
SIGHUP when the server dies, as a tab's app started afresh has), in a session and process group of its own (so the
server's SIGHUP and SIGKILL reach it and nothing else); no other file of the helper's, above all not its socket to
the server; the signal handling a Python starts with; the session's environment, locale and standard streams; and
the memory ceiling. It never returns to the helper's code: it ends with ``os._exit``.
"""

from __future__ import annotations

import gc
import io
import locale
import os
import select
import signal
import socket
import sys
import traceback
from collections.abc import Mapping
from typing import NoReturn

from secondop_tui.content import Guide
from secondop_tui.guest.memory_watch import set_hard_limit
from secondop_tui.guest.prctl import switch_on
from secondop_tui.guest.warm.wire import STREAM

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

Handlers = dict[int, object]


def signal_handlers() -> Handlers:
    """Every signal's handler now; taken at the helper's start, before anything could change one."""
    handlers: Handlers = {}
    for number in signal.valid_signals():
        try:
            handler = signal.getsignal(number)
        except (OSError, ValueError):
            continue
        if handler is not None:  # None: set outside Python, nothing Python could put back
            handlers[number] = handler
    return handlers


def become_app(
    helper: socket.socket,
    terminal: int,
    report: int,
    server: int,
    request: Mapping[str, object],
    guide: Guide | None,
    startup: Handlers,
) -> NoReturn:
    """Turn this fresh fork into the session's app; writes its pid to ``report`` once it leads its session (and,
    on a stream, once its parent is the server, whose pid is ``server``)."""
    code = 1
    try:
        helper.close()
        _restore_signals(startup)
        if request.get("io") == STREAM:
            _on_stream(terminal)
            _end_with(server)
        else:
            os.login_tty(terminal)  # setsid, TIOCSCTTY, the terminal on fds 0-2
        os.write(report, str(os.getpid()).encode())
        os.close(report)
        os.closerange(3, os.sysconf("SC_OPEN_MAX"))  # whatever else the helper had open
        _use_environment(request["env"])  # type: ignore[arg-type]
        set_hard_limit(int(request["memory"]))  # type: ignore[call-overload]
        _stdio_on_terminal()
        gc.enable()  # the helper collects nothing, so as to fork from pages with no holes
    except BaseException:  # noqa: BLE001
        os._exit(1)  # before the terminal is ours, stderr is still the server's log: nothing is written
    try:
        from secondop_tui.guest.run import run_guest
        from secondop_tui.guest.spec import BadSpec, GuestSpec

        try:
            spec = GuestSpec.from_json(str(request["spec"]))
        except BadSpec as error:
            print(f"secondop: not a guest's spec: {error}", file=sys.stderr)
            spec = None
        code = 2 if spec is None else run_guest(spec, guide=guide)
    except SystemExit as leaving:
        code = leaving.code if isinstance(leaving.code, int) else 1
    except BaseException:  # noqa: BLE001
        traceback.print_exc()  # on the session's terminal, as a crashed ``secondop`` would show it
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)


def _on_stream(stream: int) -> None:
    """A session of its own, the stream on fds 0 and 1, and nothing on 2: what a tab's app writes there is not
    kept (a crash report could quote what the person typed)."""
    os.setsid()
    nothing = os.open(os.devnull, os.O_RDWR)
    for fd, source in ((0, stream), (1, stream), (2, nothing)):
        os.dup2(source, fd)
    os.close(nothing)
    os.close(stream)


def _end_with(server: int) -> None:
    """SIGHUP when the server dies, even by SIGKILL: a tab's app has no terminal whose end would tell it.

    The kernel sends the signal each time a process's parent goes, so it is asked for only once this one's parent
    is the server: after the helper's go-between has exited (it cannot be reaped meanwhile: the helper waits for
    this app's report first). SIGHUP's default, put back here, ends the app.
    """
    parent = os.getppid()
    if parent != server:
        go_between = os.pidfd_open(parent)
        select.select([go_between], [], [])
        os.close(go_between)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    switch_on(_PR_SET_PDEATHSIG)
    if os.getppid() != server:  # the server died before the switch was on
        os._exit(1)


def _restore_signals(startup: Handlers) -> None:
    for number, handler in startup.items():
        if signal.getsignal(number) != handler:
            try:
                signal.signal(number, handler)  # type: ignore[arg-type]
            except (OSError, ValueError):
                pass
    signal.pthread_sigmask(signal.SIG_SETMASK, set())


def _use_environment(env: Mapping[str, str]) -> None:
    os.environ.clear()
    os.environ.update(env)
    # What a new Python does with its environment at start. The encoding of its files and streams
    # (PYTHONUTF8) was already fixed when the helper started, with the same setting.
    try:
        locale.setlocale(locale.LC_CTYPE, "")
    except locale.Error:
        pass  # a locale the client named that this machine does not have: as at a normal start


def _stdio_on_terminal() -> None:
    """Standard streams on the session's terminal, made as Python makes them at start for a terminal."""
    for fd, name in ((0, "stdin"), (1, "stdout"), (2, "stderr")):
        old: io.TextIOWrapper = getattr(sys, f"__{name}__")
        binary = open(fd, "rb" if fd == 0 else "wb", closefd=False)  # noqa: SIM115 (it lives as long as the app)
        stream = io.TextIOWrapper(
            binary, encoding=old.encoding, errors=old.errors, line_buffering=fd != 0, write_through=old.write_through
        )
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)
