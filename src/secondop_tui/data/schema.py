"""The progress file's format: its version, what each field may hold, and how older files are brought up to date.

``prepare_file`` runs before TinyDB opens a file: it creates a missing one, sets aside one that cannot be
read (keeping a copy), refuses one from a newer secondop, and migrates an older one (keeping a copy).
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from secondop_tui.checklist import OTHER_SECTION
from secondop_tui.data.files import FILE_MODE, remove_stale_temps, write_atomic

SCHEMA_VERSION = 2
STATE_ID = "state"

# File layout (TinyDB tables in one JSON file):
#   meta:  {"state": {"schema": 2, "last_section": "records", "read": ["welcome", ...]}}
#   items: {"<item id>": {"section": ..., "done": ..., "note": ..., "text": ..., "user": ..., "deleted": ...}}
#   order: {"<section id>": {"ids": [...]}}
FIELD_TYPES: dict[str, dict[str, tuple[type, ...]]] = {
    "items": {
        "section": (str,), "text": (str,), "note": (str,), "done": (bool,), "user": (bool,),
        "deleted": (bool,), "created": (int, float),
    },
    "order": {"ids": (list,)},
    "meta": {"schema": (int,), "last_section": (str,), "read": (list,)},
}


class UnusableFile(Exception):
    """The file cannot be used and is left untouched; the message is one line for the person."""


def _migrate_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 kept notes in their own table; schema 2 keeps them on the item."""
    notes = data.pop("notes", {})
    items = data.setdefault("items", {})
    for item_id, note in notes.items():
        items.setdefault(item_id, {"section": note.get("section", OTHER_SECTION)})
        items[item_id]["note"] = note.get("text", "")
    return data


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _migrate_1_to_2}


def schema_of(data: Any) -> int:
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


def check_fields(data: dict[str, Any]) -> None:
    """Raise ValueError when a known field holds the wrong kind of value (a hand-edited or foreign file)."""
    for table, fields in FIELD_TYPES.items():
        for doc in data.get(table, {}).values():
            for name, kinds in fields.items():
                value = doc.get(name)
                if value is None and name not in doc:
                    continue
                if not isinstance(value, kinds) or (bool not in kinds and isinstance(value, bool)):
                    raise ValueError(f"{table} field {name!r} holds {type(value).__name__}")
                if isinstance(value, list) and not all(isinstance(part, str) for part in value):
                    raise ValueError(f"{table} field {name!r} holds something other than ids")


def migrate(data: dict[str, Any], schema: int) -> dict[str, Any]:
    """``data`` brought from ``schema`` to the current version; ValueError if it is not a shape we wrote."""
    try:
        while schema < SCHEMA_VERSION:
            data = MIGRATIONS[schema](data)
            schema += 1
        data.setdefault("meta", {}).setdefault(STATE_ID, {})["schema"] = SCHEMA_VERSION
    except (AttributeError, TypeError) as error:
        raise ValueError(str(error)) from None
    check_fields(data)
    return data


def write_fresh(path: Path) -> None:
    # Stamp the schema from the start: a file with data but no schema is read as format 1.
    write_atomic(path, json.dumps({"meta": {STATE_ID: {"schema": SCHEMA_VERSION}}}).encode("utf-8"))


def set_aside(path: Path, label: str) -> Path:
    """Copy the file's bytes beside it (0600) under a timestamped name that is not taken yet."""
    target = path.with_name(f"{path.name}.{label}-{time.strftime('%Y%m%d-%H%M%S')}")
    while target.exists():
        target = target.with_name(f"{target.name}-{uuid.uuid4().hex[:4]}")
    write_atomic(target, path.read_bytes())
    return target


def prepare_file(path: Path) -> str | None:
    """Make ``path`` a current, readable progress file; returns a notice for the person, if any.

    Raises UnusableFile for a file it must not touch, OSError when it cannot write. The caller holds
    the file's lock.
    """
    remove_stale_temps(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        write_fresh(path)
        return None
    except PermissionError:
        raise UnusableFile(f"cannot read {path}: permission denied") from None
    except IsADirectoryError:
        raise UnusableFile(f"{path} is a folder, not a progress file") from None
    try:
        data = json.loads(raw.decode("utf-8"))
        schema = schema_of(data)
        if schema == SCHEMA_VERSION:
            check_fields(data)
    except (UnicodeDecodeError, ValueError):
        return _start_fresh(path)
    if schema > SCHEMA_VERSION:
        raise UnusableFile(
            f"{path} was saved by a newer secondop (format {schema}); it was left untouched. Please update secondop."
        )
    if schema < SCHEMA_VERSION:
        set_aside(path, f"schema{schema}")
        try:
            data = migrate(data, schema)
        except ValueError:
            return _start_fresh(path)  # an old file in a shape no secondop ever wrote: its copy is kept
        write_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    elif os.stat(path).st_mode & 0o077:
        os.chmod(path, FILE_MODE)
    return None


def _start_fresh(path: Path) -> str:
    """Keep the unreadable file's bytes beside it and begin again with an empty one."""
    kept = set_aside(path, "corrupt")
    write_fresh(path)
    return f"Your saved progress could not be read, so you start fresh. A copy is kept at {kept}"
