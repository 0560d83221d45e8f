"""How often the app touches the progress file: reads and durable writes per section switch and per tick.

Run from the repository root:  python bench/bench_io.py [--switches 20] [--ticks 20]

The app runs headless (Textual's test driver) on a fresh progress file. Python's audit hooks see every
``open`` of the progress file for reading and every rename onto it (a durable write ends in one), so the
counts come from what really reaches the file system, whatever the code in between does.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from secondop_tui.app import SecondOpinionApp
from secondop_tui.content import load_guide
from secondop_tui.settings import Settings

try:  # the layout since the progress code moved into its own package
    from secondop_tui.data.locations import default_content_dir
    from secondop_tui.data.store import ProgressStore
except ImportError:  # older checkouts, for a before-and-after comparison
    from secondop_tui.data.locations import default_content_dir  # type: ignore[no-redef]
    from secondop_tui.data.store import ProgressStore  # type: ignore[no-redef]


class FileTouches:
    """Counts reads and replacing writes of one file, from the interpreter's audit events."""

    def __init__(self, path: Path) -> None:
        self.path = os.fspath(path)
        self.counts: Counter[str] = Counter()
        self.active = False
        sys.addaudithook(self._hook)

    def _hook(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.active:
            return
        if event == "open" and args and _same(args[0], self.path):
            mode, flags = args[1], args[2]
            writing = (mode and any(c in str(mode) for c in "wax+")) or (flags and flags & (os.O_WRONLY | os.O_RDWR))
            if not writing:
                self.counts["reads"] += 1
        elif event == "os.rename" and len(args) >= 2 and _same(args[1], self.path):
            self.counts["writes"] += 1

    def take(self) -> Counter[str]:
        counts, self.counts = self.counts, Counter()
        return counts


def _same(candidate: object, path: str) -> bool:
    return isinstance(candidate, (str, bytes, os.PathLike)) and os.fsdecode(candidate) == path


async def measure(switches: int, ticks: int) -> dict[str, tuple[float, float]]:
    guide = load_guide(default_content_dir())
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "progress.json"
        settings = Settings(content_dir=guide.directory, db_path=db)
        store = ProgressStore(db)
        touches = FileTouches(db)
        app = SecondOpinionApp(settings, guide, store)
        results: dict[str, tuple[float, float]] = {}
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            # Every section once (each is marked read), then back and forth between two read ones.
            new = len(guide.sections) - 1
            results["switch to a new section"] = await _per_action(pilot, touches, ["n"], new)
            results["switch to a read section"] = await _per_action(pilot, touches, ["p", "n"], switches)
            await pilot.press("c")
            await pilot.pause()
            results["first tick"] = await _per_action(pilot, touches, ["space"], 1)
            results["tick"] = await _per_action(pilot, touches, ["space"], ticks)
        return results


async def _per_action(pilot: Pilot[None], touches: FileTouches, keys: list[str], count: int) -> tuple[float, float]:
    """Average reads and writes for one action: ``keys`` pressed in turn (or together, when they are steps)."""
    touches.take()
    touches.active = True
    for number in range(count):
        await pilot.press(keys[number % len(keys)])
        await pilot.pause()
    touches.active = False
    counts = touches.take()
    return counts["reads"] / count, counts["writes"] / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--switches", type=int, default=20)
    parser.add_argument("--ticks", type=int, default=20)
    args = parser.parse_args()
    results = asyncio.run(measure(args.switches, args.ticks))
    print("| action | reads of the file | durable writes |")
    print("|---|---|---|")
    for action, (reads, writes) in results.items():
        print(f"| {action} | {reads:.1f} | {writes:.1f} |")


if __name__ == "__main__":
    main()
