"""Requests on a clock beside the checklist: opening each screen and saving one change, with 500 requests and
a checklist of 1,000 items in the same progress file.

Run from the repository root:  python bench/bench_requests.py [--runs 5]

The app runs as its installed command in a pseudo-terminal of 80x24 (bench_app's harness): each figure is the
median, over the runs, of the seconds from a key to the settled frame. Durable saves are timed on the store
itself: one change written, fsynced and renamed. Not a test: the numbers depend on how busy the machine is.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench_app import SECONDOP, Terminal, environment, median, progress_file

from secondop_tui.content import Guide, load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.data.store import ProgressStore
from secondop_tui.data.tracker_store import REQUESTS

ITEMS = 1000
REQUEST_COUNT = 500
TODAY = "2026-12-05"


def with_requests(path: Path, guide: Guide) -> None:
    """A progress file with ITEMS checklist items and REQUEST_COUNT requests, a third of them late."""
    progress_file(path, guide, ITEMS)
    data = json.loads(path.read_text(encoding="utf-8"))
    kinds = ("pathology", "images", "labs", "visit-notes", "treatment-plan")
    data["requests"] = {
        f"request-{n:012x}": {
            "what": kinds[n % len(kinds)],
            "office": f"Records office number {n}",
            "how": "portal",
            "asked": f"2026-{9 + n % 3:02d}-{1 + n % 28:02d}",
            "note": "Ask for the disc as well",
            "created": 1_700_000_000 + n,
        }
        for n in range(REQUEST_COUNT)
    }
    path.write_text(json.dumps(data), encoding="utf-8")


@dataclass
class Figures:
    open_checklist: list[float] = field(default_factory=list)
    open_requests: list[float] = field(default_factory=list)
    tick_screen: list[float] = field(default_factory=list)
    request_screen: list[float] = field(default_factory=list)
    open_checklist_cpu: list[float] = field(default_factory=list)
    open_requests_cpu: list[float] = field(default_factory=list)
    tick_screen_cpu: list[float] = field(default_factory=list)
    request_screen_cpu: list[float] = field(default_factory=list)
    tick_save: list[float] = field(default_factory=list)
    request_save: list[float] = field(default_factory=list)


def cpu_seconds(pid: int) -> float:
    """The process's CPU time so far: on a busy machine, steadier than the wall clock."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_key(term: Terminal, key: bytes, quiet: float, wall: list[float], cpu: list[float]) -> None:
    before = cpu_seconds(term.process.pid)
    wall.append(term.key(key, quiet)[0])
    cpu.append(cpu_seconds(term.process.pid) - before)


def on_screen(guide: Guide, folder: Path, figures: Figures, quiet: float, key_quiet: float) -> None:
    db = folder / "screen" / "progress.json"
    db.parent.mkdir(parents=True, exist_ok=True)
    with_requests(db, guide)
    term = Terminal([str(SECONDOP), "--db", str(db)], {**environment(folder), "SECONDOP_TODAY": TODAY})
    try:
        term.settle(quiet)
        timed_key(term, b"c", key_quiet, figures.open_checklist, figures.open_checklist_cpu)
        timed_key(term, b" ", key_quiet, figures.tick_screen, figures.tick_screen_cpu)
        term.key(b"g", quiet)
        timed_key(term, b"r", key_quiet, figures.open_requests, figures.open_requests_cpu)
        timed_key(term, b"x", key_quiet, figures.request_screen, figures.request_screen_cpu)  # one save
    finally:
        term.close()


def durable_saves(guide: Guide, folder: Path, figures: Figures, repeats: int) -> None:
    db = folder / "store" / "progress.json"
    db.parent.mkdir(parents=True, exist_ok=True)
    with_requests(db, guide)
    store = ProgressStore(db)
    try:
        entries = store.checklist(guide)
        requests = store.tracker.requests()
        for n in range(repeats):
            started = time.perf_counter()
            store.toggle(entries[n % len(entries)])
            figures.tick_save.append(time.perf_counter() - started)
            request = requests[n % len(requests)]
            started = time.perf_counter()
            store.tracker.change(REQUESTS, request.id, {"extended": bool(n % 2)})
            figures.request_save.append(time.perf_counter() - started)
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each measurement (default 5)")
    parser.add_argument("--quiet", type=float, default=0.4, help="seconds of no output that mean settled")
    parser.add_argument("--key-quiet", type=float, default=0.25, help="the same, after a key")
    args = parser.parse_args()
    if not SECONDOP.exists():
        raise SystemExit(f"no installed command at {SECONDOP}; pip install the project first")
    guide = load_guide(default_content_dir())
    figures = Figures()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for _ in range(args.runs):
            on_screen(guide, folder, figures, args.quiet, args.key_quiet)
        durable_saves(guide, folder, figures, 30 * args.runs)
    ms = 1000.0
    rows = [
        ("open the screen, key to settled frame", figures.open_checklist, figures.open_requests),
        ("open the screen, CPU time of the app", figures.open_checklist_cpu, figures.open_requests_cpu),
        ("one change (tick / extension), key to settled frame", figures.tick_screen, figures.request_screen),
        ("one change (tick / extension), CPU time of the app", figures.tick_screen_cpu, figures.request_screen_cpu),
        ("one change, durable save (store)", figures.tick_save, figures.request_save),
    ]
    print(
        f"medians of {args.runs} runs at 80x24; one file holds both: {ITEMS} checklist items, {REQUEST_COUNT} requests"
    )
    width = max(len(row[0]) for row in rows)
    print(f"{'measure':<{width}}  {'checklist':>10}  {'requests':>10}  within")
    for name, checklist, requests in rows:
        left, right = median(checklist), median(requests)
        print(f"{name:<{width}}  {left * ms:>8.1f} ms  {right * ms:>8.1f} ms  {'yes' if right <= left else 'NO'}")


if __name__ == "__main__":
    main()
