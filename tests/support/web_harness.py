"""What the ``secondop web`` tests share: the real server process, headless Chromium, and the screen a tab shows.

The screen is read from what the page's script is given: every frame the websocket brings is fed to a terminal
emulator (pyte) of the size the page asked for, so the tests see the text xterm.js draws. Screenshots of the
page are written beside each test's files, to look at when a test fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyte
import pytest

from support.serve_harness import Server
from support.waiting import wait_until as wait_until_sync

# The warm helper's command line, before and after it names itself.
HELPER = re.compile(r"^secondop web: helper|secondop_tui\.guest\.warm\.helper")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WAIT = 60.0  # generous: the machine running the tests may be busy
# Chromium as the machine notes say it runs here: no sandbox as root, no GPU, and no calls home.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
# A phone's screen, touch and mobile layout, at a pixel ratio of 1 so that a screenshot's pixels are the page's.
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 1, "is_mobile": True, "has_touch": True}

playwright_api = pytest.importorskip("playwright.sync_api", reason="needs the test extra (Playwright)")
NEEDS_CHROMIUM = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Chromium (.ci/run installs it)")


class WebServer(Server):
    """A ``secondop web`` process on a free port of 127.0.0.1, with its log collected."""

    COMMAND = "web"

    def __init__(self, data_dir: Path, *options: str, home: Path | None = None, max_files: int | None = None) -> None:
        # A home of its own, so a test can tell that nothing was saved in the server's Downloads folder.
        env = {key: value for key, value in os.environ.items() if not key.startswith("SECONDOP")}
        self.home = home or Path(env.get("HOME", "/"))
        if home is not None:
            home.mkdir(parents=True, exist_ok=True)
            env["HOME"] = str(home)
            env.pop("XDG_DOWNLOAD_DIR", None)
        super().__init__(data_dir, *options, env=env, max_files=max_files)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def app_pids(self) -> dict[int, str]:
        """The server's app processes and their command lines: every child but the warm helper, one per open tab
        (a tab's app talks over a socket or pipes, so unlike serve's it has no terminal to tell it by)."""
        return {pid: command for pid, (command, _) in self.children().items() if not HELPER.search(command)}

    def guest_folders(self) -> list[Path]:
        return sorted((self.data_dir / "guests").iterdir())


def wait_until(check: Callable[[], bool], what: str, pump: Callable[[], None] | None = None) -> None:
    """Until ``check()`` holds; ``pump`` between looks reads what the page was sent meanwhile."""
    wait_until_sync(check, what, WAIT, pump)


class Tab:
    """One page of the guide in the browser, and the terminal screen its websocket has drawn so far."""

    def __init__(self, page: playwright_api.Page, touch: bool) -> None:
        self.page = page
        self.touch = touch  # taps with a finger rather than clicks with a mouse
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        self.received = 0  # bytes of screen output the page was given
        self.requests: list[str] = []
        self.socket_closed = False
        self.sent: list[str] = []
        self.releases = 0
        self.last_output = time.monotonic()
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("websocket", self._watch)

    def _watch(self, socket: playwright_api.WebSocket) -> None:
        query = parse_qs(urlsplit(socket.url).query)
        self.screen.resize(int(query["height"][0]), int(query["width"][0]))
        socket.on("framereceived", self._output)
        socket.on("framesent", self._sent)
        socket.on("close", lambda _: setattr(self, "socket_closed", True))

    def _output(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            self.received += len(payload)
            self.last_output = time.monotonic()
            self.stream.feed(payload)

    def _sent(self, payload: str | bytes) -> None:
        self.sent = [*self.sent[-9:], str(payload)]  # the last few, for a failing test's message
        message = json.loads(payload)
        if message[0] == "stdin" and re.fullmatch(r"\x1b\[<\d+;\d+;\d+m", message[1]):
            self.releases += 1  # a mouse button let go: the end of a click or a tap, as the app gets it
        if message[0] == "resize":
            self.screen.resize(message[1]["height"], message[1]["width"])

    @property
    def size(self) -> tuple[int, int]:
        return self.screen.columns, self.screen.lines

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def pump(self) -> None:
        self.page.wait_for_timeout(100)  # Playwright hands over websocket frames while it waits

    def wait_for(self, *texts: str, absent: str | None = None) -> str:
        def shown() -> bool:
            text = self.text()
            return all(part in text for part in texts) and (absent is None or absent not in text)

        wait_until(
            shown, f"{texts!r} without {absent!r} on screen (after {self.sent}); it shows:\n{self.text()}", self.pump
        )
        return self.text()

    def find(self, text: str, footer: bool = False) -> tuple[int, int]:
        """(column, row) where ``text`` first stands on screen (or in the footer, its last row)."""
        rows = list(enumerate(self.screen.display))
        for row, line in rows[-1:] if footer else rows:
            if (column := line.find(text)) >= 0:
                return column, row
        raise AssertionError(f"{text!r} is not on screen:\n{self.text()}")

    def cell_point(self, column: int, row: int) -> tuple[float, float]:
        """The middle of a character cell, in page pixels."""
        box = self.page.locator(".xterm-screen").bounding_box()
        assert box is not None
        columns, rows = self.size
        return box["x"] + (column + 0.5) * box["width"] / columns, box["y"] + (row + 0.5) * box["height"] / rows

    def settle(self, quiet: float = 0.5) -> None:
        """Wait until the app has drawn nothing for ``quiet`` seconds, as a person sees a screen before tapping.

        A tap while Textual rebuilds what is under it (the footer, after the focus moves) is lost.
        """
        wait_until(lambda: time.monotonic() - self.last_output >= quiet, "the screen settled", self.pump)

    def tap(self, text: str, offset: int = 0, footer: bool = False) -> None:
        """Tap (or click, without a touch screen) the cell ``offset`` characters into ``text``."""
        self.settle()
        column, row = self.find(text, footer)
        x, y = self.cell_point(column + offset, row)
        before = self.releases
        if self.touch:
            self.page.touchscreen.tap(x, y)
        else:
            self.page.mouse.click(x, y)
        # As a person would, the next step waits until this tap has reached the app.
        wait_until(lambda: self.releases > before, f"the tap on {text!r} sent to the app ({self.sent})", self.pump)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)


@contextmanager
def web_servers(folder: Path) -> Iterator[Callable[..., WebServer]]:
    """Start ``secondop web`` processes with the options given (each with its own folders); all stop at the end."""
    started: list[WebServer] = []

    def start(*options: str, max_files: int | None = None) -> WebServer:
        number = len(started) + 1
        started.append(
            WebServer(folder / f"data-{number}", *options, home=folder / f"home-{number}", max_files=max_files)
        )
        return started[-1]

    try:
        yield start
    finally:
        for server in started:
            server.stop()


@contextmanager
def open_tab(browser: playwright_api.Browser, url: str, device: dict[str, object]) -> Iterator[Tab]:
    context = browser.new_context(accept_downloads=True, **device)
    try:
        page = context.new_page()
        tab = Tab(page, touch=bool(device.get("has_touch")))
        page.goto(url)
        yield tab
    finally:
        context.close()


@contextmanager
def chromium(downloads: Path) -> Iterator[playwright_api.Browser]:
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, downloads_path=str(downloads), timeout=WAIT * 1000
        )
        try:
            yield browser
        finally:
            browser.close()
