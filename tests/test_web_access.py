"""``secondop web`` for everyone, in headless Chromium: what a screen reader is given, what axe-core finds, how the
guide's web pages reflow on a narrow phone, and how big the footer's keys are under a finger.

axe-core is the vendored copy in ``tests/vendor/axe-core`` (see its README), evaluated in each page; its serious
and critical findings fail the test. The accessibility tree is Chromium's own (DevTools'
``Accessibility.getFullAXTree``), the one screen readers are given.
"""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from secondop_tui.content import Guide, load_guide
from secondop_tui.i18n import LANGUAGES, content_dir_for, translate
from secondop_tui.web.server import PAGE_TITLE
from secondop_tui.widgets.checklist_view import TICK_BOX_WIDTH

from support.web_harness import (
    DESKTOP,
    NEEDS_CHROMIUM,
    PHONE,
    WebServer,
    chromium,
    open_tab,
    playwright_api,
    wait_until,
    web_servers,
)

pytestmark = [NEEDS_CHROMIUM, pytest.mark.e2e]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
SIZES = {"desktop": DESKTOP, "phone": PHONE}
NARROW = {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 1, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[playwright_api.Browser]:
    with chromium(tmp_path_factory.mktemp("downloads")) as launched:
        yield launched


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebServer]:
    with web_servers(tmp_path_factory.mktemp("web")) as start:
        yield start()


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[..., WebServer]]:
    with web_servers(tmp_path) as start:
        yield start


def guides(guide: Guide) -> dict[str, Guide]:
    return {code: load_guide(content_dir_for(guide.directory, code)) for code in LANGUAGES}


def in_language(device: dict[str, object], lang: str) -> dict[str, object]:
    """A browser that asks for ``lang`` first, as a person's phone or computer set to it does."""
    return {**device, "locale": {"en": "en-US", "es": "es-ES"}[lang]}


def axe_findings(page: playwright_api.Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each."""
    source = AXE.read_bytes()
    assert hashlib.sha256(source).hexdigest() == AXE_SHA256, "tests/vendor/axe-core/axe.min.js is not 4.14.1"
    # Evaluated through DevTools, as an extension would: the page's own rules allow only its own scripts.
    page.evaluate(source.decode("utf-8") + "\n;undefined")
    # WCAG 2.2's target size (24 px) is off by default in axe-core: on here.
    results: dict[str, Any] = page.evaluate(
        "axe.run(document, {resultTypes: ['violations'], rules: {'target-size': {enabled: true}}})"
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + json.dumps([node["target"] for node in violation["nodes"]][:3])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def tree_text(page: playwright_api.Page) -> str:
    """Every name in Chromium's accessibility tree for the page: what a screen reader can read."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    return "\n".join(str(node.get("name", {}).get("value", "")) for node in nodes if not node.get("ignored"))


# -- the terminal page --------------------------------------------------------------------------------------------


def test_a_screen_reader_is_given_the_guides_text_and_the_next_section_after_a_key(
    browser: playwright_api.Browser, server: WebServer, guide: Guide
) -> None:
    first, second = guide.sections[0], guide.sections[1]
    with open_tab(browser, server.url, DESKTOP) as tab:
        tab.wait_for(first.title, "This guide can help you")
        wait_until(lambda: "This guide can help you" in tree_text(tab.page), "the guide's text in the tree", tab.pump)
        text = tree_text(tab.page)
        assert first.title in text
        # The rows are in the page as text, in screen order, as a screen reader's reading cursor walks them.
        rows = tab.page.locator(".xterm-accessibility-tree [role=listitem]")
        assert rows.count() == tab.size[1]
        tab.press("n")
        tab.wait_for(second.title)
        tab.settle()
        body_words = "A second opinion is when"
        wait_until(lambda: body_words in tree_text(tab.page), f"{body_words!r} in the tree after n", tab.pump)
        assert "This guide can help you" not in "\n".join(rows.all_inner_texts())
        assert tab.page.locator(".xterm .live-region").get_attribute("aria-live") == "polite"
        # The new section is said by its name.
        said = tab.page.locator("#said")
        assert said.get_attribute("aria-live") == "polite"
        wait_until(lambda: second.title in said.inner_text(), "the new section's name said", tab.pump)
        assert first.title not in said.inner_text()


def test_a_screen_reader_user_works_the_checklist_by_keys_and_is_read_where_the_highlight_is(
    browser: playwright_api.Browser, server: WebServer, guide: Guide
) -> None:
    total, first = len(guide.items), guide.items[0].text[:30]
    with open_tab(browser, server.url, DESKTOP) as tab:
        tab.wait_for(guide.sections[0].title)
        tab.settle()
        tab.press("c")
        tab.wait_for("Your checklist", f"0 of {total} done")
        wait_until(lambda: f"0 of {total} done" in tree_text(tab.page), "the checklist in the tree", tab.pump)
        said = tab.page.locator("#said")
        wait_until(lambda: "Your checklist" in said.inner_text(), "the checklist's name said", tab.pump)
        tab.press("Space")  # ticks the highlighted item, the first
        tab.wait_for(f"1 of {total} done", f"[x] {first}")
        wait_until(
            lambda: f"1 of {total} done" in tree_text(tab.page) and f"[x] {first}" in tree_text(tab.page),
            "the tick in the tree",
            tab.pump,
        )
        tab.press("ArrowDown")
        tab.settle()
        # A screen reader reads from where the page's text box stands: xterm.js keeps it on the terminal's cursor,
        # which the app keeps on the highlighted item (the second now).
        second = guide.items[1].text[:30]
        column, row = tab.find(f"[ ] {second}")
        _, middle = tab.cell_point(column, row)
        _, top = tab.cell_point(column, 0)
        _, below = tab.cell_point(column, 1)
        box = tab.page.locator(".xterm-helper-textarea").bounding_box()
        assert box is not None
        assert abs(box["y"] + box["height"] / 2 - middle) <= (below - top) / 2, (box, middle, tab.text())


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_a_notice_is_said_in_the_status_region_and_not_drawn(
    browser: playwright_api.Browser, server: WebServer, guide: Guide, lang: str
) -> None:
    first = guides(guide)[lang].sections[0]
    notice = translate(lang, "This is the first section.")
    with open_tab(browser, server.url, in_language(DESKTOP, lang)) as tab:
        tab.wait_for(first.title)
        tab.settle()
        tab.press("p")  # back, from the first section: there is nothing before it
        tab.wait_for(notice)
        said = tab.page.locator("#said")
        assert said.get_attribute("role") == "status" and said.get_attribute("aria-live") == "polite"
        wait_until(lambda: said.inner_text() == notice, f"{notice!r} said", tab.pump)
        # The sequence that carried it is taken by the page, never drawn on the terminal.
        rows = "\n".join(tab.page.locator(".xterm-accessibility-tree [role=listitem]").all_inner_texts())
        assert "7701" not in rows and "]" + "7701" not in tree_text(tab.page)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_terminal_page_has_no_serious_axe_finding(
    browser: playwright_api.Browser, server: WebServer, guide: Guide, lang: str, size: str
) -> None:
    first = guides(guide)[lang].sections[0].title
    with open_tab(browser, server.url, in_language(SIZES[size], lang)) as tab:
        tab.wait_for(first)
        tab.settle()
        assert tab.page.locator("html").get_attribute("lang") == lang
        link = tab.page.locator("a.to-reading")
        assert link.get_attribute("href") == f"read/{lang}/"
        assert axe_findings(tab.page) == []


@pytest.mark.parametrize("device", [PHONE, NARROW], ids=["390 px", "320 px"])
def test_the_footer_keys_and_tick_boxes_are_big_enough_to_tap(
    browser: playwright_api.Browser, server: WebServer, guide: Guide, device: dict[str, object]
) -> None:
    with open_tab(browser, server.url, device) as tab:
        tab.wait_for(guide.sections[0].title)
        tab.settle()
        box = tab.page.locator(".xterm-screen").bounding_box()
        assert box is not None
        columns, rows = tab.size
        cell_width, cell_height = box["width"] / columns, box["height"] / rows
        footer = tab.text().splitlines()[-1]
        # Each key and its word ("n Next") is one target; the narrowest is what a finger must hit.
        labels = [part.strip() for part in footer.split("  ") if part.strip()]
        assert labels, footer
        narrowest = min(len(label) for label in labels)
        assert cell_height >= 24, f"footer rows are {cell_height:.1f} px high"
        assert narrowest * cell_width >= 24, f"{narrowest} characters of {cell_width:.1f} px in {footer!r}"
        # A tick box is a target of its own in the checklist: "[ ] ", the cells a tap on which ticks the item.
        tab.tap("Checklist", footer=True)
        tab.wait_for(f"0 of {len(guide.items)} done", f"[ ] {guide.items[0].text[:20]}")  # the title is cut short
        assert TICK_BOX_WIDTH * cell_width >= 24, f"a tick box is {TICK_BOX_WIDTH * cell_width:.1f} px wide"
        box = tab.page.locator(".xterm-screen").bounding_box()
        assert box is not None and box["height"] / rows == cell_height, "the rows keep their height"


def test_the_busy_page_has_no_serious_axe_finding_and_links_to_the_reading(
    browser: playwright_api.Browser, start_server: Callable[..., WebServer], guide: Guide
) -> None:
    server = start_server("--max-sessions", "1")
    with open_tab(browser, server.url, DESKTOP) as tab:
        tab.wait_for(guide.sections[0].title)  # the one place taken
        for lang in LANGUAGES:
            for size, device in SIZES.items():
                context = browser.new_context(**in_language(device, lang))
                try:
                    page = context.new_page()
                    response = page.goto(server.url)
                    assert response is not None and response.status == 503
                    assert page.locator("html").get_attribute("lang") == lang
                    page.locator(f"a[href='read/{lang}/']").click()
                    page.wait_for_url(f"**/read/{lang}/")
                    page.go_back()
                    assert axe_findings(page) == [], (lang, size)
                finally:
                    context.close()


def test_axe_finds_what_it_should(browser: playwright_api.Browser) -> None:
    """The check itself can fail: a page with no language and grey on grey."""
    context = browser.new_context(**DESKTOP)
    try:
        page = context.new_page()
        page.set_content("<html><body><p style='color:#777;background:#888'>Hard to read</p></body></html>")
        findings = " ".join(axe_findings(page))
        assert "color-contrast (serious)" in findings and "html-has-lang (serious)" in findings
    finally:
        context.close()


# -- the guide's web pages ----------------------------------------------------------------------------------------


def reading_pages(guide: Guide) -> list[tuple[str, str, str]]:
    """(language, address under /read/, the page's main heading) for the contents and every section."""
    pages = []
    for code, translated in guides(guide).items():
        pages.append((code, f"read/{code}/", ""))
        pages += [(code, f"read/{code}/{section.id}", section.title) for section in translated.sections]
    return pages


@pytest.mark.parametrize("size", list(SIZES))
def test_every_reading_page_has_no_serious_axe_finding(
    browser: playwright_api.Browser, server: WebServer, guide: Guide, size: str
) -> None:
    found: dict[str, list[str]] = {}
    context = browser.new_context(**SIZES[size])
    try:
        page = context.new_page()
        for lang, address, heading in reading_pages(guide):
            response = page.goto(server.url + address)
            assert response is not None and response.status == 200, address
            assert page.locator("html").get_attribute("lang") == lang
            if heading:
                assert page.locator("h1").inner_text() == heading
            assert page.locator("script").count() == 0  # readable with no script at all
            if findings := axe_findings(page):
                found[address] = findings
    finally:
        context.close()
    assert found == {}


def test_reading_pages_reflow_at_320_pixels(browser: playwright_api.Browser, server: WebServer, guide: Guide) -> None:
    context = browser.new_context(**NARROW)
    try:
        page = context.new_page()
        for _lang, address, _heading in reading_pages(guide):
            page.goto(server.url + address)
            # No sideways scrolling of the page (a drawing wider than the screen scrolls inside its own box).
            widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert widths[0] <= widths[1], f"{address} is {widths[0]} px wide in a 320 px window"
            # Text doubled in size (as a browser's text zoom does) still fits.
            page.evaluate("document.documentElement.style.fontSize = '200%'")
            widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert widths[0] <= widths[1], f"{address} at 200% text is {widths[0]} px wide"
    finally:
        context.close()


def test_the_contents_and_sections_link_up_in_both_languages(
    browser: playwright_api.Browser, server: WebServer, guide: Guide
) -> None:
    english, spanish = guides(guide)["en"], guides(guide)["es"]
    context = browser.new_context(**in_language(DESKTOP, "es"))
    try:
        page = context.new_page()
        page.goto(server.url)  # the terminal page, in Spanish: its link to the reading
        page.locator("a.to-reading").focus()
        assert page.locator("a.to-reading").is_visible()
        page.locator("a.to-reading").click()
        page.wait_for_url("**/read/es/")
        assert page.locator("h1").inner_text() == translate("es", PAGE_TITLE)
        titles = page.locator("ol.contents a").all_inner_texts()
        assert titles == [section.title for section in spanish.sections]
        page.locator("ol.contents a").nth(1).click()
        page.wait_for_url(f"**/read/es/{spanish.sections[1].id}")
        assert page.locator("h1").inner_text() == spanish.sections[1].title
        # The same section in English, from the link written in English.
        other = page.locator("a[hreflang=en]")
        assert other.get_attribute("lang") == "en" and other.inner_text() == "English"
        other.click()
        page.wait_for_url(f"**/read/en/{english.sections[1].id}")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("h1").inner_text() == english.sections[1].title
        page.locator("a[rel=next]").click()
        assert page.locator("h1").inner_text() == english.sections[2].title
    finally:
        context.close()


def test_the_welcome_page_leaves_out_the_keys_and_shows_its_sources(server: WebServer, guide: Guide) -> None:
    with urllib.request.urlopen(server.url + "read/en/welcome", timeout=30) as response:
        html = response.read().decode("utf-8")
        headers = response.headers
    assert "Key points" in html and "Five keys to start" not in html and "oprima L" not in html
    assert "{.app-only}" not in html
    first = guide.sections[0]
    assert first.sources and all(source.address in html for source in first.sources)
    assert "Last checked:" in html
    # The same rules for the browser as the terminal page has.
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("address", ["read/en/no-such-section", "read/fr/", "read/en/..%2F..%2Fetc", "read/es/x" * 40])
def test_unknown_pages_are_not_found(server: WebServer, address: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(server.url + address, timeout=30)
    assert raised.value.code == 404


def test_another_name_for_the_server_is_refused_on_the_reading_too(server: WebServer) -> None:
    request = urllib.request.Request(server.url + "read/en/", headers={"Host": "rebound.example"})
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=30)
    assert raised.value.code == 421
