"""``secondop web`` in the browser's language: the page, its notices and the tab's app, chosen per browser."""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from secondop_tui.content import load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.i18n import accepted_language, translate
from secondop_tui.web.server import PAGE_TITLE

from support.web_harness import NEEDS_CHROMIUM, PHONE, WebServer, chromium, open_tab, web_servers


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("es-MX,es;q=0.9,en;q=0.8", "es"),
        ("en-US,en;q=0.9,es;q=0.8", "en"),
        ("fr-FR,fr;q=0.9,es;q=0.5,en;q=0.4", "es"),  # the first of ours by weight
        ("en;q=0.2, es;q=0.7", "es"),
        ("es;q=0, en", "en"),  # q=0 means "not this one"
        ("es;q=abc, en", "en"),
        ("es," * 5000, "es"),  # a huge header is read only so far, and still gives an answer
        ("fr, de", None),  # none of ours: the server's --lang
        ("*", None),
        ("", None),
        (None, None),
    ],
)
@pytest.mark.parametrize("server_default", ["en", "es"])
def test_a_browser_gets_the_first_language_of_ours_it_asks_for(
    header: str | None, expected: str | None, server_default: str
) -> None:
    assert accepted_language(header, server_default) == (expected or server_default)


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[..., WebServer]]:
    with web_servers(tmp_path) as start:
        yield start


def page(server: WebServer, accept_language: str) -> str:
    request = urllib.request.Request(server.url, headers={"Accept-Language": accept_language})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read().decode("utf-8")


@pytest.mark.e2e
def test_the_page_speaks_the_browsers_language_and_the_servers_for_the_rest(
    start_server: Callable[..., WebServer],
) -> None:
    server = start_server("--lang", "es")
    spanish = page(server, "fr-FR,fr;q=0.9")  # asks for no language of ours: the server's --lang
    assert '<html lang="es">' in spanish
    assert f"<title>{translate('es', PAGE_TITLE)}</title>" in spanish
    assert translate("es", "Opening the guide…") in spanish and "Opening the guide" not in spanish

    english = page(server, "en-GB,en;q=0.9")  # asks for English: gets it, whatever the server's default
    assert '<html lang="en">' in english and f"<title>{PAGE_TITLE}</title>" in english
    assert "Opening the guide…" in english


@NEEDS_CHROMIUM
@pytest.mark.e2e
def test_a_phone_set_to_spanish_gets_the_guide_and_its_app_in_spanish(
    start_server: Callable[..., WebServer], tmp_path: Path
) -> None:
    spanish = load_guide(default_content_dir() / "es")
    server = start_server()  # English by default: the phone's own language decides
    phone = {**PHONE, "locale": "es-MX"}  # the phone's language: the browser sends Accept-Language: es-MX
    with chromium(tmp_path / "downloads") as browser, open_tab(browser, server.url, phone) as tab:
        text = tab.wait_for(spanish.sections[0].title, "Usa esta guía como invitado")
        tab.page.screenshot(path=tmp_path / "phone-es.png")
        assert tab.page.locator("html").get_attribute("lang") == "es"
        assert tab.page.title() == translate("es", PAGE_TITLE)
        assert "You are using this guide as a guest" not in text
        tab.tap(translate("es", "Checklist"), footer=True)  # the footer's words are Spanish, and a tap works
        done = translate("es", "{done} of {total} done")
        tab.wait_for(done.format(done=0, total=len(spanish.items)))
        tab.tap(f"[ ] {spanish.items[0].text[:20]}", offset=1)
        tab.wait_for(done.format(done=1, total=len(spanish.items)))
    server.wait_for_log("session end")
    assert not re.search(r"(?i)accept-language|es-MX", server.log), "the browser's header is not logged"
