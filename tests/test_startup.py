"""Start-up pays only for what the first frame shows.

The installed command's own start (``secondop.cli.main``) runs in a fresh Python process, headless at 80x24;
the moment the app is ready to draw its first frame, the process writes down which modules it has imported
and which screen is up. Screens, dialogs, QR codes, printing and the progress file's writer are for later:
each is imported when a person first asks for it, never before the guide is on screen.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import struct
import subprocess
import sys
import termios
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from secondop_tui.data.store import ProgressStore

from conftest import SECONDOP

# Nothing on the first frame needs these; each one cost start-up time when it was imported there.
HEAVY_MODULES = (
    "segno",  # QR codes
    "secondop_tui.take_away.qr",
    "secondop_tui.screens.qr_code",
    "secondop_tui.screens.take_away",
    "secondop_tui.take_away.printer",
    "secondop_tui.take_away.downloads",
    "secondop_tui.screens.checklist",
    "secondop_tui.widgets.checklist_view",
    "secondop_tui.screens.help",
    "secondop_tui.screens.search",
    "secondop_tui.guide_search",
    "secondop_tui.dialogs.confirm",
    "secondop_tui.dialogs.text_prompt",
    "secondop_tui.dialogs.link_picker",
    "secondop_tui.dialogs.print_again",
    "filelock",  # the progress file's writer: its lock
    "secondop_tui.guide_check",
    "secondop_tui.kiosk.app",
    "secondop_tui.screens.visit",
    "secondop_tui.take_away.document",
)

FIRST_FRAME = textwrap.dedent("""
    import gc, json, sys
    from pathlib import Path
    import textual.app

    report = Path(sys.argv[1])
    after = "--after" in sys.argv
    run = textual.app.App.run

    def first_frame(self, **options):
        async def look(pilot):
            # Called as soon as the app has mounted its first screen, before that screen is drawn.
            seen = {"screen": type(pilot.app.screen).__name__, "modules": sorted(sys.modules), "gc": gc.isenabled()}
            if after:  # then until the first frame is up and what comes after it is done
                for _ in range(1000):
                    if gc.isenabled():
                        break
                    await pilot.pause()
                seen["after"] = {"gc": gc.isenabled(), "frozen": gc.get_freeze_count()}
            report.write_text(json.dumps(seen), encoding="utf-8")
            pilot.app.exit()
        return run(self, headless=True, size=(80, 24), auto_pilot=look)

    textual.app.App.run = first_frame
    sys.argv[1:] = [word for word in sys.argv[2:] if word != "--after"]
    from secondop_tui.command import main
    raise SystemExit(main())
""")


def first_frame_report(tmp_path: Path, *options: str) -> dict[str, Any]:
    """What the first frame of ``secondop *options`` found: the screen up, the modules imported by then, whether
    the garbage collector ran; with ``--after``, whether it runs again once the first frame is up."""
    report = tmp_path / "first-frame.json"
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {"HOME": str(home), "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin", "TERM": "xterm-256color"}
    result = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, str(report), "--db", str(tmp_path / "progress.json"), *options],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return seen


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("visit", ["first", "returning"])
def test_first_frame_imports_nothing_it_does_not_show(tmp_path: Path, language: str, visit: str) -> None:
    if visit == "returning":  # a person who has been here before: the progress file exists and is read
        store = ProgressStore(tmp_path / "progress.json")
        store.visit("records")
        store.close()
    seen = first_frame_report(tmp_path, "--lang", language)
    screen, modules = seen["screen"], set(seen["modules"])
    assert screen == "GuideScreen"
    assert "secondop_tui.screens.guide" in modules  # the snapshot is of the app, not of an empty process
    imported = sorted(name for name in HEAVY_MODULES if name in modules)
    assert imported == [], f"imported before the first frame: {', '.join(imported)}"


def test_no_collection_before_the_first_frame_and_as_usual_after(tmp_path: Path) -> None:
    """Start-up builds much and frees little: the collector waits for the first frame, then collects once,
    freezes what is left (it lives as long as the app) and runs as usual from then on."""
    seen = first_frame_report(tmp_path, "--after")
    assert seen["gc"] is False
    assert seen["after"]["gc"] is True
    assert seen["after"]["frozen"] > 10_000  # Textual, the guide and the screens, out of every later collection


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_first_frame_is_drawn_once(tmp_path: Path, language: str) -> None:
    """The installed command in a real 80x24 terminal: each row of the first screen reaches the terminal once.

    Textual drew the first frame, then a few rows of it again, then all of it again: twice the bytes on a slow
    link, and a screen that settled a redraw later. The progress file is written just after the first frame;
    once it is there the app is left, and all it wrote is counted."""
    db = tmp_path / "progress.json"
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    process = subprocess.Popen(
        [str(SECONDOP), "--db", str(db), "--lang", language],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    seen = bytearray()

    def read(wait: float) -> bool:
        """Whatever the app wrote within ``wait`` seconds; False once it has closed the terminal."""
        ready, _, _ = select.select([master], [], [], wait)
        if not ready:
            return True
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the app has gone and its side of the terminal with it
            return False
        seen.extend(chunk)
        return bool(chunk)

    try:
        deadline = time.monotonic() + 120
        while not db.exists():
            assert time.monotonic() < deadline, "the progress file was never written"
            read(0.2)
        os.write(master, b"q")
        while read(1.0):  # to the end: any later redraw is counted too
            assert time.monotonic() < deadline, "the app did not leave"
            if process.poll() is not None and not select.select([master], [], [], 0)[0]:
                break
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        os.close(master)
    # Each row of a frame starts with a move to its first column; the third row is a line of the section list.
    drawn = seen.count(b"\x1b[3;1H")
    assert drawn == 1, f"row 3 was drawn {drawn} times"
    assert len(seen) < 12 * 1024, f"{len(seen)} bytes for the first frame"
