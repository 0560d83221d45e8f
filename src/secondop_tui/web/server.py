"""The web server: our page, textual-serve's page script, one guest app per websocket, limits, and a clean stop.

Built on textual-serve's ``Server`` (its download route and its page script) with our own page: textual-serve's
loads a font from another host and shows the server's command line to every visitor.
"""

from __future__ import annotations

import asyncio
import itertools
import signal
import time
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
import textual_serve.download_manager
from aiohttp import WSMsgType, web
from textual_serve.server import Server

from secondop_tui.i18n import N_, accepted_language, translate
from secondop_tui.serve.folders import check_data_dir, clear_stale_guests, private_folder
from secondop_tui.web.log import log, quiet_libraries
from secondop_tui.web.messages import MAX_MESSAGE, Focus, Keys, Ping, Resize, parse, size_from_query
from secondop_tui.web.options import WebOptions, public_origin
from secondop_tui.web.tab import BUSY, FAILED, QUIT_GRACE, STOPPING, BoundedDownloads, GuestTab, app_argv

HERE = Path(__file__).resolve().parent
PAGE_TITLE = N_("Second opinion guide")  # the app's own title (SecondOpinionApp.TITLE), without importing Textual
HEARTBEAT = 20.0  # seconds between pings to the browser; a tab that stops answering is closed
# textual-serve waits 4 s for each piece of a download; a busy server's app may take longer to hand it over.
textual_serve.download_manager.DOWNLOAD_TIMEOUT = 30

# Our page's rules for the browser: everything from this server only. textual.js adds <style> elements.
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
        super().__init__("secondop", host=options.host, port=options.port, title=PAGE_TITLE,
                         public_url=options.public_url, templates_path=HERE / "templates")
        self.options = options
        self.download_manager = BoundedDownloads()
        self.tabs: set[GuestTab] = set()
        self.places = 0  # tabs with an app, starting or running
        self.numbers = itertools.count(1)
        self.stopping = False
        self.argv = app_argv(options.content_dir)
        self.guest_root = options.data_dir / "guests"

    @property
    def full(self) -> bool:
        return self.stopping or self.places >= self.options.max_sessions

    async def _make_app(self) -> web.Application:
        app = web.Application()
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path),
                             autoescape=jinja2.select_autoescape(default=True))
        app.add_routes([
            web.get("/", self.handle_index),
            web.get("/ws", self.handle_websocket),
            web.get("/download/{key}", self.handle_download),
            web.static("/static", self.statics_path),  # textual-serve's page script, its terminal's styles, fonts
            web.static("/assets", HERE / "static"),
        ])
        app.on_response_prepare.append(_add_security_headers)
        return app

    def language(self, request: web.Request) -> str:
        """The language this browser asks for, if we have it; else the server's ``--lang``."""
        return accepted_language(request.headers.get("Accept-Language"), self.options.language)

    async def handle_index(self, request: web.Request) -> web.Response:  # type: ignore[override]
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
        try:
            download = await self.download_manager.get_download_metadata(request.match_info["key"])
        except KeyError:
            raise web.HTTPNotFound(text=translate(self.language(request), N_(
                "This download has ended. Save the checklist again from the guide."))) from None
        if isinstance(download.app_service, GuestTab):
            log(f"{download.app_service.label} download taken")
        return await super().handle_download(request)

    def _from_our_page(self, request: web.Request) -> bool:
        """Whether a websocket comes from our own page, not another site's page in a visitor's browser."""
        origin = request.headers.get("Origin")
        if origin is None:
            return True  # not a web page's request: another site cannot make a visitor's browser send this
        if self.options.public_url is not None and origin == public_origin(self.options.public_url):
            return True
        return urlsplit(origin).netloc.lower() == request.host.lower()

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:  # type: ignore[override]
        label = f"tab {next(self.numbers)} from {request.remote}"
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
        self.places += 1  # taken before the first wait, so tabs arriving together cannot pass the cap
        # The app opens in the language the page was shown in: the browser sends the same header here.
        argv = [*self.argv, "--lang", self.language(request)]
        tab = GuestTab(label, self.guest_root, argv, websocket, self.download_manager, self.options.idle_timeout)
        try:
            await websocket.prepare(request)
            try:
                await tab.start(*size_from_query(request.query.get("width"), request.query.get("height")))
            # Whatever it was, the place, the folder and the process are given back.
            except Exception as error:  # noqa: BLE001
                # Only the kind of error: its text could hold what the browser sent.
                reason = error.strerror if isinstance(error, OSError) and error.strerror else type(error).__name__
                tab.why = f"could not start the app: {reason}"
                await websocket.close(code=FAILED)
                return websocket
            self.tabs.add(tab)
            log(f"{label} session start ({self.places} open)")
            await self._take_messages(websocket, tab)
        except ConnectionError:
            tab.why = "tab gone"
        finally:
            self.tabs.discard(tab)
            await tab.stop()
            self.places -= 1
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

    async def run(self) -> int:
        """Serve until SIGTERM or SIGINT, then close every tab (its page says why) and return 0."""
        quiet_libraries()
        check_data_dir(self.options.data_dir)
        clear_stale_guests(self.options.data_dir, self.guest_root.name)
        private_folder(self.options.data_dir, self.guest_root.name)
        runner = web.AppRunner(await self._make_app(), access_log=None, handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, self.options.host, self.options.port)
        await site.start()
        host, port = runner.addresses[0][:2]
        where = f"; people open {self.options.public_url}" if self.options.public_url else ""
        log(f"listening on {host}:{port} (at most {self.options.max_sessions} sessions{where})")

        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(number, stop.set)
        await stop.wait()

        self.stopping = True
        log(f"stopping: closing {len(self.tabs)} sessions")
        for tab in list(self.tabs):
            tab.end(STOPPING, "server stopping")
        deadline = time.monotonic() + QUIT_GRACE + 5
        while self.places and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await runner.cleanup()
        log("stopped")
        return 0


async def _add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(SECURITY_HEADERS)
