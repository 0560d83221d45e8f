"""The SSH front door: start listening (and the warm helper that forks the apps), reload the guide on
SIGUSR1, and stop cleanly on SIGTERM with every session told why."""

from __future__ import annotations

import asyncio
import resource
import signal
import time

import asyncssh

from secondop_tui.serve.adoption import StraySweep, become_subreaper
from secondop_tui.serve.authkeys import read_key_book
from secondop_tui.serve.connection import LOGIN_TIMEOUT, Connection
from secondop_tui.serve.folders import check_data_dir, clear_stale_guests
from secondop_tui.serve.hostkey import load_or_create_host_key
from secondop_tui.serve.hub import Hub, ServeOptions
from secondop_tui.serve.log import log
from secondop_tui.serve.page_merging import merging_state
from secondop_tui.serve.print_desk import PrintDesk
from secondop_tui.serve.session import HANGUP_GRACE, STOPPING, app_environment
from secondop_tui.serve.waiting import WAITING_TOTAL
from secondop_tui.serve.zygote_client import Zygote

__all__ = ["ServeOptions", "run", "serve"]

# How much a client may send before the server says "more": what a paused session holds for it at most.
INPUT_WINDOW = 128 * 1024
# Its connection, its app's terminal, the handle that tells when a forked app ends, and what starting the
# app needs for a moment.
FILES_PER_SESSION = 5
FILES_OF_ITS_OWN = 64  # the listening socket, the log, the event loop, the helper's socket, libraries


def _check_file_limit(options: ServeOptions) -> None:
    """Each waiting connection holds a file and each session a few: raise the soft limit if it is too low."""
    needed = WAITING_TOTAL + FILES_PER_SESSION * options.max_sessions + FILES_OF_ITS_OWN
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed and (hard == resource.RLIM_INFINITY or soft < hard):
        soft = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    if soft < needed:
        log(f"warning: only {soft} open files allowed, and {options.max_sessions} sessions need about {needed}: "
            "raise the limit (LimitNOFILE in a systemd unit)")


def run(options: ServeOptions) -> int:
    return asyncio.run(serve(options))


def _start_helper(hub: Hub) -> StraySweep | None:
    """The warm helper, if it is wanted and this system lets the server be the parent of what it forks."""
    why_cold = become_subreaper() if hub.options.warm_start else "each session starts a new process"
    if why_cold is not None:
        merged = "; pages are merged only for apps of the warm helper" if hub.options.merge_pages else ""
        log(f"apps start cold: {why_cold}{merged}")
        return None
    # The helper has no terminal: each app gets its TERM from its session.
    env = {name: value for name, value in app_environment().items() if name != "TERM"}
    if hub.options.merge_pages:
        log(f"page merging: asked for; {merging_state()}")
    hub.zygote = Zygote(hub.options.content_dir, env, merge_pages=hub.options.merge_pages)
    hub.zygote.start()
    sweep = StraySweep()
    sweep.start()
    return sweep


def _reload(hub: Hub) -> None:
    """The guide is read afresh by the apps that start from now on; those running keep theirs."""
    if hub.zygote is not None:
        hub.zygote.renew()
    else:
        log("reload: nothing to do, each app reads the guide when it starts")


async def serve(options: ServeOptions) -> int:
    check_data_dir(options.data_dir)
    _check_file_limit(options)
    key, made = load_or_create_host_key(options.host_key)
    hub = Hub(options)
    clear_stale_guests(options.data_dir, hub.guest_root.name)
    if options.authorized_keys is not None:
        for problem in read_key_book(options.authorized_keys).problems:
            log(f"warning: {problem}")
    sweep = _start_helper(hub)  # it imports while the server starts; until it is ready, apps start cold
    if options.print_command:
        hub.print_desk = PrintDesk(hub)
        await hub.print_desk.start()
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
        window=INPUT_WINDOW,
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
    loop.add_signal_handler(signal.SIGUSR1, _reload, hub)
    await stop.wait()

    log(f"stopping: closing {len(hub.sessions)} sessions")
    hub.stopping = True
    acceptor.close()
    for session in list(hub.sessions):
        session.end(session.line(STOPPING))
    deadline = time.monotonic() + HANGUP_GRACE + 2
    while hub.sessions and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)  # let the last words reach the clients
    await acceptor.wait_closed()
    if hub.print_desk is not None:
        hub.print_desk.close()
    if hub.zygote is not None:
        await hub.zygote.stop()
    if sweep is not None:
        sweep.stop()
    log("stopped")
    return 0
