"""Requests on a clock in the progress file: kept, bounded, read field by field, and gone with a kiosk visit."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from secondop_tui.content import Guide
from secondop_tui.data.schema import SCHEMA_VERSION
from secondop_tui.data.store import ProgressStore
from secondop_tui.data.tracker_store import CALLS, MAX_ENTRIES, MAX_TEXT, REQUESTS, TrackerFull

from conftest import read_db


def write(path: Path, data: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data))
    os.chmod(path, 0o600)


def test_requests_and_calls_are_saved_at_once_and_read_back(db_path: Path) -> None:
    store = ProgressStore(db_path)
    made = store.tracker.add(REQUESTS, {"what": "pathology", "office": "City Hospital", "asked": "2026-11-03"})
    store.tracker.add(CALLS, {"kind": "denial", "on": "2026-11-20", "said": "Out of network"})
    data = read_db(db_path)
    assert data["requests"][made]["office"] == "City Hospital"
    assert oct(db_path.stat().st_mode & 0o777) == "0o600"
    reopened = ProgressStore(db_path)
    (request,) = reopened.tracker.requests()
    assert (request.title, request.asked.isoformat()) == ("Pathology report", "2026-11-03")  # type: ignore[union-attr]
    assert reopened.tracker.events()[0].said == "Out of network"


def test_receiving_a_linked_request_ticks_its_checklist_step(db_path: Path, guide: Guide) -> None:
    store = ProgressStore(db_path)
    store.tracker.add(REQUESTS, {"what": "pathology", "asked": "2026-11-03", "item": "pathology-report"})
    (request,) = store.tracker.requests()
    store.tracker.receive(request, {"received": "2026-11-20"})
    step = next(entry for entry in store.checklist(guide) if entry.id == "pathology-report")
    assert step.done and read_db(db_path)["items"]["pathology-report"] == {"section": "records", "done": True}


def test_a_delete_can_be_put_back_exactly(db_path: Path) -> None:
    store = ProgressStore(db_path)
    made = store.tracker.add(REQUESTS, {"what": "labs", "note": "fax only"})
    was = store.tracker.remove(REQUESTS, made)
    assert store.tracker.requests() == []
    assert was is not None
    store.tracker.put_back(REQUESTS, made, was)
    assert read_db(db_path)["requests"][made] == was


def test_lists_and_texts_are_bounded(db_path: Path) -> None:
    store = ProgressStore.in_memory()
    for number in range(MAX_ENTRIES):
        store.tracker.add(REQUESTS, {"what": "own", "words": f"record {number}"})
    with pytest.raises(TrackerFull):
        store.tracker.add(REQUESTS, {"what": "own"})
    made = store.tracker.add(CALLS, {"kind": "call", "said": "x" * 50_000, "unknown": "dropped"})
    (call,) = store.tracker.events()
    assert call.id == made and len(call.said) == MAX_TEXT


def test_a_hand_edited_file_with_wrong_kinds_shows_those_fields_as_unknown_and_loses_nothing(
    db_path: Path, guide: Guide
) -> None:
    first = guide.items[0]
    data = {
        "meta": {"state": {"schema": SCHEMA_VERSION}},
        "items": {first.id: {"section": first.section_id, "done": True, "note": "keep me"}},
        "requests": {
            "request-a": {
                "what": 7,
                "office": ["not", "text"],
                "asked": "2026-02-31",
                "extended": "yes",
                "received": 20261201,
                "created": "soon",
            },
            "request-b": {"what": "labs", "asked": "2026-11-03"},
        },
        "calls": {"call-a": {"kind": "nonsense", "on": None, "reference": {"a": 1}}},
    }
    write(db_path, data)
    store = ProgressStore(db_path)
    assert store.notice is None  # not set aside: the checklist is all there
    assert next(entry for entry in store.checklist(guide) if entry.id == first.id).note == "keep me"
    broken = next(request for request in store.tracker.requests() if request.id == "request-a")
    assert (broken.what, broken.office, broken.asked, broken.extended, broken.received) == ("", "", None, False, None)
    (call,) = store.tracker.events()
    assert (call.kind, call.on, call.reference) == ("call", None, "")
    # A change to another request keeps the odd one as it was on disk.
    store.tracker.change(REQUESTS, "request-b", {"note": "called"})
    assert read_db(db_path)["requests"]["request-a"] == data["requests"]["request-a"]  # type: ignore[index]


def test_a_format_2_file_takes_requests_after_its_migration(db_path: Path, guide: Guide) -> None:
    first = guide.items[0]
    old = {
        "meta": {"state": {"schema": 2, "read": ["welcome"]}},
        "items": {first.id: {"section": first.section_id, "done": True, "note": "n"}},
        "order": {first.section_id: {"ids": [first.id]}},
    }
    write(db_path, old)
    store = ProgressStore(db_path)
    store.tracker.add(REQUESTS, {"what": "imaging-report", "asked": "2026-12-01"})
    data = read_db(db_path)
    assert data["items"] == old["items"] and data["order"] == old["order"]
    assert data["meta"]["state"]["schema"] == 3 and len(data["requests"]) == 1


def test_a_kiosk_wipe_forgets_requests_and_calls() -> None:
    store = ProgressStore.in_memory()
    store.tracker.add(REQUESTS, {"what": "labs"})
    store.tracker.add(CALLS, {"kind": "call"})
    store.wipe()
    assert store.tracker.requests() == [] and store.tracker.events() == []
