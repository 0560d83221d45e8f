"""The warm helper of ``secondop serve`` and ``secondop web`` (a zygote): imports the app once, then forks one
app per session or browser tab.

A new Python that imports Textual and the app costs each session most of a second of CPU and some 30 MiB
of its own. The server starts this helper once: it imports everything an app needs, loads the guide,
freezes what it built (``gc.freeze``: the pages stay shared with every fork), says it is ready, and waits.
For each session the server sends it the session's terminal (or, for a browser tab, its end of a socket
that carries textual-serve's stream) and settings; it forks, and the fork becomes the app
(``forked_app.become_app``). It forks twice so that the app's parent is the server (a child
subreaper), which reaps it and signals its process group exactly as it would an app it had started itself.

It never runs an event loop or a thread: a fork carries only the thread that calls it, and whatever locks
the others held. It reads nothing from a session but its settings, and writes only one-line errors to the
server's log. When the server goes away (its end of the socket closes) it exits.

    python -m secondop_tui.guest.warm.helper FD --server serve|web [--content DIR] [--merge-pages]

Textual reads some of its settings from the environment once, as it is imported (its driver, colours, frames
per second), so the helper is started with the environment its apps run with: each server has its own.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import socket
import threading
from functools import partial
from pathlib import Path

from secondop_tui.content import Guide
from secondop_tui.guest.process_name import name_process
from secondop_tui.guest.server_log import SERVERS, log_line
from secondop_tui.guest.warm.forked_app import Handlers, become_app, signal_handlers
from secondop_tui.guest.warm.page_merging import allow_merging
from secondop_tui.guest.warm.wire import STREAM, TERMINAL, Message, close_all, receive, send

# What an app imports as it starts, besides the app itself: Textual loads its driver, its input parser and
# some layouts only when an app runs. Imported here once, each app finds them already in memory.
PRELOAD = (
    "secondop_tui.guest.run",
    "secondop_tui.app",
    "secondop_tui.guest.apps",
    # What an app imports only when first asked for (its first frame does without): imported here once, shared.
    "secondop_tui.data.storage",
    "filelock",
    "secondop_tui.screens.checklist",
    "secondop_tui.screens.help",
    "secondop_tui.screens.search",
    "secondop_tui.screens.take_away",
    "secondop_tui.screens.qr_code",
    "secondop_tui.dialogs.link_picker",
    "secondop_tui.take_away.downloads",
    "secondop_tui.take_away.printer",
    "secondop_tui.take_away.record",
    "secondop_tui.take_away.document",
    "secondop_tui.screens.visit",
    "textual.drivers.linux_driver",
    "textual.drivers.web_driver",
    "textual._xterm_parser",
    "textual.layouts.factory",
    "textual.layouts.horizontal",
    "textual.layouts.stream",
    "textual.pilot",
)


def main(argv: list[str] | None = None) -> int:
    startup = signal_handlers()  # before anything here could change one: what each app starts with
    # No collection until the fork: one would free holes in pages that each app would then fill (and so copy).
    gc.disable()
    parser = argparse.ArgumentParser(prog="secondop-warm-helper")
    parser.add_argument("fd", type=int)
    parser.add_argument("--server", choices=SERVERS, default="serve")
    parser.add_argument("--content", type=Path)
    parser.add_argument("--merge-pages", action="store_true")
    args = parser.parse_args(argv)
    log = partial(log_line, args.server)
    name_process("helper", args.server)
    try:
        server = socket.socket(fileno=args.fd)
        guide = _preload(args.content)
        gc.freeze()  # and no app's collection writes to what is built here: those pages stay shared
        if args.merge_pages and (problem := allow_merging()) is not None:
            log(f"helper: pages cannot be merged: {problem}")
        send(server, {"ready": True})
        while True:
            request, fds = receive(server)
            if request is None:
                return 0  # the server has gone
            send(server, _spawn(server, request, fds, guide, startup))
    # A broken install, or a server gone mid-answer: one line, and the server goes on.
    except Exception as error:  # noqa: BLE001
        log(f"helper: stopped: {type(error).__name__}: {error}")
        return 1


def _preload(content: Path | None) -> Guide | None:
    """Import what every app needs and load the guide; the guide is None if it has a problem (each app then
    loads it itself and shows the person the same one-line error a new ``secondop`` would)."""
    for name in PRELOAD:
        importlib.import_module(name)
    from rich.cells import cell_len

    from secondop_tui.content import ContentError, load_guide
    from secondop_tui.data.locations import default_content_dir
    from secondop_tui.guest.warm.prepared_styles import prepare_styles
    from secondop_tui.i18n import LANGUAGES, translations

    cell_len("\u4e00")  # loads Rich's table of character widths, as an app's first frame would
    for code in LANGUAGES:
        translations(code)  # each language's catalogue, read once and shared by every app
    prepare_styles()
    try:
        return load_guide(content or default_content_dir())
    except ContentError:
        return None


def _spawn(server: socket.socket, request: Message, fds: list[int], guide: Guide | None, startup: Handlers) -> Message:
    """Fork the session's app on the terminal (or stream) in ``fds``; the reply names its pid once the server is
    its parent."""
    reply: Message = {"id": request.get("id")}
    if (
        len(fds) != 1
        or not isinstance(request.get("spec"), str)
        or not isinstance(request.get("env"), dict)
        or request.get("io", TERMINAL) not in (TERMINAL, STREAM)
    ):
        close_all(fds)
        reply["error"] = "not a request for an app"
        return reply
    if threading.active_count() != 1:  # a fork would copy locks held by threads it does not copy
        close_all(fds)
        reply["error"] = "the helper has threads"
        return reply
    terminal = fds[0]
    parent = os.getppid()  # the server: the app's parent once the go-between has gone
    report_read, report_write = os.pipe()
    try:
        middle = os.fork()
    except OSError as error:
        reply["error"] = f"cannot fork: {error.strerror}"
        middle = -1
    if middle == 0:
        try:
            # The go-between: once it exits, the app it forks is the server's child.
            if os.fork() == 0:
                os.close(report_read)
                become_app(server, terminal, report_write, parent, request, guide, startup)
        finally:
            os._exit(0)
    os.close(report_write)
    os.close(terminal)  # the app has its own; the server's reading of the terminal ends when the app's does
    pid = _read_all(report_read)
    if middle > 0:
        os.waitpid(middle, 0)
        if pid:
            reply["pid"] = int(pid)
        else:
            reply["error"] = "the app did not start"
    return reply


def _read_all(fd: int) -> bytes:
    """What the app reports through the pipe ``fd``: its pid, written once it leads its own session."""
    data = b""
    try:
        while chunk := os.read(fd, 64):
            data += chunk
    finally:
        os.close(fd)
    return data


if __name__ == "__main__":
    raise SystemExit(main())
