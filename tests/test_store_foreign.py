"""A file that is not a secondop progress file is never moved, replaced or written, by the app or by export.

``--db checklist.md`` (a mix-up with ``-o``) or ``--db /etc/passwd`` names a file someone else made: secondop
says so in one line, exits with status 2 and leaves the file and its folder exactly as they were. Only a file
that is recognisably ours but damaged is kept aside and replaced (tests/test_store_files.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from secondop_tui.content import Guide
from secondop_tui.data.locations import default_db_path
from secondop_tui.data.store import ProgressStore, StoreError

from conftest import assert_store_refuses, run_secondop, snapshot

FOREIGN = {
    "markdown": b"# My second opinion checklist\n\n- [ ] Call the clinic\n- [x] Get the scans\n",
    "passwd": b"root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00",
    "another program's json": json.dumps({"name": "notes", "version": 3, "items": ["a", "b"]}).encode(),
    "a json list": b"[1, 2, 3]",
    "our table name, not a table": b'{"items": "everything"}',
    "plain text": b"this is not json at all\n",
}

NAMES = {"markdown": "checklist.md", "passwd": "passwd", "png": "scan.png"}


def plant(tmp_path: Path, kind: str) -> Path:
    folder = tmp_path / "documents"
    folder.mkdir()
    path = folder / NAMES.get(kind, "progress.json")
    path.write_bytes(FOREIGN[kind])
    path.chmod(0o644)
    return path


@pytest.mark.parametrize("command", [["export"], []], ids=["export", "app"])
@pytest.mark.parametrize("kind", FOREIGN.keys())
def test_a_file_that_is_not_ours_is_named_in_one_line_and_left_alone(
    tmp_path: Path, kind: str, command: list[str]
) -> None:
    path = plant(tmp_path, kind)
    before = snapshot(tmp_path)
    result = run_secondop(*command, "--db", str(path), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"secondop: {path} does not look like a secondop progress file; it was left untouched"
    ]
    # Not moved aside, not rewritten, not tightened, and no lock or temporary file beside it.
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("kind", FOREIGN.keys())
def test_the_store_refuses_a_file_that_is_not_ours_before_creating_anything(tmp_path: Path, kind: str) -> None:
    assert_store_refuses(plant(tmp_path, kind), "does not look like a secondop progress file", tmp_path)


def test_a_file_replaced_by_another_programs_while_open_is_not_written(tmp_path: Path, guide: Guide) -> None:
    path = tmp_path / "data" / "progress.json"
    store = ProgressStore(path)
    entry = store.checklist(guide)[0]
    foreign = json.dumps({"settings": {"theme": {"dark": True}}}).encode()
    path.write_bytes(foreign)
    with pytest.raises(StoreError, match="does not look like a secondop progress file"):
        store.toggle(entry)
    assert path.read_bytes() == foreign


def test_anything_in_the_apps_own_place_is_ours_and_kept_aside_when_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The person's own progress file, garbled on disk: without this the app could not start until they found
    # and deleted it. Nobody else keeps files there.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("SECONDOP_DB", raising=False)
    path = default_db_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00\x01garbage")
    store = ProgressStore(path)
    (copy,) = path.parent.glob("progress.json.corrupt-*")
    assert copy.read_bytes() == b"\x00\x01garbage"
    assert store.notice is not None and str(copy) in store.notice
