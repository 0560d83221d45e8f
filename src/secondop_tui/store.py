"""The person's progress: ticks, their own items, edits, deletions, order, notes, where they were.

This is the only module that knows TinyDB. Screens call the small API of ``ProgressStore``.

File layout (TinyDB tables in one JSON file)::

    meta:  {"state": {"schema": 2, "last_section": "records", "read": ["welcome", ...]}}
    items: {"<item id>": {"section": ..., "done": ..., "note": ..., "text": ..., "user": ..., "deleted": ...}}
    order: {"<section id>": {"ids": [...]}}

Only items the person has touched are stored; the guide supplies the rest. Every change is written
at once, durably, under a lock shared with other secondop processes using the same file.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ContextManager

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Document, Table

from secondop_tui.content import Guide
from secondop_tui.storage import (
    FILE_MODE, AtomicJSONStorage, ensure_private_dir, remove_stale_temps, write_atomic,
)

SCHEMA_VERSION = 2
STATE_ID = "state"
OTHER_SECTION = ""  # where items land whose section has left the guide
LOCK_TIMEOUT = 10.0


class StoreError(Exception):
    """The progress file cannot be used; the message is one calm line for the person."""


class KeyedTable(Table):
    """A table whose documents are keyed by our own string ids (item ids, section ids)."""

    document_id_class = str  # type: ignore[assignment]


class ProgressDB(TinyDB):
    table_class = KeyedTable


@dataclass(frozen=True)
class Entry:
    """One row of the checklist as the person sees it."""

    id: str
    section_id: str
    text: str
    done: bool
    note: str
    user_added: bool


def _migrate_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 kept notes in their own table; schema 2 keeps them on the item."""
    notes = data.pop("notes", {})
    items = data.setdefault("items", {})
    for item_id, note in notes.items():
        items.setdefault(item_id, {"section": note.get("section", OTHER_SECTION)})
        items[item_id]["note"] = note.get("text", "")
    return data


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _migrate_1_to_2}


def _schema_of(data: Any) -> int:
    """The file's schema number; raises ValueError when the shape is not ours."""
    if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
        raise ValueError("not a table-of-tables JSON object")
    for table in data.values():
        if not all(isinstance(doc, dict) for doc in table.values()):
            raise ValueError("a table holds something other than documents")
    state = data.get("meta", {}).get(STATE_ID, {})
    schema = state.get("schema", 1 if data else SCHEMA_VERSION)
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise ValueError(f"schema {schema!r} is not a version number")
    return schema


_FIELD_TYPES: dict[str, dict[str, tuple[type, ...]]] = {
    "items": {
        "section": (str,), "text": (str,), "note": (str,), "done": (bool,), "user": (bool,),
        "deleted": (bool,), "created": (int, float),
    },
    "order": {"ids": (list,)},
    "meta": {"schema": (int,), "last_section": (str,), "read": (list,)},
}


def _check_fields(data: dict[str, Any]) -> None:
    """Raise ValueError when a known field holds the wrong kind of value (a hand-edited or foreign file)."""
    for table, fields in _FIELD_TYPES.items():
        for doc in data.get(table, {}).values():
            for name, kinds in fields.items():
                value = doc.get(name)
                if value is None and name not in doc:
                    continue
                if not isinstance(value, kinds) or (bool not in kinds and isinstance(value, bool)):
                    raise ValueError(f"{table} field {name!r} holds {type(value).__name__}")
                if isinstance(value, list) and not all(isinstance(part, str) for part in value):
                    raise ValueError(f"{table} field {name!r} holds something other than ids")


def _write_fresh(path: Path) -> None:
    # Stamp the schema from the start: a file with data but no schema is read as format 1.
    write_atomic(path, json.dumps({"meta": {STATE_ID: {"schema": SCHEMA_VERSION}}}).encode("utf-8"))


def _timestamp() -> str:
    return time.strftime("%Y%m%d-%H%M%S")


def _set_aside(path: Path, label: str) -> Path:
    """Copy the file's bytes beside it (0600) under a timestamped name that is not taken yet."""
    target = path.with_name(f"{path.name}.{label}-{_timestamp()}")
    while target.exists():
        target = target.with_name(f"{target.name}-{uuid.uuid4().hex[:4]}")
    write_atomic(target, path.read_bytes())
    return target


class ProgressStore:
    """Progress kept in one TinyDB file (or only in memory, for kiosk visits)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.notice: str | None = None
        self._lock: FileLock | None = None
        if path is None:
            self._db = ProgressDB(storage=MemoryStorage)
        else:
            ensure_private_dir(path.parent)
            self._lock = FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT, mode=FILE_MODE)
            with self._locked():
                self._prepare_file(path)
            self._db = ProgressDB(str(path), storage=AtomicJSONStorage)
        self._items = self._db.table("items", cache_size=0)
        self._order = self._db.table("order", cache_size=0)
        self._meta = self._db.table("meta", cache_size=0)

    @classmethod
    def in_memory(cls) -> ProgressStore:
        return cls(None)

    # -- opening -------------------------------------------------------------------------------

    def _locked(self) -> ContextManager[object]:
        if self._lock is None:
            return nullcontext()
        return self._lock_or_error()

    @contextmanager
    def _lock_or_error(self) -> Iterator[None]:
        assert self._lock is not None and self.path is not None
        try:
            # The lock would quietly re-create a folder removed while the app was open, with the umask's mode.
            ensure_private_dir(self.path.parent)
            with self._lock:
                yield
        except Timeout:
            raise StoreError(
                f"{self.path} is busy in another secondop window; close it and try again"
            ) from None
        except (OSError, ValueError) as error:
            # A full disk, a removed folder, or a file another program broke while the app was open:
            # one line for the person, and the app keeps running.
            reason = error.strerror if isinstance(error, OSError) and error.strerror else "it could not be read"
            raise StoreError(f"Could not read or save your progress in {self.path}: {reason}") from None

    def _prepare_file(self, path: Path) -> None:
        """Check the file before TinyDB sees it: move bad files aside, migrate old ones."""
        remove_stale_temps(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            _write_fresh(path)
            return
        except PermissionError:
            raise StoreError(f"cannot read {path}: permission denied") from None
        except IsADirectoryError:
            raise StoreError(f"{path} is a folder, not a progress file") from None
        try:
            data = json.loads(raw.decode("utf-8"))
            schema = _schema_of(data)
            if schema == SCHEMA_VERSION:
                _check_fields(data)
        except (UnicodeDecodeError, ValueError):
            self._start_fresh(path)
            return
        if schema > SCHEMA_VERSION:
            raise StoreError(
                f"{path} was saved by a newer secondop (format {schema}); it was left untouched. "
                "Please update secondop."
            )
        if schema < SCHEMA_VERSION:
            _set_aside(path, f"schema{schema}")
            try:
                while schema < SCHEMA_VERSION:
                    data = MIGRATIONS[schema](data)
                    schema += 1
                data.setdefault("meta", {}).setdefault(STATE_ID, {})["schema"] = SCHEMA_VERSION
                _check_fields(data)
            except (AttributeError, TypeError, ValueError):
                # An old file in a shape no secondop ever wrote: its copy is kept beside it.
                self._start_fresh(path)
                return
            write_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
        elif os.stat(path).st_mode & 0o077:
            os.chmod(path, FILE_MODE)

    def _start_fresh(self, path: Path) -> None:
        """Keep the unreadable file's bytes beside it and begin again with an empty one."""
        kept = _set_aside(path, "corrupt")
        _write_fresh(path)
        self.notice = f"Your saved progress could not be read, so you start fresh. A copy is kept at {kept}"

    def close(self) -> None:
        self._db.close()

    # -- state ---------------------------------------------------------------------------------

    def _state(self) -> dict[str, Any]:
        with self._locked():  # under the lock so a file changed meanwhile is read whole, and errors are ours
            return dict(self._meta.get(doc_id=STATE_ID) or {})  # type: ignore[arg-type]

    def _set_state(self, **fields: Any) -> None:
        with self._locked():
            self._meta.upsert(Document({"schema": SCHEMA_VERSION, **fields}, doc_id=STATE_ID))  # type: ignore[arg-type]

    @property
    def last_section(self) -> str | None:
        return self._state().get("last_section")

    def set_last_section(self, section_id: str) -> None:
        if self.last_section != section_id:
            self._set_state(last_section=section_id)

    def read_sections(self) -> set[str]:
        return set(self._state().get("read", []))

    def mark_read(self, section_id: str) -> None:
        with self._locked():
            read = self._state().get("read", [])
            if section_id not in read:
                self._set_state(read=[*read, section_id])

    # -- checklist -----------------------------------------------------------------------------

    def checklist(self, guide: Guide) -> list[Entry]:
        """Every live item, grouped by section in guide order, each group in the person's order."""
        with self._locked():
            stored = {str(doc.doc_id): dict(doc) for doc in self._items.all()}
            orders = {str(doc.doc_id): list(doc.get("ids", [])) for doc in self._order.all()}
        entries: list[Entry] = []
        section_ids = [section.id for section in guide.sections]
        for section in guide.sections:
            defaults = [(item.id, item.text) for item in section.items]
            entries.extend(self._group(section.id, defaults, stored, orders))
        strays = [
            (item_id, "") for item_id, doc in stored.items()
            if doc.get("user") and doc.get("section") not in section_ids
        ]
        entries.extend(self._group(OTHER_SECTION, strays, stored, orders, force_section=True))
        return entries

    @staticmethod
    def _group(
        section_id: str,
        defaults: list[tuple[str, str]],
        stored: dict[str, dict[str, Any]],
        orders: dict[str, list[str]],
        force_section: bool = False,
    ) -> list[Entry]:
        guide_text = dict(defaults)
        ids = [item_id for item_id, _ in defaults]
        if not force_section:
            user_items = [
                (doc.get("created", 0), item_id) for item_id, doc in stored.items()
                if doc.get("user") and doc.get("section") == section_id
            ]
            ids += [item_id for _, item_id in sorted(user_items)]
        ranked = {item_id: rank for rank, item_id in enumerate(orders.get(section_id, []))}
        # Stable sort: ordered ids first in their stored order, new ones after in default order.
        ids.sort(key=lambda item_id: ranked.get(item_id, len(ranked)))
        group: list[Entry] = []
        for item_id in ids:
            doc = stored.get(item_id, {})
            if doc.get("deleted"):
                continue
            text = doc.get("text") or guide_text.get(item_id, "")
            group.append(
                Entry(item_id, section_id, text, bool(doc.get("done")), doc.get("note", ""), bool(doc.get("user")))
            )
        return group

    def _put(self, item_id: str, section_id: str, **fields: Any) -> None:
        self._items.upsert(Document({"section": section_id, **fields}, doc_id=item_id))  # type: ignore[arg-type]

    def _doc(self, item_id: str) -> dict[str, Any]:
        return dict(self._items.get(doc_id=item_id) or {})  # type: ignore[arg-type]

    def _change(self, entry: Entry, **fields: Any) -> None:
        """Apply ``fields`` to the entry; the caller holds the lock, so the file was just re-read."""
        if entry.user_added and not self._doc(entry.id):
            return  # deleted in another window meanwhile; writing would leave a stray half-item
        self._put(entry.id, entry.section_id, **fields)

    def set_done(self, entry: Entry, done: bool) -> None:
        with self._locked():
            self._change(entry, done=done)

    def toggle(self, entry: Entry) -> bool:
        """Flip the tick, reading the file's current state first; returns the new state."""
        with self._locked():
            done = not self._doc(entry.id).get("done", False)
            self._change(entry, done=done)
        return done

    def add(self, section_id: str, text: str) -> str:
        item_id = f"user-{uuid.uuid4().hex[:12]}"
        with self._locked():
            self._put(item_id, section_id, text=text, user=True, done=False, created=time.time())
        return item_id

    def edit(self, entry: Entry, text: str) -> None:
        with self._locked():
            self._change(entry, text=text)

    def set_note(self, entry: Entry, note: str) -> None:
        with self._locked():
            self._change(entry, note=note)

    def delete(self, entry: Entry) -> None:
        with self._locked():
            if entry.user_added:
                self._items.remove(doc_ids=[entry.id])  # type: ignore[list-item]
            else:
                # A guide item stays in the guide; remember that this person removed it.
                self._put(entry.id, entry.section_id, deleted=True)

    def move(self, entry: Entry, delta: int, guide: Guide) -> bool:
        """Move an item up (-1) or down (+1) within its section; False at either end."""
        with self._locked():
            ids = [e.id for e in self.checklist(guide) if e.section_id == entry.section_id]
            if entry.id not in ids:
                return False
            index = ids.index(entry.id)
            target = index + delta
            if not 0 <= target < len(ids):
                return False
            ids[index], ids[target] = ids[target], ids[index]
            self._order.upsert(Document({"ids": ids}, doc_id=entry.section_id))  # type: ignore[arg-type]
        return True

    def wipe(self) -> None:
        """Forget everything (used between kiosk visitors)."""
        with self._locked():
            self._db.drop_tables()
            self._set_state()  # keep the schema stamp, or the next open would take the file for format 1

