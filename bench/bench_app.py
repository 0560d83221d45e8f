"""How fast the app feels and how much it sends down the wire, measured the way a person meets it.

Run from the repository root:  python bench/bench_app.py --article FILE [--runs 9]

Every figure is a median over several runs, printed as a table beside its target. The app runs as its
installed command in a real pseudo-terminal of 80x24: "settled" means the last byte written before
``--quiet`` seconds with no output. The floor for start-up is a bare Textual app (Header, a Markdown widget
showing the whole of a long plain-text article, Footer, one binding) run with the same Python, started the
same way and interleaved with the app's runs, in English and in Spanish, so that a busy moment on the machine
hurts them alike; and the CPU each spends until its first frame is ready, headless, which depends far less on
how busy the machine is. The article is any text file of a few pages (``--article`` or ``$SECONDOP_FLOOR_ARTICLE``);
nothing of it ships with the project. Start-up is compared by median and by minimum.

Not a test: the numbers depend on the machine and on how busy it is.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from secondop_tui.content import Guide, load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.data.store import ProgressStore
from secondop_tui.marks import UNICODE_MARKS

SECONDOP = Path(sys.executable).parent / "secondop"
SIZE = (80, 24)
KB = 1024

MINIMAL_APP = textwrap.dedent("""
    import json, sys
    from textual.app import App
    from textual.widgets import Footer, Header, Markdown

    TEXTS = json.loads(sys.argv[1])

    class Minimal(App):
        BINDINGS = [("q", "quit", "Quit"), ("n", "next", "Next")]
        shown = 0

        def compose(self):
            yield Header()
            yield Markdown(TEXTS[0])
            yield Footer()

        async def action_next(self):
            self.shown = (self.shown + 1) % len(TEXTS)
            await self.query_one(Markdown).update(TEXTS[self.shown])

    Minimal().run()
""")

# The floor for start-up: what any Textual app that shows a page of text costs.
FLOOR_APP = textwrap.dedent("""
    import sys
    from pathlib import Path
    from textual.app import App
    from textual.widgets import Footer, Header, Markdown

    ARTICLE = Path(sys.argv[1]).read_text(encoding="utf-8")

    class Floor(App):
        BINDINGS = [("q", "quit", "Quit")]

        def compose(self):
            yield Header()
            yield Markdown(ARTICLE)
            yield Footer()

    Floor().run()
""")


# Runs a Textual app's script headless until its first frame is ready, then leaves: what it cost in CPU does not
# depend on how busy the machine is, as the time in a terminal does.
FIRST_FRAME_ONLY = textwrap.dedent("""
    import runpy, sys
    import textual.app

    run = textual.app.App.run

    def first_frame(self, **options):
        async def leave(pilot):
            await pilot.pause()
            pilot.app.exit()
        return run(self, headless=True, size=(80, 24), auto_pilot=leave)

    textual.app.App.run = first_frame
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__")
""")


def cpu_to_first_frame(script: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user and system) a script's process spends until its app's first frame is ready."""
    process = subprocess.Popen(
        [sys.executable, "-c", FIRST_FRAME_ONLY, *script],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{script[0]} failed with status {process.returncode}")
    return usage.ru_utime + usage.ru_stime


@dataclass
class Terminal:
    """A process on the slave side of a pty; the master side records every byte and when it came."""

    command: list[str]
    env: dict[str, str]
    started: float = 0.0
    output: bytearray = field(default_factory=bytearray)

    def __post_init__(self) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            self.command, stdin=slave, stdout=slave, stderr=slave, env=self.env, start_new_session=True, close_fds=True
        )
        os.close(slave)

    def settle(self, quiet: float, timeout: float = 30.0) -> tuple[float, int]:
        """Read until ``quiet`` seconds pass with no output: (time of the last byte, bytes read).

        The first byte is waited for as long as ``timeout`` allows: on a slow machine importing Textual
        alone can take longer than ``quiet``.
        """
        last, count = time.perf_counter(), 0
        deadline = last + timeout
        while time.perf_counter() < deadline:
            wait = quiet if count else deadline - time.perf_counter()
            ready, _, _ = select.select([self.master], [], [], max(wait, 0.0))
            if not ready:
                break
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                break
            if not chunk:
                break
            last, count = time.perf_counter(), count + len(chunk)
            self.output += chunk
        return last, count

    def key(self, data: bytes, quiet: float) -> tuple[float, int]:
        """Send a key; seconds from the key to the settled frame, and the bytes that frame took."""
        sent = time.perf_counter()
        os.write(self.master, data)
        last, count = self.settle(quiet)
        return (last - sent if count else 0.0), count

    def peak_rss_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024

    def close(self) -> None:
        if self.process.poll() is None:
            os.write(self.master, b"q")
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        os.close(self.master)


def environment(home: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
    }


def section_markdown(guide: Guide) -> list[str]:
    """What the app shows for each section: the same text, title and task boxes as the guide screen."""
    texts = []
    for section in guide.sections:
        body = section.markdown_with_marks(lambda _: False, UNICODE_MARKS.done, UNICODE_MARKS.todo)
        texts.append(f"# {section.title}\n\n{body}")
    return texts


@dataclass
class Figures:
    start_app: list[float] = field(default_factory=list)
    start_spanish: list[float] = field(default_factory=list)
    start_floor: list[float] = field(default_factory=list)
    bytes_app: list[int] = field(default_factory=list)
    bytes_spanish: list[int] = field(default_factory=list)
    bytes_floor: list[int] = field(default_factory=list)
    cpu: dict[str, list[float]] = field(default_factory=dict)  # CPU to the first frame: floor, English, Spanish
    switch: dict[str, list[float]] = field(default_factory=dict)
    switch_minimal: dict[str, list[float]] = field(default_factory=dict)
    switch_bytes: list[int] = field(default_factory=list)
    cursor_bytes: list[int] = field(default_factory=list)
    toggle_bytes: list[int] = field(default_factory=list)
    toggle_screen: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)


def start_floor(article: Path, folder: Path, figures: Figures, quiet: float) -> None:
    script = folder / "floor_app.py"
    script.write_text(FLOOR_APP, encoding="utf-8")
    term = Terminal([sys.executable, str(script), str(article)], environment(folder))
    try:
        last, count = term.settle(quiet)
        figures.start_floor.append(last - term.started)
        figures.bytes_floor.append(count)
    finally:
        term.close()


def start_spanish(folder: Path, figures: Figures, quiet: float) -> None:
    db = folder / "progress-es.json"
    db.unlink(missing_ok=True)
    term = Terminal([str(SECONDOP), "--db", str(db), "--lang", "es"], environment(folder))
    try:
        last, count = term.settle(quiet)
        figures.start_spanish.append(last - term.started)
        figures.bytes_spanish.append(count)
    finally:
        term.close()


def first_frame_cpu(article: Path, folder: Path, figures: Figures) -> None:
    """The floor, English and Spanish, each to its first frame, headless."""
    env = environment(folder)
    floor = folder / "floor_app.py"
    floor.write_text(FLOOR_APP, encoding="utf-8")
    db = folder / "progress-cpu.json"
    for name, script in (
        ("floor", [str(floor), str(article)]),
        ("English", [str(SECONDOP), "--db", str(db)]),
        ("Spanish", [str(SECONDOP), "--db", str(db), "--lang", "es"]),
    ):
        db.unlink(missing_ok=True)
        figures.cpu.setdefault(name, []).append(cpu_to_first_frame(script, env))


def switch_floor(guide: Guide, folder: Path, figures: Figures, quiet: float, key_quiet: float) -> None:
    script = folder / "minimal_app.py"
    script.write_text(MINIMAL_APP, encoding="utf-8")
    term = Terminal([sys.executable, str(script), json.dumps(section_markdown(guide))], environment(folder))
    try:
        term.settle(quiet)
        # The floor for a section switch: Textual's Markdown widget given the next section's text.
        for section in guide.sections[1:]:
            figures.switch_minimal.setdefault(section.title, []).append(term.key(b"n", key_quiet)[0])
    finally:
        term.close()


def run_app(guide: Guide, folder: Path, figures: Figures, quiet: float, key_quiet: float) -> None:
    db = folder / "progress.json"
    db.unlink(missing_ok=True)
    term = Terminal([str(SECONDOP), "--db", str(db)], environment(folder))
    try:
        last, count = term.settle(quiet)
        figures.start_app.append(last - term.started)
        figures.bytes_app.append(count)
        # Section switch: n opens each following section in turn.
        for section in guide.sections[1:]:
            seconds, count = term.key(b"n", key_quiet)
            figures.switch.setdefault(section.title, []).append(seconds)
            figures.switch_bytes.append(count)
        term.key(b"c", key_quiet)
        for _ in range(5):
            figures.cursor_bytes.append(term.key(b"\x1b[B", key_quiet)[1])  # the down arrow
        for _ in range(4):
            seconds, count = term.key(b" ", key_quiet)
            figures.toggle_screen.append(seconds)
            figures.toggle_bytes.append(count)
        figures.rss.append(term.peak_rss_mb())
    finally:
        term.close()


def progress_file(path: Path, guide: Guide, total: int) -> None:
    """A progress file with the guide's own items plus the person's, ``total`` in all."""
    sections = [section.id for section in guide.sections]
    own = max(0, total - len(guide.items))
    items = {
        f"user-{n:012x}": {
            "section": sections[n % len(sections)],
            "text": f"My own question number {n}",
            "user": True,
            "done": False,
            "note": "",
            "created": 1_700_000_000 + n,
        }
        for n in range(own)
    }
    store = ProgressStore(path)  # writes a current, valid file to start from
    store.close()
    data = json.loads(path.read_text(encoding="utf-8"))
    data.setdefault("items", {}).update(items)
    path.write_text(json.dumps(data), encoding="utf-8")


def toggle_latency(guide: Guide, folder: Path, total: int, repeats: int) -> list[float]:
    """Seconds for one toggle to be on disk (written, fsynced, renamed) in a checklist of ``total`` items."""
    path = folder / f"toggle-{total}" / "progress.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    progress_file(path, guide, total)
    store = ProgressStore(path)
    try:
        entries = store.checklist(guide)
        assert len(entries) >= total, f"expected {total} items, found {len(entries)}"
        times = []
        for n in range(repeats):
            entry = store.checklist(guide)[n % len(entries)]
            started = time.perf_counter()
            store.toggle(entry)
            times.append(time.perf_counter() - started)
        return times
    finally:
        store.close()


def median(values: list[float] | list[int]) -> float:
    return statistics.median(values) if values else float("nan")


def least(values: list[float] | list[int]) -> float:
    return min(values) if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each measurement (default 9)")
    parser.add_argument(
        "--article",
        type=Path,
        default=os.environ.get("SECONDOP_FLOOR_ARTICLE"),
        help="text file the floor app shows whole (default: $SECONDOP_FLOOR_ARTICLE)",
    )
    parser.add_argument("--quiet", type=float, default=0.4, help="seconds of no output that mean settled")
    parser.add_argument("--key-quiet", type=float, default=0.25, help="the same, after a key")
    args = parser.parse_args()
    if not SECONDOP.exists():
        raise SystemExit(f"no installed command at {SECONDOP}; pip install the project first")
    if args.article is None or not args.article.is_file():
        raise SystemExit("the floor app needs a text file to show: --article FILE or $SECONDOP_FLOOR_ARTICLE")

    guide = load_guide(default_content_dir())
    figures = Figures()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        # Alternate the two apps so that a busy moment on the machine hurts both alike.
        for _ in range(args.runs):
            start_floor(args.article, folder, figures, args.quiet)
            run_app(guide, folder, figures, args.quiet, args.key_quiet)
            start_floor(args.article, folder, figures, args.quiet)
            start_spanish(folder, figures, args.quiet)
            switch_floor(guide, folder, figures, args.quiet, args.key_quiet)
            first_frame_cpu(args.article, folder, figures)
        toggles = {total: toggle_latency(guide, folder, total, 30 * args.runs) for total in (50, 1000)}

    ms = 1000.0
    floor, floor_least = median(figures.start_floor), least(figures.start_floor)
    switches = {title: median(times) for title, times in figures.switch.items()}
    slowest = max(switches, key=switches.__getitem__)
    rows: list[tuple[str, str, str, Callable[[], bool]]] = [
        ("cold start, floor app (median)", f"{floor * ms:.0f} ms", "", lambda: True),
        ("cold start, floor app (minimum)", f"{floor_least * ms:.0f} ms", "", lambda: True),
    ]
    for language, starts in (("English", figures.start_app), ("Spanish", figures.start_spanish)):
        by_median, by_least = median(starts) / floor, least(starts) / floor_least
        rows += [
            (f"cold start to settled frame, {language} (median)", f"{median(starts) * ms:.0f} ms", "", lambda: True),
            (f"cold start to settled frame, {language} (minimum)", f"{least(starts) * ms:.0f} ms", "", lambda: True),
            (
                f"cold start ratio to floor, {language}, median",
                f"{by_median:.2f}x",
                "<= 1.0x",
                lambda r=by_median: r <= 1.0,
            ),
            (
                f"cold start ratio to floor, {language}, minimum",
                f"{by_least:.2f}x",
                "<= 1.0x",
                lambda r=by_least: r <= 1.0,
            ),
        ]
    cpu_floor = figures.cpu["floor"]
    rows.append(("CPU to the first frame (headless), floor app", f"{median(cpu_floor) * ms:.0f} ms", "", lambda: True))
    for language in ("English", "Spanish"):
        spent = figures.cpu[language]
        by_median, by_least = median(spent) / median(cpu_floor), least(spent) / least(cpu_floor)
        rows += [
            (f"CPU to the first frame, {language}", f"{median(spent) * ms:.0f} ms", "", lambda: True),
            (f"CPU ratio to floor, {language}, median", f"{by_median:.2f}x", "<= 1.0x", lambda r=by_median: r <= 1.0),
            (f"CPU ratio to floor, {language}, minimum", f"{by_least:.2f}x", "<= 1.0x", lambda r=by_least: r <= 1.0),
        ]
    floors = {title: median(times) for title, times in figures.switch_minimal.items()}
    for title, seconds in switches.items():
        rows.append(
            (
                f"section switch: {title} (floor {floors[title] * ms:.0f} ms)",
                f"{seconds * ms:.1f} ms",
                "<= 30 ms",
                lambda s=seconds: s <= 0.030,
            )
        )
    rows += [
        (
            f"section switch, longest ({slowest})",
            f"{switches[slowest] * ms:.1f} ms",
            "<= 30 ms",
            lambda: switches[slowest] <= 0.030,
        ),
        ("section switch floor, minimal app, longest", f"{max(floors.values()) * ms:.1f} ms", "", lambda: True),
        ("checklist toggle, key to settled frame", f"{median(figures.toggle_screen) * ms:.1f} ms", "", lambda: True),
    ]
    for total, times in toggles.items():
        value = median(times)
        rows.append(
            (
                f"toggle durable save, {total} items",
                f"{value * ms:.2f} ms",
                "<= 10 ms" if total == 1000 else "",
                lambda v=value, t=total: t != 1000 or v <= 0.010,
            )
        )
    rss = max(figures.rss)
    first_frame = median(figures.bytes_app)
    first_frame_spanish = median(figures.bytes_spanish)
    bytes_ratio = first_frame / median(figures.bytes_floor)
    cursor = median(figures.cursor_bytes)
    rows += [
        ("peak RSS, one app process", f"{rss:.1f} MB", "<= 60 MB", lambda: rss <= 60),
        (
            "bytes at start-up (first frame), English",
            f"{first_frame / KB:.1f} KB",
            "<= 8 KB",
            lambda: first_frame <= 8 * KB,
        ),
        (
            "bytes at start-up (first frame), Spanish",
            f"{first_frame_spanish / KB:.1f} KB",
            "<= 8 KB",
            lambda: first_frame_spanish <= 8 * KB,
        ),
        ("bytes at start-up, floor app", f"{median(figures.bytes_floor) / KB:.1f} KB", "", lambda: True),
        ("bytes ratio app / floor", f"{bytes_ratio:.2f}x", "", lambda: True),
        ("bytes per key: section switch", f"{median(figures.switch_bytes) / KB:.2f} KB", "", lambda: True),
        ("bytes per key: checklist cursor move", f"{cursor / KB:.2f} KB", "<= 1 KB", lambda: cursor <= KB),
        ("bytes per key: toggle", f"{median(figures.toggle_bytes) / KB:.2f} KB", "", lambda: True),
    ]
    width = max(len(row[0]) for row in rows)
    print(f"secondop at {SIZE[0]}x{SIZE[1]}, medians of {args.runs} runs (settled = {args.quiet} s quiet)")
    print(f"{'measure':<{width}}  {'median':>10}  {'target':>9}  met")
    for name, value, target, met in rows:
        verdict = ("yes" if met() else "NO") if target else ""
        print(f"{name:<{width}}  {value:>10}  {target:>9}  {verdict}")


if __name__ == "__main__":
    main()
