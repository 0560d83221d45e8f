"""One action, one read of the progress file; one change, one durable write.

Python's audit hooks report every ``open`` of the file and every rename onto it (each durable write ends in
one), so the counts are what reaches the file system, whatever happens in between.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from secondop_tui.content import Guide
from secondop_tui.screens.checklist import ChecklistScreen

from conftest import make_app, move_highlight, read_db


class FileTouches:
    """Reads and replacing writes of one file while ``watching`` is set (hooks cannot be removed)."""

    def __init__(self) -> None:
        self.path = ""
        self.counts: Counter[str] = Counter()
        sys.addaudithook(self._hook)

    def _hook(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.path:
            return
        if event == "open" and args and isinstance(args[0], (str, os.PathLike)) and os.fspath(args[0]) == self.path:
            mode, flags = args[1], args[2]
            if not ((mode and any(c in str(mode) for c in "wax+")) or (flags and flags & (os.O_WRONLY | os.O_RDWR))):
                self.counts["reads"] += 1
        elif event == "os.rename" and len(args) >= 2 and os.fspath(args[1]) == self.path:
            self.counts["writes"] += 1

    def watch(self, path: Path) -> None:
        self.path, self.counts = os.fspath(path), Counter()

    def take(self) -> tuple[int, int]:
        counts, self.counts = self.counts, Counter()
        return counts["reads"], counts["writes"]


TOUCHES = FileTouches()


async def test_section_switches_and_ticks_read_once_and_write_once(db_path: Path, guide: Guide) -> None:
    app = make_app(db_path, guide)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        TOUCHES.watch(db_path)
        try:
            TOUCHES.take()
            for _ in range(3):  # sections never opened before: marked read and remembered as the last one
                await pilot.press("n")
                await pilot.pause()
                assert TOUCHES.take() == (1, 1)
            await pilot.press("p")  # back to one already read: only the last section changes
            await pilot.pause()
            assert TOUCHES.take() == (1, 1)

            await pilot.press("c")
            await pilot.pause()
            assert isinstance(app.screen, ChecklistScreen)
            assert TOUCHES.take() == (1, 0)  # showing the list reads it and writes nothing
            await move_highlight(pilot, app.screen.view, 1)
            TOUCHES.take()
            await pilot.press("space")  # the first tick of an item: one write, not two
            await pilot.pause()
            assert TOUCHES.take() == (1, 1)
            await pilot.press("space")
            await pilot.pause()
            assert TOUCHES.take() == (1, 1)
        finally:
            TOUCHES.watch(Path())
    # Ticked, then unticked: what is on disk says so.
    assert read_db(db_path)["items"][guide.items[0].id]["done"] is False
