"""Anyone can press anything, fast: the kiosk never exits or crashes, and F2 always brings back a fresh start.

Keys are posted to the app the way the terminal driver posts them, a burst at a time, so the kiosk gets them
as fast as it can take them; between bursts the test waits until the app has taken every key of the burst.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot

from secondop_tui.content import Guide
from secondop_tui.kiosk.app import KioskApp

from conftest import screen_text
from support.kiosk_pilot import (
    VISITOR_TEXT,
    make_kiosk,
    start_visit,
    wait_for_fresh_start,
    wait_until,
    write_pin_file,
)

# (key, the character it types): what a terminal sends for everyday keys, function keys and the ways out.
EVERYDAY = [(letter, letter) for letter in "abcdegjklnpqsxyzJK"] + [
    ("space", " "),
    ("enter", "\r"),
    ("escape", "\x1b"),
    ("tab", "\t"),
    ("shift+tab", None),
    ("backspace", "\x7f"),
    ("question_mark", "?"),
    ("slash", "/"),
    ("1", "1"),
    ("up", None),
    ("down", None),
    ("left", None),
    ("right", None),
    ("home", None),
    ("end", None),
    ("pageup", None),
    ("pagedown", None),
    ("ctrl+c", "\x03"),
    ("ctrl+q", "\x11"),
    ("ctrl+v", "\x16"),
]
FUNCTION = [("f1", None), ("f2", None), ("f3", None), ("f12", None)]
BURST = 25


def storm(seed: int, count: int) -> list[tuple[str, str | None]]:
    """``count`` keys, one in five a function key: F2 and F3 often enough to race with everything else."""
    chooser = random.Random(seed)
    return [chooser.choice(FUNCTION if chooser.random() < 0.2 else EVERYDAY) for _ in range(count)]


async def send_burst(pilot: Pilot[None], app: KioskApp, keys: list[tuple[str, str | None]]) -> None:
    """Post every key at once, as a terminal delivers a burst, then wait until the app has taken them all."""
    for key, character in keys:
        app.post_message(events.Key(key, character))
    taken = asyncio.Event()
    app.call_later(taken.set)  # runs after every key posted above: the app's queue is in order
    await wait_until(pilot, lambda: taken.is_set() or not app.is_running, timeout=120)


@pytest.mark.parametrize("seed", [7, 8])
async def test_a_storm_of_keys_never_ends_the_kiosk_and_f2_still_clears(
    guide: Guide, tmp_path: Path, seed: int
) -> None:
    app = make_kiosk(guide, admin_pin_file=write_pin_file(tmp_path))
    keys = storm(seed, 750)
    async with app.run_test(size=(80, 24)) as pilot:
        for start in range(0, len(keys), BURST):
            await send_burst(pilot, app, keys[start : start + BURST])
            assert app.is_running, f"the kiosk ended within keys {start}-{start + BURST} of seed {seed}"
        await send_burst(pilot, app, [("f2", None)])
        await wait_for_fresh_start(pilot, app)
    assert app.return_code is None


async def test_keys_typed_while_a_visit_is_cleared_wait_and_go_to_the_fresh_start(guide: Guide) -> None:
    app = make_kiosk(guide)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_visit(pilot, app)
        await send_burst(pilot, app, [("f2", None), ("c", "c")])  # c lands while F2 is still clearing
        await wait_until(pilot, lambda: app.current_mode == "checklist" and "0 of" in screen_text(app))
        assert VISITOR_TEXT not in screen_text(app)
        assert not any(entry.done or entry.user_added for entry in app.store.checklist(guide))
