"""The web server: our page, one guest app per websocket, limits, and a clean stop.

Built on textual-serve's ``Server`` (its app service, download route and font) with our own page and page script:
textual-serve's page loads a font from another host and shows the server's command line to every visitor, and its
script turns off xterm.js's screen-reader mode, with no setting to turn it on.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import signal
from collections import Counter
from contextlib import aclosing
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp.web_response
import aiohttp_jinja2
import jinja2
from aiohttp import WSMsgType, web
from aiohttp.typedefs import Handler
from textual_serve.download_manager import Download
from textual_serve.server import Server

from secondop_tui.data.locations import default_content_dir
from secondop_tui.guest.folders import check_data_dir, clear_stale_guests, private_folder
from secondop_tui.guest.guide_copies import GuideCopies
from secondop_tui.guest.policy import drain, start_failure
from secondop_tui.guest.warm.client import WarmHelper
from secondop_tui.i18n import N_, accepted_language, translate
from secondop_tui.web.addresses import names_this_server, visitor_address
from secondop_tui.web.connections import (
    MAX_WAITING,
    MAX_WAITING_PER_ADDRESS,
    Answered,
    Doorway,
    asking,
    connection_of,
    files_needed,
    raise_file_limit,
)
from secondop_tui.web.log import Sparse, log, quiet_event_loop, quiet_libraries
from secondop_tui.web.messages import MAX_MESSAGE, Focus, Keys, Ping, Resize, parse, size_from_query
from secondop_tui.web.options import WebOptions, public_origin
from secondop_tui.web.reading import GuideReading
from secondop_tui.web.tab import (
    ADDRESS_FULL,
    BUSY,
    FAILED,
    QUIT_GRACE,
    STOPPING,
    BoundedDownloads,
    DownloadTaken,
    GuestTab,
    helper_environment,
)
from secondop_tui.web.textual_serve_compat import set_download_timeout

HERE = Path(__file__).resolve().parent
PAGE_TITLE = N_("Second opinion guide")  # the app's own title (SecondOpinionApp.TITLE), without importing Textual
HEARTBEAT = 20.0  # seconds between pings to the browser; a tab that stops answering is closed
# textual-serve waits 4 s for each piece of a download; a busy server's app may take longer to hand it over.
set_download_timeout(30)
# aiohttp's Server header names its version and Python's. Its answer to a request it cannot read is made before
# any hook of ours runs, so the name is changed where aiohttp takes it from.
aiohttp.web_response.SERVER_SOFTWARE = "secondop"

# Our page's rules for the browser: everything from this server only. xterm.js adds <style> elements.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; "
        "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class GuideServer(Server):
    def __init__(self, options: WebOptions) -> None:
        super().__init__(
            "secondop",
            host=options.host,
            port=options.port,
            title=PAGE_TITLE,
            public_url=options.public_url,
            templates_path=HERE / "templates",
        )
        self.options = options
        self.download_manager: BoundedDownloads = BoundedDownloads()
        self.tabs: set[GuestTab] = set()
        self.warm_helper: WarmHelper | None = None  # the warm helper that forks tabs' apps, if there is one
        self.places = 0  # tabs with an app, starting or running
        self.places_of: Counter[str] = Counter()  # the same, by the visitor's address
        self.sparse = Sparse()
        self.numbers = itertools.count(1)
        self.stopping = False
        self.guest_root = options.data_dir / "guests"
        # Tabs and /read/ read a checked copy of the guide, taken at start and at each reload (SIGUSR1).
        self.guides = GuideCopies(options.data_dir, options.content_dir or default_content_dir())
        self.reading = GuideReading(options.content_dir, self.language, PAGE_TITLE)

    @property
    def full(self) -> bool:
        return self.stopping or self.places >= self.options.max_sessions

    async def make_app(self) -> web.Application:
        app = web.Application(middlewares=[asking, self._only_our_name])
        aiohttp_jinja2.setup(
            app, loader=jinja2.FileSystemLoader(self.templates_path), autoescape=jinja2.select_autoescape(default=True)
        )
        app.add_routes(
            [
                web.get("/", self.handle_index),
                web.get("/ws", self.handle_websocket),
                web.get("/download/{key}", self.handle_download),
                web.static("/static/fonts", self.statics_path / "fonts"),  # the font textual-serve ships
                web.static("/assets", HERE / "static"),  # our page's script and styles, and xterm.js
                *self.reading.routes(),  # the guide as plain pages, for screen readers and printing
            ]
        )
        app.on_response_prepare.append(_add_security_headers)
        return app

    def language(self, request: web.Request) -> str:
        """The language this browser asks for, if we have it; else the server's ``--lang``."""
        return accepted_language(request.headers.get("Accept-Language"), self.options.language)

    async def handle_index(self, request: web.Request) -> web.Response:
        lang = self.language(request)
        # The page's words in the browser's language; lang also tells a screen reader how to speak them.
        context = {"title": translate(lang, PAGE_TITLE), "lang": lang, "_": partial(translate, lang)}
        if self.full:
            response = aiohttp_jinja2.render_template("busy.html", request, context, status=503)
            response.headers["Retry-After"] = "60"
        else:
            response = aiohttp_jinja2.render_template("page.html", request, context)
        response.headers["Cache-Control"] = "no-store"
        return response

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """A saved checklist, to its first request only: a second (a double click, a retry) is told so at once."""
        key = request.match_info["key"]
        try:
            download = self.download_manager.claim(key)
        except KeyError:
            raise web.HTTPNotFound(
                text=translate(
                    self.language(request), N_("This download has ended. Save the checklist again from the guide.")
                )
            ) from None
        except DownloadTaken:
            raise web.HTTPConflict(
                text=translate(
                    self.language(request),
                    N_("This download is already on its way to your browser: look among your downloads."),
                )
            ) from None
        label = download.app_service.label if isinstance(download.app_service, GuestTab) else "a tab"
        log(f"{label} download taken")
        # Health information: kept by no cache on the way.
        response = web.StreamResponse(
            headers={
                "Content-Type": _content_type(download),
                "Cache-Control": "no-store",
                "Content-Disposition": _disposition(download),
            }
        )
        try:
            await response.prepare(request)
            async with aclosing(self.download_manager.download(key)) as chunks:
                async for chunk in chunks:
                    await response.write(chunk)
            await response.write_eof()
        except ConnectionError:
            log(f"{label} download broken off")
        finally:
            self.download_manager.finish(key)
        return response

    def visitor(self, request: web.Request) -> str:
        """The address a tab counts against: the connection's, or behind the proxy, the one it names."""
        proxy = self.options.proxy
        address = visitor_address(request.remote, request.headers.getall("X-Forwarded-For", []), proxy)
        if address == proxy:
            self.sparse(
                "unnamed",
                f"a tab through the proxy at {proxy} came without X-Forwarded-For: all such "
                "tabs count as one address (see docs/clinics/web.md, behind a reverse proxy)",
            )
        return address

    @web.middleware
    async def _only_our_name(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Without ``--public-url``, a request must name this server: a DNS-rebinding page names itself."""
        if self.options.public_url is None:
            where = request.transport.get_extra_info("sockname") if request.transport is not None else None
            if not names_this_server(request.headers.get("Host"), str(where[0]) if where else None):
                self.sparse("host", "refused a request for another name (--public-url names the address people open)")
                raise web.HTTPMisdirectedRequest(
                    text=translate(self.language(request), N_("This guide answers only at its own address."))
                )
        return await handler(request)

    def _from_our_page(self, request: web.Request) -> bool:
        """Whether a websocket comes from our own page, not another site's page in a visitor's browser."""
        origin = request.headers.get("Origin")
        if origin is None:
            return True  # not a web page's request: another site cannot make a visitor's browser send this
        if self.options.public_url is not None:
            return origin == public_origin(self.options.public_url)
        return urlsplit(origin).netloc.lower() == request.host.lower()  # a Host already checked to be ours

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        address = self.visitor(request)
        label = f"tab {next(self.numbers)} from {address}"
        if not self._from_our_page(request):
            log(f"{label} refused: opened from another site's page")
            refusal = N_("This guide opens only from its own page.")
            raise web.HTTPForbidden(text=translate(self.language(request), refusal))
        websocket = web.WebSocketResponse(heartbeat=HEARTBEAT, max_msg_size=MAX_MESSAGE, timeout=QUIT_GRACE)
        if self.full:
            log(f"{label} refused: {'stopping' if self.stopping else f'busy ({self.places} sessions)'}")
            await websocket.prepare(request)
            await websocket.close(code=STOPPING if self.stopping else BUSY)
            return websocket
        if (mine := self.places_of[address]) >= self.options.max_guests_per_address:
            log(f"{label} refused: {mine} already open from this address")
            await websocket.prepare(request)
            await websocket.close(code=ADDRESS_FULL)
            return websocket
        # Taken before the first wait, so tabs arriving together cannot pass the caps.
        self.places += 1
        self.places_of[address] += 1
        if (connection := connection_of(request)) is not None:
            connection.sit_down()  # bounded by the caps on tabs from now on, not by the connections' line
        # The app opens in the language the page was shown in: the browser sends the same header here.
        guide = self.guides.enter()  # the guide this tab reads, kept until it ends
        tab = GuestTab(
            label,
            self.guest_root,
            self.language(request),
            guide,
            websocket,
            self.download_manager,
            self.options.idle_timeout,
            self.warm_helper,
        )
        try:
            await websocket.prepare(request)
            try:
                await tab.start(*size_from_query(request.query.get("width"), request.query.get("height")))
            # Whatever it was, the place, the folder and the process are given back.
            except Exception as error:  # noqa: BLE001
                tab.why = f"could not start the app: {start_failure(error)}"
                await websocket.close(code=FAILED)
                return websocket
            self.tabs.add(tab)
            assert tab.process is not None
            how = "" if tab.forked else ", started cold"
            log(f"{label} session start (app {tab.process.pid}{how}, {self.places} open)")
            await self._take_messages(websocket, tab)
        except ConnectionError:
            tab.why = "tab gone"
        finally:
            self.tabs.discard(tab)
            await tab.stop()
            self.guides.leave(guide)
            self.places -= 1
            self.places_of[address] -= 1
            if not self.places_of[address]:
                del self.places_of[address]
            log(f"{label} session end ({tab.why}, {tab.seconds:.0f} s, {self.places} open)")
        return websocket

    async def _take_messages(self, websocket: web.WebSocketResponse, tab: GuestTab) -> None:
        """Pass on what the page sends, checked; one message at a time, so a fast sender waits for the app."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            match parse(message.data):
                case Keys(text):
                    tab.touch()
                    # A lone surrogate (JSON allows "\ud800") is no character: dropped, not turned into "?".
                    if keys := text.encode("utf-8", "ignore"):
                        await tab.send_bytes(keys)
                case Resize(columns, rows):
                    await tab.set_terminal_size(columns, rows)
                case Ping(token):
                    await websocket.send_json(["pong", token])
                case Focus():
                    # Not passed on: at each, the app rebuilds its footer, and a tap arriving meanwhile was lost
                    # (a phone's first tap focuses the page just before it presses). The app stays focused.
                    pass

    def _turned_away(self, why: str) -> None:
        if why == "slow":
            self.sparse(why, f"closed a connection that sent no request within {self.options.header_timeout:g} s")
        else:
            self.sparse(
                why,
                f"turned a connection away: {MAX_WAITING} were waiting (at most "
                f"{MAX_WAITING_PER_ADDRESS} from one address)",
            )

    def _check_file_limit(self) -> None:
        """Each connection and each tab holds open files: raise the soft limit if it is too low."""
        needed = files_needed(self.options.max_sessions)
        if (allowed := raise_file_limit(needed)) < needed:
            log(
                f"warning: only {allowed} open files allowed, and {self.options.max_sessions} sessions need about "
                f"{needed}: raise the limit (LimitNOFILE in a systemd unit)"
            )

    async def run(self) -> int:
        """Serve until SIGTERM or SIGINT, then close every tab (its page says why) and return 0."""
        loop = asyncio.get_running_loop()
        quiet_libraries()
        quiet_event_loop(loop, self.sparse)
        check_data_dir(self.options.data_dir)
        self.guides.clear_stale()
        taken = self.guides.take_and_say()  # GuideProblem: the server does not start
        self.reading.use(self.guides.current)
        clear_stale_guests(self.options.data_dir, self.guest_root.name)
        private_folder(self.options.data_dir, self.guest_root.name)
        self._check_file_limit()
        # Answered tells each connection when its answer has gone out (see connections.py).
        runner = web.AppRunner(await self.make_app(), access_log_class=Answered, handle_signals=False)
        await runner.setup()
        assert runner.server is not None
        doorway = Doorway(runner.server, self.options.header_timeout, self.options.proxy, self._turned_away)
        listener = await loop.create_server(doorway, self.options.host, self.options.port)
        host, port = listener.sockets[0].getsockname()[:2]
        # Started once the port is ours: a server that cannot listen leaves no helper behind to speak after it.
        self._start_helper()
        log(taken)
        where = f"; people open {self.options.public_url}" if self.options.public_url else ""
        log(f"listening on {host}:{port} (at most {self.options.max_sessions} sessions{where})")

        stop = asyncio.Event()
        for number in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(number, stop.set)
        loop.add_signal_handler(signal.SIGUSR1, self._reload)
        await stop.wait()

        self.stopping = True
        log(f"stopping: closing {len(self.tabs)} sessions")
        for tab in list(self.tabs):
            tab.end(STOPPING, "server stopping")
        await drain(lambda: self.places, QUIT_GRACE + 5)
        listener.close()
        await runner.cleanup()
        if self.warm_helper is not None:
            await self.warm_helper.stop()
        self.guides.clear()
        log("stopped")
        return 0

    def _reload(self) -> None:
        """Tabs that open from now on, and /read/, get the guide afresh if it passes the check (open tabs keep
        theirs); if it does not, the guide read before is still served, and the log says exactly why."""
        if self.guides.reload(log):
            self.reading.use(self.guides.current)
            if self.warm_helper is not None:
                self.warm_helper.renew(self.guides.current)

    def _start_helper(self) -> None:
        """The warm helper, if it is wanted and this system lets the server be the parent of what it forks."""
        if not self.options.warm_start:
            log("tabs start cold: each tab starts a new process")
            return
        helper = WarmHelper("web", self.guides.current, helper_environment())
        if (why_cold := helper.start()) is not None:
            log(f"tabs start cold: {why_cold}")
            return
        self.warm_helper = helper


async def _add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(SECURITY_HEADERS)


def _content_type(download: Download) -> str:
    return download.mime_type + (f"; charset={download.encoding}" if download.encoding else "")


def _disposition(download: Download) -> str:
    """The file's name quoted, and only of characters that need no escaping in any browser."""
    name = re.sub(r"[^A-Za-z0-9._-]", "_", download.file_name).lstrip(".") or "checklist.txt"
    return f'{"inline" if download.open_method == "browser" else "attachment"}; filename="{name}"'
