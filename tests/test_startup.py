"""Start-up pays only for what the first frame shows.

The installed command's own start (``secondop.cli.main``) runs in a fresh Python process, headless at 80x24;
the moment the app is ready to draw its first frame, the process writes down which modules it has imported
and which screen is up. Screens, dialogs, QR codes, printing and the progress file's writer are for later:
each is imported when a person first asks for it, never before the guide is on screen.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from secondop_tui.data.store import ProgressStore

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
    import json, sys
    from pathlib import Path
    import textual.app

    report = Path(sys.argv[1])
    run = textual.app.App.run

    def first_frame(self, **options):
        async def look(pilot):
            # Called as soon as the app has mounted its first screen, before that screen is drawn.
            seen = {"screen": type(pilot.app.screen).__name__, "modules": sorted(sys.modules)}
            report.write_text(json.dumps(seen), encoding="utf-8")
            pilot.app.exit()
        return run(self, headless=True, size=(80, 24), auto_pilot=look)

    textual.app.App.run = first_frame
    from secondop_tui.cli import main
    raise SystemExit(main(sys.argv[2:]))
""")


def first_frame_modules(tmp_path: Path, *options: str) -> tuple[str, set[str]]:
    """The screen up at the first frame of ``secondop *options``, and the modules imported by then."""
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
    seen = json.loads(report.read_text(encoding="utf-8"))
    return seen["screen"], set(seen["modules"])


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("visit", ["first", "returning"])
def test_first_frame_imports_nothing_it_does_not_show(tmp_path: Path, language: str, visit: str) -> None:
    if visit == "returning":  # a person who has been here before: the progress file exists and is read
        store = ProgressStore(tmp_path / "progress.json")
        store.visit("records")
        store.close()
    screen, modules = first_frame_modules(tmp_path, "--lang", language)
    assert screen == "GuideScreen"
    assert "secondop_tui.screens.guide" in modules  # the snapshot is of the app, not of an empty process
    imported = sorted(name for name in HEAVY_MODULES if name in modules)
    assert imported == [], f"imported before the first frame: {', '.join(imported)}"
