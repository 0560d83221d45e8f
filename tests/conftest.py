"""Shared helpers: the shipped guide, an app wired to a temporary progress file, screen text, the installed
command, and what is on disk."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from secondop_tui.app import SecondOpinionApp
from secondop_tui.content import Guide, load_guide
from secondop_tui.data.locations import default_content_dir
from secondop_tui.data.store import ProgressStore, StoreError
from secondop_tui.i18n import ENGLISH, fold_with, set_language
from secondop_tui.settings import Settings

from support.screen_capture import screen_text

__all__ = ["screen_text"]

# Tests that open Chromium take most of a core each: with the tests run side by side (pytest -n), they go to one
# worker, one browser at a time, and the others share out the rest.
ONE_BROWSER_AT_A_TIME = {"test_web.py", "test_web_languages.py", "test_checklist_undo_e2e.py"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in ONE_BROWSER_AT_A_TIME:
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(autouse=True)
def english_after_each_test() -> Iterator[None]:
    """An app sets the process's language (and the ASCII stand-ins) for itself; the next test starts in English."""
    yield
    set_language(ENGLISH)
    fold_with(None)


@pytest.fixture(scope="session")
def guide() -> Guide:
    return load_guide(default_content_dir())


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "progress.json"


def make_app(db_path: Path, guide: Guide, ascii_only: bool = False) -> SecondOpinionApp:
    settings = Settings(content_dir=guide.directory, db_path=db_path, ascii_only=ascii_only)
    return SecondOpinionApp(settings, guide, ProgressStore(db_path))


async def move_highlight(pilot: Pilot[Any], options: OptionList, index: int) -> None:
    """Press down or up, as a person would, until option ``index`` is highlighted."""
    for _ in range(options.option_count + 1):
        if options.highlighted == index:
            return
        await pilot.press("down" if options.highlighted is None or options.highlighted < index else "up")
        await pilot.pause()
    raise AssertionError(f"the arrow keys never reached option {index}")


def read_db(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def checked_front() -> str:
    """Front matter that passes the guide check: reviewed today, with one source on a trusted publisher's page."""
    return (
        f"reviewed: {date.today().isoformat()}\nsources:\n  - title: Services\n"
        "    address: https://www.cancer.gov/about-cancer/managing-care/services"
    )


def write_section(folder: Path, name: str, front: str, body: str) -> Path:
    """A content file for tests that need a small or broken guide."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"---\n{front.strip()}\n---\n{body}", encoding="utf-8")
    return path


def notices(app: Any) -> str:
    """The notices on screen, title and message, each whole however narrow its box wraps it."""
    return "\n".join(toast.render().plain for toast in app.screen.query("Toast"))


def break_progress_file(path: Path) -> None:
    """What another program might do while the app is open: put a folder where the file was."""
    path.unlink()
    path.mkdir()


SECONDOP = Path(sys.executable).parent / "secondop"


def run_secondop(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed command, with the caller's SECONDOP_* settings removed unless ``env`` is given."""
    if env is None:
        env = {key: value for key, value in os.environ.items() if not key.startswith("SECONDOP")}
    return subprocess.run(
        [str(SECONDOP), *args],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def snapshot(root: Path) -> dict[str, tuple[object, ...]]:
    """Everything below ``root`` as it is on disk: kind, mode, and each file's bytes or each link's target.

    Two equal snapshots mean nothing was created, removed, replaced or written (a rewrite changes mtime_ns).
    """
    seen: dict[str, tuple[object, ...]] = {}
    for folder, dirs, files in os.walk(root):  # never into a linked folder
        for name in dirs + files:
            path = Path(folder, name)
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                seen[str(path)] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                seen[str(path)] = ("file", stat.S_IMODE(info.st_mode), info.st_mtime_ns, path.read_bytes())
            else:
                seen[str(path)] = ("other", stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode))
    return seen


def assert_store_refuses(path: Path, message: str, root: Path) -> None:
    """Opening ``path`` for the app and for reading both fail with ``message``, and nothing under ``root`` changes."""
    before = snapshot(root)
    for read_only in (False, True):
        with pytest.raises(StoreError, match=message):
            ProgressStore(path, read_only=read_only)
    assert snapshot(root) == before
