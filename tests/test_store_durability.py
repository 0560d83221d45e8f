"""Nothing acknowledged is lost: writers killed with SIGKILL mid-save, and two writers at once.

The crash harness runs in a child Python process that imports secondop once and then forks one
writer after another, so hundreds of real SIGKILLs cost seconds, not minutes. Each writer saves in
a loop and reports every save only after ``ProgressStore`` has returned, that is after the data is
on disk. The harness waits until the writer has reported a chosen number of saves (0 to 2, so some
kills land while it is still opening the file), then kills it a random moment later, opens the file
the way the app does and checks that every reported change is there. Waiting for reports rather than
for a fixed time keeps the test as strong on a busy machine as on an idle one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from secondop_tui.content import load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.data.schema import SCHEMA_VERSION
from secondop_tui.data.store import ProgressStore

from conftest import read_db

CRASH_HARNESS = r'''
import json, os, random, select, signal, sys, time
from pathlib import Path

from secondop_tui.content import load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.data.store import ProgressStore

db_path, kills, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
random.seed(seed)
guide = load_guide(default_content_dir())
items = guide.items
section_id = guide.sections[0].id


def writer(out: int, start: int) -> None:
    """Save forever; write 'n' to the pipe once save number n has returned."""
    store = ProgressStore(db_path)
    entries = {entry.id: entry for entry in store.checklist(guide)}
    n = start
    while True:
        if n % 4 == 3:
            store.add(section_id, f"added {n}")
        else:
            item = items[n % len(items)]
            store.set_note(entries[item.id], f"note {n}")
        os.write(out, f"{n}\n".encode())
        n += 1


def check(acked: list[int], in_flight: int) -> str | None:
    """None if the file opens cleanly and holds every change acknowledged so far."""
    store = ProgressStore(db_path)
    try:
        if store.notice:
            return store.notice
        entries = store.checklist(guide)
    finally:
        store.close()
    leftovers = [p.name for p in db_path.parent.iterdir() if p.name.endswith(".tmp")]
    if leftovers:
        return f"temporary files left after opening: {leftovers}"
    notes = {entry.id: entry.note for entry in entries}
    added = {entry.text for entry in entries if entry.user_added}
    for n in acked:
        if n % 4 == 3:
            acked_adds.add(n)
        else:
            last_note[items[n % len(items)].id] = n
    missing = [n for n in acked_adds if f"added {n}" not in added]
    if missing:
        return f"acknowledged adds missing: {missing[:5]}"
    for item_id, n in last_note.items():
        # A killed writer may have finished one more save that it had no time to report,
        # so the note is the last acknowledged one for the item or a later one.
        shown = notes[item_id]
        m = int(shown.split()[-1]) if shown.startswith("note ") else -1
        if not (n <= m <= in_flight and items[m % len(items)].id == item_id):
            return f"item {item_id}: note {shown!r}, last acknowledged {n}"
    return None


def acks_until(read_end: int, wanted: int, timeout: float = 120.0) -> bytes:
    """What the writer reported, once it has reported ``wanted`` saves (or the timeout passed)."""
    received = b""
    deadline = time.monotonic() + timeout
    while received.count(b"\n") < wanted and time.monotonic() < deadline:
        ready, _, _ = select.select([read_end], [], [], max(0.0, deadline - time.monotonic()))
        chunk = os.read(read_end, 4096) if ready else b""
        if not chunk:
            break
        received += chunk
    return received


acked_adds: set[int] = set()
last_note: dict[str, int] = {}
next_n, total_acks, waited_for = 0, 0, 0
for round_no in range(kills):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            writer(write_end, next_n)
        finally:
            os._exit(1)
    os.close(write_end)
    wanted = random.randint(0, 2)
    waited_for += wanted
    received = acks_until(read_end, wanted)
    # A random moment after that: most kills land mid-save.
    time.sleep(random.uniform(0.0, 0.01))
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    with os.fdopen(read_end, "rb") as pipe:
        acked = [int(line) for line in (received + pipe.read()).split()]
    total_acks += len(acked)
    in_flight = (acked[-1] if acked else next_n - 1) + 1
    problem = check(acked, in_flight)
    if problem:
        print(json.dumps({"kills": round_no + 1, "acks": total_acks, "problem": problem}))
        sys.exit(1)
    next_n = in_flight + 1
print(json.dumps({"kills": kills, "acks": total_acks, "waited_for": waited_for, "adds": len(acked_adds),
                  "problem": None}))
'''


def run_crash_harness(db_path: Path, kills: int, seed: int, workdir: Path) -> dict[str, Any]:
    script = workdir / "crash_harness.py"
    script.write_text(CRASH_HARNESS, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), str(db_path), str(kills), str(seed)],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0 or result.stdout, result.stderr
    report: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return report


def test_sigkill_at_random_moments_never_loses_an_acknowledged_save(tmp_path: Path) -> None:
    db_path = tmp_path / "data" / "progress.json"
    report = run_crash_harness(db_path, kills=220, seed=20261125, workdir=tmp_path)
    assert report["problem"] is None, report
    assert report["kills"] == 220
    # The writers really were saving when killed, not only starting up: every save waited for was reported.
    assert report["waited_for"] > 150 and report["acks"] >= report["waited_for"]
    # Checked again here, outside the harness: the file is whole and private.
    data = read_db(db_path)
    assert data["meta"]["state"]["schema"] == SCHEMA_VERSION
    assert report["adds"] > 0
    assert sum(1 for doc in data["items"].values() if doc.get("user")) >= report["adds"]


TWO_WRITERS = r"""
import sys
from pathlib import Path

from secondop_tui.content import load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.data.store import ProgressStore

db_path, role = Path(sys.argv[1]), sys.argv[2]
guide = load_guide(default_content_dir())
section_id = guide.sections[0].id
store = ProgressStore(db_path)
print("ready", flush=True)
sys.stdin.readline()  # both start together
changes = 0
for round_no in range(ROUNDS):
    # Both writers change the same items, in different fields: a stale read would undo the other's work.
    for entry in [entry for entry in store.checklist(guide) if not entry.user_added]:
        if role == "notes":
            store.set_note(entry, f"note {round_no}")
        else:
            store.toggle(entry)
        changes += 1
    for n in range(ADDS_PER_ROUND):
        store.add(section_id, f"{role} {round_no}-{n}")
        changes += 1
store.close()
print(changes, flush=True)
"""


def test_two_processes_writing_at_once_keep_every_change(tmp_path: Path) -> None:
    guide = load_guide(default_content_dir())
    rounds, adds_per_round = 5, 30
    script = tmp_path / "two_writers.py"
    script.write_text(
        TWO_WRITERS.replace("ROUNDS", str(rounds)).replace("ADDS_PER_ROUND", str(adds_per_round)),
        encoding="utf-8",
    )
    db_path = tmp_path / "data" / "progress.json"
    ProgressStore(db_path).close()
    writers = {
        role: subprocess.Popen(
            [sys.executable, str(script), str(db_path), role],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for role in ("notes", "ticks")
    }
    try:
        for writer in writers.values():
            assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        for writer in writers.values():
            assert writer.stdin is not None
            writer.stdin.write("go\n")
            writer.stdin.flush()
        outputs = {role: writer.communicate(timeout=300) for role, writer in writers.items()}
    finally:
        for writer in writers.values():
            if writer.poll() is None:
                writer.kill()
    for role, (out, err) in outputs.items():
        assert writers[role].returncode == 0, err
        assert int(out.split()[-1]) >= 300

    store = ProgressStore(db_path)
    entries = store.checklist(guide)
    store.close()
    guide_entries = [entry for entry in entries if not entry.user_added]
    assert len(guide_entries) == len(guide.items)
    # Every item got the last note, and was ticked an odd number of times (five).
    assert all(entry.note == f"note {rounds - 1}" for entry in guide_entries)
    assert all(entry.done for entry in guide_entries)
    added = sorted(entry.text for entry in entries if entry.user_added)
    expected = sorted(
        f"{role} {round_no}-{n}"
        for role in ("notes", "ticks")
        for round_no in range(rounds)
        for n in range(adds_per_round)
    )
    assert added == expected
    assert os.stat(db_path).st_mode & 0o777 == 0o600
