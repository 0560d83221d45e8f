"""Commands that only read write nothing: no progress file, folder, lock file or copy, wherever they look.

``export`` and ``read`` print what is there. A missing progress file is an empty checklist, a missing folder
stays missing, and an existing file is read without a lock file or a migration. Only the app itself (and
commands that change progress) create the file and its folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from secondop_tui.content import Guide
from secondop_tui.data.schema import SCHEMA_VERSION

from conftest import run_secondop, snapshot

READ_ONLY = {
    "export": ["export"],
    "export md": ["export", "--format", "md"],
    "read": ["read"],
    "read a section": ["read", "records"],
    "check-content": ["check-content"],
}


def fresh_env(tmp_path: Path, where: str) -> dict[str, str]:
    """A new person's environment: an empty home, and the progress file's place chosen by ``where``."""
    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("SECONDOP", "XDG_"))}
    env["HOME"] = str(home)
    if where == "XDG_DATA_HOME":
        env["XDG_DATA_HOME"] = str(tmp_path / "xdg" / "data")
    elif where == "SECONDOP_DB":
        env["SECONDOP_DB"] = str(tmp_path / "chosen" / "progress.json")
    return env


@pytest.mark.parametrize("where", ["HOME", "XDG_DATA_HOME", "SECONDOP_DB"])
@pytest.mark.parametrize("command", READ_ONLY.values(), ids=READ_ONLY.keys())
def test_a_read_only_command_creates_nothing_anywhere(
    tmp_path: Path, guide: Guide, command: list[str], where: str
) -> None:
    env = fresh_env(tmp_path, where)
    before = snapshot(tmp_path)
    result = run_secondop(*command, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert snapshot(tmp_path) == before
    if command[0] == "export":
        # No progress yet: the guide's items, none ticked.
        assert f"0 of {len(guide.items)} done" in result.stdout


def test_export_with_a_missing_db_folder_creates_nothing(tmp_path: Path, guide: Guide) -> None:
    before = snapshot(tmp_path)
    result = run_secondop("export", "--db", str(tmp_path / "no" / "such" / "progress.json"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"0 of {len(guide.items)} done" in result.stdout
    assert snapshot(tmp_path) == before


def progress_folder(tmp_path: Path, data: dict[str, object]) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    path = folder / "progress.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    path.chmod(0o600)
    return path


def test_export_reads_an_existing_file_without_making_a_lock_file(tmp_path: Path, guide: Guide) -> None:
    first = guide.items[0]
    path = progress_folder(
        tmp_path,
        {
            "meta": {"state": {"schema": SCHEMA_VERSION}},
            "items": {first.id: {"section": first.section_id, "done": True}},
        },
    )
    before = snapshot(tmp_path)
    result = run_secondop("export", "--db", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"[x] {first.text}" in result.stdout
    assert snapshot(tmp_path) == before


def test_export_shows_an_older_file_up_to_date_and_leaves_it_as_it_was(tmp_path: Path, guide: Guide) -> None:
    first = guide.items[0]
    # Format 1: no schema stamp, notes in a table of their own. Only the app migrates it on disk.
    path = progress_folder(
        tmp_path,
        {
            "items": {first.id: {"section": first.section_id, "done": True}},
            "notes": {first.id: {"section": first.section_id, "text": "Bring the scans"}},
        },
    )
    before = snapshot(tmp_path)
    result = run_secondop("export", "--db", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[lines.index(f"[x] {first.text}") + 1] == "    Note: Bring the scans"
    assert snapshot(tmp_path) == before


def test_export_of_a_damaged_file_says_so_in_one_line_and_leaves_it(tmp_path: Path, guide: Guide) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "progress.json"
    path.write_bytes(b'{"items": {"x": ')
    before = snapshot(tmp_path)
    result = run_secondop("export", "--db", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"0 of {len(guide.items)} done" in result.stdout
    assert result.stderr.splitlines() == [
        f"Your saved progress in {path} could not be read, so none of it is shown; the file was left as it is"
    ]
    assert snapshot(tmp_path) == before  # the app keeps the copy and starts fresh, not export


def test_export_of_a_folder_is_one_line_and_creates_nothing_beside_it(tmp_path: Path) -> None:
    folder = tmp_path / "somewhere"
    folder.mkdir()
    before = snapshot(tmp_path)
    result = run_secondop("export", "--db", str(folder), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"secondop: {folder} is a folder, not a progress file"]
    assert snapshot(tmp_path) == before
