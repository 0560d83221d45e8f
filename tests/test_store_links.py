"""A symbolic link is never followed, written through or replaced: not at the progress file, nor beside it.

A link planted at ``users/bob/progress.json`` pointing at alice's file must not show alice's checklist in
bob's session or write bob's ticks into it. The lock file and the copies the store keeps beside the file
are opened the same way: a link planted at their names is refused or stepped around, never followed.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from secondop_tui.content import Guide
from secondop_tui.data.schema import SCHEMA_VERSION
from secondop_tui.data.store import ProgressStore, StoreError

from conftest import assert_store_refuses, run_secondop, snapshot

ALICE_ITEM = "Ask Dr Ruiz about the biopsy"


def two_people(tmp_path: Path, guide: Guide) -> tuple[Path, Path]:
    """alice's real progress file, and bob's private folder with nothing in it yet."""
    users = tmp_path / "users"
    alice, bob = users / "alice" / "progress.json", users / "bob" / "progress.json"
    store = ProgressStore(alice)
    store.add(guide.sections[0].id, ALICE_ITEM)
    store.toggle(store.checklist(guide)[0])
    store.close()
    bob.parent.mkdir(mode=0o700)
    return alice, bob


@pytest.mark.parametrize("command", [["export"], []], ids=["export", "app"])
def test_a_planted_link_to_anothers_file_is_refused_in_one_line(
    tmp_path: Path, guide: Guide, command: list[str]
) -> None:
    _, bob = two_people(tmp_path, guide)
    bob.symlink_to(Path("..") / "alice" / "progress.json")
    before = snapshot(tmp_path)
    result = run_secondop(*command, "--db", str(bob), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"secondop: {bob} is a symbolic link, not a progress file"]
    assert ALICE_ITEM not in result.stderr
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("target", ["alice", "nothing yet"])
def test_the_store_never_follows_or_replaces_a_link_at_the_file(tmp_path: Path, guide: Guide, target: str) -> None:
    _, bob = two_people(tmp_path, guide)
    bob.symlink_to(Path("..") / ("alice/progress.json" if target == "alice" else "alice/new.json"))
    assert_store_refuses(bob, "is a symbolic link, not a progress file", tmp_path)


def test_a_link_put_in_place_of_the_file_while_open_is_not_followed(tmp_path: Path, guide: Guide) -> None:
    alice, bob = two_people(tmp_path, guide)
    store = ProgressStore(bob)
    entry = store.checklist(guide)[1]
    bob.unlink()
    bob.symlink_to(Path("..") / "alice" / "progress.json")
    before = snapshot(tmp_path)
    with pytest.raises(StoreError) as caught:
        store.toggle(entry)
    message = str(caught.value)
    assert message.startswith(f"Could not read or save your progress in {bob}: ") and "symbolic link" in message
    assert snapshot(tmp_path) == before  # alice's file unread into bob's, unwritten, and the link still a link
    assert ALICE_ITEM in alice.read_text(encoding="utf-8")


@pytest.mark.parametrize("target", ["alice", "nothing yet"])
def test_a_link_planted_at_the_lock_file_is_refused(tmp_path: Path, guide: Guide, target: str) -> None:
    _, bob = two_people(tmp_path, guide)
    bob.write_text(json.dumps({"meta": {"state": {"schema": SCHEMA_VERSION}}}), encoding="utf-8")
    bob.chmod(0o600)
    lock = Path(f"{bob}.lock")
    lock.symlink_to(Path("..") / ("alice/progress.json" if target == "alice" else "alice/new.json"))
    before = snapshot(tmp_path)
    with pytest.raises(StoreError, match=f"{lock} is a symbolic link"):
        ProgressStore(bob)
    assert snapshot(tmp_path) == before


def test_a_link_planted_at_the_lock_file_while_open_is_refused(tmp_path: Path, guide: Guide) -> None:
    _, bob = two_people(tmp_path, guide)
    store = ProgressStore(bob)
    entry = store.checklist(guide)[0]
    lock = Path(f"{bob}.lock")
    lock.unlink()
    lock.symlink_to(Path("..") / "alice" / "progress.json")
    before = snapshot(tmp_path)
    with pytest.raises(StoreError, match=f"{lock} is a symbolic link"):
        store.toggle(entry)
    assert snapshot(tmp_path) == before


def test_links_planted_at_the_names_of_kept_copies_are_stepped_around(
    tmp_path: Path, guide: Guide, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bob = two_people(tmp_path, guide)
    stamp = "20260101-090000"
    monkeypatch.setattr(time, "strftime", lambda *_: stamp)  # the copy's name is predictable: plant it first
    damaged = b'{"items": {"x": '
    bob.write_bytes(damaged)
    planted = Path(f"{bob}.corrupt-{stamp}")
    planted.symlink_to(Path("..") / "alice" / "copy-here.json")
    alice_before = snapshot(alice.parent)
    store = ProgressStore(bob)
    assert store.notice is not None
    assert planted.is_symlink(), "the planted link was replaced"
    assert os.readlink(planted) == str(Path("..") / "alice" / "copy-here.json")
    assert snapshot(alice.parent) == alice_before  # nothing written through it
    copies = [path for path in bob.parent.glob("progress.json.corrupt-*") if not path.is_symlink()]
    assert [copy.read_bytes() for copy in copies] == [damaged]
    assert str(copies[0]) in store.notice
