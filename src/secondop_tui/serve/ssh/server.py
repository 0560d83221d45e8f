"""The SSH front door: check the guide and the keys file, start listening (and the warm helper that forks the
apps), reload the guide on SIGUSR1 once it passes the check, and stop cleanly on SIGTERM or SIGHUP with every
session told why."""

from __future__ import annotations

import asyncio
import resource
import signal

import asyncssh

from secondop_tui.guest.folders import UnsafeFolder, check_data_dir, clear_stale_guests
from secondop_tui.guest.policy import drain
from secondop_tui.guest.warm.client import WarmHelper
from secondop_tui.guest.warm.page_merging import merging_state
from secondop_tui.i18n import _
from secondop_tui.serve.log import log
from secondop_tui.serve.ssh.authkeys import read_key_book
from secondop_tui.serve.ssh.connection import LOGIN_TIMEOUT, Connection
from secondop_tui.serve.ssh.hostkey import load_or_create_host_key
from secondop_tui.serve.ssh.hub import Hub, ServeOptions
from secondop_tui.serve.ssh.print_desk import PrintDesk
from secondop_tui.serve.ssh.session import HANGUP_GRACE, STOPPING, app_environment
from secondop_tui.serve.ssh.waiting import WAITING_TOTAL

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
        log(
            f"warning: only {soft} open files allowed, and {options.max_sessions} sessions need about {needed}: "
            "raise the limit (LimitNOFILE in a systemd unit)"
        )


def run(options: ServeOptions) -> int:
    return asyncio.run(serve(options))


def _start_helper(hub: Hub) -> None:
    """The warm helper, if it is wanted and this system lets the server be the parent of what it forks."""
    merged = "; pages are merged only for apps of the warm helper" if hub.options.merge_pages else ""
    if not hub.options.warm_start:
        log(f"apps start cold: each session starts a new process{merged}")
        return
    # The helper has no terminal: each app gets its TERM from its session.
    env = {name: value for name, value in app_environment().items() if name != "TERM"}
    helper = WarmHelper("serve", hub.guides.current, env, merge_pages=hub.options.merge_pages)
    if (why_cold := helper.start()) is not None:
        log(f"apps start cold: {why_cold}{merged}")
        return
    if hub.options.merge_pages:
        log(f"page merging: asked for; {merging_state()}")
    hub.warm_helper = helper


def _check_keys(hub: Hub) -> str | None:
    """Why the keys file cannot be trusted, if it cannot; its other problems are logged as warnings."""
    if hub.options.authorized_keys is None:
        return None
    book = read_key_book(hub.options.authorized_keys)
    if book.unsafe is None:
        for problem in book.problems:
            log(f"warning: {problem}")
    return book.unsafe


def _reload(hub: Hub) -> None:
    """The guide is read afresh by the apps that start from now on, if it passes the check (those running keep
    theirs); if it does not, the guide read before is still served, and the log says exactly why."""
    unsafe = _check_keys(hub)
    if unsafe is not None:
        log(f"reload: the keys file is not safe: {unsafe}; no key opens a checklist until it is fixed")
    if not hub.guides.reload(log):
        return
    if hub.warm_helper is not None:
        hub.warm_helper.renew(hub.guides.current)


async def serve(options: ServeOptions) -> int:
    check_data_dir(options.data_dir)
    hub = Hub(options)
    unsafe = _check_keys(hub)
    if unsafe is not None:
        raise UnsafeFolder(_("the keys file is not safe: {problem}").format(problem=unsafe))
    hub.guides.clear_stale()
    taken = hub.guides.take_and_say()  # GuideProblem: the server does not start
    _check_file_limit(options)
    key, made = load_or_create_host_key(options.host_key)
    clear_stale_guests(options.data_dir, hub.guest_root.name)
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
    if options.print_command:
        hub.print_desk = PrintDesk(hub)
        await hub.print_desk.start()
    # Started once the port is ours: a server that cannot listen leaves no helper behind to speak after it.
    _start_helper(hub)
    log(taken)
    log(f"host key {'created at' if made else 'read from'} {options.host_key}")
    log(f"host key fingerprint {key.get_fingerprint()}")
    # Ready for signals before the log says it listens: a reload sent at once is not lost.
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    # SIGHUP too: the terminal of an admin who ran the server by hand has closed.
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        loop.add_signal_handler(number, stop.set)
    loop.add_signal_handler(signal.SIGUSR1, _reload, hub)
    modes = [m for m, on in (("keys", options.authorized_keys is not None), ("guest", options.guest)) if on]
    log(
        f"listening on {options.host}:{acceptor.get_port()} ({' and '.join(modes)}; "
        f"at most {options.max_sessions} sessions)"
    )

    await stop.wait()

    log(f"stopping: closing {len(hub.sessions)} sessions")
    hub.stopping = True
    acceptor.close()
    for session in list(hub.sessions):
        session.end(session.goodbye(STOPPING))
    await drain(lambda: len(hub.sessions), HANGUP_GRACE + 2)
    await asyncio.sleep(0.2)  # let the last words reach the clients
    await acceptor.wait_closed()
    if hub.print_desk is not None:
        hub.print_desk.close()
    if hub.warm_helper is not None:
        await hub.warm_helper.stop()
    hub.guides.clear()
    log("stopped")
    return 0
