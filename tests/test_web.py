"""``secondop web`` in a real browser: the installed command on 127.0.0.1, headless Chromium at a desktop size
and at a phone's, and what a person sees, taps and takes away.

Each test starts its own server (or shares one for the module) and reads the screen the page's script was
given (see ``support/web_harness``). A screenshot per size is written under the test's tmp_path.
"""

from __future__ import annotations

import re
import signal
import stat
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from secondop_tui.content import Guide
from secondop_tui.data.store import ProgressStore
from secondop_tui.export import export_checklist
from secondop_tui.web.server import PAGE_TITLE

from support.web_harness import (
    DESKTOP,
    NEEDS_CHROMIUM,
    PHONE,
    Tab,
    WebServer,
    chromium,
    open_tab,
    playwright_api,
    wait_until,
    web_servers,
)

pytestmark = [NEEDS_CHROMIUM, pytest.mark.e2e]

GUEST_NOTE = "You are using this guide as a guest."


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The browser's download folder, as a person's phone or computer has one."""
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[playwright_api.Browser]:
    with chromium(downloads) as launched:
        yield launched


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[..., WebServer]]:
    with web_servers(tmp_path) as start:
        yield start


@pytest.fixture
def server(start_server: Callable[..., WebServer]) -> WebServer:
    return start_server()


def guest_export(server: WebServer, guide: Guide) -> str:
    """What "Take it with you" should give: the open tab's checklist, as ``secondop export`` prints it."""
    (folder,) = server.guest_folders()
    store = ProgressStore(folder / "progress.json", read_only=True)
    try:
        return export_checklist(guide, store.checklist(guide), "txt")
    finally:
        store.close()


def open_new_item_box(tab: Tab, guide: Guide) -> None:
    """From the guide's first screen to the box for a new checklist item, where a person types or pastes."""
    tab.wait_for(guide.sections[0].title)
    tab.press("c")
    tab.wait_for("Your checklist")
    tab.press("a")
    tab.wait_for("New item for")


def assert_tab_gone(server: WebServer) -> None:
    """The tab's app process has ended and its throwaway folder is deleted."""
    wait_until(lambda: not server.app_pids(), f"the app processes {server.app_pids()} ended")
    wait_until(lambda: not server.guest_folders(), "the guest folder was deleted")
    server.wait_for_log("session end (tab closed")


def test_desktop_reads_opens_a_section_by_tap_ticks_by_key_and_tap_and_downloads(
    server: WebServer, browser: playwright_api.Browser, downloads: Path, guide: Guide, tmp_path: Path
) -> None:
    records = next(section for section in guide.sections[2:] if len(section.items) >= 2)
    with open_tab(browser, server.url, DESKTOP) as tab:
        tab.wait_for(guide.sections[0].title, GUEST_NOTE, "Take it with you")
        tab.page.screenshot(path=tmp_path / "desktop.png")
        assert tab.size[0] >= 70 and tab.page.title() == PAGE_TITLE
        # Beside the list of sections (34 columns), lines of text stop near 80 characters however wide the page.
        body = tab.text().splitlines()[1:-1]
        assert tab.size[0] > 34 + 84 and max(len(line.rstrip()) for line in body) <= 34 + 84, tab.text()
        assert not tab.page.locator(".splash").is_visible()
        assert len(server.app_pids()) == 1
        (folder,) = server.guest_folders()
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700

        tab.tap(records.title)  # a click in the list of sections opens one
        tab.wait_for(f"— {records.title}")

        tab.press("c")
        total = len(guide.items)
        tab.wait_for("Your checklist", f"0 of {total} done")
        tab.press("Space")  # ticks the highlighted item, the first
        tab.wait_for(f"1 of {total} done", f"[x] {guide.items[0].text[:30]}")
        tab.tap(f"[ ] {guide.items[1].text[:30]}", offset=1)  # a click on the second item's box
        tab.wait_for(f"2 of {total} done", f"[x] {guide.items[1].text[:30]}")
        assert stat.S_IMODE((folder / "progress.json").stat().st_mode) == 0o600

        expected = guest_export(server, guide)
        tab.press("t")
        tab.wait_for("Take your checklist with you", "your browser downloads it")
        with tab.page.expect_download(timeout=60_000) as arriving:
            tab.press("s")
        download = arriving.value
        assert re.fullmatch(r"secondop-checklist-\d{4}-\d\d-\d\d\.txt", download.suggested_filename)
        saved = Path(download.path())  # Playwright names the file in the download folder by a random id
        assert saved.parent == downloads and saved.is_file()
        assert saved.read_text(encoding="utf-8") == expected
        tab.wait_for(f"Downloaded {download.suggested_filename}")
        assert not any(server.home.rglob("*checklist*")), "nothing is saved on the server's disk"

        origin = server.url.rstrip("/")
        assert tab.requests and all(url.startswith(origin) for url in tab.requests), tab.requests
    assert_tab_gone(server)


def test_phone_hides_the_sections_and_works_by_tap_and_by_key(
    server: WebServer, browser: playwright_api.Browser, downloads: Path, guide: Guide, tmp_path: Path
) -> None:
    second = guide.sections[1]
    with open_tab(browser, server.url, PHONE) as tab:
        text = tab.wait_for(guide.sections[0].title, GUEST_NOTE, "Topics")
        tab.page.screenshot(path=tmp_path / "phone.png")
        columns, rows = tab.size
        assert 40 <= columns < 70 and rows >= 24, tab.size
        assert second.title not in text  # the list of sections is hidden beside the text

        # The list shows each section with its count of steps ("Telling your doctor 0/3").
        listed = next(f"{section.title} 0/{len(section.items)}" for section in guide.sections[2:] if section.items)
        tab.tap("Topics", footer=True)
        tab.wait_for(second.title, listed)
        tab.tap(second.title)
        tab.wait_for(second.title, absent=listed)
        assert tab.find(second.title)[1] <= 2, "the section's heading is at the top"

        tab.tap("Checklist", footer=True)
        total = len(guide.items)
        tab.wait_for(f"0 of {total} done")  # the title, "... — Your checklist", is cut short on a phone
        tab.tap(f"[ ] {guide.items[0].text[:20]}", offset=1)
        tab.wait_for(f"1 of {total} done")
        # Ticked, the first item wraps on a phone: all of its words are still there, and those of every other item.
        tab.settle()
        shown = " ".join(re.sub("[\u2580-\u259f]", " ", tab.text()).split())  # without the scrollbar's blocks
        assert f"[x] {guide.items[0].text}" in shown, tab.text()
        on_screen = [item.text for item in guide.items if f"] {item.text[:25]}" in shown]
        assert len(on_screen) >= 5 and all(f"] {text}" in shown for text in on_screen[:-1]), tab.text()
        tab.press("ArrowDown")
        tab.press("x")
        tab.wait_for(f"2 of {total} done", f"[x] {guide.items[1].text[:20]}")

        # Take it with you, by taps only: the file arrives on the phone.
        expected = guest_export(server, guide)
        tab.tap("Take it with you", footer=True)
        tab.wait_for("Take your checklist with you", "your browser downloads it")
        with tab.page.expect_download(timeout=60_000) as arriving:
            tab.tap("Save it as a text file")
        saved = Path(arriving.value.path())
        assert saved.parent == downloads and saved.read_text(encoding="utf-8") == expected

        origin = server.url.rstrip("/")
        assert tab.requests and all(url.startswith(origin) for url in tab.requests), tab.requests
    assert_tab_gone(server)


def test_copy_puts_the_checklist_on_the_browsers_clipboard(
    server: WebServer, browser: playwright_api.Browser, guide: Guide
) -> None:
    """ "Copy it" sends the checklist as OSC 52, as to any terminal; the page's script writes it to the clipboard."""
    allowed = {**DESKTOP, "permissions": ["clipboard-read", "clipboard-write"]}
    with open_tab(browser, server.url, allowed) as tab:
        tab.wait_for(guide.sections[0].title)
        tab.press("c")
        tab.wait_for("Your checklist")
        tab.press("Space")
        tab.wait_for(f"[x] {guide.items[0].text[:30]}")
        expected = guest_export(server, guide)
        tab.press("t")
        tab.wait_for("Take your checklist with you", "Copy it")
        tab.press("c")

        def clipboard() -> str:
            return str(tab.page.evaluate("navigator.clipboard.readText()"))

        wait_until(
            lambda: clipboard().strip() == expected.strip(),
            f"the checklist on the clipboard, not {clipboard()!r}",
            tab.pump,
        )
        assert "[x] " + guide.items[0].text[:30] in clipboard()


# What a browser extension (or a measuring script) may do before the page runs: put its own function in
# WebSocket's place, with the same prototype but none of the constructor's own constants.
WRAPPED_WEBSOCKET = """
const Native = window.WebSocket;
window.WebSocket = function (address, protocols) {
  return protocols === undefined ? new Native(address) : new Native(address, protocols);
};
window.WebSocket.prototype = Native.prototype;
"""


def test_keys_still_reach_the_guide_when_the_pages_websocket_is_wrapped(
    server: WebServer, browser: playwright_api.Browser, guide: Guide
) -> None:
    context = browser.new_context(**DESKTOP)
    context.add_init_script(WRAPPED_WEBSOCKET)
    try:
        tab = Tab(context.new_page(), touch=False)
        tab.page.goto(server.url)
        tab.wait_for(guide.sections[0].title)
        tab.settle()
        tab.press("n")
        tab.wait_for(f"— {guide.sections[1].title}")
    finally:
        context.close()


def test_the_page_and_everything_it_loads_come_from_this_server(server: WebServer) -> None:
    with urllib.request.urlopen(server.url, timeout=60) as response:
        html = response.read().decode("utf-8")
        policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy
    assert not re.search(r"(?i)(https?:|wss?:)?//[a-z0-9]", html), "no address of another host"
    assert "googleapis" not in html and "<style" not in html
    assert PAGE_TITLE in html
    # Nothing of the server's set-up: its command, its options, its folders.
    for secret in ("secondop web", "--data-dir", str(server.data_dir), "--port"):
        assert secret not in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "data:," in assets  # an empty icon, so the browser does not ask for /favicon.ico
    for asset in [asset for asset in assets if asset != "data:,"]:
        with urllib.request.urlopen(server.url + asset, timeout=60) as response:
            body = response.read().decode("utf-8", "replace")
            assert response.status == 200, asset
        assert "fonts.googleapis" not in body and "http://" not in asset


def test_the_session_cap_shows_a_calm_busy_page_and_a_closed_tab_gives_its_place_back(
    start_server: Callable[..., WebServer], browser: playwright_api.Browser, guide: Guide, tmp_path: Path
) -> None:
    server = start_server("--max-sessions", "1")
    with open_tab(browser, server.url, DESKTOP) as first:
        first.wait_for(guide.sections[0].title)
        with open_tab(browser, server.url, PHONE) as second:
            second.page.get_by_text("The guide is busy just now").wait_for(timeout=60_000)
            second.page.screenshot(path=tmp_path / "busy.png")
            assert second.page.title().startswith(PAGE_TITLE)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(server.url, timeout=60)
        assert refused.value.code == 503 and refused.value.headers["Retry-After"]
    wait_until(lambda: not server.app_pids(), "the first tab's app ended")
    with open_tab(browser, server.url, DESKTOP) as again:
        again.wait_for(guide.sections[0].title)
    assert "Traceback" not in server.log


def test_one_address_over_its_share_of_tabs_is_told_why(
    start_server: Callable[..., WebServer], browser: playwright_api.Browser, guide: Guide
) -> None:
    server = start_server("--max-guests-per-address", "1")
    with open_tab(browser, server.url, DESKTOP) as first:
        first.wait_for(guide.sections[0].title)
        with open_tab(browser, server.url, PHONE) as second:
            second.page.get_by_text("already open in several tabs from your network").wait_for(timeout=60_000)
        first.press("c")
        first.wait_for("Your checklist")  # the first tab goes on as it was
    server.wait_for_log("refused: 1 already open from this address")


def test_a_paste_too_long_for_the_guide_is_told_calmly(
    server: WebServer, browser: playwright_api.Browser, guide: Guide
) -> None:
    with open_tab(browser, server.url, DESKTOP) as tab:
        open_new_item_box(tab, guide)
        tab.page.keyboard.insert_text("A long letter from the hospital. " * 3000)  # about 100 KB in one go
        tab.page.get_by_text("it was given more text than it can hold at once").wait_for(timeout=60_000)
    assert_tab_gone(server)
    assert "Traceback" not in server.log


def test_a_long_paste_in_many_parts_ends_the_tab_calmly_at_the_memory_cap(
    server: WebServer, browser: playwright_api.Browser, guide: Guide
) -> None:
    with open_tab(browser, server.url, DESKTOP) as tab:
        open_new_item_box(tab, guide)
        notice = tab.page.get_by_text("it was given more text than it can hold at once")
        part = "A long letter from the hospital. " * 1900  # about 62 KB: each part is a message the server takes
        for _ in range(1000):  # at most about 60 MB in all; about 10 MB reach the cap
            if notice.is_visible():
                break
            tab.page.keyboard.insert_text(part)
        # What the page sent waits in its websocket until the app takes it: on a busy machine that takes a while.
        notice.wait_for(timeout=240_000)
    server.wait_for_log("session end (over 256 MiB of memory")
    assert "Traceback" not in server.log


def test_sigterm_closes_every_tab_with_a_notice_and_exits_0(
    server: WebServer, browser: playwright_api.Browser, guide: Guide
) -> None:
    with open_tab(browser, server.url, DESKTOP) as tab:
        tab.wait_for(guide.sections[0].title)
        pids = server.app_pids()
        server.process.send_signal(signal.SIGTERM)
        tab.page.get_by_text("The guide is being restarted").wait_for(timeout=60_000)
        assert server.process.wait(60) == 0
    assert not [pid for pid in pids if Path(f"/proc/{pid}").exists()]
    assert not server.guest_folders()
    assert "stopped" in server.log and "Traceback" not in server.log


def test_an_idle_tab_is_closed_and_its_checklist_deleted(
    start_server: Callable[..., WebServer], browser: playwright_api.Browser
) -> None:
    server = start_server("--idle-timeout", "3")
    with open_tab(browser, server.url, PHONE) as tab:
        tab.page.get_by_text("closed after a long time without use").wait_for(timeout=60_000)
    server.wait_for_log("session end (idle timeout")
    assert not server.guest_folders() and not server.app_pids()


def test_nothing_typed_reaches_the_log(server: WebServer, browser: playwright_api.Browser, guide: Guide) -> None:
    secret = "Dr Zebediah Quux, 07700 900123"
    with open_tab(browser, server.url, DESKTOP) as tab:
        open_new_item_box(tab, guide)
        tab.page.keyboard.type(secret)
        tab.press("Enter")
        tab.wait_for(secret[:20])
    assert_tab_gone(server)
    assert secret not in server.log and "Zebediah" not in server.log
