"""What a browser tab of ``secondop web`` costs: time to the first frame, bytes on the websocket, memory.

Starts ``secondop web`` on 127.0.0.1 and opens it in headless Chromium (Debian's, driven by Playwright) at a
desktop size (800x480, an 80x24-ish terminal). Prints medians over five page loads: page load (navigation
start) to the first frame that shows the guide (its first heading and the footer), the bytes the websocket
brought for that frame, the bytes per key (down, and n for the next section), and a tab's app memory, RSS
and PSS (PSS splits pages shared between processes among them, so it adds up across tabs). Then it opens
five tabs at once and gives each app's memory, the server's and its warm helper's (tabs are forked from the
helper; ``--cold-start`` measures them started each as a new process).

    python bench/bench_web.py [--cold-start]
"""

from __future__ import annotations

import argparse
import importlib
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import pyte

# The tests' harness: the same server process, browser and screen reading the web tests use.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
web_harness = importlib.import_module("support.web_harness")

LOADS = 5
TABS_AT_ONCE = 5
DESKTOP = {"viewport": {"width": 800, "height": 480}}
KEYS = {"down": "ArrowDown", "n (next section)": "n"}
PRESSES = 3  # of each key, per load
# Each binary message's arrival time in the page, for the time to the first frame.
FRAME_CLOCK = """
window.__frameTimes = [];
const Native = window.WebSocket;
window.WebSocket = function (address, protocols) {
  const socket = protocols === undefined ? new Native(address) : new Native(address, protocols);
  socket.addEventListener("message", (event) => {
    if (typeof event.data !== "string") window.__frameTimes.push(performance.now());
  });
  return socket;
};
window.WebSocket.prototype = Native.prototype;
"""


def memory_mib(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of a process in MiB, from the kernel's summary of its memory."""
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()

    def field(name: str) -> float:
        found = re.search(rf"^{name}:\s+(\d+) kB", rollup, re.MULTILINE)
        return int(found.group(1)) / 1024 if found else 0.0

    return field("Rss"), field("Pss")


def first_frame(frames: list[bytes], columns: int, rows: int) -> tuple[int, int]:
    """(index, bytes so far) of the frame after which the guide's heading and footer are on screen."""
    screen = pyte.Screen(columns, rows)
    stream = pyte.ByteStream(screen)
    total = 0
    for index, frame in enumerate(frames):
        stream.feed(frame)
        total += len(frame)
        if "Welcome" in "\n".join(screen.display) and "Help" in screen.display[-1]:
            return index, total
    raise RuntimeError("the guide never showed")


def bytes_for_key(tab: web_harness.Tab, key: str) -> int:
    """What the websocket brings for one key, once the screen has settled after it."""
    before = tab.received
    tab.press(key)
    web_harness.wait_until(lambda: tab.received > before, f"{key} redrew the screen", tab.pump)
    tab.settle(0.5)
    return tab.received - before


def one_load(browser: web_harness.playwright_api.Browser, server: web_harness.WebServer) -> dict[str, float]:
    frames: list[bytes] = []
    context = browser.new_context(**DESKTOP)
    context.add_init_script(FRAME_CLOCK)
    try:
        page = context.new_page()
        page.on(
            "websocket",
            lambda socket: socket.on(
                "framereceived", lambda data: frames.append(data) if isinstance(data, bytes) else None
            ),
        )
        tab = web_harness.Tab(page, touch=False)
        page.goto(server.url)
        tab.wait_for("Welcome", "Help")
        tab.settle(1.0)
        index, size = first_frame(frames, *tab.size)
        found = {"load_ms": page.evaluate("window.__frameTimes")[index], "first_bytes": size}
        for name, key in KEYS.items():
            found[name] = statistics.median(bytes_for_key(tab, key) for _ in range(PRESSES))
        (pid,) = server.app_pids()
        found["app_rss"], found["app_pss"] = memory_mib(pid)
    finally:
        context.close()
    web_harness.wait_until(lambda: not server.app_pids(), "the tab's app ended")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold-start", action="store_true", help="each tab's app a new process, not a fork")
    cold = parser.parse_args().cold_start
    work = Path(tempfile.mkdtemp(prefix="bench-web-"))
    # All the tabs come from one address, which by default may open only 4.
    server = web_harness.WebServer(
        work / "data",
        "--idle-timeout",
        "0",
        "--max-guests-per-address",
        str(TABS_AT_ONCE),
        *(["--cold-start"] if cold else []),
        home=work / "home",
    )
    helper_rss = helper_pss = 0.0
    try:
        if not cold:
            server.wait_for_log("helper ready")
        with web_harness.chromium(work / "downloads") as browser:
            loads = [one_load(browser, server) for _ in range(LOADS)]
            contexts = [browser.new_context(**DESKTOP) for _ in range(TABS_AT_ONCE)]
            tabs = []
            for context in contexts:
                page = context.new_page()
                tabs.append(web_harness.Tab(page, touch=False))
                page.goto(server.url)
            for tab in tabs:
                tab.wait_for("Welcome", "Help")
                tab.settle(1.0)
            apps = [memory_mib(pid) for pid in server.app_pids()]
            server_rss, server_pss = memory_mib(server.process.pid)
            if not cold:
                (helper,) = re.findall(r"helper ready \(pid (\d+)", server.log)
                helper_rss, helper_pss = memory_mib(int(helper))
            for context in contexts:
                context.close()
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)

    def median(name: str) -> float:
        return statistics.median(load[name] for load in loads)

    print("measure | median")
    print("--- | ---")
    print(f"page load to first frame (ms, {LOADS} loads) | {median('load_ms'):.0f}")
    print(f"websocket bytes for the first frame | {median('first_bytes'):.0f}")
    for name in KEYS:
        print(f"websocket bytes per key: {name} | {median(name):.0f}")
    print(f"app memory, one tab open (MiB RSS / PSS) | {median('app_rss'):.1f} / {median('app_pss'):.1f}")
    print(
        f"app memory, {TABS_AT_ONCE} tabs open (MiB RSS / PSS, each) | "
        f"{statistics.median(rss for rss, _ in apps):.1f} / {statistics.median(pss for _, pss in apps):.1f}"
    )
    print(f"server memory, {TABS_AT_ONCE} tabs open (MiB RSS / PSS) | {server_rss:.1f} / {server_pss:.1f}")
    if not cold:
        print(f"warm helper memory, {TABS_AT_ONCE} tabs open (MiB RSS / PSS) | {helper_rss:.1f} / {helper_pss:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
