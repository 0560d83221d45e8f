"""A browser tab's guest app under the pattern that once ended the kiosk: the language key with clicks on the
guide's text right behind it, over the tab's real websocket, round after round.

The tab's app rebuilds its footer when the language changes, and a click can arrive before the screen has been
laid out again; like every app of ours it drops such a click rather than hand it to a removed widget.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.web_harness import WebServer, web_servers
from support.web_sockets import connect, sockets

pytestmark = pytest.mark.e2e

SPANISH = "To read this guide in English, press L."
ENGLISH = "Para leer esta guía en español, oprima L."


@pytest.fixture
def server(tmp_path: Path) -> Iterator[WebServer]:
    with web_servers(tmp_path) as start:
        yield start()


def click(column: int, row: int) -> str:
    """What the page's terminal sends for a left click (press, then release) on a cell, 1-based, in SGR mode."""
    return f"\x1b[<0;{column};{row}M\x1b[<0;{column};{row}m"


# A quick run tries a few dozen rounds; the full run more.
@pytest.mark.parametrize("rounds", [40, pytest.param(200, marks=pytest.mark.slow)])
async def test_clicks_right_behind_a_language_switch_never_end_a_tab(server: WebServer, rounds: int) -> None:
    chooser = random.Random(rounds)
    async with sockets(server) as session:
        tab = await connect(session, server)
        await tab.wait_for(ENGLISH)
        (pid,) = server.app_pids()
        for done in range(rounds):
            # L and three clicks on the guide's text (right of the list of sections) in one message, as a
            # browser sends what was typed and clicked in the same moment.
            clicks = "".join(click(chooser.randint(36, 78), chooser.randint(3, 20)) for _ in range(3))
            await tab.ws.send_str(json.dumps(["stdin", "L" + clicks]))
            await tab.wait_for(SPANISH if done % 2 == 0 else ENGLISH)
        assert list(server.app_pids()) == [pid], "the tab's app ended"
        await tab.keys("c")  # and it still takes keys
        await tab.wait_for(" done")
    assert "Traceback" not in server.log and "Error" not in server.log
