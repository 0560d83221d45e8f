"""Undo after a delete where people really use it: the installed app in a terminal, over SSH, in a browser."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from secondop_tui.content import Guide

from conftest import read_db
from support.serve_harness import NEEDS_OPENSSH, Keys, Server, Terminals, open_checklist, quit_app
from support.tmux_terminal import INSTALLED, TmuxTerminal
from support.waiting import wait_until
from support.web_harness import DESKTOP, NEEDS_CHROMIUM, chromium, open_tab, playwright_api, web_servers

pytestmark = pytest.mark.e2e

NOTICE = "Press u to undo"


def deleted_in(path: Path) -> list[str]:
    items = json.loads(path.read_text(encoding="utf-8")).get("items", {})
    return [item_id for item_id, doc in items.items() if doc.get("deleted")]


def test_the_installed_app_undoes_a_delete(db_path: Path, tmp_path: Path, guide: Guide) -> None:
    first = guide.items[0]
    terminal = TmuxTerminal([str(INSTALLED), "--db", str(db_path)], 80, 24, cwd=tmp_path)
    try:
        terminal.wait_for("Quit")
        terminal.send("c")
        terminal.wait_for(f"0 of {len(guide.items)} done")
        terminal.send("Space", "d")
        terminal.wait_for("Delete this item?")
        terminal.send("y")
        terminal.wait_for(NOTICE)
        # Each waited for on its own: on a busy machine the count and the footer may come a frame after the notice.
        terminal.wait_for(f"of {len(guide.items) - 1} done")
        wait_until(lambda: "u Undo" in terminal.screen().splitlines()[-1], "u Undo in the footer")
        wait_until(lambda: deleted_in(db_path) == [first.id], "the delete saved")
        terminal.send("u")
        screen = terminal.wait_for(f"1 of {len(guide.items)} done")
        assert f"[x] {first.text[:30]}" in screen or f"✓ {first.text[:30]}" in screen
        terminal.send("q")
        terminal.wait_until_dead()
        assert terminal.exit_status() == 0
    finally:
        terminal.close()
    doc = read_db(db_path)["items"][first.id]
    assert doc["done"] is True and "deleted" not in doc


@NEEDS_OPENSSH
def test_undo_over_ssh(tmp_path: Path, guide: Guide) -> None:
    keys = Keys(tmp_path / "keys", ["alice"])
    server = Server(tmp_path / "data", "--authorized-keys", str(keys.authorized), "--idle-timeout", "0")
    terms = Terminals()
    try:
        name = terms.open(keys.ssh(server, "alice", "alice", "-tt"))
        open_checklist(terms, name)
        terms.keys(name, "a")
        terms.wait_for(name, "New item for")
        terms.keys(name, "-l", "Ask about parking")
        terms.keys(name, "Enter")
        terms.wait_for(name, "[ ] Ask about parking")
        terms.keys(name, "d")
        terms.wait_for(name, "Delete this item?")
        terms.keys(name, "y")
        terms.wait_for(name, NOTICE, absent="Ask about parking")
        terms.keys(name, "u")
        terms.wait_for(name, "[ ] Ask about parking")
        quit_app(terms, name)
    finally:
        terms.close()
        server.stop()
    items = read_db(tmp_path / "data" / "users" / "alice" / "progress.json")["items"]
    assert [doc["text"] for doc in items.values() if doc.get("user")] == ["Ask about parking"]


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[playwright_api.Browser]:
    with chromium(tmp_path / "downloads") as launched:
        yield launched


@NEEDS_CHROMIUM
def test_undo_in_a_browser_tab(tmp_path: Path, browser: playwright_api.Browser, guide: Guide) -> None:
    first = guide.items[0]
    with web_servers(tmp_path) as start:
        server = start()
        with open_tab(browser, server.url, DESKTOP) as tab:
            tab.wait_for(guide.sections[0].title, "? Help")
            tab.press("c")
            tab.wait_for("Your checklist", f"0 of {len(guide.items)} done")
            tab.press("d")
            tab.wait_for("Delete this item?")
            tab.press("y")
            tab.wait_for(NOTICE, f"of {len(guide.items) - 1} done")
            (folder,) = server.guest_folders()
            assert deleted_in(folder / "progress.json") == [first.id]
            tab.press("u")
            tab.wait_for(f"0 of {len(guide.items)} done", first.text[:30])
            assert deleted_in(folder / "progress.json") == []
