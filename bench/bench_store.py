"""Progress store figures: SIGKILL rounds with no lost save, and the latency of durable saves.

Run from the repository root:  python bench/bench_store.py [--kills 1000] [--saves 300]

Not a test: the numbers depend on the disk and on how busy the machine is.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from secondop_tui.checklist import Entry
from secondop_tui.content import Guide, load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.data.schema import SCHEMA_VERSION
from secondop_tui.data.store import ProgressStore

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from test_store_durability import CRASH_HARNESS

TOTAL_ITEMS = 1000


def kill_rounds(kills: int, folder: Path) -> dict[str, object]:
    script = folder / "crash_harness.py"
    script.write_text(CRASH_HARNESS, encoding="utf-8")
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            str(script),
            str(folder / "kills" / "progress.json"),
            str(kills),
            str(random.randrange(10**9)),
        ],
        check=False,
        capture_output=True,
        text=True,
    )
    if not result.stdout.strip():
        raise SystemExit(f"crash harness failed:\n{result.stderr}")
    report: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    report["seconds"] = time.perf_counter() - started
    return report


def big_file(path: Path, guide: Guide) -> None:
    """A progress file with the guide's items plus enough of the person's own to make 1,000."""
    sections = [section.id for section in guide.sections]
    items = {
        f"user-{n:012x}": {
            "section": sections[n % len(sections)],
            "text": f"My own question number {n} for the specialist",
            "user": True,
            "done": n % 3 == 0,
            "note": "A short note" if n % 5 == 0 else "",
            "created": 1_700_000_000 + n,
        }
        for n in range(TOTAL_ITEMS - len(guide.items))
    }
    data = {"meta": {"state": {"schema": SCHEMA_VERSION, "read": sections[:3]}}, "items": items}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def timed(action: Callable[[], object], repeats: int) -> list[float]:
    times: list[float] = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def latencies(saves: int, folder: Path) -> dict[str, list[float]]:
    guide = load_guide(default_content_dir())
    path = folder / "latency" / "progress.json"
    big_file(path, guide)
    store = ProgressStore(path)
    entries: list[Entry] = store.checklist(guide)
    assert len(entries) == TOTAL_ITEMS, len(entries)
    pick = lambda: random.choice(entries)
    results = {
        "toggle (durable save)": timed(lambda: store.toggle(pick()), saves),
        "set note (durable save)": timed(lambda: store.set_note(pick(), "Asked on Tuesday"), saves),
        "read whole checklist": timed(lambda: store.checklist(guide), saves),
        "open file": timed(lambda: ProgressStore(path).close(), max(saves // 10, 10)),
    }
    store.close()
    return results


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="secondop-bench-") as temp:
        folder = Path(temp)
        report = latencies(args.saves, folder)
        print(f"Latency with {TOTAL_ITEMS} items, {args.saves} runs each (ms)")
        print(f"{'operation':<26}{'median':>10}{'p95':>10}{'max':>10}")
        for name, values in report.items():
            print(f"{name:<26}{statistics.median(values):>10.2f}{percentile(values, 0.95):>10.2f}{max(values):>10.2f}")
        kills = kill_rounds(args.kills, folder)
        print()
        print(
            f"SIGKILL rounds: {kills['kills']} kills, {kills['acks']} acknowledged saves, "
            f"problem: {kills['problem'] or 'none'}, {kills['seconds']:.1f} s"
        )
        if kills["problem"]:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
