"""The progress file on disk: bad files kept aside, permissions, schema versions and migration."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from secondop_tui.content import Guide
from secondop_tui.data.schema import SCHEMA_VERSION
from secondop_tui.data.store import ProgressStore, StoreError

from conftest import read_db, run_secondop


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def kept_copies(db_path: Path, label: str) -> list[Path]:
    return sorted(db_path.parent.glob(f"{db_path.name}.{label}-*"))


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A umask that lets everyone read and write: the store must still keep its files private."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


# -- privacy ---------------------------------------------------------------------------------------


def test_missing_folders_are_created_private_whatever_the_umask(tmp_path: Path, guide: Guide, open_umask: None) -> None:
    db_path = tmp_path / "a" / "b" / "progress.json"
    store = ProgressStore(db_path)
    store.toggle(store.checklist(guide)[0])
    store.close()
    assert mode_of(tmp_path / "a") == 0o700
    assert mode_of(tmp_path / "a" / "b") == 0o700
    assert mode_of(db_path) == 0o600
    assert mode_of(Path(f"{db_path}.lock")) == 0o600
    assert read_db(db_path)["items"][guide.items[0].id]["done"] is True


def test_backups_are_private_whatever_the_umask(db_path: Path, open_umask: None) -> None:
    db_path.parent.mkdir(mode=0o755)
    db_path.write_bytes(b'{"meta": {not json')
    os.chmod(db_path, 0o644)
    ProgressStore(db_path).close()
    (copy,) = kept_copies(db_path, "corrupt")
    assert mode_of(copy) == 0o600
    assert mode_of(db_path) == 0o600
    # A folder the person made themselves is theirs to set; only files are tightened.
    assert mode_of(db_path.parent) == 0o755


def test_an_existing_readable_file_is_made_private(db_path: Path) -> None:
    db_path.parent.mkdir()
    db_path.write_text(json.dumps({"meta": {"state": {"schema": SCHEMA_VERSION}}}))
    os.chmod(db_path, 0o644)
    ProgressStore(db_path).close()
    assert mode_of(db_path) == 0o600


# -- bad files ---------------------------------------------------------------------------------------

# Damaged files that are still recognisably ours; files that are not ours are in test_store_foreign.py.
BAD_FILES = {
    "empty": b"",
    "truncated": b'{"meta": {"state": {"schema": 2}}, "items": {"x": {"done": tr',
    "garbled after our opening": b'{"items": {"x\x00\x00\x00\x00',
    "not utf-8": b'{"items": {"\xff\xfe": {}}}',
    "documents of numbers": b'{"items": {"x": 5}}',
    "wrong field type": json.dumps({"meta": {"state": {"schema": 2}}, "items": {"x": {"text": 5}}}).encode(),
    "order not ids": json.dumps({"meta": {"state": {"schema": 2}}, "order": {"s": {"ids": "abc"}}}).encode(),
    "schema not a number": b'{"meta": {"state": {"schema": "two"}}}',
    "old file of a strange shape": b'{"notes": {"x": {"text": 7}}}',
}


@pytest.mark.parametrize("raw", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_kept_aside_and_the_store_starts_fresh(db_path: Path, guide: Guide, raw: bytes) -> None:
    db_path.parent.mkdir()
    db_path.write_bytes(raw)
    store = ProgressStore(db_path)
    (copy,) = kept_copies(db_path, "corrupt")
    assert copy.read_bytes() == raw
    assert store.notice is not None and "\n" not in store.notice
    assert str(copy) in store.notice
    # Fresh and working: a change is saved and the new file carries the schema.
    item_id = store.add(guide.sections[0].id, "Ask about trials")
    store.close()
    data = read_db(db_path)
    assert data["meta"]["state"]["schema"] == SCHEMA_VERSION
    assert data["items"][item_id]["text"] == "Ask about trials"
    reopened = ProgressStore(db_path)
    assert reopened.notice is None
    assert kept_copies(db_path, "corrupt") == [copy]


def test_each_bad_file_gets_its_own_copy(db_path: Path) -> None:
    db_path.parent.mkdir()
    for raw in (b'{"items": first', b'{"items": second', b'{"items": third'):
        db_path.write_bytes(raw)
        ProgressStore(db_path).close()
    copies = kept_copies(db_path, "corrupt")
    assert sorted(copy.read_bytes() for copy in copies) == [b'{"items": first', b'{"items": second', b'{"items": third']


# -- files that cannot be used -------------------------------------------------------------------------


def newer_file(db_path: Path) -> bytes:
    db_path.parent.mkdir()
    raw = json.dumps({"meta": {"state": {"schema": SCHEMA_VERSION + 1}}, "items": {"x": {"done": True}}}).encode()
    db_path.write_bytes(raw)
    return raw


def test_a_newer_file_is_refused_and_left_untouched(db_path: Path) -> None:
    raw = newer_file(db_path)
    with pytest.raises(StoreError, match="newer secondop"):
        ProgressStore(db_path)
    assert db_path.read_bytes() == raw
    assert [p.name for p in db_path.parent.iterdir() if not p.name.endswith(".lock")] == [db_path.name]


def test_cli_refuses_a_newer_file_in_one_line(db_path: Path) -> None:
    raw = newer_file(db_path)
    result = run_secondop("--db", str(db_path), "export")
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("secondop: ") and "newer secondop" in line and str(db_path) in line
    assert db_path.read_bytes() == raw


def test_a_folder_at_the_file_path_is_a_clear_error(db_path: Path) -> None:
    db_path.mkdir(parents=True)
    with pytest.raises(StoreError, match="is a folder"):
        ProgressStore(db_path)
    result = run_secondop("--db", str(db_path), "export")
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line == f"secondop: {db_path} is a folder, not a progress file"
    assert db_path.is_dir()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_a_clear_error(db_path: Path) -> None:
    db_path.parent.mkdir()
    db_path.write_text(json.dumps({"meta": {"state": {"schema": SCHEMA_VERSION}}}))
    os.chmod(db_path, 0)
    try:
        with pytest.raises(StoreError, match="permission denied"):
            ProgressStore(db_path)
        result = run_secondop("--db", str(db_path), "export")
        assert result.returncode == 2
        (line,) = result.stderr.splitlines()
        assert line == f"secondop: cannot read {db_path}: permission denied"
        assert kept_copies(db_path, "corrupt") == []
    finally:
        os.chmod(db_path, 0o600)


# -- schema ----------------------------------------------------------------------------------------


def test_a_format_1_file_is_migrated_and_its_original_kept(db_path: Path, guide: Guide) -> None:
    first, second = guide.items[0], guide.items[1]
    # Format 1 had no schema stamp and kept notes in a table of their own.
    old = {
        "meta": {"state": {"last_section": second.section_id, "read": [first.section_id]}},
        "items": {first.id: {"section": first.section_id, "done": True}},
        "notes": {
            first.id: {"section": first.section_id, "text": "Bring the scans"},
            second.id: {"section": second.section_id, "text": "Call on Monday"},
        },
    }
    db_path.parent.mkdir()
    raw = json.dumps(old).encode()
    db_path.write_bytes(raw)

    store = ProgressStore(db_path)
    assert store.notice is None
    entries = {entry.id: entry for entry in store.checklist(guide)}
    assert entries[first.id].done and entries[first.id].note == "Bring the scans"
    assert not entries[second.id].done and entries[second.id].note == "Call on Monday"
    progress = store.progress(guide)
    assert progress.last_section == second.section_id
    assert progress.read == {first.section_id}
    store.close()

    data = read_db(db_path)
    assert data["meta"]["state"]["schema"] == SCHEMA_VERSION
    assert "notes" not in data
    assert data["items"][second.id] == {"section": second.section_id, "note": "Call on Monday"}
    (copy,) = kept_copies(db_path, "schema1")
    assert copy.read_bytes() == raw
    assert mode_of(copy) == 0o600
    # Opening again does not migrate (or copy) a second time.
    ProgressStore(db_path).close()
    assert kept_copies(db_path, "schema1") == [copy]


def test_a_new_file_is_stamped_so_it_is_never_taken_for_format_1(db_path: Path, guide: Guide) -> None:
    store = ProgressStore(db_path)
    store.set_note(store.checklist(guide)[0], "kept")
    store.wipe()
    store.add(guide.sections[0].id, "after a wipe")
    store.close()
    assert read_db(db_path)["meta"]["state"]["schema"] == SCHEMA_VERSION
    ProgressStore(db_path).close()
    assert kept_copies(db_path, "schema1") == []


def test_a_folder_removed_while_open_comes_back_private(db_path: Path, guide: Guide, open_umask: None) -> None:
    store = ProgressStore(db_path)
    entry = store.checklist(guide)[0]
    for leftover in db_path.parent.iterdir():
        leftover.unlink()
    db_path.parent.rmdir()
    assert store.toggle(entry) is True
    assert mode_of(db_path.parent) == 0o700 and mode_of(db_path) == 0o600
    assert read_db(db_path)["items"][entry.id]["done"] is True


@pytest.mark.parametrize("breakage", ["garbage", "folder"])
def test_a_file_broken_while_open_is_one_line_and_no_traceback(db_path: Path, guide: Guide, breakage: str) -> None:
    store = ProgressStore(db_path)
    entry = store.checklist(guide)[0]
    db_path.unlink()
    if breakage == "garbage":
        db_path.write_bytes(b"\x00not json")
    else:
        db_path.mkdir()
    with pytest.raises(StoreError) as caught:
        store.toggle(entry)
    message = str(caught.value)
    assert message.startswith(f"Could not read or save your progress in {db_path}: ") and "\n" not in message


def test_a_format_2_file_keeps_every_tick_note_and_order_when_brought_to_format_3(db_path: Path, guide: Guide) -> None:
    first = guide.items[0]
    section = first.section_id
    old = {
        "meta": {"state": {"schema": 2, "last_section": section, "read": [section], "language": "es"}},
        "items": {
            first.id: {"section": section, "done": True, "note": "Llamar el lunes"},
            "own-1": {"section": section, "text": "Ask about the trial", "user": True, "created": 1.5},
        },
        "order": {section: {"ids": ["own-1", first.id]}},
    }
    db_path.parent.mkdir()
    raw = json.dumps(old).encode()
    db_path.write_bytes(raw)

    store = ProgressStore(db_path)
    assert store.notice is None
    entries = [entry for entry in store.checklist(guide) if entry.section_id == section]
    assert [entry.id for entry in entries][:2] == ["own-1", first.id]
    assert entries[1].done and entries[1].note == "Llamar el lunes"
    assert entries[0].text == "Ask about the trial"
    store.close()

    data = read_db(db_path)
    assert data["meta"]["state"]["schema"] == SCHEMA_VERSION == 3
    assert data["items"] == old["items"] and data["order"] == old["order"]
    (copy,) = kept_copies(db_path, "schema2")
    assert copy.read_bytes() == raw
